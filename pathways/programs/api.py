"""JSON API of the programs app (mounted under /api/v1/ by config/api.py).

- `GET /programs`: the programs the caller may see (members: their consortium's active programs;
  staff also planned and retired ones), filtered and paginated.
- `GET /programs/public?consortium=SLUG`: a public consortium's active programs, for anybody.
  Only catalog facts; never teachers, licences or advisory committee members.
- `GET /programs/finder?school=<uuid>`: the programs a student at that school can reach.
- `GET /programs/{id}`: one program with its sequence, dual credit, credentials and occupations.

Endpoints call selectors only; the functions here turn their results into schemas.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.accounts.auth import API_AUTH
from pathways.core.errors import NotFound
from pathways.labor.api import AreaRef, ErrorOut, WagesOut, wages_out
from pathways.orgs.models import Consortium, School

from . import selectors
from .models import ProgramCourse, ProgramOfStudy

router = Router(tags=["programs"])

DeliveryName = Literal["on_site", "virtual", "shared", "college"]
StatusName = Literal["active", "planned", "retired"]
ReachName = Literal["here", "other_school", "virtual", "college"]


# --- schemas ---------------------------------------------------------------------------------


class ProgramOrgRef(Schema):
    id: UUID
    name: str


class OfferedByOut(Schema):
    kind: Literal["school", "district"]
    id: UUID
    name: str


class ProgramClusterRef(Schema):
    slug: str
    name: str


class CipRef(Schema):
    code: str
    title: str


class DeliveryOut(Schema):
    mode: DeliveryName
    label: str
    host_school: ProgramOrgRef | None = Field(
        description="The member school where classes meet, when not the offering school."
    )
    college: ProgramOrgRef | None = Field(
        description="The college or technical center, for delivery `college`."
    )


class ProgramOut(Schema):
    id: UUID
    name: str
    consortium: str = Field(description="The consortium's slug.")
    offered_by: OfferedByOut
    cluster: ProgramClusterRef = Field(description="A Career Cluster of the 2024 framework.")
    subcluster: ProgramClusterRef | None
    cip: CipRef = Field(description="Six-digit CIP 2020 code.")
    delivery: DeliveryOut
    status: StatusName
    nontraditional_for: Literal["none", "female", "male"] = Field(
        description="Perkins V: the sex for which the program's field is non-traditional."
    )
    eligible_schools: list[ProgramOrgRef] = Field(description="Member schools whose students may enrol.")


class ProgramListOut(Schema):
    count: int
    items: list[ProgramOut]


class CourseOut(Schema):
    code: str
    title: str
    description: str
    credits: float
    grade_low: int | None
    grade_high: int | None
    is_cte: bool


class DualCreditOut(Schema):
    college: ProgramOrgRef
    course_code: str
    course_title: str
    credits: float
    articulation_note: str
    tuition_per_credit: float | None = Field(
        description="The college's tuition per credit, in dollars, if known."
    )


class SequenceItemOut(Schema):
    level: Literal["introductory", "concentrator", "capstone"]
    order: int
    recommended_grade: int | None
    course: CourseOut
    dual_credit: list[DualCreditOut]


class CredentialOut(Schema):
    name: str
    issuer: str
    url: str
    ctid: str = Field(description="Credential Engine CTID, or empty.")
    level: str = Field(description="Where in the sequence students usually earn it.")


class ProgramOccupationOut(Schema):
    code: str = Field(description="O*NET-SOC code.")
    soc_code: str
    title: str
    wages: WagesOut


class ProgramDetailOut(ProgramOut):
    description: str
    sequence: list[SequenceItemOut]
    credentials: list[CredentialOut]
    wage_area: AreaRef = Field(
        description="Where the occupations' wages are read: the program's school's area."
    )
    occupations: list[ProgramOccupationOut] = Field(
        description="Through the NCES CIP 2020 to SOC 2018 crosswalk."
    )


class ReachOut(Schema):
    reach: ReachName = Field(
        description="`here` (at the student's school), `other_school`, `virtual` or `college`."
    )
    reach_label: str
    distance_miles: float | None = Field(
        description=(
            "Straight-line miles between ZIP code centroids; 0 at the student's school; "
            "null online or when unknown."
        )
    )
    place: str = Field(description="Where classes meet (for online programs: who teaches them).")
    program: ProgramOut


class FinderOut(Schema):
    school: ProgramOrgRef
    count: int
    items: list[ReachOut]


# --- converters ------------------------------------------------------------------------------


def _ref(row: object) -> ProgramOrgRef:
    return ProgramOrgRef(id=row.public_id, name=row.name)  # type: ignore[attr-defined]


def program_out(program: ProgramOfStudy) -> ProgramOut:
    offerer = program.offered_by
    assert offerer is not None
    return ProgramOut(
        id=program.public_id,
        name=program.name,
        consortium=program.consortium.slug,
        offered_by=OfferedByOut(
            kind="school" if isinstance(offerer, School) else "district",
            id=offerer.public_id,
            name=offerer.name,
        ),
        cluster=ProgramClusterRef(slug=program.cluster.slug, name=program.cluster.name),
        subcluster=ProgramClusterRef(slug=program.subcluster.slug, name=program.subcluster.name)
        if program.subcluster
        else None,
        cip=CipRef(code=program.cip.code, title=program.cip.title),
        delivery=DeliveryOut(
            mode=program.delivery_mode,  # type: ignore[arg-type]
            label=program.get_delivery_mode_display(),
            host_school=_ref(program.host_school) if program.host_school else None,
            college=_ref(program.host_partner) if program.host_partner else None,
        ),
        status=program.status,  # type: ignore[arg-type]
        nontraditional_for=program.nontraditional_for,  # type: ignore[arg-type]
        eligible_schools=[_ref(s) for s in program.eligible_schools.all()],
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _sequence_out(pc: ProgramCourse) -> SequenceItemOut:
    course = pc.course
    return SequenceItemOut(
        level=pc.level,  # type: ignore[arg-type]
        order=pc.order,
        recommended_grade=pc.recommended_grade,
        course=CourseOut(
            code=course.code,
            title=course.title,
            description=course.description,
            credits=float(course.credits),
            grade_low=course.grade_low,
            grade_high=course.grade_high,
            is_cte=course.is_cte,
        ),
        dual_credit=[
            DualCreditOut(
                college=_ref(dc.college),
                course_code=dc.college_course_code,
                course_title=dc.college_course_title,
                credits=float(dc.college_credits),
                articulation_note=dc.articulation_note,
                tuition_per_credit=_float(
                    getattr(getattr(dc.college, "college_terms", None), "tuition_per_credit", None)
                ),
            )
            for dc in pc.dual_credits.all()
        ],
    )


# --- endpoints -------------------------------------------------------------------------------


class ProgramListIn(Schema):
    consortium: str = Field("", max_length=80, description="A consortium's slug.")
    school: UUID | None = Field(None, description="Programs that this school offers, hosts or is open to.")
    cluster: str = Field(
        "", max_length=80, description="Slug of a 2024 Career Cluster, e.g. `digital-technology`."
    )
    cip: str = Field(
        "", max_length=7, description="A CIP code: six digits (`48.0508`) or a series (`48`, `48.05`)."
    )
    delivery: DeliveryName | None = None
    status: StatusName | None = Field(None, description="Staff only see planned and retired programs.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


@router.get(
    "/programs",
    auth=API_AUTH,
    response={200: ProgramListOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="List programs of study",
    description=(
        "Programs the caller may see: every member of a consortium sees its active programs; its staff "
        "also see planned and retired ones. Sorted by name."
    ),
)
def programs_list(request: HttpRequest, params: Query[ProgramListIn]) -> ProgramListOut:
    school = None
    if params.school is not None:
        try:
            school = selectors.access_finder_school(request.user, params.school)
        except NotFound as exc:
            raise NotFound(exc.message, field="school") from exc
    programs = selectors.programs_list(
        request.user,
        consortium=params.consortium,
        school=school,
        cluster=params.cluster,
        cip=params.cip,
        delivery=params.delivery or "",
        status=params.status or "",
    )
    count = programs.count()
    page = programs[params.offset : params.offset + params.limit]
    return ProgramListOut(count=count, items=[program_out(p) for p in page])


class PublicListIn(Schema):
    consortium: str = Field(..., max_length=80, description="The consortium's slug.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


@router.get(
    "/programs/public",
    response={200: ProgramListOut, 404: ErrorOut, 422: ErrorOut},
    summary="A public consortium's program catalog (no sign-in)",
    description=(
        "The active programs of a consortium whose public page is on. Catalog facts only: no teachers, "
        "licences or advisory committee members. A consortium that is unknown or not public: 404."
    ),
)
def programs_public(request: HttpRequest, params: Query[PublicListIn]) -> ProgramListOut:
    consortium = Consortium.objects.filter(slug=params.consortium, is_public=True).first()
    if consortium is None:
        raise NotFound(
            _("No public consortium is called %(slug)s.") % {"slug": params.consortium}, field="consortium"
        )
    programs = selectors.programs_public(consortium)
    count = programs.count()
    page = programs[params.offset : params.offset + params.limit]
    return ProgramListOut(count=count, items=[program_out(p) for p in page])


class FinderIn(Schema):
    school: str = Field(..., max_length=40, description="The student's school (its id, a UUID).")
    cluster: str = Field("", max_length=80, description="Slug of a 2024 Career Cluster.")
    delivery: DeliveryName | None = None
    sort: Literal["distance", "name"] = Field(
        "distance",
        description="`distance`: the student's school, then online, then by miles; `name`: A to Z.",
    )


@router.get(
    "/programs/finder",
    auth=API_AUTH,
    response={200: FinderOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Programs a student at a school can reach",
    description=(
        "Active programs of the school's consortium that are open to its students: at the school, at "
        "another member school (with the distance), online, or at a college or technical center. Any "
        "member of the consortium may ask for any of its schools."
    ),
)
def programs_finder(request: HttpRequest, params: Query[FinderIn]) -> FinderOut:
    try:
        school = selectors.access_finder_school(request.user, params.school)
    except NotFound as exc:
        raise NotFound(exc.message, field="school") from exc
    rows = selectors.programs_reachable_from(
        school, cluster=params.cluster, delivery=params.delivery or "", sort=params.sort
    )
    items = []
    for row in rows:
        out = program_out(row.program)
        items.append(
            ReachOut(
                reach=row.how,  # type: ignore[arg-type]
                reach_label=row.how_label,
                distance_miles=None if row.distance_miles is None else round(row.distance_miles, 1),
                place=row.place,
                program=out,
            )
        )
    return FinderOut(school=_ref(school), count=len(items), items=items)


# Declared last: `{public_id}` would also match "finder" and "public".
@router.get(
    "/programs/{public_id}",
    auth=API_AUTH,
    response={200: ProgramDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One program of study",
    description=(
        "A program with its course sequence (with dual credit), credentials, and the occupations it "
        "prepares for (CIP-SOC crosswalk) with wages in its school's area. Missing and not visible: 404."
    ),
)
def program_detail(request: HttpRequest, public_id: str) -> ProgramDetailOut:
    program = selectors.access_program(request.user, public_id)  # malformed ids: the same 404
    detail = selectors.program_detail(program, staff_details=False)
    area = selectors.program_wage_area(program)
    careers = selectors.program_careers(program, area)
    base = program_out(program)
    return ProgramDetailOut(
        **base.dict(),
        description=program.description,
        sequence=[_sequence_out(pc) for pc in detail.sequence],
        credentials=[
            CredentialOut(
                name=pc.credential.name,
                issuer=pc.credential.issuer,
                url=pc.credential.url,
                ctid=pc.credential.ctid,
                level=pc.level,
            )
            for pc in detail.credentials
        ],
        wage_area=AreaRef(code=area.code, name=area.name),
        occupations=[
            ProgramOccupationOut(
                code=row.occupation.code,
                soc_code=row.occupation.soc_code,
                title=row.occupation.title,
                wages=wages_out(area, row.wage),
            )
            for row in careers.rows
        ],
    )
