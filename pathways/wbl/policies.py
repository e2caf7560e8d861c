"""Who may see and change work-based learning rows: partners' wbl data, opportunities, registrations.

Follows `pathways.accounts.policies`: `<entity>_visible_to(user)` is a `Q` filter of the rows a
user may list; `access_<entity>(user, public_id)` fetches one row within that scope and raises the
same `NotFound` for missing and for not-yours; `may_*` answer "may this user do this?".

- Opportunities: students see APPROVED ones of their consortium offered to every member school or
  to their own school; a partner contact sees their own organisation's in every status; staff of
  the consortium (leaders and educators) see all of it.
- Reviewing (approve / request changes): consortium leaders; counselors, teachers and district
  administrators for opportunities scoped to one of their schools.
- Partners' locations, offers and documents: what `accounts.policies.partners_visible_to` allows
  (staff of the consortium, the partner's own contacts); changes by leaders and the partner's contacts.
- Contact history: staff of the consortium only (every member school's staff, not the partner).
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q

from pathways.accounts.models import User
from pathways.accounts.policies import (
    NOTHING,
    Actor,
    access,
    is_educator_at,
    partners_visible_to,
    scope_of,
    students_visible_to,
)
from pathways.orgs.models import Partner, School

from .models import Opportunity, OpportunityStatus, PartnerDocument, Registration


def student_consortia(user: Actor) -> frozenset[int]:
    s = scope_of(user)
    if not s.student_at:
        return frozenset()
    return frozenset(School.objects.filter(pk__in=s.student_at).values_list("consortium_id", flat=True))


def is_student(user: Actor) -> bool:
    return bool(scope_of(user).student_at)


# --- opportunities ---------------------------------------------------------------------------


def opportunities_for_students_q(user: Actor) -> Q:
    """What a student may see: approved, in their consortium, offered to all schools or to theirs."""
    s = scope_of(user)
    if not s.student_at:
        return NOTHING
    return Q(status=OpportunityStatus.APPROVED) & (
        Q(school__isnull=True, consortium_id__in=student_consortia(user)) | Q(school_id__in=s.student_at)
    )


def opportunities_visible_to(user: Actor) -> Q:
    s = scope_of(user)
    condition = opportunities_for_students_q(user)
    if s.staff_of:
        condition |= Q(consortium_id__in=s.staff_of)
    if s.partner_contact_of:
        condition |= Q(partner_id__in=s.partner_contact_of)
    return condition


def access_opportunity(user: Actor, public_id: UUID | str) -> Opportunity:
    return access(
        Opportunity.objects.select_related(
            "consortium", "partner", "school", "cluster", "subcluster", "location__zip_code", "supervisor"
        ),
        public_id,
        opportunities_visible_to(user),
    )


def is_partner_contact_of(user: Actor, partner_id: int) -> bool:
    return partner_id in scope_of(user).partner_contact_of


def may_create_opportunity(user: Actor, partner: Partner) -> bool:
    """The partner's own contacts, the consortium's leaders, and its educators (for their school)."""
    s = scope_of(user)
    return partner.pk in s.partner_contact_of or partner.consortium_id in s.staff_of


def may_edit_opportunity(user: Actor, opportunity: Opportunity) -> bool:
    s = scope_of(user)
    if opportunity.status == OpportunityStatus.CLOSED:
        return False
    if opportunity.consortium_id in s.leader_of or opportunity.partner_id in s.partner_contact_of:
        return True
    return opportunity.school is not None and is_educator_at(user, opportunity.school)


def may_review_opportunity(user: Actor, opportunity: Opportunity) -> bool:
    """Approve or send back: consortium leaders; school or district staff for their school's."""
    s = scope_of(user)
    if opportunity.consortium_id in s.leader_of:
        return True
    return opportunity.school is not None and is_educator_at(user, opportunity.school)


def may_see_roster(user: Actor, opportunity: Opportunity) -> bool:
    """The roster: the partner's contacts and the consortium's staff (educators see their students)."""
    s = scope_of(user)
    return opportunity.partner_id in s.partner_contact_of or opportunity.consortium_id in s.staff_of


def may_mark_attendance(user: Actor, opportunity: Opportunity) -> bool:
    s = scope_of(user)
    return opportunity.partner_id in s.partner_contact_of or opportunity.consortium_id in s.leader_of


def roster_q(user: Actor, opportunity: Opportunity) -> Q:
    """Which registrations of this opportunity the user may list on its roster."""
    s = scope_of(user)
    if opportunity.partner_id in s.partner_contact_of or opportunity.consortium_id in s.leader_of:
        return Q(opportunity=opportunity)
    if opportunity.consortium_id in s.staff_of:
        return Q(opportunity=opportunity, student__in=User.objects.filter(students_visible_to(user)))
    return NOTHING


def review_queue_q(user: Actor) -> Q:
    """Opportunities waiting for this user's review."""
    s = scope_of(user)
    condition = Q(consortium_id__in=s.leader_of)
    if s.district_admin_of:
        condition |= Q(school__district_id__in=s.district_admin_of)
    if s.school_staff_of:
        condition |= Q(school_id__in=s.school_staff_of)
    if not (s.leader_of or s.district_admin_of or s.school_staff_of):
        return NOTHING
    return Q(status=OpportunityStatus.SUBMITTED) & condition


def may_review_any(user: Actor) -> bool:
    s = scope_of(user)
    return bool(s.leader_of or s.district_admin_of or s.school_staff_of)


# --- registrations ---------------------------------------------------------------------------


def registrations_visible_to(user: Actor) -> Q:
    s = scope_of(user)
    if s.user_id is None:
        return NOTHING
    condition = Q(student_id=s.user_id)
    if s.leader_of:
        condition |= Q(consortium_id__in=s.leader_of)
    if s.partner_contact_of:
        condition |= Q(opportunity__partner_id__in=s.partner_contact_of)
    if s.district_admin_of or s.school_staff_of:
        condition |= Q(student__in=User.objects.filter(students_visible_to(user)))
    return condition


def access_registration(user: Actor, public_id: UUID | str) -> Registration:
    return access(
        Registration.objects.select_related("opportunity__partner", "opportunity__consortium", "student"),
        public_id,
        registrations_visible_to(user),
    )


def may_cancel_registration(user: Actor, registration: Registration) -> bool:
    """The student themselves, the partner's contacts and the consortium's leaders."""
    s = scope_of(user)
    return (
        registration.student_id == s.user_id
        or registration.opportunity.partner_id in s.partner_contact_of
        or registration.consortium_id in s.leader_of
    )


# --- partners' wbl data ----------------------------------------------------------------------


def wbl_partners_visible_to(user: Actor) -> Q:
    return partners_visible_to(user)


def access_wbl_partner(user: Actor, public_id: UUID | str) -> Partner:
    return access(
        Partner.objects.select_related("consortium", "zip_code"), public_id, wbl_partners_visible_to(user)
    )


def may_manage_partner(user: Actor, partner: Partner) -> bool:
    """Locations, the engagement ladder and documents: leaders and the partner's own contacts."""
    s = scope_of(user)
    return partner.consortium_id in s.leader_of or partner.pk in s.partner_contact_of


def may_see_contact_log(user: Actor, partner: Partner) -> bool:
    """Contact history is shared by every member school's staff (the partner does not see it)."""
    return partner.consortium_id in scope_of(user).staff_of


def documents_visible_to(user: Actor) -> Q:
    s = scope_of(user)
    return Q(consortium_id__in=s.staff_of) | Q(partner_id__in=s.partner_contact_of)


def access_document(user: Actor, public_id: UUID | str) -> PartnerDocument:
    return access(
        PartnerDocument.objects.select_related("partner", "consortium"), public_id, documents_visible_to(user)
    )


__all__ = [
    "access_document",
    "access_opportunity",
    "access_registration",
    "access_wbl_partner",
    "documents_visible_to",
    "is_partner_contact_of",
    "is_student",
    "may_cancel_registration",
    "may_create_opportunity",
    "may_edit_opportunity",
    "may_manage_partner",
    "may_mark_attendance",
    "may_review_any",
    "may_review_opportunity",
    "may_see_contact_log",
    "may_see_roster",
    "opportunities_for_students_q",
    "opportunities_visible_to",
    "registrations_visible_to",
    "review_queue_q",
    "roster_q",
    "student_consortia",
    "wbl_partners_visible_to",
]
