"""Writes: profiler. Every service takes acting_user and audits changes to a student record.

- `profile_ensure`: the student's StudentProfile (school, consortium, consent status), created
  on first use.
- `attempt_start`, `attempt_answer`, `attempt_answers_save`, `attempt_complete`: taking the
  Interest Profiler. A student takes only their own; nothing is stored for a student who needs
  consent (under 13, docs/students-profiler.md) until it is recorded.
- `consent_record`, `consent_withdraw`: by the student's school staff or linked guardian, as the
  consortium's StudentSettings allow. Withdrawal deletes the stored profiler attempts.
- `profile_preferences_set`: the job zones and the wage area the student's matches use.
- `student_settings_update`: a consortium leader's choice of the consent rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pathways.accounts import policies
from pathways.accounts.models import User
from pathways.accounts.policies import Actor
from pathways.core.audit import audit_record
from pathways.core.errors import DomainError, InvalidInput, NotFound
from pathways.core.models import ensure_same_consortium
from pathways.labor.selectors import area_resolve
from pathways.matching.interests import ANSWER_LABELS, ITEM_COUNT, score_answers, top_areas
from pathways.orgs.models import Consortium

from .. import selectors_profiler as selectors
from ..models import (
    AttemptStatus,
    ConsentSource,
    ConsentStatus,
    ProfilerAttempt,
    StudentProfile,
    StudentSettings,
)


class ConsentNeeded(DomainError):
    """Storing is not allowed yet: the student may be under 13 and nobody has consented."""

    status_code = 403


def _student_id(student: User) -> str:
    return str(student.public_id)


@transaction.atomic
def profile_ensure(*, acting_user: Actor, student: User) -> StudentProfile:
    """The student's profile, created from their student membership on first use.

    The consent status starts as "not needed" for a student the under-13 rule clears, else
    "pending". Raises InvalidInput for a user who is not a student.
    """
    found = selectors.profile_of(student)
    if found is not None:
        return found
    membership = selectors.student_membership(student)
    if membership is None:
        raise InvalidInput(_("Only students have an Interest Profiler record."), field="student")
    under_13 = selectors.possibly_under_13(
        date_of_birth=None, grade_level=student.grade_level, school=membership.school
    )
    profile, created = StudentProfile.objects.get_or_create(
        student=student,
        defaults={
            "consortium": membership.consortium,
            "school": membership.school,
            "consent_status": ConsentStatus.PENDING if under_13 else ConsentStatus.NOT_NEEDED,
        },
    )
    if created:
        audit_record(
            acting_user=acting_user,
            action="student.profile_create",
            object_type="student",
            object_id=_student_id(student),
            details={"consent_status": profile.consent_status},
        )
    return selectors.profile_of(student) or profile


def _consent(student: User, profile: StudentProfile) -> selectors.ConsentState:
    return selectors.consent_state(student, profile, profile.consortium_id)


def _refuse_unless_may_store(student: User, profile: StudentProfile) -> None:
    if not _consent(student, profile).may_store:
        raise ConsentNeeded(
            _(
                "Nothing can be saved yet: a parent, guardian or the school must first agree that "
                "Pathways may keep your answers."
            )
        )


def _own(acting_user: Actor, attempt: ProfilerAttempt) -> None:
    if not acting_user.is_authenticated or attempt.student_id != acting_user.pk:
        raise NotFound(_("Not found."))


def _in_progress(attempt: ProfilerAttempt) -> None:
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise InvalidInput(
            _(
                "This Interest Profiler is finished, so its answers can no longer change. "
                "Start a new one to retake it."
            ),
            field="answers",
        )


def _check_answer(position: int, answer: str) -> None:
    if isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= ITEM_COUNT:
        raise InvalidInput(
            _("There is no activity number %(n)s: they go from 1 to 60.") % {"n": position}, field="item"
        )
    if answer not in ANSWER_LABELS:
        raise InvalidInput(
            _("Choose one of the five answers, from Strongly Dislike to Strongly Like."), field="answer"
        )


@transaction.atomic
def attempt_start(*, acting_user: Actor, student: User) -> ProfilerAttempt:
    """The student's attempt in progress, or a new one (a retake when earlier ones are finished:
    those stay as history). Only the student starts their own."""
    if not acting_user.is_authenticated or acting_user.pk != student.pk:
        raise NotFound(_("Not found."))
    profile = profile_ensure(acting_user=acting_user, student=student)
    _refuse_unless_may_store(student, profile)
    current = (
        ProfilerAttempt.objects.select_for_update()
        .filter(student=student, status=AttemptStatus.IN_PROGRESS)
        .order_by("-created_at", "-pk")
        .first()
    )
    if current is not None:
        return current
    attempt = ProfilerAttempt(
        consortium_id=profile.consortium_id, student=student, language=(get_language() or "en")[:5]
    )
    ensure_same_consortium(attempt, profile)
    attempt.save()
    audit_record(
        acting_user=acting_user,
        action="profiler.attempt_start",
        object_type="profiler_attempt",
        object_id=str(attempt.public_id),
        details={"student": _student_id(student), "retake": selectors.attempts_completed(student).exists()},
    )
    return attempt


def _locked(attempt: ProfilerAttempt) -> ProfilerAttempt:
    return ProfilerAttempt.objects.select_for_update().select_related("student").get(pk=attempt.pk)


@transaction.atomic
def attempt_answer(
    *, acting_user: Actor, attempt: ProfilerAttempt, position: int, answer: str
) -> ProfilerAttempt:
    """Save one answer ("1".."5") to item `position` (1-60) of the student's attempt in progress."""
    _own(acting_user, attempt)
    _check_answer(position, answer)
    current = _locked(attempt)
    _in_progress(current)
    profile = profile_ensure(acting_user=acting_user, student=current.student)
    _refuse_unless_may_store(current.student, profile)
    answers = current.answers[: position - 1] + answer + current.answers[position:]
    if answers != current.answers:
        current.answers = answers
        current.save(update_fields=["answers", "updated_at"])
        audit_record(
            acting_user=acting_user,
            action="profiler.answer",
            object_type="profiler_attempt",
            object_id=str(current.public_id),
            details={"item": position},
        )
    return current


@transaction.atomic
def attempt_answers_save(
    *, acting_user: Actor, attempt: ProfilerAttempt, answers: Mapping[int, str]
) -> ProfilerAttempt:
    """Save several answers at once (the all-items grid): {position: "1".."5"}. All or nothing."""
    _own(acting_user, attempt)
    for position, answer in answers.items():
        _check_answer(position, answer)
    current = _locked(attempt)
    _in_progress(current)
    profile = profile_ensure(acting_user=acting_user, student=current.student)
    _refuse_unless_may_store(current.student, profile)
    chars = list(current.answers)
    for position, answer in answers.items():
        chars[position - 1] = answer
    updated = "".join(chars)
    if updated != current.answers:
        changed = sum(1 for old, new in zip(current.answers, updated, strict=True) if old != new)
        current.answers = updated
        current.save(update_fields=["answers", "updated_at"])
        audit_record(
            acting_user=acting_user,
            action="profiler.answers_save",
            object_type="profiler_attempt",
            object_id=str(current.public_id),
            details={"changed": changed},
        )
    return current


@transaction.atomic
def attempt_complete(*, acting_user: Actor, attempt: ProfilerAttempt) -> ProfilerAttempt:
    """Finish an attempt whose 60 answers are all given: its six scores and top three areas are
    stored, and it becomes history (a retake starts a new attempt)."""
    _own(acting_user, attempt)
    current = _locked(attempt)
    if current.status == AttemptStatus.COMPLETED:
        return current
    missing = current.answers.count("0")
    if missing:
        raise InvalidInput(
            _("Answer every activity first: %(n)s still need an answer.") % {"n": missing}, field="answers"
        )
    profile = profile_ensure(acting_user=acting_user, student=current.student)
    _refuse_unless_may_store(current.student, profile)
    scores = score_answers(current.answers)
    current.scores = scores
    current.top = "".join(top_areas(scores))
    current.status = AttemptStatus.COMPLETED
    current.completed_at = timezone.now()
    current.save(update_fields=["scores", "top", "status", "completed_at", "updated_at"])
    audit_record(
        acting_user=acting_user,
        action="profiler.attempt_complete",
        object_type="profiler_attempt",
        object_id=str(current.public_id),
        details={"student": _student_id(current.student), "top": current.top},
    )
    return current


@transaction.atomic
def consent_record(*, acting_user: Actor, student: User, source: str) -> StudentProfile:
    """Record consent for a student under 13: `source` "school" by the student's school staff (if
    the consortium lets the school consent) or "guardian" by a linked parent or guardian (if it
    lets guardians consent). From then on the student's profiler answers are stored."""
    if source not in ConsentSource.values:
        raise InvalidInput(
            _("source must be one of: %(values)s") % {"values": ", ".join(ConsentSource.values)},
            field="source",
        )
    profile = profile_ensure(acting_user=acting_user, student=student)
    state = _consent(student, profile)
    school = selectors.student_school(student, profile)
    allowed = (
        selectors.may_consent_as_school(acting_user, student, school, state)
        if source == ConsentSource.SCHOOL
        else selectors.may_consent_as_guardian(acting_user, student, state)
    )
    if not allowed:
        message = (
            _(
                "Only staff of the student's school can give consent for the school, and only if the "
                "consortium allows it."
            )
            if source == ConsentSource.SCHOOL
            else _(
                "Only a parent or guardian linked to the student can give consent as a parent, and only "
                "if the consortium allows it."
            )
        )
        raise InvalidInput(message, field="source")
    profile.consent_status = ConsentStatus.GRANTED
    profile.consent_source = source
    profile.consent_recorded_by = acting_user  # type: ignore[assignment]  # checked authenticated above
    profile.consent_recorded_at = timezone.now()
    profile.save(
        update_fields=[
            "consent_status",
            "consent_source",
            "consent_recorded_by",
            "consent_recorded_at",
            "updated_at",
        ]
    )
    audit_record(
        acting_user=acting_user,
        action="student.consent_record",
        object_type="student",
        object_id=_student_id(student),
        details={"source": source},
    )
    return profile


@transaction.atomic
def consent_withdraw(*, acting_user: Actor, student: User, confirm: bool) -> int:
    """Withdraw consent: nothing more is stored for the student while the under-13 rule applies,
    and their stored profiler attempts (answers, scores, history) are deleted. `confirm` must be
    True (the page asks first). Returns how many attempts were deleted."""
    profile = profile_ensure(acting_user=acting_user, student=student)
    school = selectors.student_school(student, profile)
    if not selectors.may_withdraw_consent(acting_user, student, school):
        raise InvalidInput(_("You cannot withdraw consent for this student."), field="consent")
    if not confirm:
        raise InvalidInput(
            _("Tick the box to confirm that the student's saved answers and results will be deleted."),
            field="confirm",
        )
    deleted, _detail = ProfilerAttempt.objects.filter(student=student).delete()
    profile.consent_status = ConsentStatus.WITHDRAWN
    profile.consent_source = ""
    profile.consent_recorded_by = acting_user  # type: ignore[assignment]  # checked above
    profile.consent_recorded_at = timezone.now()
    profile.save(
        update_fields=[
            "consent_status",
            "consent_source",
            "consent_recorded_by",
            "consent_recorded_at",
            "updated_at",
        ]
    )
    audit_record(
        acting_user=acting_user,
        action="student.consent_withdraw",
        object_type="student",
        object_id=_student_id(student),
        details={"attempts_deleted": deleted},
    )
    return deleted


@transaction.atomic
def profile_preferences_set(
    *,
    acting_user: Actor,
    student: User,
    job_zones: Iterable[int] | None = None,
    area: str | None = None,
) -> StudentProfile:
    """The job zones (1-5; empty = all) and the wage area (an OEWS area code or a ZIP code; "" =
    the school's area) the student's matches use. Only the student sets their own."""
    if not acting_user.is_authenticated or acting_user.pk != student.pk:
        raise NotFound(_("Not found."))
    profile = profile_ensure(acting_user=acting_user, student=student)
    _refuse_unless_may_store(student, profile)
    fields = []
    changes: dict[str, object] = {}
    if job_zones is not None:
        zones = list(selectors.zones_clean(job_zones))
        value = [] if tuple(zones) == selectors.ALL_ZONES else zones
        if value != profile.job_zones:
            profile.job_zones = value
            fields.append("job_zones")
            changes["job_zones"] = value
    if area is not None:
        code = area_resolve(area, param="area").area.code if area.strip() else ""
        if code != profile.area_code:
            profile.area_code = code
            fields.append("area_code")
            changes["area_code"] = code
    if fields:
        profile.save(update_fields=[*fields, "updated_at"])
        audit_record(
            acting_user=acting_user,
            action="student.preferences_set",
            object_type="student",
            object_id=_student_id(student),
            details=changes,
        )
    return profile


@transaction.atomic
def student_settings_update(
    *,
    acting_user: Actor,
    consortium: Consortium,
    require_consent_under_13: bool,
    school_may_consent: bool,
    guardian_may_consent: bool,
) -> StudentSettings:
    """The consortium's consent rule. Its leaders only. At least one of school or guardian must be
    able to consent when consent is required (else no young student could ever be stored)."""
    if not policies.is_leader(acting_user, consortium.pk):
        raise NotFound(_("Not found."))
    if require_consent_under_13 and not (school_may_consent or guardian_may_consent):
        raise InvalidInput(
            _("Let the school, a parent or guardian, or both give consent: otherwise nobody could."),
            field="school_may_consent",
        )
    settings, _created = StudentSettings.objects.get_or_create(consortium=consortium)
    settings.require_consent_under_13 = require_consent_under_13
    settings.school_may_consent = school_may_consent
    settings.guardian_may_consent = guardian_may_consent
    settings.save(
        update_fields=["require_consent_under_13", "school_may_consent", "guardian_may_consent", "updated_at"]
    )
    audit_record(
        acting_user=acting_user,
        action="students.settings_update",
        object_type="consortium",
        object_id=str(consortium.slug),
        details={
            "require_consent_under_13": require_consent_under_13,
            "school_may_consent": school_may_consent,
            "guardian_may_consent": guardian_may_consent,
        },
    )
    return settings
