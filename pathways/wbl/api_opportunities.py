"""JSON API of opportunities (mounted under /api/v1/ by config/api.py through wbl.api).

- `GET /wbl/opportunities`: approved, current opportunities the caller may see (students: their
  consortium's, for every school or theirs), filtered by type, Career Cluster, distance from the
  school or a ZIP, virtual; paginated; each with the caller's registration and why it fits.
- `GET /wbl/opportunities/{id}`: one opportunity the caller may see (any status for its partner
  and staff). Missing and not visible: the same 404.
- `POST /wbl/opportunities/{id}/register`: the signed-in student takes a seat or joins the waitlist.
- `POST /wbl/opportunities/{id}/cancel`: the student gives up their seat or waitlist place.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.accounts.auth import API_AUTH
from pathways.accounts.models import User
from pathways.core.errors import InvalidInput, NotFound
from pathways.labor.api import ErrorOut

from . import policies
from . import selectors_partners as selectors
from .models import EngagementType, Opportunity, RegistrationStatus
from .services import opportunities as services

router = Router(tags=["wbl"])

EngagementName = Literal[
    "guest_speaker",
    "career_fair",
    "workplace_tour",
    "job_shadow",
    "mentoring",
    "internship",
    "pre_apprenticeship",
    "apprenticeship",
    "clinical",
    "school_enterprise",
    "virtual_project",
]


class PartnerRef(Schema):
    id: UUID
    name: str


class SiteOut(Schema):
    name: str
    city: str
    zip_code: str


class OpportunityOut(Schema):
    id: UUID
    title: str
    description: str
    partner: PartnerRef
    engagement: EngagementName
    engagement_label: str
    status: str
    cluster: str | None = Field(description="Slug of the Career Cluster (2024 framework).")
    occupations: list[str] = Field(description="O*NET-SOC codes.")
    is_virtual: bool
    site: SiteOut | None
    miles: float | None = Field(description="Straight-line miles between ZIP centroids, when known.")
    starts_on: datetime.date
    ends_on: datetime.date | None
    schedule: str
    capacity: int
    seats_left: int
    allocation: Literal["open", "round"]
    min_age: int | None
    min_grade: int | None
    is_paid: bool
    hourly_wage: Decimal | None
    transportation_notes: str
    why: list[str] = Field(description="Why it fits the student: links to their careers.")
    my_status: str | None = Field(description="registered, waitlisted or attended; null if none.")
    waitlist_position: int | None


class OpportunityListOut(Schema):
    count: int
    page: int
    pages: int
    results: list[OpportunityOut]


class ListIn(Schema):
    type: EngagementName | None = None
    cluster: str | None = None
    miles: int | None = Field(None, ge=1, le=500)
    zip: str | None = Field(None, pattern=r"^\d{5}$")
    virtual: bool = False
    page: int = Field(1, ge=1)


class RegistrationOut(Schema):
    opportunity: UUID
    status: str
    waitlist_position: int | None


def _out(card: selectors.Card) -> OpportunityOut:
    o = card.opportunity
    return OpportunityOut(
        id=o.public_id,
        title=o.title,
        description=o.description,
        partner=PartnerRef(id=o.partner.public_id, name=o.partner.name),
        engagement=o.engagement,  # type: ignore[arg-type]
        engagement_label=str(EngagementType(o.engagement).label),
        status=o.status,
        cluster=o.cluster.slug if o.cluster else None,
        occupations=[x.code for x in o.occupations.all()],
        is_virtual=o.is_virtual,
        site=SiteOut(name=o.location.name, city=o.location.city, zip_code=o.location.zip_code_id)
        if o.location
        else None,
        miles=round(card.miles, 1) if card.miles is not None else None,
        starts_on=o.starts_on,
        ends_on=o.ends_on,
        schedule=o.schedule,
        capacity=o.capacity,
        seats_left=card.seats_left,
        allocation=o.allocation,  # type: ignore[arg-type]
        min_age=o.min_age,
        min_grade=o.min_grade,
        is_paid=o.is_paid,
        hourly_wage=o.hourly_wage,
        transportation_notes=o.transportation_notes,
        why=card.reasons,
        my_status=card.my_status or None,
        waitlist_position=card.waitlist_position,
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _card(user: User, opportunity: Opportunity) -> selectors.Card:
    miles = None
    school = selectors.student_school(user)
    if school is not None and opportunity.location is not None:
        miles = selectors.miles_between(school.zip_code, opportunity.location.zip_code)
    links = selectors.career_links(user) if policies.is_student(user) else {}
    card = selectors.Card(
        opportunity,
        miles,
        selectors.reasons_for(opportunity, links, [x.code for x in opportunity.occupations.all()]),
        selectors.seats_left(opportunity),
    )
    mine = selectors.my_registration(user, opportunity)
    if mine is not None and mine.status != RegistrationStatus.CANCELLED:
        card.my_status = mine.status
        card.waitlist_position = services.waitlist_position(mine)
    return card


@router.get(
    "/wbl/opportunities",
    auth=API_AUTH,
    response={200: OpportunityListOut, 401: ErrorOut, 422: ErrorOut},
    summary="Work-based learning opportunities for the caller",
    description=(
        "Approved opportunities that have not ended, that the caller may see: a student sees their "
        "consortium's, offered to every school or to theirs. Linked to the student's careers first, "
        "then nearest. `miles` keeps in-person ones within that distance of the school (or `zip`)."
    ),
)
def opportunity_list(request: HttpRequest, params: Query[ListIn]) -> OpportunityListOut:
    if params.cluster is not None and not selectors.clusters().filter(slug=params.cluster).exists():
        raise NotFound(_("No Career Cluster is called %(slug)s.") % {"slug": params.cluster}, field="cluster")
    if params.miles is not None and params.virtual:
        raise InvalidInput(_("Use either miles or virtual, not both."), field="miles")
    filters = selectors.DiscoveryFilters(
        engagement=params.type or "",
        cluster=params.cluster or "",
        miles=params.miles,
        zip_code=params.zip or "",
        virtual_only=params.virtual,
        page=params.page,
    )
    result = selectors.discover(_user(request), filters)
    return OpportunityListOut(
        count=result.total,
        page=result.page.number,
        pages=result.page.paginator.num_pages,
        results=[_out(c) for c in result.cards],
    )


@router.get(
    "/wbl/opportunities/{public_id}",
    auth=API_AUTH,
    response={200: OpportunityOut, 401: ErrorOut, 404: ErrorOut},
    summary="One opportunity",
)
def opportunity_detail(request: HttpRequest, public_id: str) -> OpportunityOut:
    user = _user(request)
    return _out(_card(user, policies.access_opportunity(user, public_id)))


@router.post(
    "/wbl/opportunities/{public_id}/register",
    auth=API_AUTH,
    response={201: RegistrationOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Register (or join the waitlist)",
    description=(
        "A seat while there is one, else the waitlist. Refusals (grade, age, program, closed) are 400."
    ),
)
def opportunity_register(request: HttpRequest, public_id: str) -> tuple[int, RegistrationOut]:
    user = _user(request)
    opportunity = policies.access_opportunity(user, public_id)
    registration = services.register(acting_user=user, opportunity=opportunity)
    return 201, RegistrationOut(
        opportunity=opportunity.public_id,
        status=registration.status,
        waitlist_position=services.waitlist_position(registration),
    )


@router.post(
    "/wbl/opportunities/{public_id}/cancel",
    auth=API_AUTH,
    response={200: RegistrationOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Cancel the caller's registration",
)
def opportunity_cancel(request: HttpRequest, public_id: str) -> RegistrationOut:
    user = _user(request)
    opportunity = policies.access_opportunity(user, public_id)
    registration = selectors.my_registration(user, opportunity)
    if registration is None:
        raise NotFound(_("You have no registration here."))
    services.cancel(acting_user=user, registration=registration)
    registration.refresh_from_db()
    return RegistrationOut(
        opportunity=opportunity.public_id, status=registration.status, waitlist_position=None
    )
