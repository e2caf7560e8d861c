"""API: plans — the signed-in student's favourites and plan, a student's plan for staff and
guardians who may see it, and the public career comparison.

Endpoints call `selectors_plans` and `services.plans` only; the functions here turn their results
into the response schemas. A student the user may not see is a 404, like a missing one.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.accounts.auth import API_AUTH
from pathways.accounts.models import User
from pathways.catalog.templatetags.careers import education_level
from pathways.core.errors import InvalidInput, NotFound
from pathways.labor import selectors as labor_selectors
from pathways.labor.api import AREA_DESCRIPTION, AreaOut, ErrorOut, WagesOut, area_out, wages_out
from pathways.labor.models import WageArea
from pathways.labor.templatetags.wages import wage_label

from . import selectors_plans as sel
from .models import Favourite
from .services import plans as services

router = Router(tags=["plans"])


# --- schemas ---------------------------------------------------------------------------------


class PlanOccupationRef(Schema):
    code: str = Field(examples=["29-1141.00"])
    title: str


class ProgramRef(Schema):
    public_id: UUID
    name: str


class FavouriteOut(Schema):
    kind: Literal["occupation", "program"]
    occupation: PlanOccupationRef | None
    program: ProgramRef | None
    created_at: datetime


class FavouriteListOut(Schema):
    count: int
    items: list[FavouriteOut]


class FavouriteIn(Schema):
    occupation: str | None = Field(
        None, description="An O*NET-SOC code like `29-1141.00`.", examples=["29-1141.00"]
    )
    program: UUID | None = Field(
        None, description="The public id of a program of study of the student's consortium."
    )


class FavouriteDeleteIn(Schema):
    occupation: str | None = Field(None, description="An O*NET-SOC code like `29-1141.00`.")
    program: UUID | None = Field(None, description="The public id of a program of study.")


class CareerOut(Schema):
    code: str
    title: str
    job_zone: int | None
    wage: WagesOut = Field(description="BLS OEWS wages in the student's area.")
    openings_annual: int | None = Field(
        description="Job openings a year, national (BLS Employment Projections 2024-34)."
    )
    family_sustaining: bool | None


class PlanDualCreditOut(Schema):
    college: str
    college_course: str
    credits: Decimal
    tuition_per_credit: Decimal | None = Field(
        description="The college's tuition per credit on record; null if unknown."
    )
    tuition_saved: Decimal | None = Field(
        description="credits * tuition_per_credit; null when the tuition is unknown."
    )


class PlanCourseOut(Schema):
    public_id: UUID
    title: str
    code: str
    level: str = Field(
        description="`introductory`, `concentrator`, `capstone`, or empty for a course outside the program."
    )
    in_program: bool
    dual_credit: list[PlanDualCreditOut]


class GradeOut(Schema):
    grade: int
    courses: list[PlanCourseOut]


class DualCreditSummaryOut(Schema):
    college_credits: Decimal
    tuition_saved: Decimal = Field(
        description="the sum of credits * tuition per credit over courses whose tuition is known."
    )
    tuition_unknown: bool = Field(
        description="True when some college's tuition is not on record (not counted)."
    )
    courses: list[PlanDualCreditOut]


class PlanCredentialOut(Schema):
    public_id: UUID
    name: str
    issuer: str
    level: str
    chosen: bool


class ActivityOut(Schema):
    public_id: UUID
    kind: str
    kind_label: str
    description: str
    grade: int | None


class StepCostOut(Schema):
    years: Decimal
    annual_cost: int = Field(description="Typical tuition and fees a year, in dollars.")
    total_cost: int
    earns_while_learning: bool
    source: str


class NextStepOut(Schema):
    step: str | None = Field(
        description="certificate, two_year, apprenticeship, four_year, military, work; null if not chosen."
    )
    label: str | None
    cost: StepCostOut | None
    postsecondary_program: PlanOccupationRef | None = Field(
        description="A CIP 2020 program: `code` is the CIP code."
    )
    note: str
    goals: str


class ReviewOut(Schema):
    reviewed_by: str | None
    reviewed_at: datetime | None
    note: str


class AcknowledgementOut(Schema):
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    version: int | None
    current: bool = Field(description="True when the acknowledged version is the current one.")


class StudentRef(Schema):
    public_id: UUID
    name: str
    grade: int | None
    school: str | None
    middle_school_mode: bool


class StudentPlanOut(Schema):
    student: StudentRef
    started: bool = Field(
        description="False when the student has not started a plan (everything else empty)."
    )
    status: str | None = Field(
        description="draft, submitted, changes_requested, approved; null if not started."
    )
    version: int | None
    area: AreaOut
    wage_label: str = Field(examples=["BLS OEWS, May 2025, Albuquerque, NM"])
    careers: list[CareerOut]
    program: ProgramRef | None
    grades: list[GradeOut]
    dual_credit: DualCreditSummaryOut
    credentials: list[PlanCredentialOut]
    activities: list[ActivityOut]
    next_step: NextStepOut
    review: ReviewOut | None
    acknowledgement: AcknowledgementOut | None


class CompareIn(Schema):
    codes: str = Field(
        description="Two or three O*NET-SOC codes, comma-separated.", examples=["29-1141.00,51-4121.00"]
    )
    area: str = Field("", description=AREA_DESCRIPTION)


class InterestRef(Schema):
    code: str
    name: str
    score: float = Field(description="O*NET occupational interest rating, 1-7.")


class CompareColumnOut(Schema):
    code: str
    title: str
    wage: WagesOut
    openings_annual: int | None
    change_pct: float | None = Field(
        description="Projected change in employment 2024-34, percent (national)."
    )
    typical_education: str
    job_zone: int | None
    top_interests: list[InterestRef]
    top_skills: list[str]
    family_sustaining: bool | None


class CompareOut(Schema):
    area: AreaOut
    wage_label: str
    items: list[CompareColumnOut]


# --- helpers ---------------------------------------------------------------------------------


def _me(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated or not sel.is_student(user):
        raise NotFound(_("Not found."))
    return user


def _favourite_out(f: Favourite) -> FavouriteOut:
    return FavouriteOut(
        kind=f.kind,  # type: ignore[arg-type]
        occupation=PlanOccupationRef(code=f.occupation.code, title=f.occupation.title)
        if f.occupation
        else None,
        program=ProgramRef(public_id=f.program.public_id, name=f.program.name) if f.program else None,
        created_at=f.created_at,
    )


def _targets(info: sel.StudentInfo, occupation: str | None, program: UUID | None) -> dict[str, object]:
    if bool(occupation) == bool(program):
        raise InvalidInput(_("Give either occupation or program."), field="occupation")
    if occupation:
        return {"occupation": sel.occupation_by_code(occupation)}
    return {"program": sel.program_for_student(info, str(program))}


def _dual(d: sel.DualCreditRow) -> PlanDualCreditOut:
    return PlanDualCreditOut(
        college=d.dual_credit.college.name,
        college_course=f"{d.dual_credit.college_course_code} {d.dual_credit.college_course_title}",
        credits=d.credits,
        tuition_per_credit=d.tuition_per_credit,
        tuition_saved=d.saved,
    )


def _plan_out(student: User) -> StudentPlanOut:
    info = sel.student_info(student)
    plan = sel.plan_of(student)
    view = sel.plan_view(info, plan)
    area: WageArea = info.area
    program = plan.program if plan is not None else None
    step = view.step
    return StudentPlanOut(
        student=StudentRef(
            public_id=student.public_id,
            name=student.display_name,
            grade=info.grade,
            school=info.school.name if info.school else None,
            middle_school_mode=info.middle_school,
        ),
        started=plan is not None,
        status=plan.status if plan else None,
        version=plan.version if plan else None,
        area=area_out(area),
        wage_label=wage_label(area),
        careers=[
            CareerOut(
                code=c.occupation.code,
                title=c.occupation.title,
                job_zone=c.occupation.job_zone_id,
                wage=wages_out(area, c.wage),
                openings_annual=c.openings,
                family_sustaining=c.family_sustaining,
            )
            for c in view.careers
        ],
        program=ProgramRef(public_id=program.public_id, name=program.name) if program else None,
        grades=[
            GradeOut(
                grade=g.grade,
                courses=[
                    PlanCourseOut(
                        public_id=row.plan_course.public_id,
                        title=row.title,
                        code=row.code,
                        level=row.plan_course.program_course.level
                        if row.plan_course.program_course_id and row.plan_course.program_course
                        else "",
                        in_program=row.in_program,
                        dual_credit=[_dual(d) for d in row.dual_credits],
                    )
                    for row in g.courses
                ],
            )
            for g in view.grades
        ],
        dual_credit=DualCreditSummaryOut(
            college_credits=view.college_credits,
            tuition_saved=view.tuition_saved,
            tuition_unknown=view.tuition_unknown,
            courses=[_dual(d) for d in view.dual_credits],
        ),
        credentials=[
            PlanCredentialOut(
                public_id=r.program_credential.credential.public_id,
                name=r.program_credential.credential.name,
                issuer=r.program_credential.credential.issuer,
                level=r.program_credential.level,
                chosen=r.chosen,
            )
            for r in view.credentials
        ],
        activities=[
            ActivityOut(
                public_id=a.public_id,
                kind=a.kind,
                kind_label=sel.ActivityKind.label(a.kind),
                description=a.description,
                grade=a.grade,
            )
            for a in view.activities
        ],
        next_step=NextStepOut(
            step=plan.postsecondary_step or None if plan else None,
            label=step.label if step else None,
            cost=StepCostOut(
                years=step.cost.years,
                annual_cost=step.cost.annual_cost,
                total_cost=step.total_cost or 0,
                earns_while_learning=step.cost.earns_while_learning,
                source=step.cost.source,
            )
            if step and step.cost
            else None,
            postsecondary_program=PlanOccupationRef(
                code=plan.postsecondary_program.code, title=plan.postsecondary_program.title
            )
            if plan and plan.postsecondary_program
            else None,
            note=plan.postsecondary_note if plan else "",
            goals=plan.goals if plan else "",
        ),
        review=ReviewOut(
            reviewed_by=plan.reviewed_by.display_name if plan.reviewed_by else None,
            reviewed_at=plan.reviewed_at,
            note=plan.review_note,
        )
        if plan and plan.reviewed_at
        else None,
        acknowledgement=AcknowledgementOut(
            acknowledged_by=plan.acknowledged_by.display_name if plan.acknowledged_by else None,
            acknowledged_at=plan.acknowledged_at,
            version=plan.acknowledged_version,
            current=plan.acknowledged_version == plan.version,
        )
        if plan and plan.acknowledged_at
        else None,
    )


# --- favourites ------------------------------------------------------------------------------


@router.get(
    "/me/favourites",
    auth=API_AUTH,
    response={200: FavouriteListOut, 404: ErrorOut},
    summary="My favourites",
    description=(
        "The signed-in student's saved careers and programs of study, newest first. 404 for non-students."
    ),
)
def favourites_list(request: HttpRequest) -> FavouriteListOut:
    me = _me(request)
    items = [_favourite_out(f) for f in sel.favourites_of(me)]
    return FavouriteListOut(count=len(items), items=items)


@router.post(
    "/me/favourites",
    auth=API_AUTH,
    response={200: FavouriteOut, 201: FavouriteOut, 404: ErrorOut, 422: ErrorOut},
    summary="Save a favourite",
    description=(
        "Save a career (`occupation`) or a program of study (`program`) to the signed-in student's "
        "favourites: 201 when saved, 200 when it was already saved."
    ),
)
def favourites_add(request: HttpRequest, payload: FavouriteIn) -> tuple[int, FavouriteOut]:
    me = _me(request)
    info = sel.student_info(me)
    targets = _targets(info, payload.occupation, payload.program)
    before = Favourite.objects.filter(student=me).count()
    favourite = services.favourite_add(acting_user=me, student=me, **targets)  # type: ignore[arg-type]
    status = 201 if Favourite.objects.filter(student=me).count() > before else 200
    favourite = next(f for f in sel.favourites_of(me) if f.pk == favourite.pk)
    return status, _favourite_out(favourite)


@router.delete(
    "/me/favourites",
    auth=API_AUTH,
    response={204: None, 404: ErrorOut, 422: ErrorOut},
    summary="Remove a favourite",
    description=(
        "Remove a career (`?occupation=`) or a program (`?program=`) from the favourites; "
        "404 if it was not saved."
    ),
)
def favourites_remove(request: HttpRequest, params: Query[FavouriteDeleteIn]) -> tuple[int, None]:
    me = _me(request)
    info = sel.student_info(me)
    targets = _targets(info, params.occupation, params.program)
    if not services.favourite_remove(acting_user=me, student=me, **targets):  # type: ignore[arg-type]
        raise NotFound(_("This is not one of your favourites."))
    return 204, None


# --- plans -----------------------------------------------------------------------------------


@router.get(
    "/me/plan",
    auth=API_AUTH,
    response={200: StudentPlanOut, 404: ErrorOut},
    summary="My plan",
    description=(
        "The signed-in student's career and academic plan: careers with wages in the student's area, "
        "program, courses by grade, dual credit and tuition saved, credentials, activities, and the "
        "step after high school with its cost. `started` is false before the first change."
    ),
)
def my_plan(request: HttpRequest) -> StudentPlanOut:
    return _plan_out(_me(request))


@router.get(
    "/students/{public_id}/plan",
    auth=API_AUTH,
    response={200: StudentPlanOut, 404: ErrorOut},
    summary="A student's plan",
    description=(
        "The plan of a student the user may see (a linked guardian, staff of the student's school, "
        "district or consortium); 404 otherwise. The read is recorded in the audit log."
    ),
)
def student_plan(request: HttpRequest, public_id: str) -> StudentPlanOut:
    student = sel.access_plan_student(request.user, public_id)
    return _plan_out(student)


# --- compare ---------------------------------------------------------------------------------


@router.get(
    "/compare",
    response={200: CompareOut, 404: ErrorOut, 422: ErrorOut},
    summary="Compare careers",
    description=(
        "Two or three occupations side by side: median wage in `area`, openings and outlook (national), "
        "typical education, job zone, top interests and skills. Public."
    ),
)
def compare(request: HttpRequest, params: Query[CompareIn]) -> HttpResponse | CompareOut:
    resolved = labor_selectors.area_resolve(params.area)
    result = sel.compare(sel.parse_codes(params.codes), resolved.area)
    return CompareOut(
        area=area_out(resolved.area, resolved.zip_code),
        wage_label=wage_label(resolved.area),
        items=[
            CompareColumnOut(
                code=col.occupation.code,
                title=col.occupation.title,
                wage=wages_out(result.area, col.facts.wage),
                openings_annual=col.facts.openings,
                change_pct=float(col.facts.projection.change_pct)
                if col.facts.projection and col.facts.projection.change_pct is not None
                else None,
                typical_education=education_level(col.occupation),
                job_zone=col.occupation.job_zone_id,
                top_interests=[
                    InterestRef(code=i["code"], name=i["name"], score=i["score"]) for i in col.interests
                ],
                top_skills=col.skills,
                family_sustaining=col.facts.family_sustaining,
            )
            for col in result.columns
        ],
    )
