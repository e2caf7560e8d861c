"""Reads of the plans part: favourites, the career comparison, the individual career and academic
plan (courses by grade, dual credit and tuition saved, credentials, the step after high school),
its history, and the portfolio.

Who may do what with a student's plan (the services check the same rules):

- the student: sees and edits their own favourites and plan, submits it, comments;
- a linked guardian: sees it, comments, acknowledges it (which version, recorded);
- a counselor of the student's school, or a leader of the consortium: sees it, comments, reviews
  it (approve, or request changes with a note);
- other staff who may see the student (`accounts.policies.students_visible_to`: teachers at the
  school, the district's administrators): see it and comment;
- anybody else, including staff of another consortium: the same 404 as for a missing student.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts import policies
from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.policies import Actor
from pathways.accounts.roles import Role
from pathways.catalog.models import (
    RIASEC,
    CareerCluster,
    CipProgram,
    Framework,
    Occupation,
    OccupationDescriptor,
)
from pathways.catalog.selectors import riasec_labels
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.labor.models import NATIONAL_CODE, Projection, Wage, WageArea
from pathways.labor.selectors import (
    Threshold,
    family_sustaining_threshold,
    projections_by_soc,
    wages_by_soc,
)
from pathways.orgs.models import School
from pathways.programs.models import (
    LEVEL_RANK,
    DualCreditCourse,
    ProgramCourse,
    ProgramCredential,
    ProgramOfStudy,
    ProgramStatus,
)
from pathways.programs.selectors import ReachRow, programs_reachable_from, school_wage_area

from .models import (
    AttemptStatus,
    Favourite,
    Plan,
    PlanActivity,
    PlanComment,
    PlanCourse,
    PlanStatus,
    PlanVersion,
    PostsecondaryStep,
    ProfilerAttempt,
    StepCost,
    StudentProfile,
)

MAX_CAREERS = 3
MIN_COMPARE, MAX_COMPARE = 2, 3
HIGH_SCHOOL_GRADES = (9, 10, 11, 12)
PLAN_GRADES = range(6, 13)
MIDDLE_SCHOOL_GRADES = range(6, 9)
OCCUPATION_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
CENTS = Decimal("0.01")


class ActivityKind:
    """Work-based learning and other experiences, in the order of the engagement ladder
    (speaker, tour, job shadow, internship, apprenticeship; see DOMAIN.md), then the rest."""

    CHOICES = (
        ("guest_speaker", gettext_lazy("Guest speaker")),
        ("industry_tour", gettext_lazy("Workplace or industry tour")),
        ("job_shadow", gettext_lazy("Job shadow")),
        ("informational_interview", gettext_lazy("Informational interview")),
        ("internship", gettext_lazy("Internship")),
        ("youth_apprenticeship", gettext_lazy("Youth or pre-apprenticeship")),
        ("registered_apprenticeship", gettext_lazy("Registered apprenticeship")),
        ("student_organization", gettext_lazy("Career and technical student organization")),
        ("service_learning", gettext_lazy("Volunteering or service learning")),
        ("job", gettext_lazy("Part-time or summer job")),
        ("other", gettext_lazy("Other experience")),
    )
    VALUES = frozenset(value for value, _label in CHOICES)

    @classmethod
    def label(cls, value: str) -> str:
        return str(dict(cls.CHOICES).get(value, value))


# --- the student -----------------------------------------------------------------------------


@dataclass
class StudentInfo:
    """Everything about a student that the plan pages need, read once."""

    student: User
    consortium_id: int | None
    school: School | None
    profile: StudentProfile | None
    grade: int | None
    middle_school: bool
    area: WageArea

    @property
    def plan_grades(self) -> list[int]:
        """The grades a course plan shows: high school (and grade 8 for an eighth grader)."""
        first = 8 if self.grade == 8 else 9  # a Next Step Plan starts in grade 8
        return list(range(first, 13))


GEO = ("county__wage_area__state", "zip_code__county__wage_area__state")


def student_membership(student: User) -> Membership | None:
    return (
        Membership.objects.filter(user=student, role=Role.STUDENT)
        .select_related("consortium__state", *(f"school__{g}" for g in GEO))
        .order_by("pk")
        .first()
    )


def _state_area(consortium_state_id: str | None) -> WageArea | None:
    if not consortium_state_id:
        return None
    return WageArea.objects.filter(code=f"{consortium_state_id}00000").first()


def student_info(student: User) -> StudentInfo:
    membership = student_membership(student)
    profile = (
        StudentProfile.objects.filter(student=student).select_related(*(f"school__{g}" for g in GEO)).first()
    )
    school = profile.school if profile is not None and profile.school_id else None
    if school is None and membership is not None:
        school = membership.school
    consortium_id = membership.consortium_id if membership is not None else None
    if consortium_id is None and profile is not None:
        consortium_id = profile.consortium_id
    area = None
    if profile is not None and profile.area_code:
        area = WageArea.objects.filter(code=profile.area_code).first()
    if area is None:
        area = school_wage_area(school)
    if area is None and membership is not None:
        area = _state_area(membership.consortium.state_id)
    if area is None:
        area = WageArea.objects.filter(code=NATIONAL_CODE).first() or WageArea(
            code=NATIONAL_CODE, kind=WageArea.Kind.NATIONAL, name="National"
        )
    grade = student.grade_level
    if profile is not None and profile.middle_school_mode is not None:
        middle = bool(profile.middle_school_mode)
    else:
        middle = grade in MIDDLE_SCHOOL_GRADES if grade is not None else False
    return StudentInfo(student, consortium_id, school, profile, grade, middle, area)


def is_student(user: Actor) -> bool:
    return bool(policies.scope_of(user).student_at) or (
        user.is_authenticated and Membership.objects.filter(user=user, role=Role.STUDENT).exists()
    )


def storage_allowed(info: StudentInfo) -> bool:
    """May Pathways store favourites and a plan for this student? The under-13 consent rule of the
    profiler part (`selectors_profiler.consent_state`, docs/students-profiler.md): a student who may
    be under 13 gets nothing stored until the school or a guardian has consented, when the
    consortium requires it (the default)."""
    from .selectors_profiler import consent_state

    return consent_state(info.student, info.profile, info.consortium_id).may_store


# --- who may do what -------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """How the signed-in user stands to one student's plan."""

    is_self: bool
    is_guardian: bool
    may_review: bool
    may_comment: bool

    @property
    def may_edit(self) -> bool:
        return self.is_self

    @property
    def may_acknowledge(self) -> bool:
        return self.is_guardian


def is_linked_guardian(user: Actor, student: User) -> bool:
    return policies.guardian_links_of(user).filter(student=student).exists()


def may_review(user: Actor, info: StudentInfo) -> bool:
    """A counselor of the student's school, or a leader of the student's consortium."""
    s = policies.scope_of(user)
    if info.consortium_id is not None and info.consortium_id in s.leader_of:
        return True
    return info.school is not None and info.school.pk in s.counselor_at


def viewer_of(user: Actor, info: StudentInfo) -> Viewer:
    """The user's relation to a student they may already see (`access_plan_student`)."""
    s = policies.scope_of(user)
    is_self = s.user_id == info.student.pk
    guardian = not is_self and s.is_guardian and is_linked_guardian(user, info.student)
    return Viewer(
        is_self=is_self,
        is_guardian=guardian,
        may_review=not is_self and may_review(user, info),
        # Everyone who may see the student's record may comment on the plan (students_visible_to).
        may_comment=True,
    )


def access_plan_student(user: Actor, public_id: UUID | str, *, audit: bool = True) -> User:
    """The student with this public id, if the user may see their record; else NotFound.

    A read of another person's record by staff or a guardian is audited (`student.view`).
    """
    student = policies.access(
        User.objects.filter(memberships__role=Role.STUDENT), public_id, policies.students_visible_to(user)
    )
    if audit and policies.scope_of(user).user_id != student.pk:
        audit_record(
            acting_user=user,
            action="student.view",
            object_type="User",
            object_id=str(student.public_id),
            details={"what": "plan"},
        )
    return student


# --- favourites ------------------------------------------------------------------------------


def favourites_of(student: User) -> list[Favourite]:
    return list(
        Favourite.objects.filter(student=student)
        .select_related("occupation__job_zone", "program__cluster", "program__school", "program__district")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class FavouriteSets:
    occupations: frozenset[str]
    programs: frozenset[str]  # public ids as strings


def favourite_sets(student: User) -> FavouriteSets:
    rows = list(Favourite.objects.filter(student=student).values_list("occupation_id", "program__public_id"))
    return FavouriteSets(
        occupations=frozenset(code for code, _p in rows if code),
        programs=frozenset(str(p) for _c, p in rows if p),
    )


def occupation_by_code(code: str, *, field: str = "occupation") -> Occupation:
    code = (code or "").strip()
    if not OCCUPATION_CODE_RE.match(code):
        raise InvalidInput(
            _("%(code)s is not an O*NET-SOC code. Codes look like 29-1141.00.") % {"code": code or "—"},
            field=field,
        )
    occupation = Occupation.objects.select_related("job_zone").filter(code=code).first()
    if occupation is None:
        raise NotFound(_("No occupation has the code %(code)s.") % {"code": code}, field=field)
    return occupation


def program_for_student(
    info: StudentInfo, public_id: UUID | str, *, field: str = "program"
) -> ProgramOfStudy:
    """An active program of the student's consortium (the same 404 for missing and elsewhere)."""
    try:
        uuid = UUID(str(public_id))
    except ValueError:
        raise NotFound(_("No program of study was found."), field=field) from None
    if info.consortium_id is None:
        raise NotFound(_("No program of study was found."), field=field)
    program = (
        ProgramOfStudy.objects.select_related("cluster", "cip", "school", "district", "host_partner")
        .filter(public_id=uuid, consortium_id=info.consortium_id, status=ProgramStatus.ACTIVE)
        .first()
    )
    if program is None:
        raise NotFound(_("No program of study was found."), field=field)
    return program


# --- careers with local figures --------------------------------------------------------------


@dataclass
class CareerFacts:
    occupation: Occupation
    wage: Wage | None
    projection: Projection | None
    family_sustaining: bool | None

    @property
    def code(self) -> str:
        return self.occupation.code

    @property
    def annual_median(self) -> int | None:
        return self.wage.annual_median if self.wage is not None else None

    @property
    def openings(self) -> int | None:
        if self.projection is None or self.projection.openings_annual is None:
            return None
        return round(Decimal(self.projection.openings_annual) * 1000)


def career_facts(
    occupations: Iterable[Occupation], area: WageArea
) -> tuple[list[CareerFacts], Threshold | None]:
    """Each occupation with its median wage in `area` and its national outlook (three queries)."""
    occupations = list(occupations)
    socs = sorted({o.soc_code for o in occupations})
    wages = wages_by_soc(area, socs) if socs else {}
    projections = projections_by_soc(socs) if socs else {}
    threshold = family_sustaining_threshold(area) if socs else None
    rows = []
    for occupation in occupations:
        wage = wages.get(occupation.soc_code)
        flag = None
        if threshold is not None and wage is not None and wage.annual_median is not None:
            flag = wage.annual_median >= threshold.annual_wage
        rows.append(CareerFacts(occupation, wage, projections.get(occupation.soc_code), flag))
    return rows, threshold


# --- compare ---------------------------------------------------------------------------------


def parse_codes(raw: str | Iterable[str]) -> list[str]:
    """Occupation codes from `29-1141.00,51-4121.00` (or a list of such strings), in order, once each."""
    parts = [raw] if isinstance(raw, str) else list(raw)
    codes: list[str] = []
    for part in parts:
        for code in re.split(r"[\s,]+", part or ""):
            if code and code not in codes:
                codes.append(code)
    return codes


@dataclass
class CompareColumn:
    facts: CareerFacts
    interests: list[dict[str, Any]]  # the top three O*NET interest areas: code, name, score
    skills: list[str]  # the five most important O*NET skills

    @property
    def occupation(self) -> Occupation:
        return self.facts.occupation


@dataclass
class Comparison:
    area: WageArea
    columns: list[CompareColumn]
    threshold: Threshold | None


def compare(codes: list[str], area: WageArea) -> Comparison:
    """Two or three occupations side by side. Raises InvalidInput/NotFound on field `codes`."""
    if not MIN_COMPARE <= len(codes) <= MAX_COMPARE:
        raise InvalidInput(_("Choose two or three careers to compare."), field="codes")
    for code in codes:
        if not OCCUPATION_CODE_RE.match(code):
            raise InvalidInput(
                _("%(code)s is not an O*NET-SOC code. Codes look like 29-1141.00.") % {"code": code},
                field="codes",
            )
    found = Occupation.objects.select_related("job_zone").in_bulk(codes)
    missing = [c for c in codes if c not in found]
    if missing:
        raise NotFound(
            _("No occupation has the code %(code)s.") % {"code": ", ".join(missing)}, field="codes"
        )
    occupations = [found[c] for c in codes]
    facts, threshold = career_facts(occupations, area)
    skills: dict[str, list[str]] = {}
    for code, name in (
        OccupationDescriptor.objects.filter(occupation_id__in=codes, kind=OccupationDescriptor.Kind.SKILL)
        .order_by("occupation_id", "rank")
        .values_list("occupation_id", "name")
    ):
        if len(skills.setdefault(code, [])) < 5:
            skills[code].append(name)
    from pathways.catalog.templatetags.careers import INTEREST_NICKNAMES

    names = riasec_labels()
    columns = []
    for row in facts:
        ratings = row.occupation.interests or {}
        top = sorted(((-score, RIASEC.index(c), c) for c, score in ratings.items() if c in names))[:3]
        columns.append(
            CompareColumn(
                facts=row,
                interests=[
                    {"code": c, "name": names[c], "nickname": str(INTEREST_NICKNAMES[c]), "score": -neg}
                    for neg, _i, c in top
                ],
                skills=skills.get(row.occupation.code, []),
            )
        )
    return Comparison(area, columns, threshold)


def clusters_for_exploring() -> list[CareerCluster]:
    return list(CareerCluster.objects.filter(framework=Framework.MODERN).order_by("name"))


# --- the plan --------------------------------------------------------------------------------


def plan_of(student: User) -> Plan | None:
    return (
        Plan.objects.select_related(
            "program__cluster",
            "program__cip",
            "program__school",
            "program__district",
            "program__host_partner",
            "postsecondary_program",
            "reviewed_by",
            "acknowledged_by",
        )
        .filter(student=student)
        .first()
    )


@dataclass
class DualCreditRow:
    plan_course: PlanCourse
    dual_credit: DualCreditCourse
    tuition_per_credit: Decimal | None

    @property
    def credits(self) -> Decimal:
        return self.dual_credit.college_credits

    @property
    def saved(self) -> Decimal | None:
        if self.tuition_per_credit is None:
            return None
        return (self.dual_credit.college_credits * self.tuition_per_credit).quantize(CENTS)


@dataclass
class CourseRow:
    plan_course: PlanCourse
    dual_credits: list[DualCreditRow]

    @property
    def title(self) -> str:
        pc = self.plan_course
        if pc.program_course_id and pc.program_course is not None:
            return pc.program_course.course.title
        if pc.course_id and pc.course is not None:
            return pc.course.title
        return pc.title

    @property
    def code(self) -> str:
        pc = self.plan_course
        if pc.program_course_id and pc.program_course is not None:
            return pc.program_course.course.code
        if pc.course_id and pc.course is not None:
            return pc.course.code
        return ""

    @property
    def level(self) -> str:
        pc = self.plan_course
        if pc.program_course_id and pc.program_course is not None:
            return pc.program_course.get_level_display()
        return ""

    @property
    def in_program(self) -> bool:
        return bool(self.plan_course.program_course_id)


@dataclass
class GradeRow:
    grade: int
    courses: list[CourseRow]


@dataclass
class CredentialRow:
    program_credential: ProgramCredential
    chosen: bool


@dataclass
class StepView:
    step: str
    label: str
    cost: StepCost | None

    @property
    def total_cost(self) -> int | None:
        if self.cost is None:
            return None
        return round(self.cost.years * self.cost.annual_cost)


@dataclass
class PlanView:
    """A student's plan with everything a page, the API, the PDF and a snapshot show."""

    info: StudentInfo
    plan: Plan | None
    careers: list[CareerFacts]
    threshold: Threshold | None
    grades: list[GradeRow]
    dual_credits: list[DualCreditRow]
    credentials: list[CredentialRow]
    activities: list[PlanActivity]
    step: StepView | None
    comments: list[PlanComment] = field(default_factory=list)
    versions: list[PlanVersion] = field(default_factory=list)

    @property
    def college_credits(self) -> Decimal:
        return sum((row.credits for row in self.dual_credits), Decimal(0))

    @property
    def tuition_saved(self) -> Decimal:
        """Sum of credits * the college's tuition per credit, over dual-credit courses with known tuition."""
        return sum((row.saved for row in self.dual_credits if row.saved is not None), Decimal(0)).quantize(
            CENTS
        )

    @property
    def tuition_unknown(self) -> bool:
        return any(row.saved is None for row in self.dual_credits)

    @property
    def program(self) -> ProgramOfStudy | None:
        return self.plan.program if self.plan is not None else None

    @property
    def chosen_credentials(self) -> list[CredentialRow]:
        return [row for row in self.credentials if row.chosen]

    @property
    def course_count(self) -> int:
        return sum(len(g.courses) for g in self.grades)

    @property
    def acknowledged_current(self) -> bool:
        plan = self.plan
        return plan is not None and plan.acknowledged_version == plan.version

    @property
    def is_empty(self) -> bool:
        plan = self.plan
        return plan is None or not (
            self.careers or plan.program_id or self.course_count or plan.postsecondary_step or plan.goals
        )


def step_costs(consortium_id: int | None) -> dict[str, StepCost]:
    if consortium_id is None:
        return {}
    return {c.step: c for c in StepCost.objects.filter(consortium_id=consortium_id)}


def plan_view(info: StudentInfo, plan: Plan | None, *, with_discussion: bool = False) -> PlanView:
    """The plan, read in a fixed number of queries whatever its size."""
    if plan is None:
        return PlanView(info, None, [], None, [GradeRow(g, []) for g in info.plan_grades], [], [], [], None)
    careers = [
        c.occupation for c in plan.careers.select_related("occupation__job_zone").order_by("order", "pk")
    ]
    facts, threshold = career_facts(careers, info.area)
    courses = list(
        plan.courses.select_related("program_course__course", "course")
        .prefetch_related(
            Prefetch(
                "program_course__dual_credits",
                queryset=DualCreditCourse.objects.select_related("college__college_terms").order_by(
                    "college_course_code"
                ),
            )
        )
        .order_by("grade", "order", "pk")
    )
    by_grade: dict[int, list[CourseRow]] = {g: [] for g in info.plan_grades}
    dual_rows: list[DualCreditRow] = []
    for pc in courses:
        rows: list[DualCreditRow] = []
        if pc.program_course_id and pc.program_course is not None:
            for dc in pc.program_course.dual_credits.all():
                terms = getattr(dc.college, "college_terms", None)
                tuition = terms.tuition_per_credit if terms is not None else None
                rows.append(DualCreditRow(pc, dc, tuition))
        dual_rows.extend(rows)
        by_grade.setdefault(pc.grade, []).append(CourseRow(pc, rows))
    grades = [GradeRow(g, by_grade[g]) for g in sorted(by_grade)]
    chosen = set(plan.credentials.values_list("credential_id", flat=True))
    credentials: list[CredentialRow] = []
    if plan.program_id:
        program_credentials = sorted(
            ProgramCredential.objects.filter(program_id=plan.program_id).select_related("credential"),
            key=lambda pc: (LEVEL_RANK.get(pc.level, 9), pc.credential.name),  # type: ignore[call-overload]
        )
        credentials = [CredentialRow(pc, pc.credential_id in chosen) for pc in program_credentials]
    activities = list(plan.activities.order_by("grade", "created_at", "pk"))
    step = None
    if plan.postsecondary_step:
        cost = StepCost.objects.filter(consortium_id=plan.consortium_id, step=plan.postsecondary_step).first()
        step = StepView(plan.postsecondary_step, plan.get_postsecondary_step_display(), cost)
    view = PlanView(info, plan, facts, threshold, grades, dual_rows, credentials, activities, step)
    if with_discussion:
        view.comments = list(plan.comments.select_related("author").order_by("created_at", "pk"))
        view.versions = list(plan.versions.select_related("created_by").order_by("-created_at", "-pk"))
    return view


def reachable_programs(info: StudentInfo) -> list[ReachRow]:
    if info.school is None:
        return []
    return programs_reachable_from(info.school, sort="name")


def program_sequence_grades(program: ProgramOfStudy) -> list[tuple[ProgramCourse, int]]:
    """The program's courses with the grade each starts in: its recommended grade, else by level
    (introductory 9, concentrator 11, capstone 12)."""
    by_level = {"introductory": 9, "concentrator": 11, "capstone": 12}
    rows = list(program.program_courses.select_related("course"))
    rows.sort(key=lambda pc: (LEVEL_RANK.get(pc.level, 9), pc.order, pc.course.code))  # type: ignore[call-overload]
    out = []
    for pc in rows:
        grade = pc.recommended_grade if pc.recommended_grade in PLAN_GRADES else by_level.get(pc.level, 9)
        out.append((pc, int(grade)))  # type: ignore[arg-type]
    return out


def cip_search(query: str, *, limit: int = 15) -> list[CipProgram]:
    """Six-digit CIP 2020 programs whose title or code matches every word of the query."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    programs = CipProgram.objects.filter(code__regex=r"^\d{2}\.\d{4}$")
    if re.match(r"^\d{2}(\.\d{0,4})?$", query):
        return list(programs.filter(code__startswith=query).order_by("code")[:limit])
    for word in query.split():
        programs = programs.filter(title__icontains=word)
    return list(programs.order_by("title", "code")[:limit])


def course_catalog(info: StudentInfo) -> list[tuple[str, str]]:
    """The consortium's courses as (code, title), for suggestions when adding a course by title."""
    from pathways.programs.models import Course

    if info.consortium_id is None:
        return []
    return list(
        Course.objects.filter(consortium_id=info.consortium_id).order_by("title").values_list("code", "title")
    )


# --- snapshots and history -------------------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENTS))


def plan_snapshot(view: PlanView) -> dict[str, Any]:
    """The whole plan as JSON (what PlanVersion keeps, and what read-only pages render): codes,
    not translated labels, so that any version reads in the reader's language."""
    plan = view.plan
    assert plan is not None
    program = plan.program
    step = view.step
    return {
        "version": plan.version,
        "status": plan.status,
        "student": {
            "public_id": str(view.info.student.public_id),
            "name": view.info.student.display_name,
            "grade": view.info.grade,
            "school": view.info.school.name if view.info.school else "",
        },
        "area": {"code": view.info.area.code, "name": view.info.area.display_name},
        "careers": [
            {
                "code": c.occupation.code,
                "title": c.occupation.title,
                "annual_median": c.annual_median,
                "openings": c.openings,
                "family_sustaining": c.family_sustaining,
            }
            for c in view.careers
        ],
        "program": None
        if program is None
        else {
            "public_id": str(program.public_id),
            "name": program.name,
            "cip": program.cip_id,
            "delivery_mode": program.delivery_mode,
        },
        "grades": [g.grade for g in view.grades],
        "courses": [
            {
                "grade": g.grade,
                "title": row.title,
                "code": row.code,
                "level": row.plan_course.program_course.level
                if row.plan_course.program_course_id and row.plan_course.program_course
                else "",
                "in_program": row.in_program,
                "dual_credit": [
                    {
                        "college": d.dual_credit.college.name,
                        "course": f"{d.dual_credit.college_course_code} {d.dual_credit.college_course_title}",
                        "credits": str(d.credits),
                        "tuition_per_credit": _money(d.tuition_per_credit),
                        "saved": _money(d.saved),
                    }
                    for d in row.dual_credits
                ],
            }
            for g in view.grades
            for row in g.courses
        ],
        "college_credits": str(view.college_credits),
        "tuition_saved": _money(view.tuition_saved),
        "tuition_unknown": view.tuition_unknown,
        "credentials": [
            {"name": r.program_credential.credential.name, "issuer": r.program_credential.credential.issuer}
            for r in view.chosen_credentials
        ],
        "activities": [
            {"kind": a.kind, "description": a.description, "grade": a.grade} for a in view.activities
        ],
        "postsecondary": {
            "step": plan.postsecondary_step,
            "cip": plan.postsecondary_program_id,
            "cip_title": plan.postsecondary_program.title if plan.postsecondary_program else "",
            "note": plan.postsecondary_note,
            "years": str(step.cost.years) if step and step.cost else None,
            "annual_cost": step.cost.annual_cost if step and step.cost else None,
            "total_cost": step.total_cost if step else None,
            "earns_while_learning": step.cost.earns_while_learning if step and step.cost else None,
        },
        "goals": plan.goals,
        "review_note": plan.review_note,
    }


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("created_by").order_by("-created_at", "-pk")


def access_plan_version(plan: Plan, public_id: UUID | str) -> PlanVersion:
    return policies.access(plan.versions.select_related("created_by"), public_id, Q())


def version_frozen(plan: Plan) -> bool:
    """Whether the current version was submitted, reviewed or acknowledged (so the next change
    starts a new version)."""
    return plan.versions.filter(version=plan.version).exists()


# --- the portfolio ---------------------------------------------------------------------------


@dataclass
class Interests:
    attempt: ProfilerAttempt
    rows: list[dict[str, Any]]  # all six areas, highest first: code, name, nickname, help, score
    top: list[dict[str, Any]]


def latest_interests(student: User) -> Interests | None:
    """The latest completed Interest Profiler attempt, in plain words (scores 0-40 per area)."""
    from pathways.catalog.templatetags.careers import INTEREST_HELP, INTEREST_NICKNAMES

    attempt = (
        ProfilerAttempt.objects.filter(student=student, status=AttemptStatus.COMPLETED)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if attempt is None or not attempt.scores:
        return None
    names = riasec_labels()
    rows: list[dict[str, Any]] = [
        {
            "code": code,
            "name": names[code],
            "nickname": str(INTEREST_NICKNAMES[code]),
            "help": str(INTEREST_HELP[code]),
            "score": int(attempt.scores.get(code, 0)),
        }
        for code in RIASEC
        if code in attempt.scores
    ]
    top_codes = list(attempt.top) or [r["code"] for r in sorted(rows, key=lambda r: -r["score"])[:3]]
    by_code = {r["code"]: r for r in rows}
    return Interests(
        attempt=attempt,
        rows=sorted(rows, key=lambda r: (-r["score"], RIASEC.index(r["code"]))),
        top=[by_code[c] for c in top_codes if c in by_code],
    )


def portfolio_careers(view: PlanView, favourites: list[Favourite], *, limit: int = 5) -> list[CareerFacts]:
    """The plan's target careers, then favourite careers, up to `limit`, with local facts."""
    seen = {c.code for c in view.careers}
    extra = [f.occupation for f in favourites if f.occupation is not None and f.occupation_id not in seen]
    extra_facts, _t = career_facts(extra[: max(0, limit - len(view.careers))], view.info.area)
    return (view.careers + extra_facts)[:limit]


STATUS_HELP: dict[str, Any] = {
    PlanStatus.DRAFT: gettext_lazy("Draft: the student is still working on it."),
    PlanStatus.SUBMITTED: gettext_lazy("Sent to the counselor, waiting for review."),
    PlanStatus.CHANGES_REQUESTED: gettext_lazy("The counselor asked for changes."),
    PlanStatus.APPROVED: gettext_lazy("Approved by the counselor."),
}

STEP_HELP: dict[str, Any] = {
    PostsecondaryStep.CERTIFICATE: gettext_lazy(
        "A short program (months to a year) at a college or technical school that leads to a "
        "certificate or license."
    ),
    PostsecondaryStep.TWO_YEAR: gettext_lazy("An associate's degree at a community college."),
    PostsecondaryStep.APPRENTICESHIP: gettext_lazy(
        "A paid job with training: you earn while you learn a trade."
    ),
    PostsecondaryStep.FOUR_YEAR: gettext_lazy("A bachelor's degree at a college or university."),
    PostsecondaryStep.MILITARY: gettext_lazy("Serve in the armed forces, with paid training."),
    PostsecondaryStep.WORK: gettext_lazy("Start working right after high school."),
}


def favourites_for_guardian_or_staff(student: User) -> list[Favourite]:
    return favourites_of(student)


def guardian_students(user: Actor) -> list[User]:
    return [link.student for link in policies.guardian_links_of(user).order_by("student__first_name")]


__all__ = [
    "MAX_CAREERS",
    "ActivityKind",
    "CareerFacts",
    "Comparison",
    "GuardianLink",
    "PlanView",
    "StudentInfo",
    "Viewer",
    "access_plan_student",
    "career_facts",
    "compare",
    "favourite_sets",
    "favourites_of",
    "plan_of",
    "plan_snapshot",
    "plan_view",
    "student_info",
    "viewer_of",
]
