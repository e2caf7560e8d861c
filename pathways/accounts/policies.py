"""Who may see and change what. The one module every view and API endpoint asks.

Every rule answers two questions (STYLE rule 12): "which rows may this user list?" as a `Q`
filter (`<entity>_visible_to`), and "may this user see/change this row?" through
`access_<entity>(user, public_id)`, which looks up within the user's scope and raises the same
`NotFound` for missing and for not-yours. Roles flow down the tree: consortium leaders see all
of their consortium, a district administrator their district, school staff their school.
Anonymous users see nothing here; public pages use the `public_*` selectors instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from pathways.core.errors import NotFound
from pathways.orgs.models import Consortium, Contact, District, Partner, School

from .models import ApiToken, GuardianLink, Invitation, Membership, User
from .roles import EDUCATOR_ROLES, LEADER_ROLES, STAFF_ROLES, Role

Actor = User | AnonymousUser
NOTHING = Q(pk__in=[])
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """What one user's memberships reach, read once per request."""

    leader_of: frozenset[int]  # consortium ids
    staff_of: frozenset[int]  # consortium ids where the user is any kind of staff
    member_of: frozenset[int]  # consortium ids with any membership
    district_admin_of: frozenset[int]  # district ids
    school_staff_of: frozenset[int]  # school ids (counselor, teacher)
    student_at: frozenset[int]  # school ids
    partner_contact_of: frozenset[int]  # partner ids
    is_guardian: bool
    user_id: int | None
    counselor_at: frozenset[int] = frozenset()  # school ids where the user is a counselor


EMPTY = Scope(
    frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), False, None
)


def scope_of(user: Actor) -> Scope:
    if not user.is_authenticated:
        return EMPTY
    cached: Scope | None = getattr(user, "_pathways_scope", None)
    if cached is not None:
        return cached
    rows = list(
        Membership.objects.filter(user=user).values_list(
            "role", "consortium_id", "district_id", "school_id", "partner_id"
        )
    )
    scope = Scope(
        leader_of=frozenset(c for r, c, *_ in rows if r in LEADER_ROLES),
        staff_of=frozenset(c for r, c, *_ in rows if r in STAFF_ROLES),
        member_of=frozenset(c for _r, c, *_ in rows),
        district_admin_of=frozenset(d for r, _c, d, _s, _p in rows if r == Role.DISTRICT_ADMIN and d),
        school_staff_of=frozenset(
            s for r, _c, _d, s, _p in rows if r in {Role.COUNSELOR, Role.TEACHER} and s
        ),
        student_at=frozenset(s for r, _c, _d, s, _p in rows if r == Role.STUDENT and s),
        partner_contact_of=frozenset(p for r, _c, _d, _s, p in rows if r == Role.PARTNER_CONTACT and p),
        is_guardian=any(r == Role.GUARDIAN for r, *_ in rows),
        user_id=user.pk,
        counselor_at=frozenset(s for r, _c, _d, s, _p in rows if r == Role.COUNSELOR and s),
    )
    setattr(user, "_pathways_scope", scope)  # noqa: B010  (a per-request cache on the user object)
    return scope


def forget_scope(user: Actor) -> None:
    """Call after changing a user's memberships within the same request."""
    if hasattr(user, "_pathways_scope"):
        delattr(user, "_pathways_scope")


# --- the tree --------------------------------------------------------------------------------


def consortia_visible_to(user: Actor) -> Q:
    return Q(pk__in=scope_of(user).member_of)


def districts_visible_to(user: Actor) -> Q:
    s = scope_of(user)
    return (
        Q(consortium_id__in=s.leader_of)
        | Q(pk__in=s.district_admin_of)
        | Q(schools__in=s.school_staff_of | s.student_at)
    )


def schools_visible_to(user: Actor) -> Q:
    """Schools whose private details (staff, students, enrolment) the user may see."""
    s = scope_of(user)
    if not (s.leader_of or s.district_admin_of or s.school_staff_of or s.student_at):
        return NOTHING
    return (
        Q(consortium_id__in=s.leader_of)
        | Q(district_id__in=s.district_admin_of)
        | Q(pk__in=s.school_staff_of)
        | Q(pk__in=s.student_at)
    )


def partners_visible_to(user: Actor) -> Q:
    """Staff of a consortium see all its partners; a partner contact sees their organisation."""
    s = scope_of(user)
    return Q(consortium_id__in=s.staff_of) | Q(pk__in=s.partner_contact_of)


def contacts_visible_to(user: Actor) -> Q:
    s = scope_of(user)
    return Q(consortium_id__in=s.staff_of) | Q(partner_id__in=s.partner_contact_of)


def students_visible_to(user: Actor) -> Q:
    """Users who are students and whose records this user may see (a filter on User)."""
    s = scope_of(user)
    if s.user_id is None:
        return NOTHING
    student = Q(memberships__role=Role.STUDENT)
    condition = Q(pk=s.user_id) & student
    if s.leader_of:
        condition |= student & Q(memberships__consortium_id__in=s.leader_of)
    if s.district_admin_of:
        condition |= student & Q(memberships__school__district_id__in=s.district_admin_of)
    if s.school_staff_of:
        condition |= student & Q(memberships__school_id__in=s.school_staff_of)
    if s.is_guardian:
        condition |= Q(guardian_links__guardian_id=s.user_id)
    return condition


def memberships_visible_to(user: Actor) -> Q:
    """Memberships a user may list: leaders see their consortium's; everyone sees their own."""
    s = scope_of(user)
    return Q(user_id=s.user_id) | Q(consortium_id__in=s.leader_of) | Q(district_id__in=s.district_admin_of)


# --- checks ----------------------------------------------------------------------------------


def is_leader(user: Actor, consortium_id: int) -> bool:
    return consortium_id in scope_of(user).leader_of


def is_staff_of(user: Actor, consortium_id: int) -> bool:
    return consortium_id in scope_of(user).staff_of


def is_educator_at(user: Actor, school: Any) -> bool:
    s = scope_of(user)
    return (
        school.consortium_id in s.leader_of
        or school.district_id in s.district_admin_of
        or school.pk in s.school_staff_of
    )


def access(queryset: QuerySet[M], public_id: UUID | str, visible: Q) -> M:
    """The row with this public id if `visible` lets the user see it; else NotFound, whatever the reason."""
    try:
        row = queryset.filter(visible).filter(public_id=public_id).distinct().first()
    except (ValidationError, ValueError, TypeError):  # a malformed UUID: the same answer as missing
        row = None
    if row is None:
        raise NotFound(_("Not found."))
    return row


def access_consortium(user: Actor, public_id: UUID | str) -> Consortium:
    return access(Consortium.objects.all(), public_id, consortia_visible_to(user))


def access_district(user: Actor, public_id: UUID | str) -> District:
    return access(
        District.objects.select_related("consortium", "region"), public_id, districts_visible_to(user)
    )


def access_school(user: Actor, public_id: UUID | str) -> School:
    return access(
        School.objects.select_related("consortium", "district", "county"), public_id, schools_visible_to(user)
    )


def access_partner(user: Actor, public_id: UUID | str) -> Partner:
    return access(Partner.objects.select_related("consortium"), public_id, partners_visible_to(user))


def access_student(user: Actor, public_id: UUID | str) -> User:
    return access(User.objects.all(), public_id, students_visible_to(user))


# --- regions and contacts --------------------------------------------------------------------


def regions_visible_to(user: Actor) -> Q:
    """Regions are named groups of districts: every staff member of the consortium may list them."""
    return Q(consortium_id__in=scope_of(user).staff_of)


def access_contact(user: Actor, public_id: UUID | str) -> Contact:
    return access(
        Contact.objects.select_related("consortium", "partner"), public_id, contacts_visible_to(user)
    )


def may_manage_network(user: Actor, consortium_id: int) -> bool:
    """Add and change schools, partners and contacts of the consortium: its leaders."""
    return is_leader(user, consortium_id)


def may_edit_partner(user: Actor, partner: Partner) -> bool:
    """The consortium's leaders, and the partner's own contacts for their organisation's profile."""
    s = scope_of(user)
    return partner.consortium_id in s.leader_of or partner.pk in s.partner_contact_of


def may_edit_contact(user: Actor, contact: Contact) -> bool:
    s = scope_of(user)
    return contact.consortium_id in s.leader_of or (
        contact.partner_id is not None and contact.partner_id in s.partner_contact_of
    )


def may_see_school_staff(user: Actor, school: School) -> bool:
    """The staff list of a school: leaders, the district's administrators, the school's own staff."""
    return is_educator_at(user, school)


# --- invitations -----------------------------------------------------------------------------

# Who may invite whom (checked again by `accounts.services.invitation_create`):
#   consortium leaders: any role in their consortium;
#   district administrators: district admin, counselor, teacher or student in their district;
#   counselors: a student at their school, or a guardian of a student at their school.
DISTRICT_ADMIN_MAY_INVITE = frozenset({Role.DISTRICT_ADMIN, Role.COUNSELOR, Role.TEACHER, Role.STUDENT})
COUNSELOR_MAY_INVITE = frozenset({Role.STUDENT, Role.GUARDIAN})


def invitable_roles(user: Actor, consortium_id: int) -> list[str]:
    """The roles this user may hand out in this consortium, in the order of `Role`."""
    s = scope_of(user)
    if consortium_id in s.leader_of:
        allowed: set[str] = set(Role.values)
    else:
        allowed = set()
        if District.objects.filter(pk__in=s.district_admin_of, consortium_id=consortium_id).exists():
            allowed |= DISTRICT_ADMIN_MAY_INVITE
        if School.objects.filter(pk__in=s.counselor_at, consortium_id=consortium_id).exists():
            allowed |= COUNSELOR_MAY_INVITE
    return [role for role in Role.values if role in allowed]


def may_invite(
    user: Actor,
    *,
    role: str,
    consortium_id: int,
    district: District | None = None,
    school: School | None = None,
    partner: Partner | None = None,
    student: User | None = None,
) -> bool:
    """May this user invite someone with `role` at this node? Nodes must already belong to the consortium."""
    s = scope_of(user)
    if consortium_id in s.leader_of:
        return True
    if role == Role.DISTRICT_ADMIN:
        return district is not None and district.pk in s.district_admin_of
    if role in (Role.COUNSELOR, Role.TEACHER):
        return school is not None and school.district_id in s.district_admin_of
    if role == Role.STUDENT:
        return school is not None and (
            school.district_id in s.district_admin_of or school.pk in s.counselor_at
        )
    if role == Role.GUARDIAN:
        return (
            student is not None
            and bool(s.counselor_at)
            and Membership.objects.filter(
                user=student, role=Role.STUDENT, school_id__in=s.counselor_at
            ).exists()
        )
    return False


def invitations_visible_to(user: Actor) -> Q:
    """Invitations a user may list, print and revoke: their own, and those in the scope they may invite."""
    s = scope_of(user)
    if s.user_id is None:
        return NOTHING
    condition = Q(created_by_id=s.user_id) | Q(consortium_id__in=s.leader_of)
    if s.district_admin_of:
        condition |= Q(district_id__in=s.district_admin_of) | Q(school__district_id__in=s.district_admin_of)
    if s.counselor_at:
        condition |= Q(role=Role.STUDENT, school_id__in=s.counselor_at) | Q(
            role=Role.GUARDIAN,
            student__memberships__role=Role.STUDENT,
            student__memberships__school_id__in=s.counselor_at,
        )
    return condition


def access_invitation(user: Actor, public_id: UUID | str) -> Invitation:
    return access(
        Invitation.objects.select_related(
            "consortium", "district", "school", "partner", "student", "created_by", "accepted_by"
        ),
        public_id,
        invitations_visible_to(user),
    )


# --- guardians and API tokens ----------------------------------------------------------------


def guardian_links_of(user: Actor) -> QuerySet[GuardianLink]:
    """The students this user is a parent or guardian of (empty for anyone else)."""
    s = scope_of(user)
    if s.user_id is None:
        return GuardianLink.objects.none()
    return GuardianLink.objects.filter(guardian_id=s.user_id).select_related("student", "consortium")


def api_tokens_visible_to(user: Actor) -> Q:
    """Personal tokens: only their owner sees them."""
    s = scope_of(user)
    return NOTHING if s.user_id is None else Q(user_id=s.user_id)


def access_api_token(user: Actor, public_id: UUID | str) -> ApiToken:
    return access(ApiToken.objects.all(), public_id, api_tokens_visible_to(user))


__all__ = [
    "EDUCATOR_ROLES",
    "Actor",
    "access",
    "access_api_token",
    "access_consortium",
    "access_contact",
    "access_district",
    "access_invitation",
    "access_partner",
    "access_school",
    "access_student",
    "api_tokens_visible_to",
    "consortia_visible_to",
    "contacts_visible_to",
    "districts_visible_to",
    "guardian_links_of",
    "invitable_roles",
    "invitations_visible_to",
    "is_educator_at",
    "is_leader",
    "is_staff_of",
    "may_edit_contact",
    "may_edit_partner",
    "may_invite",
    "may_manage_network",
    "may_see_school_staff",
    "memberships_visible_to",
    "partners_visible_to",
    "regions_visible_to",
    "schools_visible_to",
    "scope_of",
    "students_visible_to",
]
