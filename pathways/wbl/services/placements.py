"""Writes: placements — the training agreement and its signatures, the training plan, hours,
evaluations and completion.

- A placement is created from a published round result (or a scramble claim), waiting for
  signatures, with the training agreement's terms taken from the opportunity and kept as facts
  (the text is rendered in each reader's language; each signature records the language it was
  signed in — see docs/wbl-matching-rounds.md).
- Signatures are typed names by the signed-in person, in one of four roles: the student, a
  linked guardian (only for a minor), the supervisor (the named supervisor or, when none is
  named, a contact of the host partner) and the coordinator (a consortium leader). The typed
  name must be the signer's own name as on their account. When every required signature is in,
  the placement is ACTIVE.
- Minor: under 18 on the start date by StudentProfile.date_of_birth; when the date of birth is
  unknown, a student below grade 12 (or of unknown grade) counts as a minor, so a guardian signs.
- Hours: logged by the student on an active placement: not in the future, not before the start,
  more than 0 and at most 12 hours a day (the day's entries together, returned ones aside);
  approved or returned with a note by the supervisor.
- Evaluations (midpoint, final) rate every skill 1-4; completion needs the final evaluation.

Every write is audited (placements are student records).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.accounts.policies import Actor, scope_of
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound

from .. import policies_rounds as pol
from ..models import (
    AgreementSignature,
    Competency,
    Evaluation,
    EvaluationKind,
    HoursEntry,
    HoursStatus,
    Placement,
    PlacementStatus,
    RoundResult,
    SignerRole,
    Skill,
)
from ..texts import AGREEMENT_VERSION

MAX_HOURS_PER_DAY = Decimal("12")
TEXT_MAX = 300
LONG_TEXT_MAX = 2000


def _not_found() -> NotFound:
    return NotFound(_("Not found."))


def _audit(acting_user: Actor, action: str, row: Any, placement: Placement, **details: Any) -> None:
    audit_record(
        acting_user=acting_user,
        action=f"wbl.{action}",
        object_type=type(row).__name__,
        object_id=str(row.public_id),
        details={
            "consortium": placement.consortium_id,
            "placement": str(placement.public_id),
            "student": str(placement.student.public_id),
            **details,
        },
    )


def _visible(acting_user: Actor, placement: Placement) -> None:
    if not Placement.objects.filter(pol.placements_visible_to(acting_user), pk=placement.pk).exists():
        raise _not_found()


def _text(value: str | None, field: str, *, required: bool, max_length: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > max_length:
        raise InvalidInput(_("Use at most %(n)s characters.") % {"n": max_length}, field=field)
    return value


# --- creation and the agreement --------------------------------------------------------------


def agreement_facts(placement: Placement) -> dict[str, Any]:
    """The training agreement's terms, taken from the opportunity when the placement is created
    and kept unchanged on the placement (the words are rendered in the reader's language)."""
    opp = placement.opportunity
    student = placement.student
    return {
        "version": AGREEMENT_VERSION,
        "student": student.get_full_name() or student.username,
        "partner": opp.partner.name,
        "opportunity": str(opp.public_id),
        "title": opp.title,
        "engagement": opp.engagement,
        "is_virtual": opp.is_virtual,
        "where": str(opp.location) if opp.location else "",
        "starts_on": placement.starts_on.isoformat(),
        "ends_on": placement.ends_on.isoformat() if placement.ends_on else None,
        "schedule": opp.schedule,
        "hours_target": placement.hours_target,
        "is_paid": opp.is_paid,
        "hourly_wage": str(opp.hourly_wage) if opp.is_paid and opp.hourly_wage else None,
        "transportation_notes": opp.transportation_notes,
        "description": opp.description,
    }


def signing_language() -> str:
    """The language the page is shown in now (the one a signer reads the agreement in)."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE.split("-")[0]


def _supervisor_for(placement: Placement) -> User | None:
    """The host's contact who supervises: the contact named on the opportunity (matched by email)
    or the host's only partner-contact account."""
    from pathways.accounts.roles import Role

    opp = placement.opportunity
    users = User.objects.filter(
        memberships__role=Role.PARTNER_CONTACT, memberships__partner_id=opp.partner_id
    ).distinct()
    if opp.supervisor_id and opp.supervisor and opp.supervisor.email:
        named = users.filter(email__iexact=opp.supervisor.email).first()
        if named:
            return named
    found = list(users[:2])
    return found[0] if len(found) == 1 else None


def create_from_result(
    acting_user: Actor, result: RoundResult, *, coordinator: User | None = None
) -> Placement:
    """The placement of a published (or scramble) result, waiting for signatures."""
    assert result.entry is not None
    opp = result.entry.opportunity
    existing = Placement.objects.filter(student=result.student, opportunity=opp).first()
    if existing is not None:
        if existing.round_result_id is None:
            existing.round_result = result
            existing.save(update_fields=["round_result", "updated_at"])
        return existing
    acting = (
        acting_user
        if acting_user.is_authenticated and pol.is_coordinator(acting_user, result.consortium_id)
        else None
    )
    placement = Placement(
        consortium_id=result.consortium_id,
        student=result.student,
        opportunity=opp,
        round_result=result,
        coordinator=coordinator or acting,
        starts_on=opp.starts_on,
        ends_on=opp.ends_on,
        hours_target=opp.hours_expected,
    )
    placement.supervisor = _supervisor_for(placement)
    placement.agreement_facts = agreement_facts(placement)
    placement.save()
    _audit(acting_user, "placement.create", placement, placement, round=str(result.round.public_id))
    return placement


def is_minor(placement: Placement) -> bool:
    from pathways.students.models import StudentProfile

    dob = (
        StudentProfile.objects.filter(student=placement.student)
        .values_list("date_of_birth", flat=True)
        .first()
    )
    if dob is not None:
        day = placement.starts_on
        age = day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        return age < 18
    grade = placement.student.grade_level
    return grade is None or grade < 12


def required_roles(placement: Placement) -> list[str]:
    roles = [SignerRole.STUDENT, SignerRole.SUPERVISOR, SignerRole.COORDINATOR]
    if is_minor(placement):
        roles.insert(1, SignerRole.GUARDIAN)
    return [str(r) for r in roles]


def roles_of(acting_user: Actor, placement: Placement) -> list[str]:
    """The signature roles this user may sign in (usually one)."""
    roles = []
    if pol.is_student_of(acting_user, placement):
        roles.append(SignerRole.STUDENT)
    if pol.is_guardian_of(acting_user, placement.student_id) and is_minor(placement):
        roles.append(SignerRole.GUARDIAN)
    if pol.is_supervisor_of(acting_user, placement):
        roles.append(SignerRole.SUPERVISOR)
    if pol.is_coordinator_of(acting_user, placement):
        roles.append(SignerRole.COORDINATOR)
    return [str(r) for r in roles]


def _same_name(typed: str, user: User) -> bool:
    def norm(value: str) -> str:
        return " ".join(value.casefold().split())

    return norm(typed) in {norm(user.get_full_name()), norm(user.username)} and bool(norm(typed))


def sign(acting_user: Actor, placement: Placement, *, role: str, typed_name: str) -> AgreementSignature:
    """Sign the training agreement by typing one's own name."""
    _visible(acting_user, placement)
    if role not in roles_of(acting_user, placement):
        raise InvalidInput(_("You cannot sign in this role."), field="role")
    if placement.status != PlacementStatus.AGREEMENT:
        raise InvalidInput(_("The agreement is no longer waiting for signatures."), field="role")
    if role not in required_roles(placement):
        raise InvalidInput(_("This signature is not needed."), field="role")
    if placement.signatures.filter(role=role).exists():
        raise InvalidInput(_("This role has already signed."), field="role")
    name = _text(typed_name, "typed_name", required=True, max_length=200)
    user: User = acting_user  # type: ignore[assignment]
    if not _same_name(name, user):
        raise InvalidInput(
            _("Type your name as it appears on your account: %(name)s.")
            % {"name": user.get_full_name() or user.username},
            field="typed_name",
        )
    with transaction.atomic():
        signature = AgreementSignature.objects.create(
            consortium_id=placement.consortium_id,
            placement=placement,
            role=role,
            signer=user,
            typed_name=name,
            language=signing_language(),
        )
        signed = set(placement.signatures.values_list("role", flat=True))
        if set(required_roles(placement)) <= signed:
            placement.status = PlacementStatus.ACTIVE
            placement.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "placement.sign", signature, placement, role=role)
    return signature


def set_supervisor(acting_user: Actor, placement: Placement, supervisor: User | None) -> Placement:
    if not pol.is_coordinator_of(acting_user, placement):
        raise _not_found()
    if (
        supervisor is not None
        and not User.objects.filter(
            pk=supervisor.pk,
            memberships__role="partner_contact",
            memberships__partner_id=placement.opportunity.partner_id,
        ).exists()
    ):
        raise InvalidInput(_("Choose a contact of the host partner."), field="supervisor")
    with transaction.atomic():
        placement.supervisor = supervisor
        placement.save(update_fields=["supervisor", "updated_at"])
        _audit(acting_user, "placement.supervisor", placement, placement)
    return placement


# --- training plan ---------------------------------------------------------------------------


def add_competency(acting_user: Actor, placement: Placement, description: str) -> Competency:
    _visible(acting_user, placement)
    if not (pol.is_coordinator_of(acting_user, placement) or pol.is_supervisor_of(acting_user, placement)):
        raise _not_found()
    if placement.status in (PlacementStatus.COMPLETED, PlacementStatus.WITHDRAWN):
        raise InvalidInput(_("This placement is closed."), field="description")
    text = _text(description, "description", required=True)
    with transaction.atomic():
        position = (placement.competencies.aggregate(m=Max("position"))["m"] or 0) + 1
        row = Competency.objects.create(
            consortium_id=placement.consortium_id, placement=placement, position=position, description=text
        )
        _audit(acting_user, "placement.competency", row, placement)
    return row


def mark_competency(acting_user: Actor, competency: Competency, achieved: bool) -> Competency:
    placement = competency.placement
    _visible(acting_user, placement)
    if not (pol.is_coordinator_of(acting_user, placement) or pol.is_supervisor_of(acting_user, placement)):
        raise _not_found()
    with transaction.atomic():
        competency.achieved_on = timezone.localdate() if achieved else None
        competency.save(update_fields=["achieved_on", "updated_at"])
        _audit(acting_user, "placement.competency_mark", competency, placement, achieved=achieved)
    return competency


# --- hours -----------------------------------------------------------------------------------


def _date(value: object, field: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(_("Enter a date like 2025-03-14."), field=field) from None


def log_hours(
    acting_user: Actor, placement: Placement, *, worked_on: object, hours: object, activity: str
) -> HoursEntry:
    _visible(acting_user, placement)
    if not pol.is_student_of(acting_user, placement):
        raise _not_found()
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidInput(_("Hours can be logged once every signature is in."), field="worked_on")
    day = _date(worked_on, "worked_on")
    if day > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), field="worked_on")
    if day < placement.starts_on:
        raise InvalidInput(
            _("The placement starts on %(d)s.") % {"d": placement.starts_on.isoformat()}, field="worked_on"
        )
    try:
        amount = Decimal(str(hours).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter the hours as a number, like 3.5."), field="hours") from None
    if not Decimal("0") < amount <= MAX_HOURS_PER_DAY:
        raise InvalidInput(_("Enter more than 0 and at most 12 hours."), field="hours")
    same_day = (
        placement.hours.filter(worked_on=day)
        .exclude(status=HoursStatus.RETURNED)
        .aggregate(s=Sum("hours"))["s"]
    )
    if (same_day or Decimal("0")) + amount > MAX_HOURS_PER_DAY:
        raise InvalidInput(
            _("That makes more than 12 hours on %(d)s (already %(h)s).")
            % {"d": day.isoformat(), "h": same_day},
            field="hours",
        )
    text = _text(activity, "activity", required=True)
    with transaction.atomic():
        row = HoursEntry.objects.create(
            consortium_id=placement.consortium_id,
            placement=placement,
            worked_on=day,
            hours=amount,
            activity=text,
        )
        _audit(acting_user, "placement.hours_log", row, placement, hours=str(amount))
    return row


def review_hours(acting_user: Actor, entry: HoursEntry, *, approve: bool, note: str = "") -> HoursEntry:
    placement = entry.placement
    _visible(acting_user, placement)
    if not pol.is_supervisor_of(acting_user, placement):
        raise _not_found()
    if entry.status != HoursStatus.SUBMITTED:
        raise InvalidInput(_("These hours were already reviewed."), field="status")
    text = _text(note, "review_note", required=not approve)
    with transaction.atomic():
        entry.status = HoursStatus.APPROVED if approve else HoursStatus.RETURNED
        entry.reviewed_by = acting_user  # type: ignore[assignment]
        entry.reviewed_at = timezone.now()
        entry.review_note = text
        entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
        _audit(acting_user, "placement.hours_review", entry, placement, status=entry.status)
    return entry


def hours_approved(placement: Placement) -> Decimal:
    total = placement.hours.filter(status=HoursStatus.APPROVED).aggregate(s=Sum("hours"))["s"]
    return total or Decimal("0")


# --- evaluations and completion --------------------------------------------------------------


def evaluate(
    acting_user: Actor,
    placement: Placement,
    *,
    kind: str,
    ratings: dict[str, object],
    strengths: str = "",
    to_improve: str = "",
) -> Evaluation:
    _visible(acting_user, placement)
    if not pol.is_supervisor_of(acting_user, placement):
        raise _not_found()
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidInput(_("Evaluations are for active placements."), field="kind")
    if kind not in EvaluationKind.values:
        raise InvalidInput(_("Choose the midpoint or the final evaluation."), field="kind")
    if placement.evaluations.filter(kind=kind).exists():
        raise InvalidInput(_("This evaluation was already recorded."), field="kind")
    clean: dict[str, int] = {}
    for skill in Skill:
        raw = ratings.get(skill.value)
        try:
            value = int(str(raw))
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 4:
            raise InvalidInput(
                _("Rate “%(skill)s” from 1 to 4.") % {"skill": skill.label}, field=f"rating_{skill.value}"
            )
        clean[skill.value] = value
    with transaction.atomic():
        row = Evaluation.objects.create(
            consortium_id=placement.consortium_id,
            placement=placement,
            kind=kind,
            evaluator=acting_user,  # type: ignore[misc]
            ratings=clean,
            strengths=_text(strengths, "strengths", required=False, max_length=LONG_TEXT_MAX),
            to_improve=_text(to_improve, "to_improve", required=False, max_length=LONG_TEXT_MAX),
        )
        _audit(acting_user, "placement.evaluate", row, placement, kind=kind)
    return row


def complete(acting_user: Actor, placement: Placement, *, completed_on: object | None = None) -> Placement:
    """Record completion (coordinator): needs the final evaluation; issues the badge id."""
    _visible(acting_user, placement)
    if not pol.is_coordinator_of(acting_user, placement):
        raise _not_found()
    if placement.status != PlacementStatus.ACTIVE:
        raise InvalidInput(_("Only an active placement can be completed."), field="completed_on")
    if not placement.evaluations.filter(kind=EvaluationKind.FINAL).exists():
        raise InvalidInput(_("The supervisor's final evaluation is needed first."), field="completed_on")
    day = timezone.localdate() if completed_on in (None, "") else _date(completed_on, "completed_on")
    if day > timezone.localdate() or day < placement.starts_on:
        raise InvalidInput(_("Choose a date between the start and today."), field="completed_on")
    with transaction.atomic():
        placement.status = PlacementStatus.COMPLETED
        placement.completed_on = day
        placement.badge_id = placement.badge_id or uuid.uuid4()
        placement.save(update_fields=["status", "completed_on", "badge_id", "updated_at"])
        _audit(acting_user, "placement.complete", placement, placement)
    return placement


def withdraw(acting_user: Actor, placement: Placement, *, reason: str) -> Placement:
    _visible(acting_user, placement)
    if not pol.is_coordinator_of(acting_user, placement):
        raise _not_found()
    if placement.status in (PlacementStatus.COMPLETED, PlacementStatus.WITHDRAWN):
        raise InvalidInput(_("This placement is closed."), field="reason")
    text = _text(reason, "reason", required=True)
    with transaction.atomic():
        placement.status = PlacementStatus.WITHDRAWN
        placement.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "placement.withdraw", placement, placement, reason=text)
    return placement


def who(user: Actor) -> int | None:
    return scope_of(user).user_id
