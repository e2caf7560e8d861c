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
from pathways.orgs.models import Consortium, District, Partner, School

from .models import Membership, User
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


__all__ = [
    "EDUCATOR_ROLES",
    "Actor",
    "access",
    "access_consortium",
    "access_district",
    "access_partner",
    "access_school",
    "access_student",
    "consortia_visible_to",
    "contacts_visible_to",
    "districts_visible_to",
    "is_educator_at",
    "is_leader",
    "is_staff_of",
    "memberships_visible_to",
    "partners_visible_to",
    "schools_visible_to",
    "scope_of",
    "students_visible_to",
]
