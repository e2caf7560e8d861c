"""Writes: plans. Every service takes acting_user and audits changes to a student record.

Favourites, the individual career and academic plan (careers, program, courses by grade,
credentials, activities, the step after high school), its review by a counselor, its
acknowledgement by a guardian, comments, and the per-consortium cost of each step after high school.

Rules every service keeps (see `selectors_plans` for who may do what):

- the acting user must be allowed: a user who may not see the student gets the same `NotFound`
  as for a missing one, and so does a user who may see the student but not make this change;
- input is checked before anything is written; bad input raises `InvalidInput` naming the field
  and changes nothing (each service runs in one transaction);
- every row stays in the student's consortium (programs, courses, credentials of another
  consortium are refused);
- versions: a version is frozen once it has been submitted, reviewed or acknowledged (it has a
  `PlanVersion` snapshot); the next change of content starts a new version, and a submitted or
  approved plan that changes goes back to draft (the history keeps what was approved).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts import policies
from pathways.accounts.models import User
from pathways.accounts.policies import Actor
from pathways.catalog.models import CipProgram, Occupation
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import ConsortiumOwned, ensure_same_consortium
from pathways.programs.models import Course, Credential, ProgramCourse, ProgramOfStudy, ProgramStatus

from .. import selectors_plans as sel
from ..models import (
    Favourite,
    FavouriteKind,
    Plan,
    PlanActivity,
    PlanCareer,
    PlanComment,
    PlanCourse,
    PlanCredential,
    PlanStatus,
    PlanVersion,
    PostsecondaryStep,
    StepCost,
)

COMMENT_MAX = 2000
NOTE_MAX = 2000
GOALS_MAX = 2000
DECISIONS = ("approve", "request_changes")


# --- helpers ---------------------------------------------------------------------------------


def _not_found() -> NotFound:
    return NotFound(_("Not found."))


def _visible(acting_user: Actor, student: User) -> None:
    """NotFound unless the user may see the student's record at all."""
    if not acting_user.is_authenticated:
        raise _not_found()
    if not User.objects.filter(policies.students_visible_to(acting_user)).filter(pk=student.pk).exists():
        raise _not_found()


def _own(acting_user: Actor, student: User) -> sel.StudentInfo:
    """The student themselves (their plan and favourites are theirs to change); anyone else: 404."""
    _visible(acting_user, student)
    if policies.scope_of(acting_user).user_id != student.pk:
        raise _not_found()
    info = sel.student_info(student)
    if info.consortium_id is None:
        raise InvalidInput(_("Only students have favourites and a plan."))
    return info


def _cid(info: sel.StudentInfo) -> int:
    """The student's consortium (`_own` has refused a user without one)."""
    assert info.consortium_id is not None
    return info.consortium_id


def _storage(info: sel.StudentInfo) -> None:
    if not sel.storage_allowed(info):
        raise InvalidInput(
            _(
                "Pathways can save this once your school or a parent has given consent "
                "(you are under 13). Ask your counselor."
            )
        )


def _audit(acting_user: Actor, action: str, row: ConsortiumOwned, student: User, **details: Any) -> None:
    audit_record(
        acting_user=acting_user,
        action=f"students.{action}",
        object_type=type(row).__name__,
        object_id=str(row.public_id),
        details={"consortium": row.consortium_id, "student": str(student.public_id), **details},
    )


def _text(value: str | None, field: str, *, required: bool, max_length: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("Use at most %(n)s characters (this has %(len)s).") % {"n": max_length, "len": len(value)},
            field=field,
        )
    return value


def _grade(value: int | str | None, field: str = "grade", *, required: bool = True) -> int | None:
    if value is None or str(value).strip() == "":
        if required:
            raise InvalidInput(_("Choose a grade from 6 to 12."), field=field)
        return None
    try:
        grade = int(str(value))
    except ValueError:
        raise InvalidInput(_("Choose a grade from 6 to 12."), field=field) from None
    if grade not in sel.PLAN_GRADES:
        raise InvalidInput(_("Choose a grade from 6 to 12."), field=field)
    return grade


def _same(child: ConsortiumOwned, parent: object, field: str) -> None:
    try:
        ensure_same_consortium(child, parent)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=field) from exc


def _editable(acting_user: Actor, plan: Plan) -> sel.StudentInfo:
    info = _own(acting_user, plan.student)
    _storage(info)
    return info


def _content_changed(plan: Plan) -> None:
    """Call after any change of the plan's content (inside the service's transaction)."""
    fields = ["updated_at"]
    if sel.version_frozen(plan):
        plan.version += 1
        fields.append("version")
    if plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        plan.status = PlanStatus.DRAFT
        fields.append("status")
    plan.save(update_fields=fields)


def _snapshot(plan: Plan, event: str, acting_user: Actor) -> PlanVersion:
    info = sel.student_info(plan.student)
    view = sel.plan_view(info, plan)
    return PlanVersion.objects.create(
        consortium_id=plan.consortium_id,
        plan=plan,
        version=plan.version,
        event=event,
        snapshot=sel.plan_snapshot(view),
        created_by=acting_user if acting_user.is_authenticated else None,
    )


# --- favourites ------------------------------------------------------------------------------


def _favourite_target(
    info: sel.StudentInfo, occupation: Occupation | None, program: ProgramOfStudy | None
) -> dict[str, Any]:
    if (occupation is None) == (program is None):
        raise InvalidInput(_("Choose one career or one program of study."), field="occupation")
    if occupation is not None:
        return {"kind": FavouriteKind.OCCUPATION, "occupation": occupation}
    assert program is not None
    if program.consortium_id != info.consortium_id or program.status != ProgramStatus.ACTIVE:
        raise NotFound(_("No program of study was found."), field="program")
    return {"kind": FavouriteKind.PROGRAM, "program": program}


@transaction.atomic
def favourite_add(
    *,
    acting_user: Actor,
    student: User,
    occupation: Occupation | None = None,
    program: ProgramOfStudy | None = None,
) -> Favourite:
    """Save a career or a program to the student's favourites (saving it again changes nothing)."""
    info = _own(acting_user, student)
    _storage(info)
    target = _favourite_target(info, occupation, program)
    lookup = {k: v for k, v in target.items() if k != "kind"}
    existing = Favourite.objects.filter(student=student, **lookup).first()
    if existing is not None:
        return existing
    favourite = Favourite.objects.create(consortium_id=_cid(info), student=student, **target)
    _audit(
        acting_user,
        "favourite.add",
        favourite,
        student,
        occupation=occupation.code if occupation else None,
        program=str(program.public_id) if program else None,
    )
    return favourite


@transaction.atomic
def favourite_remove(
    *,
    acting_user: Actor,
    student: User,
    occupation: Occupation | None = None,
    program: ProgramOfStudy | None = None,
) -> bool:
    """Remove a career or program from the favourites; False if it was not there."""
    info = _own(acting_user, student)
    if (occupation is None) == (program is None):
        raise InvalidInput(_("Choose one career or one program of study."), field="occupation")
    lookup: dict[str, Any] = {"occupation": occupation} if occupation is not None else {"program": program}
    favourite = Favourite.objects.filter(student=student, consortium_id=_cid(info), **lookup).first()
    if favourite is None:
        return False
    _audit(
        acting_user,
        "favourite.remove",
        favourite,
        student,
        occupation=occupation.code if occupation else None,
        program=str(program.public_id) if program else None,
    )
    favourite.delete()
    return True


# --- step costs ------------------------------------------------------------------------------

# Approximate national figures (sources in docs/plans.md); each consortium should set local ones.
STEP_COST_DEFAULTS: dict[str, tuple[Decimal, int, bool, str]] = {
    PostsecondaryStep.CERTIFICATE: (
        Decimal("1.0"),
        4050,
        False,
        "Approximate national figure: College Board, Trends in College Pricing 2024, average published "
        "tuition and fees at public two-year colleges (in-district), 2024-25; about one year of study.",
    ),
    PostsecondaryStep.TWO_YEAR: (
        Decimal("2.0"),
        4050,
        False,
        "Approximate national figure: College Board, Trends in College Pricing 2024, average published "
        "tuition and fees at public two-year colleges (in-district), 2024-25.",
    ),
    PostsecondaryStep.APPRENTICESHIP: (
        Decimal("4.0"),
        0,
        True,
        "Approximate national figure: U.S. Department of Labor, Apprenticeship.gov: Registered "
        "Apprenticeships last one to six years (four is common); apprentices are paid from day one "
        "and related instruction is usually free to them.",
    ),
    PostsecondaryStep.FOUR_YEAR: (
        Decimal("4.0"),
        11610,
        False,
        "Approximate national figure: College Board, Trends in College Pricing 2024, average published "
        "tuition and fees at public four-year institutions (in-state), 2024-25.",
    ),
    PostsecondaryStep.MILITARY: (
        Decimal("4.0"),
        0,
        True,
        "Approximate national figure: a first enlistment is commonly four years of active duty "
        "(U.S. Department of Defense, todaysmilitary.com); service members are paid and trained.",
    ),
    PostsecondaryStep.WORK: (
        Decimal("0.0"),
        0,
        True,
        "No tuition: training happens on the job.",
    ),
}


@transaction.atomic
def step_costs_ensure(*, consortium_id: int) -> dict[str, StepCost]:
    """The consortium's step costs, creating the documented defaults on first use (audited)."""
    have = sel.step_costs(consortium_id)
    missing = [step for step in STEP_COST_DEFAULTS if step not in have]
    for step in missing:
        years, annual, earns, source = STEP_COST_DEFAULTS[step]
        cost, _created = StepCost.objects.get_or_create(
            consortium_id=consortium_id,
            step=step,
            defaults={"years": years, "annual_cost": annual, "earns_while_learning": earns, "source": source},
        )
        have[step] = cost
    if missing:
        audit_record(
            acting_user=None,
            action="students.step_cost.defaults",
            object_type="StepCost",
            details={"consortium": consortium_id, "steps": [str(s) for s in missing]},
        )
    return have


@transaction.atomic
def step_cost_set(
    *,
    acting_user: Actor,
    consortium_id: int,
    step: str,
    years: Decimal | float | str | None,
    annual_cost: int | str | None,
    earns_while_learning: bool,
    source: str,
) -> StepCost:
    """A consortium's local figure for one step after high school (its leaders only)."""
    if not policies.is_leader(acting_user, consortium_id):
        raise _not_found()
    if step not in PostsecondaryStep.values:
        raise InvalidInput(_("Choose a step after high school."), field="step")
    try:
        years_value = Decimal(str(years).strip())
    except (InvalidOperation, ValueError):
        years_value = Decimal(-1)
    if not years_value.is_finite() or not Decimal(0) <= years_value <= Decimal(10):
        raise InvalidInput(_("Enter the years as a number from 0 to 10, like 2 or 1.5."), field="years")
    try:
        annual = int(str(annual_cost).strip().replace(",", "").lstrip("$"))
    except ValueError:
        annual = -1
    if not 0 <= annual <= 200_000:
        raise InvalidInput(
            _("Enter the yearly cost in whole dollars, from 0 to 200,000."), field="annual_cost"
        )
    source = _text(source, "source", required=True, max_length=300)
    step_costs_ensure(consortium_id=consortium_id)
    cost = StepCost.objects.get(consortium_id=consortium_id, step=step)
    cost.years = years_value.quantize(Decimal("0.1"))
    cost.annual_cost = annual
    cost.earns_while_learning = earns_while_learning
    cost.source = source
    cost.save(update_fields=["years", "annual_cost", "earns_while_learning", "source", "updated_at"])
    audit_record(
        acting_user=acting_user,
        action="students.step_cost.set",
        object_type="StepCost",
        object_id=str(cost.public_id),
        details={"consortium": consortium_id, "step": step, "years": str(cost.years), "annual_cost": annual},
    )
    return cost


# --- the plan: content -----------------------------------------------------------------------


@transaction.atomic
def plan_get_or_create(*, acting_user: Actor, student: User) -> Plan:
    """The student's plan, started as a draft the first time they change something."""
    info = _own(acting_user, student)
    plan = sel.plan_of(student)
    if plan is not None:
        return plan
    _storage(info)
    assert info.consortium_id is not None
    plan = Plan.objects.create(consortium_id=info.consortium_id, student=student)
    step_costs_ensure(consortium_id=info.consortium_id)
    _audit(acting_user, "plan.create", plan, student)
    return plan


@transaction.atomic
def plan_career_add(*, acting_user: Actor, plan: Plan, occupation: Occupation | None) -> PlanCareer:
    _editable(acting_user, plan)
    if occupation is None:
        raise InvalidInput(_("Choose a career."), field="occupation")
    careers = list(plan.careers.all())
    if any(c.occupation_id == occupation.code for c in careers):
        raise InvalidInput(
            _("%(title)s is already one of your careers.") % {"title": occupation.title}, field="occupation"
        )
    if len(careers) >= sel.MAX_CAREERS:
        raise InvalidInput(
            _("You can choose up to %(n)s careers. Remove one to add another.") % {"n": sel.MAX_CAREERS},
            field="occupation",
        )
    order = max((c.order for c in careers), default=0) + 1
    row = PlanCareer.objects.create(
        consortium_id=plan.consortium_id, plan=plan, occupation=occupation, order=order
    )
    _content_changed(plan)
    _audit(acting_user, "plan.career.add", plan, plan.student, occupation=occupation.code)
    return row


@transaction.atomic
def plan_career_remove(*, acting_user: Actor, plan: Plan, occupation: Occupation) -> None:
    _editable(acting_user, plan)
    row = plan.careers.filter(occupation=occupation).first()
    if row is None:
        raise InvalidInput(_("This career is not in your plan."), field="occupation")
    row.delete()
    for position, career in enumerate(plan.careers.order_by("order", "pk"), 1):
        if career.order != position:
            career.order = position
            career.save(update_fields=["order", "updated_at"])
    _content_changed(plan)
    _audit(acting_user, "plan.career.remove", plan, plan.student, occupation=occupation.code)


@transaction.atomic
def plan_program_set(*, acting_user: Actor, plan: Plan, program: ProgramOfStudy | None) -> Plan:
    """Choose the program of study (None: no program). The program's courses are placed in the
    plan at their recommended grades (the student can move them); the previous program's courses
    and credentials leave the plan."""
    info = _editable(acting_user, plan)
    if program is not None:
        _same(plan, program, "program")
        reachable = {row.program.pk for row in sel.reachable_programs(info)}
        if program.status != ProgramStatus.ACTIVE or program.pk not in reachable:
            raise InvalidInput(
                _("Students at your school cannot enrol in %(name)s. Choose a program from the list.")
                % {"name": program.name},
                field="program",
            )
    if (program.pk if program else None) == plan.program_id:
        return plan
    old = plan.program_id
    if old is not None:
        plan.courses.filter(program_course__program_id=old).delete()
    keep = (
        set(program.program_credentials.values_list("credential_id", flat=True))
        if program is not None
        else set()
    )
    plan.credentials.exclude(credential_id__in=keep).delete()
    plan.program = program
    plan.save(update_fields=["program", "updated_at"])
    if program is not None:
        taken = set(plan.courses.exclude(course__isnull=True).values_list("course_id", flat=True))
        next_order: dict[int, int] = {}
        for grade, top in plan.courses.values_list("grade").annotate(top=Max("order")):
            next_order[grade] = top or 0
        for pc, grade in sel.program_sequence_grades(program):
            if pc.course_id in taken:
                # The student already planned this course by title: link it to the program's sequence.
                plan.courses.filter(course_id=pc.course_id, program_course__isnull=True).update(
                    program_course=pc, course=None
                )
                continue
            next_order[grade] = next_order.get(grade, 0) + 1
            PlanCourse.objects.create(
                consortium_id=plan.consortium_id,
                plan=plan,
                grade=grade,
                program_course=pc,
                title=pc.course.title[:200],
                order=next_order[grade],
            )
    _content_changed(plan)
    _audit(
        acting_user,
        "plan.program.set",
        plan,
        plan.student,
        program=str(program.public_id) if program else None,
    )
    return plan


def _next_order(plan: Plan, grade: int) -> int:
    return (plan.courses.filter(grade=grade).aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def plan_course_add(
    *,
    acting_user: Actor,
    plan: Plan,
    grade: int | str | None,
    title: str = "",
    course: Course | None = None,
    program_course: ProgramCourse | None = None,
) -> PlanCourse:
    """Add a course in a grade: one of the program's courses, a course of the consortium's catalog,
    or any course by its title (a title that names a catalog course links to it)."""
    info = _editable(acting_user, plan)
    grade_value = _grade(grade)
    assert grade_value is not None
    row = PlanCourse(consortium_id=plan.consortium_id, plan=plan, grade=grade_value)
    if program_course is not None:
        _same(row, program_course, "program_course")
        if plan.program_id is None or program_course.program_id != plan.program_id:
            raise InvalidInput(_("This course is not part of your program of study."), field="program_course")
        if plan.courses.filter(program_course=program_course).exists():
            raise InvalidInput(_("This course is already in your plan."), field="program_course")
        row.program_course = program_course
        row.title = program_course.course.title[:200]
    else:
        if course is None:
            name = _text(title, "title", required=True, max_length=200)
            course = (
                Course.objects.filter(consortium_id=_cid(info), title__iexact=name).first()
                or Course.objects.filter(consortium_id=_cid(info), code__iexact=name).first()
            )
            row.title = name
        if course is not None:
            _same(row, course, "course")
            in_program = (
                ProgramCourse.objects.filter(program_id=plan.program_id, course=course).first()
                if plan.program_id
                else None
            )
            if plan.courses.filter(course=course).exists() or (
                in_program is not None and plan.courses.filter(program_course=in_program).exists()
            ):
                raise InvalidInput(_("This course is already in your plan."), field="title")
            if in_program is not None:
                row.program_course = in_program
            else:
                row.course = course
            row.title = course.title[:200]
    row.order = _next_order(plan, grade_value)
    row.save()
    _content_changed(plan)
    _audit(acting_user, "plan.course.add", plan, plan.student, title=row.title, grade=grade_value)
    return row


@transaction.atomic
def plan_course_move(*, acting_user: Actor, plan_course: PlanCourse, grade: int | str | None) -> PlanCourse:
    plan = plan_course.plan
    _editable(acting_user, plan)
    grade_value = _grade(grade)
    assert grade_value is not None
    if grade_value == plan_course.grade:
        return plan_course
    old = plan_course.grade
    plan_course.grade = grade_value
    plan_course.order = _next_order(plan, grade_value)
    plan_course.save(update_fields=["grade", "order", "updated_at"])
    _content_changed(plan)
    _audit(
        acting_user,
        "plan.course.move",
        plan,
        plan.student,
        title=plan_course.title,
        grade=grade_value,
        was=old,
    )
    return plan_course


@transaction.atomic
def plan_course_remove(*, acting_user: Actor, plan_course: PlanCourse) -> None:
    plan = plan_course.plan
    _editable(acting_user, plan)
    title, grade = plan_course.title, plan_course.grade
    plan_course.delete()
    _content_changed(plan)
    _audit(acting_user, "plan.course.remove", plan, plan.student, title=title, grade=grade)


@transaction.atomic
def plan_credentials_set(*, acting_user: Actor, plan: Plan, credentials: Iterable[Credential]) -> None:
    """The program's credentials the student plans to earn (a checklist: the whole set at once)."""
    _editable(acting_user, plan)
    chosen = list(credentials)
    for credential in chosen:
        _same(plan, credential, "credentials")
    allowed = (
        set(plan.program.program_credentials.values_list("credential_id", flat=True))
        if plan.program is not None
        else set()
    )
    outside = [c for c in chosen if c.pk not in allowed]
    if outside:
        raise InvalidInput(
            _("%(name)s is not a credential of your program of study.") % {"name": outside[0].name},
            field="credentials",
        )
    wanted = {c.pk for c in chosen}
    have = set(plan.credentials.values_list("credential_id", flat=True))
    if wanted == have:
        return
    plan.credentials.exclude(credential_id__in=wanted).delete()
    for credential in chosen:
        if credential.pk not in have:
            PlanCredential.objects.create(consortium_id=plan.consortium_id, plan=plan, credential=credential)
    _content_changed(plan)
    _audit(
        acting_user, "plan.credentials.set", plan, plan.student, credentials=sorted(c.name for c in chosen)
    )


@transaction.atomic
def plan_activity_add(
    *, acting_user: Actor, plan: Plan, kind: str, description: str, grade: int | str | None = None
) -> PlanActivity:
    _editable(acting_user, plan)
    if kind not in sel.ActivityKind.VALUES:
        raise InvalidInput(_("Choose what kind of experience it is."), field="kind")
    text = _text(description, "description", required=True, max_length=300)
    grade_value = _grade(grade, required=False)
    activity = PlanActivity.objects.create(
        consortium_id=plan.consortium_id, plan=plan, kind=kind, description=text, grade=grade_value
    )
    _content_changed(plan)
    _audit(acting_user, "plan.activity.add", plan, plan.student, kind=kind)
    return activity


@transaction.atomic
def plan_activity_remove(*, acting_user: Actor, activity: PlanActivity) -> None:
    plan = activity.plan
    _editable(acting_user, plan)
    kind = activity.kind
    activity.delete()
    _content_changed(plan)
    _audit(acting_user, "plan.activity.remove", plan, plan.student, kind=kind)


@transaction.atomic
def plan_next_step_set(
    *,
    acting_user: Actor,
    plan: Plan,
    step: str,
    postsecondary_program: CipProgram | None = None,
    note: str = "",
    goals: str = "",
) -> Plan:
    """The step after high school (or none yet), an optional CIP program, a note and goals."""
    _editable(acting_user, plan)
    if step and step not in PostsecondaryStep.values:
        raise InvalidInput(_("Choose a step after high school."), field="step")
    if postsecondary_program is not None and len(postsecondary_program.code) != 7:
        raise InvalidInput(
            _("Choose a specific program (a six-digit CIP code like 51.3801)."), field="postsecondary_program"
        )
    note = _text(note, "note", required=False, max_length=NOTE_MAX)
    goals = _text(goals, "goals", required=False, max_length=GOALS_MAX)
    values = {
        "postsecondary_step": step,
        "postsecondary_program": postsecondary_program,
        "postsecondary_note": note,
        "goals": goals,
    }
    changed = [
        name
        for name, value in values.items()
        if (getattr(plan, f"{name}_id") if name == "postsecondary_program" else getattr(plan, name))
        != (value.code if isinstance(value, CipProgram) else value)
    ]
    if not changed:
        return plan
    for name in changed:
        setattr(plan, name, values[name])
    plan.save(update_fields=[*changed, "updated_at"])
    step_costs_ensure(consortium_id=plan.consortium_id)
    _content_changed(plan)
    _audit(
        acting_user,
        "plan.next_step.set",
        plan,
        plan.student,
        step=step,
        cip=postsecondary_program.code if postsecondary_program else None,
    )
    return plan


# --- the plan: review, acknowledgement, comments ---------------------------------------------


def plan_submit_problems(view: sel.PlanView) -> list[str]:
    """What a plan still needs before it can be sent for review (empty: ready)."""
    problems = []
    if not view.careers:
        problems.append(_("Choose at least one career you are aiming for."))
    if view.plan is None or not view.plan.postsecondary_step:
        problems.append(_("Choose your step after high school."))
    return problems


@transaction.atomic
def plan_submit(*, acting_user: Actor, plan: Plan) -> PlanVersion:
    """The student sends the plan to their counselor for review (a snapshot of this version)."""
    info = _editable(acting_user, plan)
    if plan.status == PlanStatus.SUBMITTED:
        raise InvalidInput(_("Your plan is already waiting for your counselor's review."))
    if plan.status == PlanStatus.APPROVED:
        raise InvalidInput(_("Your counselor already approved this version of your plan."))
    problems = plan_submit_problems(sel.plan_view(info, plan))
    if problems:
        raise InvalidInput(" ".join(problems))
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    version = _snapshot(plan, "submitted", acting_user)
    _audit(acting_user, "plan.submit", plan, plan.student, version=plan.version)
    return version


@transaction.atomic
def plan_review(*, acting_user: Actor, plan: Plan, decision: str, note: str = "") -> PlanVersion:
    """A counselor of the student's school (or a consortium leader) approves the submitted plan or
    asks for changes (a note is then required)."""
    student = plan.student
    _visible(acting_user, student)
    info = sel.student_info(student)
    if not sel.may_review(acting_user, info) or policies.scope_of(acting_user).user_id == student.pk:
        raise _not_found()
    if decision not in DECISIONS:
        raise InvalidInput(_("Choose: approve the plan, or ask for changes."), field="decision")
    note = _text(note, "note", required=decision == "request_changes", max_length=NOTE_MAX)
    if plan.status != PlanStatus.SUBMITTED:
        raise InvalidInput(_("This plan is not waiting for review."), field="decision")
    plan.status = PlanStatus.APPROVED if decision == "approve" else PlanStatus.CHANGES_REQUESTED
    plan.reviewed_by = acting_user  # type: ignore[assignment]
    plan.reviewed_at = timezone.now()
    plan.review_note = note
    plan.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    event = "approved" if decision == "approve" else "changes_requested"
    version = _snapshot(plan, event, acting_user)
    _audit(acting_user, f"plan.{event}", plan, student, version=plan.version)
    return version


@transaction.atomic
def plan_acknowledge(*, acting_user: Actor, plan: Plan) -> PlanVersion:
    """A linked parent or guardian acknowledges the plan; the version they saw is recorded."""
    student = plan.student
    _visible(acting_user, student)
    if not sel.is_linked_guardian(acting_user, student):
        raise _not_found()
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        raise InvalidInput(
            _("The plan is still a draft. You can acknowledge it once %(name)s sends it to the counselor.")
            % {"name": student.first_name or student.display_name}
        )
    if plan.acknowledged_version == plan.version:
        raise InvalidInput(_("You already acknowledged this version of the plan."))
    plan.acknowledged_by = acting_user  # type: ignore[assignment]
    plan.acknowledged_at = timezone.now()
    plan.acknowledged_version = plan.version
    plan.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledged_version", "updated_at"])
    version = _snapshot(plan, "acknowledged", acting_user)
    _audit(acting_user, "plan.acknowledge", plan, student, version=plan.version)
    return version


@transaction.atomic
def plan_comment_add(*, acting_user: Actor, plan: Plan, text: str) -> PlanComment:
    """A comment by the student, a linked guardian, or staff who may see the student."""
    _visible(acting_user, plan.student)
    body = _text(text, "text", required=True, max_length=COMMENT_MAX)
    comment = PlanComment.objects.create(
        consortium_id=plan.consortium_id,
        plan=plan,
        author=acting_user,  # type: ignore[misc]
        text=body,
    )
    _audit(acting_user, "plan.comment.add", comment, plan.student, version=plan.version)
    return comment
