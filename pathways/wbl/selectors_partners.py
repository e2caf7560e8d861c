"""Reads for partners' work-based learning pages, opportunities, discovery and recognition.

Distance is the great-circle (haversine) distance between ZIP centroids (labor.ZipCode latitude
and longitude, Census ZCTA 2020): from the student's school ZIP, or a home ZIP the student types,
to the ZIP of the opportunity's site. It is "as the crow flies", not driving distance.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.accounts.policies import Actor, scope_of
from pathways.catalog.models import CareerCluster, Framework, Occupation
from pathways.labor.models import ZipCode
from pathways.orgs.models import Consortium, Partner, School

from . import policies
from .models import (
    Allocation,
    ContactLogEntry,
    DocumentKind,
    EngagementType,
    HoursEntry,
    HoursStatus,
    Opportunity,
    OpportunityStatus,
    PartnerDocument,
    PartnerLocation,
    PartnerOffer,
    Placement,
    PlacementStatus,
    Registration,
    RegistrationStatus,
)

EARTH_RADIUS_MILES = 3958.8
EXPIRING_DAYS = 30
PAGE_SIZE = 12
DISTANCE_CHOICES = (10, 25, 50, 100)
SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)


# --- distance --------------------------------------------------------------------------------


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def zip_point(zip_code: ZipCode | None) -> tuple[float, float] | None:
    if zip_code is None or zip_code.latitude is None or zip_code.longitude is None:
        return None
    return (zip_code.latitude, zip_code.longitude)


def miles_between(a: ZipCode | None, b: ZipCode | None) -> float | None:
    pa, pb = zip_point(a), zip_point(b)
    if pa is None or pb is None:
        return None
    return haversine_miles(pa[0], pa[1], pb[0], pb[1])


def student_school(user: Actor) -> School | None:
    s = scope_of(user)
    if not s.student_at:
        return None
    return School.objects.select_related("zip_code").filter(pk__in=s.student_at).order_by("pk").first()


# --- why it fits -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CareerLink:
    code: str
    title: str
    kind: str  # "favourite", "plan", "match"


def career_links(student: User, *, matches: int = 20) -> dict[str, CareerLink]:
    """The student's careers, by O*NET code: plan careers, then favourites, then top matches."""
    from pathways.students.models import Favourite, PlanCareer

    links: dict[str, CareerLink] = {}
    for code, title in PlanCareer.objects.filter(plan__student=student).values_list(
        "occupation_id", "occupation__title"
    ):
        links.setdefault(code, CareerLink(code, title, "plan"))
    for code, title in Favourite.objects.filter(student=student, occupation__isnull=False).values_list(
        "occupation_id", "occupation__title"
    ):
        links.setdefault(code, CareerLink(code, title, "favourite"))
    for code, title in _top_matches(student, matches):
        links.setdefault(code, CareerLink(code, title, "match"))
    return links


def _top_matches(student: User, limit: int) -> list[tuple[str, str]]:
    """The student's best-fitting careers from their latest Interest Profiler (none if flat or absent)."""
    try:
        from pathways.students.selectors_family import latest_attempt
        from pathways.students.selectors_profiler import occupations_ranked

        attempt, _count, _busy = latest_attempt(student)
        if attempt is None or not attempt.scores:
            return []
        matrix, ranking = occupations_ranked(attempt.scores)
    except Exception:
        return []
    rows = []
    for position, band in zip(ranking.order[:limit], ranking.band[:limit], strict=True):
        if str(band) in ("best", "great"):
            rows.append((matrix.codes[int(position)], matrix.titles[int(position)]))
    return rows


def reasons_for(opportunity: Opportunity, links: dict[str, CareerLink], codes: Iterable[str]) -> list[str]:
    reasons = []
    for code in codes:
        link = links.get(code)
        if link is None:
            continue
        if link.kind == "plan":
            reasons.append(_("Linked to a career in your plan: %(title)s") % {"title": link.title})
        elif link.kind == "favourite":
            reasons.append(_("Linked to your favourite career: %(title)s") % {"title": link.title})
        else:
            reasons.append(_("Linked to your career match: %(title)s") % {"title": link.title})
    return reasons


# --- discovery -------------------------------------------------------------------------------


@dataclass
class DiscoveryFilters:
    engagement: str = ""
    cluster: str = ""
    miles: int | None = None
    zip_code: str = ""
    virtual_only: bool = False
    linked_only: bool = False
    page: int = 1


@dataclass
class Card:
    opportunity: Opportunity
    miles: float | None
    reasons: list[str]
    seats_left: int
    my_status: str = ""
    waitlist_position: int | None = None


@dataclass
class Discovery:
    cards: list[Card]
    page: Page[Card]
    origin_label: str
    origin_problem: str = ""
    total: int = 0


def _base(user: Actor) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(policies.opportunities_visible_to(user))
        .select_related("partner", "location__zip_code", "cluster", "subcluster", "school")
        .prefetch_related("occupations")
        .distinct()
    )


def seats_taken(opportunity_ids: Sequence[int]) -> dict[int, int]:
    return dict(
        Registration.objects.filter(opportunity_id__in=opportunity_ids, status__in=SEATED)
        .values_list("opportunity_id")
        .annotate(n=Count("id"))
        .values_list("opportunity_id", "n")
    )


def discover(user: User, filters: DiscoveryFilters, *, today: datetime.date | None = None) -> Discovery:
    """Approved, current opportunities the student may see, with distance and why each fits."""
    today = today or timezone.localdate()
    rows = (
        _base(user)
        .filter(status=OpportunityStatus.APPROVED)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
    )
    if filters.engagement:
        rows = rows.filter(engagement=filters.engagement)
    if filters.cluster:
        rows = rows.filter(cluster__slug=filters.cluster, cluster__framework=Framework.MODERN)
    if filters.virtual_only:
        rows = rows.filter(is_virtual=True)
    origin: ZipCode | None = None
    origin_label = ""
    problem = ""
    if filters.zip_code:
        origin = ZipCode.objects.filter(zip=filters.zip_code).first()
        if origin is None or zip_point(origin) is None:
            problem = _("We do not know where ZIP code %(zip)s is; distances are not shown.") % {
                "zip": filters.zip_code
            }
            origin = None
        else:
            origin_label = _("from ZIP code %(zip)s") % {"zip": origin.zip}
    else:
        school = student_school(user)
        if school is not None and zip_point(school.zip_code) is not None:
            origin = school.zip_code
            origin_label = _("from %(school)s") % {"school": school.name}
    links = career_links(user) if scope_of(user).student_at else {}
    cards: list[Card] = []
    for opportunity in rows:
        miles = (
            None
            if opportunity.is_virtual or origin is None
            else miles_between(origin, opportunity.location.zip_code if opportunity.location else None)
        )
        too_far = miles is None or (filters.miles is not None and miles > filters.miles)
        if filters.miles is not None and not opportunity.is_virtual and too_far:
            continue
        codes = [o.code for o in opportunity.occupations.all()]
        reasons = reasons_for(opportunity, links, codes)
        if filters.linked_only and not reasons:
            continue
        cards.append(Card(opportunity, miles, reasons, 0))
    # Linked to the student's careers first, then nearest (virtual counts as near), then soonest.
    cards.sort(
        key=lambda c: (not c.reasons, c.miles if c.miles is not None else 0.0, c.opportunity.starts_on)
    )
    page = Paginator(cards, PAGE_SIZE).get_page(filters.page)
    shown = list(page.object_list)
    taken = seats_taken([c.opportunity.pk for c in shown])
    mine = {
        r.opportunity_id: r
        for r in Registration.objects.filter(
            student_id=scope_of(user).user_id, opportunity_id__in=[c.opportunity.pk for c in shown]
        )
    }
    from .services.opportunities import waitlist_position

    for card in shown:
        card.seats_left = max(card.opportunity.capacity - taken.get(card.opportunity.pk, 0), 0)
        registration = mine.get(card.opportunity.pk)
        if registration is not None and registration.status != RegistrationStatus.CANCELLED:
            card.my_status = registration.status
            card.waitlist_position = waitlist_position(registration)
    return Discovery(shown, page, origin_label, problem, len(cards))


def opportunities_for_occupations(user: Actor, codes: Iterable[str], limit: int = 3) -> list[Opportunity]:
    """Approved, current opportunities visible to `user` that lead to any of these careers, soonest first."""
    wanted = [c for c in codes if c]
    if not wanted:
        return []
    today = timezone.localdate()
    return list(
        _base(user)
        .filter(status=OpportunityStatus.APPROVED, occupations__code__in=wanted)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
        .order_by("starts_on", "title")[:limit]
    )


def clusters() -> QuerySet[CareerCluster]:
    return CareerCluster.objects.filter(framework=Framework.MODERN).order_by("name")


# --- opportunities for staff and partners ----------------------------------------------------


def managed_opportunities(
    user: Actor, *, status: str = "", partner: Partner | None = None
) -> QuerySet[Opportunity]:
    """Opportunities a partner contact or staff member manages (students never get here)."""
    s = scope_of(user)
    rows = Opportunity.objects.filter(
        Q(consortium_id__in=s.staff_of) | Q(partner_id__in=s.partner_contact_of)
    ).select_related("partner", "school", "location")
    if status:
        rows = rows.filter(status=status)
    if partner is not None:
        rows = rows.filter(partner=partner)
    return rows.annotate(
        seated=Count("registrations", filter=Q(registrations__status__in=SEATED), distinct=True),
        waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED), distinct=True
        ),
    ).order_by("-starts_on", "title")


def review_queue(user: Actor) -> list[Opportunity]:
    return list(
        Opportunity.objects.filter(policies.review_queue_q(user))
        .select_related("partner", "school", "location__zip_code", "cluster")
        .order_by("updated_at")
    )


@dataclass
class RosterRow:
    registration: Registration
    position: int | None


def roster(user: Actor, opportunity: Opportunity) -> list[RosterRow]:
    rows = list(
        Registration.objects.filter(policies.roster_q(user, opportunity))
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("student")
        .order_by("created_at", "id")
    )
    position = 0
    result = []
    for row in rows:
        if row.status == RegistrationStatus.WAITLISTED:
            position += 1
        result.append(RosterRow(row, position if row.status == RegistrationStatus.WAITLISTED else None))
    # Seats first, then the waitlist in order.
    result.sort(key=lambda r: (r.registration.status == RegistrationStatus.WAITLISTED, r.position or 0))
    return result


def my_registration(user: Actor, opportunity: Opportunity) -> Registration | None:
    s = scope_of(user)
    if s.user_id is None:
        return None
    return Registration.objects.filter(opportunity=opportunity, student_id=s.user_id).first()


def seats_left(opportunity: Opportunity) -> int:
    return max(opportunity.capacity - seats_taken([opportunity.pk]).get(opportunity.pk, 0), 0)


def my_registrations(user: Actor) -> list[Registration]:
    s = scope_of(user)
    return list(
        Registration.objects.filter(student_id=s.user_id)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("opportunity__partner")
        .order_by("opportunity__starts_on")
    )


# --- partners --------------------------------------------------------------------------------


@dataclass
class DocumentRow:
    document: PartnerDocument
    state: str  # "expired", "expiring", "ok", "no_expiry"
    label: str
    warning: bool


def document_state(document: PartnerDocument, today: datetime.date | None = None) -> DocumentRow:
    today = today or timezone.localdate()
    if document.expires_on is None:
        state, label = "no_expiry", _("No expiry date")
    elif document.expires_on < today:
        state, label = "expired", _("Expired on %(day)s") % {"day": document.expires_on.isoformat()}
    elif document.expires_on <= today + datetime.timedelta(days=EXPIRING_DAYS):
        days = (document.expires_on - today).days
        state, label = (
            "expiring",
            _("Expires in %(days)s days (%(day)s)")
            % {
                "days": days,
                "day": document.expires_on.isoformat(),
            },
        )
    else:
        state, label = "ok", _("Valid until %(day)s") % {"day": document.expires_on.isoformat()}
    warning = state in ("expired", "expiring")
    if document.kind == DocumentKind.BACKGROUND_CHECK and document.check_status != "cleared":
        warning = True
    return DocumentRow(document, state, label, warning)


@dataclass
class PartnerSummary:
    partner: Partner
    opportunities: int
    warnings: int


def partners_for(user: Actor) -> list[PartnerSummary]:
    partners = list(
        Partner.objects.filter(policies.wbl_partners_visible_to(user))
        .select_related("consortium")
        .annotate(n_opportunities=Count("opportunities", distinct=True))
        .order_by("consortium__name", "name")
    )
    docs: dict[int, int] = {}
    for document in PartnerDocument.objects.filter(partner__in=partners):
        if document_state(document).warning:
            docs[document.partner_id] = docs.get(document.partner_id, 0) + 1
    return [PartnerSummary(p, p.n_opportunities, docs.get(p.pk, 0)) for p in partners]


@dataclass
class PartnerPortal:
    partner: Partner
    locations: list[PartnerLocation]
    offers: list[PartnerOffer]
    offered: set[str]
    documents: list[DocumentRow]
    warnings: list[DocumentRow]
    contact_log: list[ContactLogEntry] | None
    opportunities: list[Opportunity]
    contacts: list[object] = field(default_factory=list)


def partner_portal(user: Actor, partner: Partner) -> PartnerPortal:
    documents = [
        document_state(d)
        for d in PartnerDocument.objects.filter(partner=partner).select_related("uploaded_by")
    ]
    offers = list(PartnerOffer.objects.filter(partner=partner))
    log = None
    if policies.may_see_contact_log(user, partner):
        log = list(ContactLogEntry.objects.filter(partner=partner).select_related("author", "school"))
    return PartnerPortal(
        partner=partner,
        locations=list(PartnerLocation.objects.filter(partner=partner).select_related("zip_code")),
        offers=offers,
        offered={o.engagement for o in offers},
        documents=documents,
        warnings=[d for d in documents if d.warning],
        contact_log=log,
        opportunities=list(managed_opportunities(user, partner=partner)),
        contacts=list(partner.contacts.all()),
    )


def my_partner(user: Actor) -> Partner | None:
    s = scope_of(user)
    if not s.partner_contact_of:
        return None
    return Partner.objects.filter(pk__in=s.partner_contact_of).order_by("name").first()


# --- recognition -----------------------------------------------------------------------------


@dataclass
class PartnerThanks:
    partner: Partner
    offers: list[str]
    opportunities: int
    students: int
    hours: Decimal


def recognition(consortium: Consortium) -> list[PartnerThanks]:
    """What each public partner gave: opportunities offered (approved or run), students hosted
    (attended a registration, or an active or completed placement) and hours (attended registrations
    plus supervisor-approved placement hours). Counts only: never a student's name."""
    partners = list(Partner.objects.filter(consortium=consortium, is_public=True).order_by("name"))
    ids = [p.pk for p in partners]
    offered = dict(
        Opportunity.objects.filter(
            partner_id__in=ids, status__in=(OpportunityStatus.APPROVED, OpportunityStatus.CLOSED)
        )
        .values_list("partner_id")
        .annotate(n=Count("id"))
        .values_list("partner_id", "n")
    )
    hosted: dict[int, set[int]] = {}
    for partner_id, student_id in Registration.objects.filter(
        opportunity__partner_id__in=ids, status=RegistrationStatus.ATTENDED
    ).values_list("opportunity__partner_id", "student_id"):
        hosted.setdefault(partner_id, set()).add(student_id)
    for partner_id, student_id in Placement.objects.filter(
        opportunity__partner_id__in=ids, status__in=(PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)
    ).values_list("opportunity__partner_id", "student_id"):
        hosted.setdefault(partner_id, set()).add(student_id)
    hours: dict[int, Decimal] = {}
    for partner_id, total in (
        Registration.objects.filter(opportunity__partner_id__in=ids, status=RegistrationStatus.ATTENDED)
        .values_list("opportunity__partner_id")
        .annotate(total=Sum("hours"))
        .values_list("opportunity__partner_id", "total")
    ):
        hours[partner_id] = hours.get(partner_id, Decimal(0)) + (total or Decimal(0))
    for partner_id, total in (
        HoursEntry.objects.filter(placement__opportunity__partner_id__in=ids, status=HoursStatus.APPROVED)
        .values_list("placement__opportunity__partner_id")
        .annotate(total=Sum("hours"))
        .values_list("placement__opportunity__partner_id", "total")
    ):
        hours[partner_id] = hours.get(partner_id, Decimal(0)) + (total or Decimal(0))
    labels = dict(EngagementType.choices)
    offers: dict[int, list[str]] = {}
    for partner_id, engagement in PartnerOffer.objects.filter(partner_id__in=ids).values_list(
        "partner_id", "engagement"
    ):
        offers.setdefault(partner_id, []).append(str(labels.get(engagement, engagement)))
    rows = [
        PartnerThanks(
            p,
            offers.get(p.pk, []),
            offered.get(p.pk, 0),
            len(hosted.get(p.pk, set())),
            hours.get(p.pk, Decimal(0)),
        )
        for p in partners
    ]
    # Only partners who gave something; most students hosted first, then by name.
    rows = [r for r in rows if r.opportunities or r.students or r.offers]
    rows.sort(key=lambda r: (-r.students, -r.opportunities, r.partner.name.lower()))
    return rows


def occupations_by_code(codes: Iterable[str]) -> list[Occupation]:
    return list(Occupation.objects.filter(code__in=list(codes)).order_by("title"))


def is_round_allocation(opportunity: Opportunity) -> bool:
    return opportunity.allocation == Allocation.ROUND
