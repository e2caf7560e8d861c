"""Writes to opportunities and their open registration.

- An opportunity is created as a draft by a partner's contact or consortium staff, submitted for
  approval, and approved (students see it) or sent back with a note by a reviewer
  (`policies.may_review_opportunity`). A partner's change to an approved opportunity sends it
  back to review; a reviewer's own change keeps it approved.
- Open registration: a seat while there is one, else the waitlist. Cancelling a seat promotes the
  first student on the waitlist (first come, first served); so does raising the capacity.
  Eligibility is checked on registering (grade, age on the first day, required program of study),
  each refusal saying what is missing.

Services take the acting user, check the policies, validate, write in one transaction and record
an audit event (registrations touch student data).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.accounts.policies import scope_of
from pathways.catalog.models import CareerCluster, Occupation, SubCluster
from pathways.core.audit import audit_record
from pathways.core.errors import DomainError, InvalidInput, NotFound
from pathways.orgs.models import Contact, Partner, School
from pathways.programs.models import Credential, ProgramOfStudy

from .. import policies
from ..models import (
    Allocation,
    EngagementType,
    Opportunity,
    OpportunityStatus,
    PartnerLocation,
    Registration,
    RegistrationStatus,
)

GRADE_MIN, GRADE_MAX = 6, 12
AGE_MIN, AGE_MAX = 10, 25
SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)


@dataclass
class OpportunityData:
    """What a person enters about an opportunity (rows already limited to the partner's consortium)."""

    title: str
    description: str
    engagement: str
    starts_on: datetime.date
    capacity: int
    cluster: CareerCluster | None = None
    subcluster: SubCluster | None = None
    occupations: list[Occupation] = field(default_factory=list)
    is_virtual: bool = False
    location: PartnerLocation | None = None
    school: School | None = None
    ends_on: datetime.date | None = None
    schedule: str = ""
    hours_expected: int | None = None
    allocation: str = Allocation.OPEN
    min_age: int | None = None
    min_grade: int | None = None
    required_programs: list[ProgramOfStudy] = field(default_factory=list)
    required_credentials: list[Credential] = field(default_factory=list)
    prerequisites_notes: str = ""
    is_paid: bool = False
    hourly_wage: Decimal | None = None
    transportation_notes: str = ""
    supervisor: Contact | None = None


def _text(value: str | None, *, field: str, label: str, required: bool = False, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Enter the %(label)s.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("The %(label)s can be at most %(max)s characters.") % {"label": label, "max": max_length},
            field=field,
        )
    return value


def _check(data: OpportunityData, partner: Partner, acting_user: User) -> dict[str, object]:
    """Validate `data` for `partner`; the model fields to write (many-to-many kept aside)."""
    consortium_id = partner.consortium_id
    if data.engagement not in EngagementType.values:
        raise InvalidInput(_("Choose the type of opportunity."), field="engagement")
    if data.allocation not in Allocation.values:
        raise InvalidInput(_("Choose how seats are given."), field="allocation")
    if data.capacity is None or data.capacity < 1 or data.capacity > 1000:
        raise InvalidInput(_("Enter how many students can take part (1 to 1,000)."), field="capacity")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise InvalidInput(_("The last day must not be before the first day."), field="ends_on")
    if data.is_virtual and data.location is not None:
        raise InvalidInput(
            _("A virtual opportunity has no site: leave the location empty."), field="location"
        )
    if not data.is_virtual and data.location is None:
        raise InvalidInput(
            _("Choose the site where students go, or tick “virtual”. Add sites on the partner's page."),
            field="location",
        )
    if data.location is not None and data.location.partner_id != partner.pk:
        raise InvalidInput(_("Choose one of this partner's sites."), field="location")
    if data.school is not None and data.school.consortium_id != consortium_id:
        raise InvalidInput(_("Choose one of the consortium's schools."), field="school")
    if data.subcluster is not None and (
        data.cluster is None or data.subcluster.cluster_id != data.cluster.pk
    ):
        raise InvalidInput(_("Choose a sub-cluster of the Career Cluster chosen."), field="subcluster")
    if data.min_grade is not None and not GRADE_MIN <= data.min_grade <= GRADE_MAX:
        raise InvalidInput(_("Choose a grade from 6 to 12."), field="min_grade")
    if data.min_age is not None and not AGE_MIN <= data.min_age <= AGE_MAX:
        raise InvalidInput(_("Enter an age from 10 to 25."), field="min_age")
    if data.is_paid:
        if data.hourly_wage is None or data.hourly_wage <= 0:
            raise InvalidInput(_("Enter the hourly wage of a paid opportunity."), field="hourly_wage")
    elif data.hourly_wage is not None:
        raise InvalidInput(
            _("An unpaid opportunity has no wage: tick “paid” or leave it empty."), field="hourly_wage"
        )
    for program in data.required_programs:
        if program.consortium_id != consortium_id:
            raise InvalidInput(_("Choose programs of study of the consortium."), field="required_programs")
    for credential in data.required_credentials:
        if credential.consortium_id != consortium_id:
            raise InvalidInput(_("Choose credentials of the consortium."), field="required_credentials")
    if data.supervisor is not None and data.supervisor.partner_id != partner.pk:
        raise InvalidInput(_("Choose one of this partner's people as supervisor."), field="supervisor")
    return {
        "title": _text(data.title, field="title", label=_("title"), required=True),
        "description": _text(
            data.description, field="description", label=_("description"), required=True, max_length=5000
        ),
        "engagement": data.engagement,
        "cluster": data.cluster,
        "subcluster": data.subcluster,
        "is_virtual": data.is_virtual,
        "location": data.location,
        "school": data.school,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "schedule": _text(data.schedule, field="schedule", label=_("schedule"), max_length=300),
        "hours_expected": data.hours_expected,
        "capacity": data.capacity,
        "allocation": data.allocation,
        "min_age": data.min_age,
        "min_grade": data.min_grade,
        "prerequisites_notes": _text(
            data.prerequisites_notes, field="prerequisites_notes", label=_("prerequisites"), max_length=300
        ),
        "is_paid": data.is_paid,
        "hourly_wage": data.hourly_wage if data.is_paid else None,
        "transportation_notes": _text(
            data.transportation_notes,
            field="transportation_notes",
            label=_("transportation notes"),
            max_length=300,
        ),
        "supervisor": data.supervisor,
    }


def _set_relations(opportunity: Opportunity, data: OpportunityData) -> None:
    opportunity.occupations.set(data.occupations)
    opportunity.required_programs.set(data.required_programs)
    opportunity.required_credentials.set(data.required_credentials)


def _audit(acting_user: User, action: str, row: Opportunity | Registration, **details: object) -> None:
    audit_record(
        acting_user=acting_user,
        action=action,
        object_type=type(row).__name__,
        object_id=str(row.public_id),
        details={k: str(v) for k, v in details.items()},
    )


# --- create, edit, approval ------------------------------------------------------------------


def opportunity_create(*, acting_user: User, partner: Partner, data: OpportunityData) -> Opportunity:
    if not policies.may_create_opportunity(acting_user, partner):
        raise NotFound(_("Not found."))
    values = _check(data, partner, acting_user)
    with transaction.atomic():
        opportunity = Opportunity.objects.create(
            consortium_id=partner.consortium_id, partner=partner, created_by=acting_user, **values
        )
        _set_relations(opportunity, data)
        _audit(acting_user, "wbl.opportunity.create", opportunity)
    return opportunity


def opportunity_update(*, acting_user: User, opportunity: Opportunity, data: OpportunityData) -> Opportunity:
    if not policies.may_edit_opportunity(acting_user, opportunity):
        raise NotFound(_("Not found."))
    values = _check(data, opportunity.partner, acting_user)
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        for name, value in values.items():
            setattr(locked, name, value)
        # A partner's change to an approved opportunity goes back to the reviewers.
        if locked.status == OpportunityStatus.APPROVED and not policies.may_review_opportunity(
            acting_user, locked
        ):
            locked.status = OpportunityStatus.SUBMITTED
        locked.save()
        _set_relations(locked, data)
        promoted = _promote(locked)
        _audit(acting_user, "wbl.opportunity.update", locked, promoted=len(promoted))
    opportunity.refresh_from_db()
    return opportunity


def opportunity_submit(*, acting_user: User, opportunity: Opportunity) -> Opportunity:
    if not policies.may_edit_opportunity(acting_user, opportunity):
        raise NotFound(_("Not found."))
    if opportunity.status not in (OpportunityStatus.DRAFT, OpportunityStatus.CHANGES_REQUESTED):
        raise DomainError(_("Only a draft or an opportunity sent back for changes can be submitted."))
    with transaction.atomic():
        opportunity.status = OpportunityStatus.SUBMITTED
        opportunity.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "wbl.opportunity.submit", opportunity)
    return opportunity


def opportunity_review(
    *, acting_user: User, opportunity: Opportunity, approve: bool, note: str = ""
) -> Opportunity:
    """Approve (students can see and register) or request changes with a note for the partner."""
    if not policies.may_review_opportunity(acting_user, opportunity):
        raise NotFound(_("Not found."))
    if opportunity.status not in (OpportunityStatus.SUBMITTED, OpportunityStatus.DRAFT):
        raise DomainError(_("Only an opportunity waiting for approval can be reviewed."))
    note = _text(note, field="note", label=_("note"), max_length=500)
    if not approve and not note:
        raise InvalidInput(_("Say what should change, so the partner knows what to do."), field="note")
    with transaction.atomic():
        opportunity.status = OpportunityStatus.APPROVED if approve else OpportunityStatus.CHANGES_REQUESTED
        opportunity.review_note = note
        opportunity.reviewed_by = acting_user
        opportunity.reviewed_at = timezone.now()
        opportunity.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
        _audit(acting_user, "wbl.opportunity.approve" if approve else "wbl.opportunity.changes", opportunity)
    return opportunity


def opportunity_close(*, acting_user: User, opportunity: Opportunity) -> Opportunity:
    if not policies.may_edit_opportunity(acting_user, opportunity):
        raise NotFound(_("Not found."))
    with transaction.atomic():
        opportunity.status = OpportunityStatus.CLOSED
        opportunity.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "wbl.opportunity.close", opportunity)
    return opportunity


# --- eligibility and registration ------------------------------------------------------------


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _student_program_ids(student: User) -> set[int]:
    from pathways.students.models import Plan

    return set(
        Plan.objects.filter(student=student, program__isnull=False).values_list("program_id", flat=True)
    )


def eligibility_problems(student: User, opportunity: Opportunity) -> list[str]:
    """Why this student may not take part, in words for them; empty when they may."""
    from pathways.students.models import StudentProfile

    problems: list[str] = []
    if opportunity.min_grade is not None:
        grade = student.grade_level
        if grade is None:
            problems.append(
                _(
                    "This opportunity is for grade %(grade)s and up, and your grade is not on record. "
                    "Ask your counselor."
                )
                % {"grade": opportunity.min_grade}
            )
        elif grade < opportunity.min_grade:
            problems.append(
                _("This opportunity is for grade %(grade)s and up; you are in grade %(yours)s.")
                % {"grade": opportunity.min_grade, "yours": grade}
            )
    if opportunity.min_age is not None:
        profile = StudentProfile.objects.filter(student=student).only("date_of_birth").first()
        born = profile.date_of_birth if profile else None
        if born is None:
            problems.append(
                _(
                    "You must be %(age)s or older on the first day, and your date of birth is not on record. "
                    "Ask your counselor."
                )
                % {"age": opportunity.min_age}
            )
        elif age_on(born, opportunity.starts_on) < opportunity.min_age:
            problems.append(
                _("You must be %(age)s or older on the first day (%(day)s).")
                % {"age": opportunity.min_age, "day": opportunity.starts_on.isoformat()}
            )
    required = list(opportunity.required_programs.all())
    if required and not _student_program_ids(student) & {p.pk for p in required}:
        names = ", ".join(p.name for p in required)
        problems.append(
            _("This opportunity is for students in: %(programs)s. Your plan follows another program.")
            % {"programs": names}
        )
    return problems


def _seated(opportunity: Opportunity) -> int:
    return Registration.objects.filter(opportunity=opportunity, status__in=SEATED).count()


def _waitlist(opportunity: Opportunity) -> list[Registration]:
    return list(
        Registration.objects.filter(opportunity=opportunity, status=RegistrationStatus.WAITLISTED).order_by(
            "created_at", "id"
        )
    )


def _promote(opportunity: Opportunity) -> list[Registration]:
    """Give free seats to the waitlist in order (inside the caller's transaction)."""
    if opportunity.allocation != Allocation.OPEN:
        return []
    free = opportunity.capacity - _seated(opportunity)
    promoted: list[Registration] = []
    for registration in _waitlist(opportunity)[: max(free, 0)]:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            acting_user=None,
            action="wbl.registration.promoted",
            object_type="Registration",
            object_id=str(registration.public_id),
            details={"opportunity": str(opportunity.public_id)},
        )
        promoted.append(registration)
    return promoted


def registration_open(opportunity: Opportunity, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    last_day = opportunity.ends_on or opportunity.starts_on
    return (
        opportunity.status == OpportunityStatus.APPROVED
        and opportunity.allocation == Allocation.OPEN
        and last_day >= today
    )


def register(*, acting_user: User, opportunity: Opportunity) -> Registration:
    """The acting student takes a seat, or a place on the waitlist when it is full."""
    if not Opportunity.objects.filter(
        policies.opportunities_for_students_q(acting_user), pk=opportunity.pk
    ).exists():
        raise NotFound(_("Not found."))
    if opportunity.allocation != Allocation.OPEN:
        raise DomainError(_("Seats at this opportunity are given in a matching round: rank it there."))
    if not registration_open(opportunity):
        raise DomainError(_("Registration for this opportunity has closed."))
    problems = eligibility_problems(acting_user, opportunity)
    if problems:
        raise DomainError(" ".join(problems))
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        existing = Registration.objects.filter(opportunity=locked, student=acting_user).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            raise DomainError(
                _("You are already registered.")
                if existing.status in SEATED
                else _("You are already on the waitlist.")
            )
        status = (
            RegistrationStatus.REGISTERED
            if _seated(locked) < locked.capacity
            else RegistrationStatus.WAITLISTED
        )
        if existing is not None:
            # Back after cancelling: the end of the queue, like anybody registering now.
            existing.status = status
            existing.save(update_fields=["status", "updated_at"])
            Registration.objects.filter(pk=existing.pk).update(created_at=timezone.now())
            registration = existing
        else:
            registration = Registration.objects.create(
                consortium_id=locked.consortium_id, opportunity=locked, student=acting_user, status=status
            )
        _audit(acting_user, "wbl.registration.create", registration, status=status)
    registration.refresh_from_db()
    return registration


def cancel(*, acting_user: User, registration: Registration) -> list[Registration]:
    """Give up a seat or a waitlist place; a freed seat goes to the first on the waitlist.

    Returns the registrations promoted from the waitlist."""
    if not policies.may_cancel_registration(acting_user, registration):
        raise NotFound(_("Not found."))
    if registration.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("This registration is already cancelled."))
    if registration.status == RegistrationStatus.ATTENDED:
        raise DomainError(_("Attendance is already recorded; it cannot be cancelled."))
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=registration.opportunity_id)
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        _audit(acting_user, "wbl.registration.cancel", registration)
        promoted = _promote(locked)
    return promoted


def mark_attended(*, acting_user: User, registration: Registration, hours: Decimal | None) -> Registration:
    """The partner or a leader records that the student came, and for how many hours."""
    if not policies.may_mark_attendance(acting_user, registration.opportunity):
        raise NotFound(_("Not found."))
    if registration.status not in SEATED:
        raise DomainError(_("Only a student with a seat can be marked as attended."))
    if hours is not None and not Decimal(0) < hours <= Decimal(999):
        raise InvalidInput(_("Enter the hours attended, more than 0."), field="hours")
    with transaction.atomic():
        registration.status = RegistrationStatus.ATTENDED
        registration.hours = hours
        registration.save(update_fields=["status", "hours", "updated_at"])
        _audit(acting_user, "wbl.registration.attended", registration, hours=hours)
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first on the waitlist; None when not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        opportunity_id=registration.opportunity_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.pk)
    )
    return ahead.count() + 1


def is_student_user(user: User) -> bool:
    return bool(scope_of(user).student_at)
