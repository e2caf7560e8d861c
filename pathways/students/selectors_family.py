"""Reads for families and school staff: a student's record in one piece, the caseload, the
interest distribution of a school, and non-traditional career nudges.

Who sees what (docs/families-and-counselors.md):

- a parent or guardian sees the students linked to them (`GuardianLink`), nothing else;
- school staff see the students of the schools they work for: a counselor or teacher their
  school, a district administrator the schools of their district, a consortium leader every
  school of the consortium. Teachers read only: they get no review, consent or export actions.

Both rules are built on `accounts.policies` (`students_visible_to`, `scope_of`, `access`), and
`access_*` answers a missing and a forbidden student with the same `NotFound`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts import policies
from pathways.accounts.models import Membership, User
from pathways.accounts.policies import Actor
from pathways.accounts.roles import Role
from pathways.catalog.models import CipSoc, Occupation
from pathways.catalog.selectors import riasec_labels
from pathways.catalog.templatetags.careers import INTEREST_HELP, INTEREST_NICKNAMES, education_level
from pathways.core.errors import InvalidInput
from pathways.labor.models import NATIONAL_CODE, Wage, WageArea
from pathways.labor.selectors import Threshold, family_sustaining_threshold, wages_by_soc
from pathways.matching.interests import AREAS, band_of, is_flat, rank_occupations, top_areas
from pathways.orgs.models import School
from pathways.programs.models import (
    DualCreditCourse,
    NonTraditional,
    ProgramOfStudy,
    ProgramStatus,
)

from .models import (
    AttemptStatus,
    ConsentStatus,
    Favourite,
    FavouriteKind,
    Plan,
    PlanCareer,
    PlanComment,
    PlanCourse,
    PlanStatus,
    ProfilerAttempt,
    StudentProfile,
)
from .selectors_profiler import UNDER_13_MAX_GRADE, ConsentState, consent_state

NOTHING = Q(pk__in=[])
PAGE_SIZE = 25
GOOD_BANDS = ("best", "great", "good")
# The education levels (O*NET RL labels begin so) of careers reached with a certificate or a
# two-year degree: the "why certificates and two-year degrees pay here" explainer counts them.
SHORT_PATH_EDUCATION = ("Post-Secondary Certificate", "Associate's Degree")
SHORT_PATH_ZONES = (2, 3)


# Pages of the other two parts of the students app, by URL name (tried in order); the literal
# path is the fallback while a part is not merged yet.
OTHER_PAGES: dict[str, tuple[tuple[str, ...], str]] = {
    "plan": (("students:plans-student",), "/plan/{id}/"),
    "portfolio": (("students:plans-portfolio-student",), "/portfolio/{id}/"),
    "consent": (("students:profiler-consent",), "/profiler/consent/{id}/"),
}


def part_url(page: str, public_id: UUID | str) -> str:
    names, fallback = OTHER_PAGES[page]
    for name in names:
        try:
            return reverse(name, args=[public_id])
        except NoReverseMatch:
            continue
    return fallback.format(id=public_id)


# --- one student's record ----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaScore:
    letter: str
    name: str  # "Social"
    nickname: str  # "Helpers"
    help: str  # what the area means, in plain words
    score: int  # 0-40
    rank: int  # 1 = the student's strongest area


@dataclass(frozen=True)
class InterestResult:
    attempt: ProfilerAttempt
    scores: list[AreaScore]  # in RIASEC order
    top: list[AreaScore]  # the three strongest, strongest first
    flat: bool
    completed_count: int

    @property
    def code(self) -> str:
        return "".join(a.letter for a in self.top)


def area_scores(scores: dict[str, int]) -> tuple[list[AreaScore], list[AreaScore]]:
    """Every area with its plain words and rank, and the top three (`matching.top_areas`)."""
    names = riasec_labels()
    order = top_areas(scores, n=len(AREAS))
    rows = {
        letter: AreaScore(
            letter=letter,
            name=str(names[letter]),
            nickname=str(INTEREST_NICKNAMES[letter]),
            help=str(INTEREST_HELP[letter]),
            score=int(scores[letter]),
            rank=order.index(letter) + 1,
        )
        for letter in AREAS
    }
    return [rows[letter] for letter in AREAS], [rows[letter] for letter in order[:3]]


def interest_result(attempt: ProfilerAttempt | None, completed_count: int = 1) -> InterestResult | None:
    if attempt is None or not attempt.scores:
        return None
    scores = {letter: int(attempt.scores.get(letter, 0)) for letter in AREAS}
    rows, top = area_scores(scores)
    return InterestResult(attempt, rows, top, is_flat(scores), completed_count)


@dataclass(frozen=True)
class CareerFact:
    """A career with what it pays in the student's area (always shown with its label)."""

    occupation: Occupation
    wage: Wage | None
    education: str
    family_sustaining: bool | None


@dataclass(frozen=True)
class ShortPathFacts:
    """How many careers that need a certificate or a two-year degree pay a family-sustaining wage."""

    count: int
    examples: list[CareerFact]


@dataclass(frozen=True)
class CourseLine:
    """A course in the plan as a family reads it: its title, and the college credit it earns."""

    grade: int
    title: str
    dual_credits: list[DualCreditCourse]
    in_program: bool


@dataclass
class PlanView:
    plan: Plan
    careers: list[Occupation]
    program: ProgramOfStudy | None
    courses_by_grade: list[tuple[int, list[CourseLine]]]
    this_grade: int | None
    this_year: list[CourseLine]
    next_grade: int | None
    next_year: list[CourseLine]
    dual_credit: list[tuple[CourseLine, DualCreditCourse]]
    college_credits: Decimal
    credentials: list[Any]
    activities: list[Any]
    comment_count: int
    latest_comments: list[PlanComment]

    @property
    def acknowledged_current(self) -> bool:
        return self.plan.acknowledged_at is not None and self.plan.acknowledged_version == self.plan.version

    @property
    def awaiting_acknowledgement(self) -> bool:
        return (
            self.plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED) and not self.acknowledged_current
        )


def course_line(plan_course: PlanCourse) -> CourseLine:
    program_course = plan_course.program_course if plan_course.program_course_id else None
    if program_course is not None:
        title = program_course.course.title
        dual = list(program_course.dual_credits.all())
    elif plan_course.course_id and plan_course.course is not None:
        title, dual = plan_course.course.title, []
    else:
        title, dual = plan_course.title, []
    return CourseLine(plan_course.grade, title or plan_course.title, dual, program_course is not None)


@dataclass
class StudentRecord:
    """What a guardian or a staff member reads about one student."""

    student: User
    school: School | None
    profile: StudentProfile | None
    result: InterestResult | None
    in_progress: bool
    favourite_careers: list[Favourite]
    favourite_programs: list[Favourite]
    plan: PlanView | None
    area: WageArea
    target_careers: list[CareerFact]  # one or two of the plan's careers (else favourites), with wages
    threshold: Threshold | None
    consent: ConsentState | None = None
    short_path: ShortPathFacts | None = None
    nudges: list[Nudge] = field(default_factory=list)

    @property
    def consent_pending(self) -> bool:
        """Under 13 (possibly) and nothing may be stored until consent: the profiler part's rule."""
        return self.consent is not None and self.consent.needs_consent

    @property
    def first_name(self) -> str:
        return self.student.first_name or self.student.display_name


def student_school(student: User) -> School | None:
    """The student's school: their profile's, else their first student membership's."""
    membership = (
        Membership.objects.filter(user=student, role=Role.STUDENT, school__isnull=False)
        .select_related(
            "school__consortium", "school__county__wage_area", "school__zip_code__county__wage_area"
        )
        .order_by("school__name")
        .first()
    )
    return membership.school if membership is not None else None


def record_area(profile: StudentProfile | None, school: School | None) -> WageArea:
    """Where the student's wages are read: their chosen area, else their school's, else the
    state of the school's consortium, else the nation."""
    codes: list[str] = []
    if profile is not None and profile.area_code:
        codes.append(profile.area_code)
    if school is not None:
        county = school.county if school.county_id else None
        if county is None and school.zip_code_id and school.zip_code is not None:
            county = school.zip_code.county
        if county is not None and county.wage_area_id:
            codes.append(county.wage_area_id)
        state_id = school.consortium.state_id if school.consortium_id else None
        if state_id:
            codes.append(f"{state_id}00000")
    codes.append(NATIONAL_CODE)
    areas = {a.code: a for a in WageArea.objects.filter(code__in=codes)}
    for code in codes:
        if code in areas:
            return areas[code]
    return WageArea(code=NATIONAL_CODE, kind=WageArea.Kind.NATIONAL, name="National")


def latest_attempt(student: User) -> tuple[ProfilerAttempt | None, int, bool]:
    """The latest completed attempt, how many were completed, and whether one is in progress."""
    attempts = list(
        ProfilerAttempt.objects.filter(student=student).only(
            "id", "status", "scores", "top", "completed_at", "created_at", "answers", "student_id"
        )
    )
    completed = [a for a in attempts if a.status == AttemptStatus.COMPLETED]
    completed.sort(key=lambda a: (a.completed_at or a.created_at, a.pk), reverse=True)
    in_progress = any(a.status == AttemptStatus.IN_PROGRESS for a in attempts)
    return (completed[0] if completed else None), len(completed), in_progress


def plan_view(student: User) -> PlanView | None:
    plan = (
        Plan.objects.filter(student=student)
        .select_related("program__cip", "postsecondary_program", "reviewed_by", "acknowledged_by")
        .prefetch_related(
            Prefetch("careers", queryset=PlanCareer.objects.select_related("occupation")),
            Prefetch(
                "courses",
                queryset=PlanCourse.objects.select_related(
                    "program_course__course", "course"
                ).prefetch_related(
                    Prefetch(
                        "program_course__dual_credits",
                        queryset=DualCreditCourse.objects.select_related("college__college_terms"),
                    )
                ),
            ),
            "credentials__credential",
            "activities",
        )
        .annotate(comment_count=Count("comments", distinct=True))
        .first()
    )
    if plan is None:
        return None
    courses = [course_line(c) for c in plan.courses.all()]
    by_grade: dict[int, list[CourseLine]] = {}
    for course in courses:
        by_grade.setdefault(course.grade, []).append(course)
    grade = student.grade_level
    this_grade = grade if grade is not None and 6 <= grade <= 12 else None
    next_grade = grade + 1 if grade is not None and 5 <= grade < 12 else None
    dual = [(course, dc) for course in courses for dc in course.dual_credits]
    return PlanView(
        plan=plan,
        careers=[c.occupation for c in plan.careers.all()],
        program=plan.program,
        courses_by_grade=sorted(by_grade.items()),
        this_grade=this_grade,
        this_year=by_grade.get(this_grade, []) if this_grade is not None else [],
        next_grade=next_grade,
        next_year=by_grade.get(next_grade, []) if next_grade is not None else [],
        dual_credit=dual,
        college_credits=sum((dc.college_credits for _c, dc in dual), Decimal(0)),
        credentials=list(plan.credentials.all()),
        activities=list(plan.activities.all()),
        comment_count=getattr(plan, "comment_count", 0),
        latest_comments=list(plan.comments.select_related("author").order_by("-created_at", "-pk")[:2]),
    )


def career_facts(
    occupations: Sequence[Occupation], area: WageArea, threshold: Threshold | None
) -> list[CareerFact]:
    wages = wages_by_soc(area, sorted({o.soc_code for o in occupations}))
    facts = []
    for occupation in occupations:
        wage = wages.get(occupation.soc_code)
        flag = None
        if threshold is not None and wage is not None and wage.annual_median is not None:
            flag = wage.annual_median >= threshold.annual_wage
        facts.append(CareerFact(occupation, wage, education_level(occupation), flag))
    return facts


def short_path_facts(
    area: WageArea, threshold: Threshold | None, *, examples: int = 3
) -> ShortPathFacts | None:
    """Careers usually entered with a certificate or a two-year degree that pay at least the
    area's family-sustaining wage (BLS OEWS medians): a count and the best-paid few."""
    if threshold is None:
        return None
    condition = Q()
    for prefix in SHORT_PATH_EDUCATION:
        condition |= Q(typical_education__startswith=prefix)
    # Job Zones 2-3: the preparation those credentials usually mean. Managers (SOC 11-) are left
    # out: whatever credential they hold, they are hired after years of experience.
    condition &= Q(job_zone_id__in=SHORT_PATH_ZONES) & ~Q(soc_code__startswith="11-")
    socs = Occupation.objects.filter(condition).values("soc_code")
    wages = Wage.objects.filter(area=area, soc_code__in=socs, annual_median__gte=threshold.annual_wage)
    count = wages.count()
    if not count:
        return ShortPathFacts(0, [])
    best = list(wages.order_by("-annual_median", "soc_code")[: examples * 3])
    occupations: dict[str, Occupation] = {}
    for occupation in Occupation.objects.filter(condition, soc_code__in=[w.soc_code for w in best]).order_by(
        "code"
    ):
        occupations.setdefault(occupation.soc_code, occupation)
    facts = [
        CareerFact(occupations[w.soc_code], w, education_level(occupations[w.soc_code]), True)
        for w in best
        if w.soc_code in occupations
    ]
    return ShortPathFacts(count, facts[:examples])


def student_record(student: User, *, explainer: bool = False, nudges: bool = False) -> StudentRecord:
    """Everything a guardian or a staff member reads about a student (the caller checked access)."""
    school = student_school(student)
    profile = StudentProfile.objects.filter(student=student).first()
    attempt, completed_count, in_progress = latest_attempt(student)
    favourites = list(
        Favourite.objects.filter(student=student)
        .select_related("occupation", "program__cip")
        .order_by("-created_at")
    )
    plan = plan_view(student)
    area = record_area(profile, school)
    threshold = family_sustaining_threshold(area)
    targets: list[Occupation] = list(plan.careers) if plan is not None else []
    if len(targets) < 2:
        targets += [
            f.occupation
            for f in favourites
            if f.kind == FavouriteKind.OCCUPATION and f.occupation is not None and f.occupation not in targets
        ]
    record = StudentRecord(
        student=student,
        school=school,
        profile=profile,
        result=interest_result(attempt, completed_count),
        in_progress=in_progress,
        favourite_careers=[f for f in favourites if f.kind == FavouriteKind.OCCUPATION],
        favourite_programs=[f for f in favourites if f.kind == FavouriteKind.PROGRAM],
        plan=plan,
        area=area,
        target_careers=career_facts(targets[:2], area, threshold),
        threshold=threshold,
        consent=consent_state(student, profile, school.consortium_id if school is not None else None),
    )
    if explainer:
        record.short_path = short_path_facts(area, threshold)
    if nudges and record.result is not None and school is not None:
        record.nudges = nontraditional_nudges(record.result, school)
    return record


# --- families ----------------------------------------------------------------------------------


def family_students_visible_to(user: Actor) -> Q:
    """Students linked to this user as their parent or guardian (and visible under the policies)."""
    s = policies.scope_of(user)
    if s.user_id is None:
        return NOTHING
    return policies.students_visible_to(user) & Q(guardian_links__guardian_id=s.user_id)


def family_students(user: Actor) -> list[User]:
    return list(
        User.objects.filter(family_students_visible_to(user))
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def access_family_student(user: Actor, public_id: UUID | str) -> User:
    return policies.access(User.objects.all(), public_id, family_students_visible_to(user))


# --- staff: the caseload -----------------------------------------------------------------------


def caseload_schools_visible_to(user: Actor) -> Q:
    """Schools whose students this user works with: leaders all of their consortium's, district
    administrators their district's, counselors and teachers their own."""
    s = policies.scope_of(user)
    if not (s.leader_of or s.district_admin_of or s.school_staff_of):
        return NOTHING
    return (
        Q(consortium_id__in=s.leader_of)
        | Q(district_id__in=s.district_admin_of)
        | Q(pk__in=s.school_staff_of)
    )


def acting_schools_q(user: Actor) -> Q:
    """Schools where the user may act on student records (review, consent, export): everything in
    their caseload except where they are only a teacher."""
    s = policies.scope_of(user)
    if not (s.leader_of or s.district_admin_of or s.counselor_at):
        return NOTHING
    return (
        Q(consortium_id__in=s.leader_of) | Q(district_id__in=s.district_admin_of) | Q(pk__in=s.counselor_at)
    )


def caseload_schools(user: Actor) -> list[School]:
    return list(
        School.objects.filter(caseload_schools_visible_to(user))
        .select_related("consortium", "district")
        .order_by("consortium__name", "name")
    )


def access_caseload_school(user: Actor, public_id: UUID | str) -> School:
    return policies.access(
        School.objects.select_related("consortium", "district"), public_id, caseload_schools_visible_to(user)
    )


def caseload_students_visible_to(user: Actor) -> Q:
    """Students (a filter on User) with a student membership at a school of the user's caseload."""
    s = policies.scope_of(user)
    if not (s.leader_of or s.district_admin_of or s.school_staff_of):
        return NOTHING
    at_school = (
        Q(memberships__school__consortium_id__in=s.leader_of)
        | Q(memberships__school__district_id__in=s.district_admin_of)
        | Q(memberships__school_id__in=s.school_staff_of)
    )
    return policies.students_visible_to(user) & Q(memberships__role=Role.STUDENT) & at_school


def access_caseload_student(user: Actor, public_id: UUID | str) -> User:
    return policies.access(User.objects.all(), public_id, caseload_students_visible_to(user))


def may_act_for(user: Actor, school: School | None) -> bool:
    """May the user review plans, record consent and export for students of this school?"""
    if school is None:
        return False
    s = policies.scope_of(user)
    return (
        school.consortium_id in s.leader_of
        or school.district_id in s.district_admin_of
        or school.pk in s.counselor_at
    )


class Focus:
    """The caseload's "who needs attention" filter."""

    NO_PROFILER = "no_profiler"
    NO_PLAN = "no_plan"
    SUBMITTED = "submitted"
    CHANGES = "changes_requested"
    CONSENT = "consent"
    DRAFT = "draft"
    APPROVED = "approved"

    LABELS: dict[str, Promise] = {
        NO_PROFILER: gettext_lazy("Has not taken the Interest Profiler"),
        NO_PLAN: gettext_lazy("Has no plan"),
        SUBMITTED: gettext_lazy("Plan waiting for review"),
        CHANGES: gettext_lazy("Plan with changes requested"),
        CONSENT: gettext_lazy("Under 13, waiting for consent"),
        DRAFT: gettext_lazy("Plan in draft"),
        APPROVED: gettext_lazy("Plan approved"),
    }
    CONDITIONS: dict[str, Q] = {
        NO_PROFILER: Q(profiler_done_at__isnull=True),
        NO_PLAN: Q(plan_status__isnull=True),
        SUBMITTED: Q(plan_status=PlanStatus.SUBMITTED),
        CHANGES: Q(plan_status=PlanStatus.CHANGES_REQUESTED),
        CONSENT: Q(needs_consent=True),
        DRAFT: Q(plan_status=PlanStatus.DRAFT),
        APPROVED: Q(plan_status=PlanStatus.APPROVED),
    }


SORTS: dict[str, tuple[Promise, tuple[Any, ...]]] = {
    "name": (gettext_lazy("Name (A to Z)"), ("user__last_name", "user__first_name", "user__username", "pk")),
    "grade": (gettext_lazy("Grade"), ("user__grade_level", "user__last_name", "user__first_name", "pk")),
    "school": (gettext_lazy("School"), ("school__name", "user__last_name", "user__first_name", "pk")),
    "plan": (gettext_lazy("Plan status (waiting for review first)"), ("plan_rank", "user__last_name", "pk")),
    "profiler": (
        gettext_lazy("Interest Profiler (not taken first)"),
        (F("profiler_done_at").asc(nulls_first=True), "user__last_name", "pk"),
    ),
}
PLAN_RANK = Case(
    When(plan_status=PlanStatus.SUBMITTED, then=Value(0)),
    When(plan_status=PlanStatus.CHANGES_REQUESTED, then=Value(1)),
    When(plan_status=PlanStatus.DRAFT, then=Value(2)),
    When(plan_status=PlanStatus.APPROVED, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class CaseloadFilters:
    school: School | None = None
    grade: int | None = None
    program: ProgramOfStudy | None = None
    focus: str = ""
    q: str = ""
    sort: str = "name"

    def as_dict(self) -> dict[str, Any]:
        return {
            "school": str(self.school.public_id) if self.school else "",
            "grade": self.grade,
            "program": str(self.program.public_id) if self.program else "",
            "status": self.focus,
            "q": self.q,
            "sort": self.sort,
        }


def caseload_programs(schools: Iterable[School]) -> list[ProgramOfStudy]:
    """Programs a plan in this caseload may name: those of the schools' consortia."""
    consortia = {s.consortium_id for s in schools}
    return list(
        ProgramOfStudy.objects.filter(consortium_id__in=consortia)
        .exclude(status=ProgramStatus.RETIRED)
        .order_by("name", "pk")
    )


def caseload_filters(
    user: Actor,
    *,
    school: str = "",
    grade: int | str | None = None,
    program: str = "",
    focus: str = "",
    q: str = "",
    sort: str = "",
    programs: Sequence[ProgramOfStudy] | None = None,
) -> CaseloadFilters:
    """Checked filters. A school outside the user's caseload is NotFound (like any row not theirs);
    any other value that does not fit raises InvalidInput naming the field."""
    chosen_school = access_caseload_school(user, school) if school else None
    chosen_grade: int | None = None
    if grade not in (None, ""):
        try:
            chosen_grade = int(grade)  # type: ignore[arg-type]  # str or int, checked below
        except (TypeError, ValueError):
            chosen_grade = None
        if chosen_grade is None or not 6 <= chosen_grade <= 12:
            raise InvalidInput(_("grade must be a grade from 6 to 12."), field="grade")
    chosen_program = None
    if program:
        pool = programs if programs is not None else caseload_programs(caseload_schools(user))
        chosen_program = next((p for p in pool if str(p.public_id) == program), None)
        if chosen_program is None:
            raise InvalidInput(_("program must be a program of study of your consortium."), field="program")
    if focus and focus not in Focus.CONDITIONS:
        raise InvalidInput(
            _("status must be one of: %(values)s") % {"values": ", ".join(Focus.CONDITIONS)}, field="status"
        )
    if sort and sort not in SORTS:
        raise InvalidInput(_("sort must be one of: %(values)s") % {"values": ", ".join(SORTS)}, field="sort")
    return CaseloadFilters(
        school=chosen_school,
        grade=chosen_grade,
        program=chosen_program,
        focus=focus,
        q=q.strip()[:100],
        sort=sort or "name",
    )


def thirteen_years_before(today: date) -> date:
    """The latest date of birth of someone who is 13 on `today` (born after it: under 13)."""
    try:
        return today.replace(year=today.year - 13)
    except ValueError:  # 29 February, and the year 13 years ago was not a leap year
        return today.replace(year=today.year - 13, day=28)


def needs_consent_q(today: date | None = None) -> Q:
    """Caseload rows (student memberships annotated with `consent_status`) whose student needs
    consent before anything is stored: the profiler part's rule (`selectors_profiler.
    possibly_under_13` and `ConsentState.needs_consent`) as one database filter.

    Possibly under 13: a date of birth on record decides; else grade 7 or below; else a school
    whose lowest grade is 7 or below; else unknown (careful: yes). Consent is needed when the
    consortium requires it (the default when it set nothing) and it has not been granted."""
    cutoff = thirteen_years_before(today or timezone.localdate())
    dob = "user__student_profile__date_of_birth"
    no_dob = Q(**{f"{dob}__isnull": True})
    no_grade = Q(user__grade_level__isnull=True)
    under_13 = (
        Q(**{f"{dob}__gt": cutoff})
        | (no_dob & Q(user__grade_level__lte=UNDER_13_MAX_GRADE))
        | (no_dob & no_grade & Q(school__grade_low__lte=UNDER_13_MAX_GRADE))
        | (no_dob & no_grade & Q(school__grade_low__isnull=True))
    )
    required = ~Q(consortium__student_settings__require_consent_under_13=False)
    not_granted = Q(consent_status__isnull=True) | Q(
        consent_status__in=[ConsentStatus.PENDING, ConsentStatus.WITHDRAWN, ConsentStatus.NOT_NEEDED]
    )
    return under_13 & required & not_granted


def _caseload_base(user: Actor, filters: CaseloadFilters) -> QuerySet[Membership]:
    """One row per student membership at a school of the caseload, with what the list shows."""
    latest = ProfilerAttempt.objects.filter(
        student_id=OuterRef("user_id"), status=AttemptStatus.COMPLETED
    ).order_by("-completed_at", "-pk")
    rows = (
        Membership.objects.filter(role=Role.STUDENT, school__isnull=False)
        .filter(school__in=School.objects.filter(caseload_schools_visible_to(user)))
        .select_related("user", "school")
        .annotate(
            profiler_done_at=Subquery(latest.values("completed_at")[:1]),
            profiler_top=Subquery(latest.values("top")[:1]),
            profiler_in_progress=Exists(
                ProfilerAttempt.objects.filter(
                    student_id=OuterRef("user_id"), status=AttemptStatus.IN_PROGRESS
                )
            ),
            plan_status=F("user__plan__status"),
            plan_program=F("user__plan__program__name"),
            plan_program_id=F("user__plan__program__public_id"),
            plan_acknowledged_at=F("user__plan__acknowledged_at"),
            consent_status=F("user__student_profile__consent_status"),
        )
        .annotate(needs_consent=Case(When(needs_consent_q(), then=Value(True)), default=Value(False)))
    )
    if filters.school is not None:
        rows = rows.filter(school=filters.school)
    if filters.grade is not None:
        rows = rows.filter(user__grade_level=filters.grade)
    if filters.program is not None:
        rows = rows.filter(user__plan__program=filters.program)
    for word in filters.q.split():
        rows = rows.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    return rows


@dataclass(frozen=True)
class CaseloadRow:
    membership: Membership
    student: User
    school: School
    profiler_done_at: Any
    profiler_top: str
    profiler_in_progress: bool
    plan_status: str
    plan_status_label: str
    plan_program: str
    consent_status: str
    consent_pending: bool
    may_act: bool


@dataclass
class Caseload:
    filters: CaseloadFilters
    counts: dict[str, int]
    total: int
    rows: list[CaseloadRow]
    page: dict[str, Any]


def caseload_row(m: Membership, acting: set[int]) -> CaseloadRow:
    status = getattr(m, "plan_status", None) or ""
    return CaseloadRow(
        membership=m,
        student=m.user,
        school=m.school,  # type: ignore[arg-type]  # school__isnull=False above
        profiler_done_at=getattr(m, "profiler_done_at", None),
        profiler_top=getattr(m, "profiler_top", None) or "",
        profiler_in_progress=bool(getattr(m, "profiler_in_progress", False)),
        plan_status=status,
        plan_status_label=str(PlanStatus(status).label) if status in PlanStatus.values else "",
        plan_program=getattr(m, "plan_program", None) or "",
        consent_status=getattr(m, "consent_status", None) or "",
        consent_pending=bool(getattr(m, "needs_consent", False)),
        may_act=m.school_id in acting,
    )


def caseload_counts(rows: QuerySet[Membership]) -> dict[str, int]:
    aggregates = {key: Count("pk", filter=condition) for key, condition in Focus.CONDITIONS.items()}
    counts = rows.aggregate(total=Count("pk"), **aggregates)
    return {key: int(value or 0) for key, value in counts.items()}


def acting_school_ids(user: Actor) -> set[int]:
    s = policies.scope_of(user)
    if not (s.leader_of or s.district_admin_of or s.counselor_at):
        return set()
    return set(School.objects.filter(acting_schools_q(user)).values_list("pk", flat=True))


def caseload_rows(user: Actor, filters: CaseloadFilters) -> tuple[QuerySet[Membership], dict[str, int]]:
    """The filtered caseload in order, and the counts of the page's "who needs attention" links
    (over the school, grade, program and name filters, before the status filter)."""
    base = _caseload_base(user, filters)
    counts = caseload_counts(base)
    rows = base.filter(Focus.CONDITIONS[filters.focus]) if filters.focus else base
    return rows.annotate(plan_rank=PLAN_RANK).order_by(*SORTS[filters.sort][1]), counts


def caseload(user: Actor, filters: CaseloadFilters, *, page: int = 1, size: int = PAGE_SIZE) -> Caseload:
    """One page of the caseload, with its counts."""
    rows, counts = caseload_rows(user, filters)
    total = counts[filters.focus] if filters.focus else counts["total"]
    pages = max(1, -(-total // size))
    number = min(max(1, page), pages)
    start = (number - 1) * size
    acting = acting_school_ids(user)
    return Caseload(
        filters=filters,
        counts=counts,
        total=total,
        rows=[caseload_row(m, acting) for m in rows[start : start + size]],
        page={
            "number": number,
            "count": pages,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None,
            "first_row": start + 1 if total else 0,
            "last_row": min(start + size, total),
        },
    )


def caseload_all(user: Actor, filters: CaseloadFilters) -> list[CaseloadRow]:
    """Every row of the filtered caseload in the page's order (for the CSV export)."""
    rows, _counts = caseload_rows(user, filters)
    acting = acting_school_ids(user)
    return [caseload_row(m, acting) for m in rows]


# --- the interest distribution of a school -----------------------------------------------------


@dataclass(frozen=True)
class DistributionRow:
    letter: str
    name: str
    nickname: str
    count: int | None  # None: suppressed (fewer than min_cell_size, or to protect another cell)
    average: float | None  # None: suppressed (fewer than min_cell_size students with results)


@dataclass(frozen=True)
class Distribution:
    min_cell_size: int
    students: int  # students in the selection (not an aggregate of results; staff see them all)
    with_results: int | None  # None: fewer than min_cell_size have results
    rows: list[DistributionRow]
    suppressed_cells: int

    @property
    def all_suppressed(self) -> bool:
        return self.with_results is None


def suppress(counts: dict[str, int], min_cell: int) -> dict[str, int | None]:
    """Small-cell suppression: a count below `min_cell` becomes None. When exactly one cell is
    suppressed its value could be worked out from the total and the others, so the smallest
    shown cell is suppressed too (complementary suppression)."""
    shown: dict[str, int | None] = {k: (v if v >= min_cell else None) for k, v in counts.items()}
    hidden = [k for k, v in shown.items() if v is None]
    if len(hidden) == 1:
        visible = sorted((v, k) for k, v in shown.items() if v is not None)
        if visible:
            shown[visible[0][1]] = None
    return shown


def min_cell_size(schools: Iterable[School]) -> int:
    sizes = [s.consortium.min_cell_size for s in schools]
    return max(sizes) if sizes else 10


def interest_distribution(user: Actor, school: School | None) -> Distribution:
    """Students of the chosen school (or the whole caseload) by their strongest interest area, with
    the average score per area; cells below the consortium's minimum cell size are suppressed."""
    schools = [school] if school is not None else caseload_schools(user)
    min_cell = min_cell_size(schools)
    students = (
        User.objects.filter(memberships__role=Role.STUDENT, memberships__school__in=[s.pk for s in schools])
        .filter(caseload_students_visible_to(user))
        .values_list("pk", flat=True)
        .distinct()
    )
    student_ids = set(students)
    latest: dict[int, tuple[Any, dict[str, int]]] = {}
    for student_id, done, pk, scores in ProfilerAttempt.objects.filter(
        student_id__in=student_ids, status=AttemptStatus.COMPLETED
    ).values_list("student_id", "completed_at", "pk", "scores"):
        key = (done, pk)
        if student_id not in latest or key > latest[student_id][0]:
            latest[student_id] = (key, scores)
    profiles = [
        {letter: int(scores.get(letter, 0)) for letter in AREAS}
        for _key, scores in latest.values()
        if scores and all(letter in scores for letter in AREAS)
    ]
    counts = dict.fromkeys(AREAS, 0)
    for scores in profiles:
        counts[top_areas(scores, n=1)[0]] += 1
    names = riasec_labels()
    enough = len(profiles) >= min_cell
    shown = suppress(counts, min_cell) if enough else dict.fromkeys(AREAS)
    rows = [
        DistributionRow(
            letter=letter,
            name=str(names[letter]),
            nickname=str(INTEREST_NICKNAMES[letter]),
            count=shown[letter],
            average=round(sum(p[letter] for p in profiles) / len(profiles), 1) if enough else None,
        )
        for letter in AREAS
    ]
    return Distribution(
        min_cell_size=min_cell,
        students=len(student_ids),
        with_results=len(profiles) if enough else None,
        rows=rows,
        suppressed_cells=sum(1 for v in shown.values() if v is None),
    )


# --- non-traditional career nudges (Perkins V 4S1) ---------------------------------------------


@dataclass(frozen=True)
class Nudge:
    """A career that fits the student's interests, reached through a program flagged
    non-traditional (for women or for men): worth a conversation, whoever the student is."""

    occupation: Occupation
    similarity: float
    band: str
    programs: list[ProgramOfStudy]

    @property
    def fields(self) -> list[str]:
        return sorted({p.nontraditional_for for p in self.programs})


BAND_LABELS: dict[str, Promise] = {
    "best": gettext_lazy("Best fit"),
    "great": gettext_lazy("Great fit"),
    "good": gettext_lazy("Good fit"),
}
NONTRADITIONAL_EXPLAINED: dict[str, Promise] = {
    NonTraditional.FEMALE: gettext_lazy("Fewer than 1 in 4 people working in this field are women."),
    NonTraditional.MALE: gettext_lazy("Fewer than 1 in 4 people working in this field are men."),
}


def nontraditional_nudges(result: InterestResult, school: School, *, limit: int = 5) -> list[Nudge]:
    """Good-fit careers (best, great or good band) linked through the CIP-SOC crosswalk to active
    programs the student's school can reach that are flagged non-traditional for either sex.

    No sex or gender is stored or inferred: the counselor sees the careers and the reason they
    are flagged, and decides whether and how to raise them (docs/families-and-counselors.md)."""
    if result.flat:
        return []
    programs = list(
        ProgramOfStudy.objects.filter(
            consortium_id=school.consortium_id, status=ProgramStatus.ACTIVE, eligible_schools=school
        )
        .exclude(nontraditional_for=NonTraditional.NONE)
        .order_by("name")
        .distinct()
    )
    if not programs:
        return []
    by_cip: dict[str, list[ProgramOfStudy]] = {}
    for program in programs:
        by_cip.setdefault(program.cip_id, []).append(program)
    soc_programs: dict[str, list[ProgramOfStudy]] = {}
    for cip_id, soc in CipSoc.objects.filter(cip_id__in=list(by_cip)).values_list("cip_id", "soc_code"):
        soc_programs.setdefault(soc, []).extend(
            p for p in by_cip[cip_id] if p not in soc_programs.get(soc, [])
        )
    occupations = list(
        Occupation.objects.filter(soc_code__in=list(soc_programs), interest_r__isnull=False)
        .exclude(
            Q(interest_i__isnull=True)
            | Q(interest_a__isnull=True)
            | Q(interest_s__isnull=True)
            | Q(interest_e__isnull=True)
            | Q(interest_c__isnull=True)
        )
        .order_by("code")
    )
    if not occupations:
        return []
    ratings = [[getattr(o, f"interest_{letter.lower()}") for letter in AREAS] for o in occupations]
    profile = [result.attempt.scores[letter] for letter in AREAS]
    ranking = rank_occupations(profile, ratings, codes=[o.code for o in occupations])
    nudges = []
    for index, similarity in zip(ranking.order.tolist(), ranking.similarity.tolist(), strict=True):
        band = str(band_of([similarity])[0])
        if band not in GOOD_BANDS:
            break
        occupation = occupations[index]
        nudges.append(Nudge(occupation, float(similarity), band, soc_programs[occupation.soc_code]))
        if len(nudges) >= limit:
            break
    return nudges


# --- the API's summary of a student -------------------------------------------------------------


def plan_status_label(status: str) -> str:
    return str(PlanStatus(status).label) if status in PlanStatus.values else _("No plan yet")
