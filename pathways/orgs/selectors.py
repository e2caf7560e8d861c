"""Reads of the consortium network, always scoped by the actor (`accounts.policies`).

Pages and the API list rows through these functions; a row outside the actor's scope is never
returned. Public reads (`public_*`) show only what a consortium marks public.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from pathways.accounts import policies
from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.core.errors import NotFound

from .models import Consortium, Contact, District, Partner, PartnerKind, Region, School

SCHOOL_STAFF_ROLES = (Role.COUNSELOR, Role.TEACHER)


# --- public ----------------------------------------------------------------------------------


def consortia_for(actor: policies.Actor) -> QuerySet[Consortium]:
    """Every public consortium, and those the actor is a member of; `member` says which are theirs.

    Counts: all districts and schools; partners that the consortium lists publicly.
    """
    member_of = policies.scope_of(actor).member_of
    return (
        Consortium.objects.filter(Q(is_public=True) | Q(pk__in=member_of))
        .select_related("state")
        .annotate(
            district_count=Count("districts", distinct=True),
            school_count=Count("schools", distinct=True),
            partner_count=Count("partners", filter=Q(partners__is_public=True), distinct=True),
        )
        .order_by("name")
    )


def consortium_for(actor: policies.Actor, slug: str) -> Consortium:
    row = consortia_for(actor).filter(slug=slug).first()
    if row is None:
        raise NotFound(_("Not found."))
    return row


def public_contacts(consortium: Consortium) -> QuerySet[Contact]:
    """The consortium's 'who to contact': contacts it marks public (at public partners or its own)."""
    return (
        Contact.objects.filter(consortium=consortium, is_public=True)
        .filter(Q(partner__isnull=True) | Q(partner__is_public=True))
        .select_related("partner")
        .order_by("name")
    )


# --- lists -----------------------------------------------------------------------------------


def regions_list(*, actor: policies.Actor, consortium: Consortium | None = None) -> QuerySet[Region]:
    rows = Region.objects.filter(policies.regions_visible_to(actor)).select_related("consortium")
    if consortium is not None:
        rows = rows.filter(consortium=consortium)
    return rows.order_by("consortium__name", "name")


def districts_list(*, actor: policies.Actor, consortium: Consortium | None = None) -> QuerySet[District]:
    ids = District.objects.filter(policies.districts_visible_to(actor)).values("pk")
    rows = District.objects.filter(pk__in=ids).select_related("consortium", "region")
    if consortium is not None:
        rows = rows.filter(consortium=consortium)
    return rows.annotate(school_count=Count("schools")).order_by("consortium__name", "name")


def schools_list(
    *,
    actor: policies.Actor,
    consortium: Consortium | None = None,
    district: District | UUID | str | None = None,
) -> QuerySet[School]:
    rows = School.objects.filter(policies.schools_visible_to(actor)).select_related(
        "consortium", "district", "county__wage_area", "zip_code"
    )
    if consortium is not None:
        rows = rows.filter(consortium=consortium)
    if isinstance(district, District):
        rows = rows.filter(district=district)
    elif district:
        try:
            rows = rows.filter(district__public_id=UUID(str(district)))
        except ValueError:
            rows = rows.none()
    return rows.order_by("consortium__name", "name")


def partners_list(
    *, actor: policies.Actor, consortium: Consortium | None = None, kind: str = ""
) -> QuerySet[Partner]:
    rows = Partner.objects.filter(policies.partners_visible_to(actor)).select_related("consortium")
    if consortium is not None:
        rows = rows.filter(consortium=consortium)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("consortium__name", "name")


def contacts_of_partner(actor: policies.Actor, partner: Partner) -> QuerySet[Contact]:
    return Contact.objects.filter(policies.contacts_visible_to(actor), partner=partner).order_by("name")


# --- pages -----------------------------------------------------------------------------------


@dataclass
class KindGroup:
    kind: str
    label: str
    partners: list[Partner]


@dataclass
class RegionGroup:
    region: Region | None
    districts: list[District]


@dataclass
class NetworkOverview:
    consortium: Consortium
    regions: list[RegionGroup]
    district_count: int
    school_count: int
    enrollment: int
    partner_groups: list[KindGroup]
    partner_count: int
    contacts: list[Contact] = field(default_factory=list)


def network_overview(consortium: Consortium) -> NetworkOverview:
    """Everything a consortium leader needs on one page, in a fixed handful of queries."""
    schools = School.objects.select_related("county__wage_area").order_by("name")
    districts = list(
        District.objects.filter(consortium=consortium)
        .select_related("region")
        .prefetch_related(Prefetch("schools", queryset=schools))
        .order_by("name")
    )
    regions = list(Region.objects.filter(consortium=consortium).order_by("name"))
    groups = [RegionGroup(region, [d for d in districts if d.region_id == region.pk]) for region in regions]
    unassigned = [d for d in districts if d.region_id is None]
    if unassigned or not groups:
        groups.append(RegionGroup(None, unassigned))
    partners = list(Partner.objects.filter(consortium=consortium).order_by("name"))
    partner_groups = [
        KindGroup(kind, str(label), [p for p in partners if p.kind == kind])
        for kind, label in PartnerKind.choices
    ]
    all_schools = [s for d in districts for s in d.schools.all()]
    contacts = list(Contact.objects.filter(consortium=consortium).select_related("partner").order_by("name"))
    return NetworkOverview(
        consortium=consortium,
        regions=groups,
        district_count=len(districts),
        school_count=len(all_schools),
        enrollment=sum(s.enrollment or 0 for s in all_schools),
        partner_groups=[g for g in partner_groups if g.partners],
        partner_count=len(partners),
        contacts=contacts,
    )


def school_staff(school: School) -> list[Membership]:
    """Counselors and teachers of the school, by name."""
    return list(
        Membership.objects.filter(school=school, role__in=SCHOOL_STAFF_ROLES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "role")
    )


def district_admins(district: District) -> list[User]:
    return list(
        User.objects.filter(memberships__district=district, memberships__role=Role.DISTRICT_ADMIN)
        .distinct()
        .order_by("last_name", "first_name")
    )


def student_count(school: School) -> int:
    return Membership.objects.filter(school=school, role=Role.STUDENT).values("user_id").distinct().count()


def partner_contacts_users(partner: Partner) -> list[User]:
    """People who hold a partner-contact role at this organisation (they can edit its profile)."""
    return list(
        User.objects.filter(memberships__partner=partner, memberships__role=Role.PARTNER_CONTACT)
        .distinct()
        .order_by("last_name", "first_name")
    )
