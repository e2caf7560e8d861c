"""Reads of programs of study: who sees and edits which, careers a program leads to, the finder.

Visibility (STYLE rule 12, built on `accounts.policies.scope_of` like every other app):

- any member of a consortium (staff, students, guardians, partner contacts) sees its *active*
  programs; staff of the consortium (leaders, district admins, counselors, teachers) also see
  planned and retired ones, and the teachers and advisory committee of every program;
- consortium leaders edit every program of their consortium; a district administrator edits
  the programs of their district and of its schools; everyone else reads;
- anybody else sees nothing, and `access_program` answers missing and forbidden with the same 404.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts import policies
from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.policies import Actor
from pathways.accounts.roles import Role
from pathways.catalog.models import CareerCluster, CipProgram, CipSoc, Framework, Occupation
from pathways.core.errors import InvalidInput, NotFound
from pathways.labor.models import NATIONAL_CODE, County, Wage, WageArea
from pathways.labor.selectors import Threshold, family_sustaining_threshold, wages_by_soc
from pathways.orgs.models import Consortium, District, Partner, PartnerKind, School

from .models import (
    LEVEL_RANK,
    AdvisoryCommitteeMember,
    DeliveryMode,
    DualCreditCourse,
    ProgramCourse,
    ProgramCredential,
    ProgramOfStudy,
    ProgramStatus,
    TeacherAssignment,
    TeacherLicense,
)

NOTHING = Q(pk__in=[])
PROGRAM_RELATED = (
    "consortium",
    "school",
    "district",
    "cluster",
    "subcluster",
    "cip",
    "host_school",
    "host_partner",
)


# --- visibility and permissions --------------------------------------------------------------


def programs_visible_to(user: Actor) -> Q:
    s = policies.scope_of(user)
    if not s.member_of:
        return NOTHING
    return Q(consortium_id__in=s.member_of, status=ProgramStatus.ACTIVE) | Q(consortium_id__in=s.staff_of)


def programs_editable_by(user: Actor) -> Q:
    s = policies.scope_of(user)
    if not (s.leader_of or s.district_admin_of):
        return NOTHING
    return (
        Q(consortium_id__in=s.leader_of)
        | Q(district_id__in=s.district_admin_of)
        | Q(school__district_id__in=s.district_admin_of)
    )


def programs_base() -> QuerySet[ProgramOfStudy]:
    return ProgramOfStudy.objects.select_related(*PROGRAM_RELATED)


def access_program(user: Actor, public_id: UUID | str) -> ProgramOfStudy:
    return policies.access(programs_base(), public_id, programs_visible_to(user))


def access_program_for_edit(user: Actor, public_id: UUID | str) -> ProgramOfStudy:
    return policies.access(programs_base(), public_id, programs_editable_by(user))


def may_edit_program(user: Actor, program: ProgramOfStudy) -> bool:
    s = policies.scope_of(user)
    if program.consortium_id in s.leader_of:
        return True
    district_id = (
        program.district_id if program.district_id else (program.school and program.school.district_id)
    )
    return district_id in s.district_admin_of


def may_see_staff_details(user: Actor, program: ProgramOfStudy) -> bool:
    """Teachers (with their licences) and advisory committee members: staff of the consortium only."""
    return policies.is_staff_of(user, program.consortium_id)


def may_create_programs(user: Actor) -> bool:
    s = policies.scope_of(user)
    return bool(s.leader_of or s.district_admin_of)


def may_manage_catalog(user: Actor, consortium_id: int) -> bool:
    """Courses and credentials of a consortium: its leaders and its district administrators."""
    s = policies.scope_of(user)
    if consortium_id in s.leader_of:
        return True
    return District.objects.filter(pk__in=s.district_admin_of, consortium_id=consortium_id).exists()


def offering_schools(user: Actor) -> QuerySet[School]:
    """Schools for which the user may create programs."""
    s = policies.scope_of(user)
    return School.objects.filter(
        Q(consortium_id__in=s.leader_of) | Q(district_id__in=s.district_admin_of)
    ).select_related("consortium", "district")


def offering_districts(user: Actor) -> QuerySet[District]:
    s = policies.scope_of(user)
    return District.objects.filter(
        Q(consortium_id__in=s.leader_of) | Q(pk__in=s.district_admin_of)
    ).select_related("consortium")


def member_schools(consortium_id: int) -> QuerySet[School]:
    return School.objects.filter(consortium_id=consortium_id).select_related("district").order_by("name")


def colleges(consortium_id: int) -> QuerySet[Partner]:
    return Partner.objects.filter(consortium_id=consortium_id, kind=PartnerKind.POSTSECONDARY).select_related(
        "college_terms"
    )


def consortium_teachers(consortium_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__consortium_id=consortium_id, memberships__role=Role.TEACHER)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- lists -----------------------------------------------------------------------------------


def cip_get(code: str, *, field: str = "cip") -> CipProgram:
    code = (code or "").strip()
    cip = CipProgram.objects.filter(code=code).first()
    if cip is None:
        raise InvalidInput(
            _("%(code)s is not a CIP 2020 code. Use six digits like 48.0508.") % {"code": code or "—"},
            field=field,
        )
    return cip


def cluster_by_slug(slug: str, *, field: str = "cluster") -> CareerCluster:
    cluster = CareerCluster.objects.filter(framework=Framework.MODERN, slug=slug).first()
    if cluster is None:
        raise InvalidInput(
            _("No Career Cluster of the 2024 framework is called %(slug)s.") % {"slug": slug}, field=field
        )
    return cluster


def programs_list(
    user: Actor,
    *,
    consortium: str = "",
    school: School | None = None,
    cluster: str = "",
    cip: str = "",
    delivery: str = "",
    status: str = "",
) -> QuerySet[ProgramOfStudy]:
    """Programs the user may see, filtered. `school`: programs it offers, hosts or is open to."""
    programs = programs_base().filter(programs_visible_to(user))
    if consortium:
        programs = programs.filter(consortium__slug=consortium)
    if school is not None:
        ids = ProgramOfStudy.objects.filter(
            Q(school=school) | Q(host_school=school) | Q(eligible_schools=school)
        ).values("pk")
        programs = programs.filter(pk__in=ids)
    if cluster:
        programs = programs.filter(cluster=cluster_by_slug(cluster))
    if cip:
        code = cip.strip()
        if len(code.replace(".", "")) >= 6:
            programs = programs.filter(cip_id=code)
        else:  # a two- or four-digit code selects its whole series ("48" or "48.05")
            programs = programs.filter(cip__code__startswith=code if "." in code else f"{code}.")
    if delivery:
        if delivery not in DeliveryMode.values:
            raise InvalidInput(
                _("delivery must be one of: %(values)s") % {"values": ", ".join(DeliveryMode.values)},
                field="delivery",
            )
        programs = programs.filter(delivery_mode=delivery)
    if status:
        if status not in ProgramStatus.values:
            raise InvalidInput(
                _("status must be one of: %(values)s") % {"values": ", ".join(ProgramStatus.values)},
                field="status",
            )
        programs = programs.filter(status=status)
    return programs.prefetch_related(
        Prefetch("eligible_schools", queryset=School.objects.order_by("name"))
    ).order_by("name", "pk")


def programs_public(consortium: Consortium) -> QuerySet[ProgramOfStudy]:
    """A public consortium's active programs (the caller checks `consortium.is_public`)."""
    return (
        programs_base()
        .filter(consortium=consortium, status=ProgramStatus.ACTIVE)
        .prefetch_related(Prefetch("eligible_schools", queryset=School.objects.order_by("name")))
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class TeacherRow:
    assignment: TeacherAssignment
    licenses: list[TeacherLicense]  # in the program's consortium, soonest expiry first


@dataclass
class ProgramDetail:
    program: ProgramOfStudy
    sequence: list[ProgramCourse]
    credentials: list[ProgramCredential]
    eligible_schools: list[School]
    teachers: list[TeacherRow]
    advisory: list[AdvisoryCommitteeMember]

    @property
    def dual_credits(self) -> list[tuple[ProgramCourse, DualCreditCourse]]:
        return [(pc, dc) for pc in self.sequence for dc in pc.dual_credits.all()]

    @property
    def levels(self) -> list[tuple[str, list[ProgramCourse]]]:
        grouped: dict[str, list[ProgramCourse]] = {}
        for pc in self.sequence:
            grouped.setdefault(pc.level, []).append(pc)
        return list(grouped.items())


def program_sequence(program: ProgramOfStudy) -> list[ProgramCourse]:
    rows = list(
        program.program_courses.select_related("course").prefetch_related(
            Prefetch(
                "dual_credits",
                queryset=DualCreditCourse.objects.select_related("college__college_terms").order_by(
                    "college_course_code"
                ),
            )
        )
    )
    return sorted(rows, key=lambda pc: (LEVEL_RANK.get(pc.level, 9), pc.order, pc.course.code))  # type: ignore[call-overload]


def program_detail(program: ProgramOfStudy, *, staff_details: bool) -> ProgramDetail:
    credentials = sorted(
        program.program_credentials.select_related("credential"),
        key=lambda pc: (LEVEL_RANK.get(pc.level, 9), pc.credential.name),  # type: ignore[call-overload]
    )
    teachers: list[TeacherRow] = []
    advisory: list[AdvisoryCommitteeMember] = []
    if staff_details:
        assignments = list(program.teacher_assignments.select_related("teacher"))
        licenses: dict[int, list[TeacherLicense]] = {}
        for licence in TeacherLicense.objects.filter(
            consortium_id=program.consortium_id, teacher_id__in=[t.teacher_id for t in assignments]
        ).order_by("expires_on", "area"):
            licenses.setdefault(licence.teacher_id, []).append(licence)
        teachers = [TeacherRow(a, licenses.get(a.teacher_id, [])) for a in assignments]
        advisory = list(program.advisory_members.select_related("organisation"))
    return ProgramDetail(
        program=program,
        sequence=program_sequence(program),
        credentials=credentials,
        eligible_schools=list(program.eligible_schools.order_by("name")),
        teachers=teachers,
        advisory=advisory,
    )


def consortium_advisory(consortium: Consortium) -> list[AdvisoryCommitteeMember]:
    return list(
        AdvisoryCommitteeMember.objects.filter(consortium=consortium, program__isnull=True).select_related(
            "organisation"
        )
    )


# --- careers ---------------------------------------------------------------------------------


def occupations_for_program(program: ProgramOfStudy) -> list[Occupation]:
    """The O*NET occupations the program prepares for: its CIP code through the NCES CIP-SOC crosswalk."""
    socs = CipSoc.objects.filter(cip_id=program.cip_id).values("soc_code")
    return list(Occupation.objects.filter(soc_code__in=socs).order_by("title"))


def programs_for_occupation(occupation_code: str, user_or_school: Actor | School) -> list[ProgramOfStudy]:
    """Programs whose CIP code leads to the occupation: those the user may see, or those a school reaches."""
    occupation = Occupation.objects.filter(code=occupation_code).first()
    if occupation is None:
        raise NotFound(_("No occupation has the code %(code)s.") % {"code": occupation_code}, field="code")
    cips = CipSoc.objects.filter(soc_code=occupation.soc_code).values("cip_id")
    programs = programs_base().filter(cip_id__in=cips)
    if isinstance(user_or_school, School):
        programs = programs.filter(
            consortium_id=user_or_school.consortium_id,
            status=ProgramStatus.ACTIVE,
            eligible_schools=user_or_school,
        )
    else:
        programs = programs.filter(programs_visible_to(user_or_school))
    return list(programs.distinct().order_by("name"))


@dataclass(frozen=True)
class CareerRow:
    occupation: Occupation
    wage: Wage | None
    family_sustaining: bool | None


@dataclass(frozen=True)
class Careers:
    area: WageArea
    rows: list[CareerRow]
    threshold: Threshold | None


def _county(school: School | None) -> County | None:
    if school is None:
        return None
    if school.county_id:
        return school.county
    if school.zip_code_id and school.zip_code is not None:
        return school.zip_code.county
    return None


def school_wage_area(school: School | None) -> WageArea | None:
    county = _county(school)
    return county.wage_area if county is not None else None


def program_wage_area(program: ProgramOfStudy, school: School | None = None) -> WageArea:
    """Where a program's wages are read: the given school's area, else where classes meet, else the
    offering school's or the first eligible school's, else the consortium's state, else the nation."""
    candidates: list[School | None] = [school, program.location_school, program.school]
    for candidate in candidates:
        area = school_wage_area(_with_geo(candidate))
        if area is not None:
            return area
    if program.host_partner_id and program.host_partner and program.host_partner.zip_code_id:
        zip_code = program.host_partner.zip_code
        if zip_code is not None:
            return zip_code.county.wage_area
    for eligible in program.eligible_schools.select_related(
        "county__wage_area", "zip_code__county__wage_area"
    ):
        area = school_wage_area(eligible)
        if area is not None:
            return area
    state_id = program.consortium.state_id if program.consortium_id else None
    for code in ([f"{state_id}00000"] if state_id else []) + [NATIONAL_CODE]:
        found = WageArea.objects.filter(code=code).first()
        if found is not None:
            return found
    return WageArea(code=NATIONAL_CODE, kind=WageArea.Kind.NATIONAL, name="National")


def _with_geo(school: School | None) -> School | None:
    """The school with its county and ZIP code loaded (one query), for wage areas and distances."""
    if school is None:
        return None
    return (
        School.objects.select_related("county__wage_area", "zip_code__county__wage_area")
        .filter(pk=school.pk)
        .first()
    )


def program_careers(program: ProgramOfStudy, area: WageArea) -> Careers:
    occupations = occupations_for_program(program)
    wages = wages_by_soc(area, sorted({o.soc_code for o in occupations}))
    threshold = family_sustaining_threshold(area)
    rows = []
    for occupation in occupations:
        wage = wages.get(occupation.soc_code)
        flag = None
        if threshold is not None and wage is not None and wage.annual_median is not None:
            flag = wage.annual_median >= threshold.annual_wage
        rows.append(CareerRow(occupation, wage, flag))
    return Careers(area=area, rows=rows, threshold=threshold)


# --- the finder ------------------------------------------------------------------------------


class Reach:
    """How a student at the chosen school gets to a program."""

    HERE = "here"
    OTHER_SCHOOL = "other_school"
    VIRTUAL = "virtual"
    COLLEGE = "college"

    LABELS = {
        HERE: gettext_lazy("At your school"),
        OTHER_SCHOOL: gettext_lazy("At another member school"),
        VIRTUAL: gettext_lazy("Online"),
        COLLEGE: gettext_lazy("At a college or technical center"),
    }
    ORDER = {HERE: 0, VIRTUAL: 1, OTHER_SCHOOL: 2, COLLEGE: 2}


FINDER_SORTS = ("distance", "name")
EARTH_RADIUS_MILES = 3958.8


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def school_point(school: School | None) -> tuple[float, float] | None:
    """A school's place: its ZIP code's centroid, else its county's."""
    if school is None:
        return None
    zip_code = school.zip_code if school.zip_code_id else None
    if zip_code is not None and zip_code.latitude is not None and zip_code.longitude is not None:
        return (zip_code.latitude, zip_code.longitude)
    county = school.county if school.county_id else None
    if county is not None and county.latitude is not None and county.longitude is not None:
        return (county.latitude, county.longitude)
    return None


def partner_point(partner: Partner | None) -> tuple[float, float] | None:
    zip_code = partner.zip_code if partner is not None and partner.zip_code_id else None
    if zip_code is not None and zip_code.latitude is not None and zip_code.longitude is not None:
        return (zip_code.latitude, zip_code.longitude)
    return None


@dataclass(frozen=True)
class ReachRow:
    program: ProgramOfStudy
    how: str
    distance_miles: float | None  # None: online, or no coordinates on record
    place: str  # where classes meet, in words

    @property
    def how_label(self) -> str:
        return str(Reach.LABELS[self.how])

    @property
    def distance_text(self) -> str:
        if self.how == Reach.VIRTUAL:
            return _("No travel (online)")
        if self.how == Reach.HERE:
            return _("No travel")
        if self.distance_miles is None:
            return _("Distance not known")
        return _("About %(miles)s miles") % {"miles": f"{self.distance_miles:,.0f}"}


def _geo_schools() -> QuerySet[School]:
    return School.objects.select_related("zip_code", "county")


def programs_reachable_from(
    school: School, *, cluster: str = "", delivery: str = "", sort: str = "distance"
) -> list[ReachRow]:
    """Active programs of the school's consortium whose students may enrol from `school`.

    The one rule is `eligible_schools` (an offering school is always eligible for its own
    programs, see services). Each row says how the student gets there: at their own school,
    at another member school (with the distance), online, or at a college or technical center.
    """
    if sort not in FINDER_SORTS:
        raise InvalidInput(
            _("sort must be one of: %(values)s") % {"values": ", ".join(FINDER_SORTS)}, field="sort"
        )
    programs = (
        ProgramOfStudy.objects.filter(
            consortium_id=school.consortium_id, status=ProgramStatus.ACTIVE, eligible_schools=school
        )
        .select_related(
            "consortium",
            "school__zip_code",
            "school__county",
            "district",
            "cluster",
            "subcluster",
            "cip",
            "host_school__zip_code",
            "host_school__county",
            "host_partner__zip_code",
        )
        .prefetch_related(Prefetch("eligible_schools", queryset=School.objects.order_by("name")))
    )
    if cluster:
        programs = programs.filter(cluster=cluster_by_slug(cluster))
    if delivery:
        if delivery not in DeliveryMode.values:
            raise InvalidInput(
                _("delivery must be one of: %(values)s") % {"values": ", ".join(DeliveryMode.values)},
                field="delivery",
            )
        programs = programs.filter(delivery_mode=delivery)
    origin_school = _geo_schools().filter(pk=school.pk).first()
    origin = school_point(origin_school)
    rows = [_reach(program, school, origin) for program in programs.distinct()]
    if sort == "name":
        return sorted(rows, key=lambda r: (r.program.name.lower(), str(r.program.public_id)))
    far = float("inf")
    return sorted(
        rows,
        key=lambda r: (
            Reach.ORDER[r.how],
            far if r.distance_miles is None else r.distance_miles,
            r.program.name.lower(),
        ),
    )


def _reach(program: ProgramOfStudy, school: School, origin: tuple[float, float] | None) -> ReachRow:
    if program.delivery_mode == DeliveryMode.VIRTUAL:
        offered = program.offered_by
        return ReachRow(program, Reach.VIRTUAL, None, str(offered) if offered else "")
    if program.delivery_mode == DeliveryMode.COLLEGE:
        partner = program.host_partner
        point = partner_point(partner)
        miles = haversine_miles(origin, point) if origin and point else None
        return ReachRow(program, Reach.COLLEGE, miles, partner.name if partner else "")
    location = program.location_school
    if location is None or location.pk == school.pk:
        return ReachRow(program, Reach.HERE, 0.0, school.name)
    point = school_point(location)
    miles = haversine_miles(origin, point) if origin and point else None
    return ReachRow(program, Reach.OTHER_SCHOOL, miles, location.name)


def finder_schools(user: Actor) -> QuerySet[School]:
    """Schools the finder may start from: any member school of the user's consortia.

    The finder shows only what every member of the consortium may already see (active programs
    and where they meet), so a counselor may look on behalf of a student of another member school.
    """
    s = policies.scope_of(user)
    return (
        School.objects.filter(consortium_id__in=s.member_of)
        .select_related("consortium")
        .order_by("consortium__name", "name")
    )


def access_finder_school(user: Actor, public_id: UUID | str) -> School:
    return policies.access(
        School.objects.select_related("consortium", "zip_code", "county"),
        public_id,
        Q(consortium_id__in=policies.scope_of(user).member_of),
    )


def default_finder_school(user: Actor) -> School | None:
    """The school a user most likely means: a student's own, a guardian's child's, a staff member's."""
    s = policies.scope_of(user)
    if s.user_id is None:
        return None
    ids: Iterable[int] = sorted(s.student_at) or sorted(s.school_staff_of)
    if not ids and s.is_guardian:
        students = GuardianLink.objects.filter(guardian_id=s.user_id).values("student_id")
        ids = list(
            Membership.objects.filter(user_id__in=students, role=Role.STUDENT, school__isnull=False)
            .order_by("school__name")
            .values_list("school_id", flat=True)
        )
    if not ids and s.district_admin_of:
        ids = list(
            School.objects.filter(district_id__in=s.district_admin_of)
            .order_by("name")
            .values_list("pk", flat=True)
        )
    first = next(iter(ids), None)
    return School.objects.select_related("consortium").filter(pk=first).first() if first else None


def finder_context(user: Actor) -> dict[str, Any]:
    return {"schools": list(finder_schools(user)), "default": default_finder_school(user)}
