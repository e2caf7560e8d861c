"""Who may see and change matching rounds and placements (the pattern of accounts/policies.py).

- Consortium leaders (admin, staff) coordinate rounds: create, add opportunities, open, close,
  compute, publish, run the scramble; they see every choice and result of their consortium.
- A student sees the rounds of their consortium once open, and only their own choices, result
  and placements.
- A partner contact sees the rounds where their organisation has an opportunity, ranks the
  applicants of their own opportunities (seeing only name, school, grade, program of study and
  the student's statement) and sees their organisation's placements.
- A guardian sees the placements of the students linked to them, and signs for a minor.
- School staff (counselor, teacher, district admin) see the placements of students they may see.
- A placement's supervisor (or, when none is named, any contact of the host partner) approves
  hours and evaluates.

`*_visible_to(user)` are Q filters; `access_*` raise the same NotFound for missing and not yours.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.policies import NOTHING, Actor, access, scope_of, students_visible_to
from pathways.accounts.roles import Role
from pathways.core.errors import NotFound

from .models import HoursEntry, MatchingRound, Placement, RoundOpportunity, RoundStatus

STUDENT_STATUSES = (
    RoundStatus.OPEN,
    RoundStatus.CLOSED,
    RoundStatus.COMPUTED,
    RoundStatus.PUBLISHED,
    RoundStatus.SCRAMBLE,
    RoundStatus.FINISHED,
)


def _not_found() -> NotFound:
    return NotFound(_("Not found."))


# --- rounds ----------------------------------------------------------------------------------


def is_coordinator(user: Actor, consortium_id: int) -> bool:
    """Consortium leaders coordinate rounds and placements."""
    return consortium_id in scope_of(user).leader_of


def student_consortia(user: Actor) -> set[int]:
    uid = scope_of(user).user_id
    if uid is None:
        return set()
    return set(
        Membership.objects.filter(user_id=uid, role=Role.STUDENT).values_list("consortium_id", flat=True)
    )


def rounds_visible_to(user: Actor) -> Q:
    s = scope_of(user)
    if s.user_id is None:
        return NOTHING
    q = Q(consortium_id__in=s.leader_of)
    if s.student_at:
        q |= Q(consortium_id__in=student_consortia(user), status__in=STUDENT_STATUSES)
    if s.partner_contact_of:
        q |= Q(entries__opportunity__partner_id__in=s.partner_contact_of) & ~Q(status=RoundStatus.DRAFT)
    return q


def access_round(user: Actor, public_id: UUID | str) -> MatchingRound:
    return access(MatchingRound.objects.select_related("consortium"), public_id, rounds_visible_to(user))


def entries_rankable_by(user: Actor) -> Q:
    """Round entries whose applicants this user may see and rank: leaders, and the host's contacts."""
    s = scope_of(user)
    if s.user_id is None:
        return NOTHING
    return Q(consortium_id__in=s.leader_of) | (
        Q(opportunity__partner_id__in=s.partner_contact_of) & ~Q(round__status=RoundStatus.DRAFT)
    )


def access_entry(user: Actor, public_id: UUID | str) -> RoundOpportunity:
    return access(
        RoundOpportunity.objects.select_related("round", "opportunity__partner", "reserved_school"),
        public_id,
        entries_rankable_by(user),
    )


def is_partner_of_entry(user: Actor, entry: RoundOpportunity) -> bool:
    return entry.opportunity.partner_id in scope_of(user).partner_contact_of


# --- placements ------------------------------------------------------------------------------


def placements_visible_to(user: Actor) -> Q:
    s = scope_of(user)
    if s.user_id is None:
        return NOTHING
    students = User.objects.filter(students_visible_to(user)).values("pk")
    return (
        Q(student_id__in=students)
        | Q(opportunity__partner_id__in=s.partner_contact_of)
        | Q(supervisor_id=s.user_id)
        | Q(coordinator_id=s.user_id)
    )


def access_placement(user: Actor, public_id: UUID | str) -> Placement:
    return access(
        Placement.objects.select_related(
            "student", "opportunity__partner", "opportunity__location", "supervisor", "coordinator"
        ),
        public_id,
        placements_visible_to(user),
    )


def access_hours_entry(user: Actor, public_id: UUID | str) -> HoursEntry:
    try:
        row = (
            HoursEntry.objects.select_related("placement__opportunity", "placement__student")
            .filter(public_id=public_id)
            .first()
        )
    except (ValueError, TypeError):
        row = None
    if row is None or not Placement.objects.filter(placements_visible_to(user), pk=row.placement_id).exists():
        raise _not_found()
    return row


def is_student_of(user: Actor, placement: Placement) -> bool:
    return scope_of(user).user_id == placement.student_id


def is_guardian_of(user: Actor, student_id: int) -> bool:
    uid = scope_of(user).user_id
    return uid is not None and GuardianLink.objects.filter(guardian_id=uid, student_id=student_id).exists()


def is_supervisor_of(user: Actor, placement: Placement) -> bool:
    """The named supervisor; when none is named, any contact of the host partner."""
    s = scope_of(user)
    if s.user_id is None:
        return False
    if placement.supervisor_id is not None:
        return placement.supervisor_id == s.user_id
    return placement.opportunity.partner_id in s.partner_contact_of


def is_coordinator_of(user: Actor, placement: Placement) -> bool:
    s = scope_of(user)
    return s.user_id is not None and (
        placement.consortium_id in s.leader_of or placement.coordinator_id == s.user_id
    )
