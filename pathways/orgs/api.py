"""JSON API of the consortium network: consortia, regions, districts, schools, partners, contacts.

Public reads (the consortium list and page, public contacts) need no login; they call
`api_user(request)` so that members also see their own non-public consortia. Everything else
takes `auth=API_AUTH` (a personal token or the browser session; 401 without one) and lists only
what the policies let the caller see: a token sees exactly what its user sees.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from pathways.accounts import policies
from pathways.accounts.auth import API_AUTH, api_user
from pathways.labor.api import ErrorOut

from . import selectors
from .models import Consortium, Contact, District, Partner, PartnerKind, Region, School

router = Router(tags=["network"])

LIMIT_MAX = 200


class PageIn(Schema):
    consortium: str | None = Field(None, description="Only rows of the consortium with this slug.")
    limit: int = Field(50, ge=1, le=LIMIT_MAX, description="Rows per page (1 to 200).")
    offset: int = Field(0, ge=0, description="Rows to skip.")


class SchoolListIn(PageIn):
    district: UUID | None = Field(None, description="Only schools of the district with this public id.")


class PartnerListIn(PageIn):
    kind: PartnerKind | None = Field(None, description="Only partners of this kind.")


# --- schemas ---------------------------------------------------------------------------------


class ConsortiumOut(Schema):
    slug: str
    name: str
    short_name: str
    state: str | None = Field(description="USPS code of the state, e.g. `NM`.")
    website: str
    summary: str
    host_organization: str
    district_count: int
    school_count: int
    partner_count: int = Field(description="Partners listed on the public page.")
    member: bool = Field(description="True when the caller is a member of this consortium.")


class ConsortiumListOut(Schema):
    count: int
    items: list[ConsortiumOut]


class ContactOut(Schema):
    public_id: UUID
    name: str
    title: str
    email: str
    phone: str
    organization: str = Field(description="The partner's name, or the consortium's for its own contacts.")
    partner_id: UUID | None = None


class ContactListOut(Schema):
    count: int
    items: list[ContactOut]


class OrgRef(Schema):
    public_id: UUID
    name: str


class RegionOut(Schema):
    public_id: UUID
    name: str
    consortium: str = Field(description="Consortium slug.")


class RegionListOut(Schema):
    count: int
    items: list[RegionOut]


class DistrictOut(Schema):
    public_id: UUID
    name: str
    consortium: str
    region: OrgRef | None
    nces_id: str
    school_count: int


class DistrictListOut(Schema):
    count: int
    items: list[DistrictOut]


class WageAreaRef(Schema):
    code: str
    name: str


class SchoolOut(Schema):
    public_id: UUID
    name: str
    consortium: str
    district: OrgRef
    address: str
    city: str
    zip_code: str | None
    county: str | None
    wage_area: WageAreaRef | None = Field(description="The BLS OEWS area of the school's county.")
    locale: str = Field(description="`city`, `suburb`, `town`, `rural` or empty.")
    grade_low: int | None = Field(description="-1 pre-kindergarten, 0 kindergarten, 1 to 12.")
    grade_high: int | None
    enrollment: int | None
    nces_id: str


class SchoolListOut(Schema):
    count: int
    items: list[SchoolOut]


class PartnerOut(Schema):
    public_id: UUID
    name: str
    consortium: str
    kind: str
    kind_label: str
    website: str
    description: str
    city: str
    zip_code: str | None
    naics_code: str
    is_public: bool


class PartnerListOut(Schema):
    count: int
    items: list[PartnerOut]


class PartnerDetailOut(PartnerOut):
    contacts: list[ContactOut] = Field(description="The partner's contacts that the caller may see.")


# --- helpers ---------------------------------------------------------------------------------


def _consortium_out(row: Consortium, member_of: frozenset[int]) -> ConsortiumOut:
    return ConsortiumOut(
        slug=row.slug,
        name=row.name,
        short_name=row.short_name,
        state=row.state.usps if row.state else None,
        website=row.website,
        summary=row.summary,
        host_organization=row.host_organization,
        district_count=row.district_count,  # type: ignore[attr-defined]  # annotated by the selector
        school_count=row.school_count,  # type: ignore[attr-defined]
        partner_count=row.partner_count,  # type: ignore[attr-defined]
        member=row.pk in member_of,
    )


def _contact_out(row: Contact) -> ContactOut:
    return ContactOut(
        public_id=row.public_id,
        name=row.name,
        title=row.title,
        email=row.email,
        phone=row.phone,
        organization=row.partner.name if row.partner else row.consortium.name,
        partner_id=row.partner.public_id if row.partner else None,
    )


def _school_out(row: School) -> SchoolOut:
    area = row.county.wage_area if row.county else None
    return SchoolOut(
        public_id=row.public_id,
        name=row.name,
        consortium=row.consortium.slug,
        district=OrgRef(public_id=row.district.public_id, name=row.district.name),
        address=row.address,
        city=row.city,
        zip_code=row.zip_code_id,
        county=row.county.name if row.county else None,
        wage_area=WageAreaRef(code=area.code, name=area.name) if area else None,
        locale=row.locale,
        grade_low=row.grade_low,
        grade_high=row.grade_high,
        enrollment=row.enrollment,
        nces_id=row.nces_id,
    )


def _partner_fields(row: Partner) -> dict[str, Any]:
    return {
        "public_id": row.public_id,
        "name": row.name,
        "consortium": row.consortium.slug,
        "kind": row.kind,
        "kind_label": str(row.get_kind_display()),
        "website": row.website,
        "description": row.description,
        "city": row.city,
        "zip_code": row.zip_code_id,
        "naics_code": row.naics_code,
        "is_public": row.is_public,
    }


def _by_consortium(rows: QuerySet[Any], slug: str | None) -> QuerySet[Any]:
    return rows.filter(consortium__slug=slug) if slug else rows


def _slice(rows: QuerySet[Any], params: PageIn) -> tuple[int, list[Any]]:
    return rows.count(), list(rows[params.offset : params.offset + params.limit])


# --- public ----------------------------------------------------------------------------------


@router.get(
    "/consortia",
    response=ConsortiumListOut,
    summary="List consortia",
    description=(
        "Every consortium with a public page; a signed-in caller (token or session) also gets the "
        "consortia they are a member of, flagged `member: true`. No login needed."
    ),
)
def consortia_list(request: HttpRequest) -> ConsortiumListOut:
    user = api_user(request)
    member_of = policies.scope_of(user).member_of
    items = [_consortium_out(row, member_of) for row in selectors.consortia_for(user)]
    return ConsortiumListOut(count=len(items), items=items)


@router.get(
    "/consortia/{slug}",
    response={200: ConsortiumOut, 404: ErrorOut},
    summary="Get a consortium",
    description="A public consortium, or one the caller is a member of. No login needed for public ones.",
)
def consortium_get(request: HttpRequest, slug: str) -> ConsortiumOut:
    user = api_user(request)
    row = selectors.consortium_for(user, slug)
    return _consortium_out(row, policies.scope_of(user).member_of)


@router.get(
    "/consortia/{slug}/contacts",
    response={200: ContactListOut, 404: ErrorOut},
    summary="List a consortium's public contacts",
    description="'Who to contact': the contacts the consortium marks public. No login needed.",
)
def consortium_contacts(request: HttpRequest, slug: str) -> ContactListOut:
    row = selectors.consortium_for(api_user(request), slug)
    items = [_contact_out(c) for c in selectors.public_contacts(row).select_related("consortium")]
    return ContactListOut(count=len(items), items=items)


# --- the tree (signed in) --------------------------------------------------------------------


@router.get(
    "/regions",
    auth=API_AUTH,
    response={200: RegionListOut, 422: ErrorOut},
    summary="List regions",
    description="Regions of the consortia where the caller is staff.",
)
def regions_list(request: HttpRequest, params: Query[PageIn]) -> RegionListOut:
    rows: QuerySet[Region] = _by_consortium(selectors.regions_list(actor=request.user), params.consortium)
    count, page = _slice(rows, params)
    return RegionListOut(
        count=count,
        items=[RegionOut(public_id=r.public_id, name=r.name, consortium=r.consortium.slug) for r in page],
    )


@router.get(
    "/districts",
    auth=API_AUTH,
    response={200: DistrictListOut, 422: ErrorOut},
    summary="List districts",
    description="Districts the caller may see: all of a consortium for its leaders, else their own.",
)
def districts_list(request: HttpRequest, params: Query[PageIn]) -> DistrictListOut:
    rows: QuerySet[District] = _by_consortium(selectors.districts_list(actor=request.user), params.consortium)
    count, page = _slice(rows, params)
    return DistrictListOut(
        count=count,
        items=[
            DistrictOut(
                public_id=d.public_id,
                name=d.name,
                consortium=d.consortium.slug,
                region=OrgRef(public_id=d.region.public_id, name=d.region.name) if d.region else None,
                nces_id=d.nces_id,
                school_count=d.school_count,  # annotated by the selector
            )
            for d in page
        ],
    )


@router.get(
    "/schools",
    auth=API_AUTH,
    response={200: SchoolListOut, 422: ErrorOut},
    summary="List schools",
    description="Schools the caller may see, with their county and wage area.",
)
def schools_list(request: HttpRequest, params: Query[SchoolListIn]) -> SchoolListOut:
    rows = _by_consortium(
        selectors.schools_list(actor=request.user, district=params.district), params.consortium
    )
    count, page = _slice(rows, params)
    return SchoolListOut(count=count, items=[_school_out(s) for s in page])


@router.get(
    "/schools/{uuid:public_id}",
    auth=API_AUTH,
    response={200: SchoolOut, 404: ErrorOut},
    summary="Get a school",
)
def school_get(request: HttpRequest, public_id: UUID) -> SchoolOut:
    row = policies.access_school(request.user, public_id)
    full = selectors.schools_list(actor=request.user).get(pk=row.pk)
    return _school_out(full)


@router.get(
    "/partners",
    auth=API_AUTH,
    response={200: PartnerListOut, 422: ErrorOut},
    summary="List partners",
    description="Partner organisations: all of a consortium for its staff; a partner contact sees their own.",
)
def partners_list(request: HttpRequest, params: Query[PartnerListIn]) -> PartnerListOut:
    rows = _by_consortium(
        selectors.partners_list(actor=request.user, kind=params.kind or ""), params.consortium
    )
    count, page = _slice(rows, params)
    return PartnerListOut(count=count, items=[PartnerOut(**_partner_fields(p)) for p in page])


@router.get(
    "/partners/{uuid:public_id}",
    auth=API_AUTH,
    response={200: PartnerDetailOut, 404: ErrorOut},
    summary="Get a partner, with its contacts",
)
def partner_get(request: HttpRequest, public_id: UUID) -> PartnerDetailOut:
    row = policies.access_partner(request.user, public_id)
    contacts = selectors.contacts_of_partner(request.user, row).select_related("partner", "consortium")
    return PartnerDetailOut(**_partner_fields(row), contacts=[_contact_out(c) for c in contacts])
