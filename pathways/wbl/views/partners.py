"""The partner portal: a partner's work-based learning record, shared by the consortium's schools.

The organisation's profile and people are edited on the network pages (`orgs:partner-edit`,
`orgs:partner-contact-create`), which also refuse a duplicate partner name. Here: the sites,
the engagement ladder, documents with expiry, and the contact history (staff only).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pathways.accounts.models import User
from pathways.accounts.policies import scope_of
from pathways.core.errors import DomainError, NotFound
from pathways.orgs.models import Consortium, Partner, School

from .. import policies
from .. import selectors_partners as selectors
from ..forms_partners import ContactLogForm, DocumentForm, LocationForm, OffersForm
from ..models import PartnerDocument, PartnerLocation
from ..services import partners as services

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def wbl_page(view: Callable[P, R]) -> Callable[P, R]:
    """Signed in, and `NotFound` from the policies becomes the one 404 page."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return login_required(wrapper)


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def item(request: HttpRequest, rows: Any) -> Any:
    """The row named by the POST field `item` (a UUID) among `rows`; 404 if none."""
    try:
        public_id = UUID(str(request.POST.get("item")))
    except ValueError:
        raise Http404(_("Not found.")) from None
    row = rows.filter(public_id=public_id).first()
    if row is None:
        raise Http404(_("Not found."))
    return row


# (url name, label) of the portal's tabs.
def _tabs(partner: Partner, user: User) -> list[tuple[str, str]]:
    tabs = [
        ("wbl:partner-portal", _("Overview")),
        ("wbl:partner-locations", _("Sites")),
        ("wbl:partner-offers", _("Engagement ladder")),
        ("wbl:partner-documents", _("Documents")),
    ]
    if policies.may_see_contact_log(user, partner):
        tabs.append(("wbl:partner-history", _("Contact history")))
    return tabs


def _page(
    request: HttpRequest, template: str, partner: Partner, context: dict[str, Any], tab: str
) -> HttpResponse:
    user = user_of(request)
    return render(
        request,
        template,
        {
            "partner": partner,
            "tabs": _tabs(partner, user),
            "tab": tab,
            "may_manage": policies.may_manage_partner(user, partner),
            **context,
        },
    )


@wbl_page
def home(request: HttpRequest) -> HttpResponse:
    """/wbl/: students go to discovery, partner contacts to their portal, staff to opportunities."""
    user = user_of(request)
    s = scope_of(user)
    if s.staff_of:
        return redirect("wbl:opportunity-list")
    if s.partner_contact_of:
        partner = selectors.my_partner(user)
        if partner is not None:
            return redirect("wbl:partner-portal", partner=partner.public_id)
    if s.student_at:
        return redirect("wbl:discover")
    raise NotFound(_("Not found."))


@wbl_page
def partner_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    s = scope_of(user)
    if not (s.staff_of or s.partner_contact_of):
        raise NotFound(_("Not found."))
    rows = selectors.partners_for(user)
    leader_of = list(Consortium.objects.filter(pk__in=s.leader_of).order_by("name"))
    return render(request, "wbl/partners/partner_list.html", {"rows": rows, "leader_of": leader_of})


@wbl_page
def partner_portal(request: HttpRequest, partner: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_wbl_partner(user, partner)
    portal = selectors.partner_portal(user, row)
    return _page(
        request,
        "wbl/partners/portal.html",
        row,
        {
            "portal": portal,
            "may_create": policies.may_create_opportunity(user, row),
            "may_edit_profile": policies.may_manage_partner(user, row),
        },
        "wbl:partner-portal",
    )


@wbl_page
@require_http_methods(["GET", "POST"])
def partner_locations(request: HttpRequest, partner: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_wbl_partner(user, partner)
    may_manage = policies.may_manage_partner(user, row)
    form = LocationForm()
    if request.method == "POST":
        if not may_manage:
            raise NotFound(_("Not found."))
        if request.POST.get("action") == "remove":
            location = item(request, PartnerLocation.objects.filter(partner=row).select_related("partner"))
            try:
                services.location_remove(acting_user=user, location=location)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Site removed."))
            return redirect("wbl:partner-locations", partner=row.public_id)
        form = LocationForm(request.POST)
        if form.is_valid():
            try:
                services.location_add(acting_user=user, partner=row, **form.cleaned_data)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Site added."))
                return redirect("wbl:partner-locations", partner=row.public_id)
    locations = list(PartnerLocation.objects.filter(partner=row).select_related("zip_code"))
    return _page(
        request,
        "wbl/partners/locations.html",
        row,
        {"form": form, "locations": locations},
        "wbl:partner-locations",
    )


@wbl_page
@require_http_methods(["GET", "POST"])
def partner_offers(request: HttpRequest, partner: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_wbl_partner(user, partner)
    may_manage = policies.may_manage_partner(user, row)
    offered = sorted(row.offers.values_list("engagement", flat=True))
    form = OffersForm(initial={"engagements": offered})
    if request.method == "POST":
        if not may_manage:
            raise NotFound(_("Not found."))
        form = OffersForm(request.POST)
        if form.is_valid():
            try:
                services.offers_set(
                    acting_user=user, partner=row, engagements=form.cleaned_data["engagements"]
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Engagement ladder saved."))
                return redirect("wbl:partner-offers", partner=row.public_id)
    return _page(
        request, "wbl/partners/offers.html", row, {"form": form, "offered": offered}, "wbl:partner-offers"
    )


@wbl_page
@require_http_methods(["GET", "POST"])
def partner_documents(request: HttpRequest, partner: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_wbl_partner(user, partner)
    may_manage = policies.may_manage_partner(user, row)
    form = DocumentForm()
    if request.method == "POST":
        if not may_manage:
            raise NotFound(_("Not found."))
        if request.POST.get("action") == "remove":
            document = item(request, PartnerDocument.objects.filter(partner=row).select_related("partner"))
            services.document_remove(acting_user=user, document=document)
            messages.success(request, _("Document removed."))
            return redirect("wbl:partner-documents", partner=row.public_id)
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.document_add(acting_user=user, partner=row, **form.cleaned_data)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Document added."))
                return redirect("wbl:partner-documents", partner=row.public_id)
    documents = [selectors.document_state(d) for d in PartnerDocument.objects.filter(partner=row)]
    return _page(
        request,
        "wbl/partners/documents.html",
        row,
        {"form": form, "documents": documents},
        "wbl:partner-documents",
    )


@wbl_page
def document_file(request: HttpRequest, document: UUID) -> HttpResponseBase:
    """The uploaded file, only to those who may see the partner's documents."""
    row = policies.access_document(user_of(request), document)
    if not row.file:
        raise Http404(_("Not found."))
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Not found.")) from None
    response = FileResponse(handle, as_attachment=True, filename=row.file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@wbl_page
@require_http_methods(["GET", "POST"])
def partner_history(request: HttpRequest, partner: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_wbl_partner(user, partner)
    if not policies.may_see_contact_log(user, row):
        raise NotFound(_("Not found."))
    schools = list(School.objects.filter(consortium_id=row.consortium_id).order_by("name"))
    form = ContactLogForm(schools=schools)
    if request.method == "POST":
        form = ContactLogForm(request.POST, schools=schools)
        if form.is_valid():
            try:
                services.contact_log_add(acting_user=user, partner=row, **form.cleaned_data)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Contact recorded."))
                return HttpResponseRedirect(reverse("wbl:partner-history", kwargs={"partner": row.public_id}))
    portal = selectors.partner_portal(user, row)
    return _page(
        request,
        "wbl/partners/history.html",
        row,
        {"form": form, "entries": portal.contact_log},
        "wbl:partner-history",
    )
