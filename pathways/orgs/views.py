"""Network pages for consortium staff: the overview, districts, schools, partners and contacts.

Views are thin: every tenant row is fetched through an `access_*` helper of `accounts.policies`
(the same 404 for missing and not-yours), lists through `selectors`, writes through `services`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pathways.accounts import policies
from pathways.accounts.models import User
from pathways.core.errors import InvalidInput, NotFound

from . import selectors, services
from .forms import (
    ContactForm,
    PartnerFilterForm,
    PartnerForm,
    SchoolFilterForm,
    SchoolForm,
    form_error_apply,
)
from .models import Consortium, District, PartnerKind

PAGE_SIZE = 25
P = ParamSpec("P")


def staff_page(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Signed in, and `NotFound` from the policies becomes the one 404 page."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return login_required(wrapper)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def _render(request: HttpRequest, template: str, context: dict[str, Any], fragment: str) -> HttpResponse:
    """The whole page, or only `fragment` (a partialdef) when HTMX asks for it."""
    htmx = getattr(request, "htmx", None)
    wants_fragment = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {**context, "fragment": wants_fragment}
    response = render(request, f"{template}#{fragment}" if wants_fragment else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page(rows: QuerySet[Any], number: int) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(number)


def _leader_consortium(user: User, public_id: Any) -> Consortium:
    consortium = policies.access_consortium(user, public_id)
    if not policies.may_manage_network(user, consortium.pk):
        raise NotFound(_("Not found."))
    return consortium


def _staff_consortium(user: User, public_id: Any) -> Consortium:
    consortium = policies.access_consortium(user, public_id)
    if not policies.is_staff_of(user, consortium.pk):
        raise NotFound(_("Not found."))
    return consortium


def _districts(consortium: Consortium) -> list[District]:
    return list(District.objects.filter(consortium=consortium).order_by("name"))


# --- the overview ----------------------------------------------------------------------------


@staff_page
def network(request: HttpRequest, consortium: Any) -> HttpResponse:
    """The consortium's whole network, for its leaders."""
    user = _user(request)
    row = _leader_consortium(user, consortium)
    return render(
        request, "orgs/network.html", {"overview": selectors.network_overview(row), "consortium": row}
    )


# --- districts and schools -------------------------------------------------------------------


@staff_page
def district_detail(request: HttpRequest, district: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_district(user, district)
    schools = selectors.schools_list(actor=user, district=row)
    show_staff = (
        policies.is_leader(user, row.consortium_id) or row.pk in policies.scope_of(user).district_admin_of
    )
    return render(
        request,
        "orgs/district_detail.html",
        {
            "district": row,
            "consortium": row.consortium,
            "schools": schools,
            "admins": selectors.district_admins(row) if show_staff else None,
            "may_manage": policies.may_manage_network(user, row.consortium_id),
        },
    )


@staff_page
def school_list(request: HttpRequest, consortium: Any) -> HttpResponse:
    user = _user(request)
    row = _staff_consortium(user, consortium)
    districts = list(selectors.districts_list(actor=user, consortium=row))
    chosen = SchoolFilterForm(request.GET, districts=districts).values()
    schools = selectors.schools_list(actor=user, consortium=row, district=chosen["district"])
    context = {
        "consortium": row,
        "districts": districts,
        "chosen": chosen,
        "page": _page(schools, chosen["page"]),
        "may_manage": policies.may_manage_network(user, row.pk),
    }
    return _render(request, "orgs/school_list.html", context, "school-results")


@staff_page
def school_detail(request: HttpRequest, school: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_school(user, school)
    show_staff = policies.may_see_school_staff(user, row)
    return render(
        request,
        "orgs/school_detail.html",
        {
            "school": row,
            "consortium": row.consortium,
            "staff": selectors.school_staff(row) if show_staff else None,
            "student_count": selectors.student_count(row) if show_staff else None,
            "may_manage": policies.may_manage_network(user, row.consortium_id),
            "wage_area": row.county.wage_area if row.county else None,
        },
    )


def _school_form_page(
    request: HttpRequest, *, consortium: Consortium, form: SchoolForm, school: Any = None
) -> HttpResponse:
    return render(
        request,
        "orgs/school_form.html",
        {"form": form, "consortium": consortium, "school": school},
        status=422 if form.errors else 200,
    )


@staff_page
@require_http_methods(["GET", "POST"])
def school_create(request: HttpRequest, consortium: Any) -> HttpResponse:
    user = _user(request)
    row = _leader_consortium(user, consortium)
    districts = _districts(row)
    initial = {"district": request.GET.get("district", "")}
    form = SchoolForm(request.POST or None, districts=districts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_create(acting_user=user, consortium=row, data=form.data_for_service())
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": school.name})
            return HttpResponseRedirect(reverse("orgs:school-detail", args=[school.public_id]))
    return _school_form_page(request, consortium=row, form=form)


@staff_page
@require_http_methods(["GET", "POST"])
def school_edit(request: HttpRequest, school: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_school(user, school)
    if not policies.may_manage_network(user, row.consortium_id):
        raise NotFound(_("Not found."))
    initial = {
        "name": row.name,
        "district": str(row.district.public_id),
        "address": row.address,
        "city": row.city,
        "zip_code": row.zip_code_id or "",
        "locale": row.locale,
        "grade_low": "" if row.grade_low is None else str(row.grade_low),
        "grade_high": "" if row.grade_high is None else str(row.grade_high),
        "enrollment": row.enrollment,
        "nces_id": row.nces_id,
    }
    form = SchoolForm(request.POST or None, districts=_districts(row.consortium), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(acting_user=user, school=row, data=form.data_for_service())
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            messages.success(request, _("Your changes to %(name)s were saved.") % {"name": row.name})
            return HttpResponseRedirect(reverse("orgs:school-detail", args=[row.public_id]))
    return _school_form_page(request, consortium=row.consortium, form=form, school=row)


# --- partners and contacts -------------------------------------------------------------------


@staff_page
def partner_list(request: HttpRequest, consortium: Any) -> HttpResponse:
    user = _user(request)
    row = _staff_consortium(user, consortium)
    chosen = PartnerFilterForm(request.GET).values()
    partners = selectors.partners_list(actor=user, consortium=row, kind=chosen["kind"])
    context = {
        "consortium": row,
        "kinds": PartnerKind.choices,
        "chosen": chosen,
        "kind_label": dict(PartnerKind.choices).get(chosen["kind"], ""),
        "page": _page(partners, chosen["page"]),
        "may_manage": policies.may_manage_network(user, row.pk),
    }
    return _render(request, "orgs/partner_list.html", context, "partner-results")


@staff_page
def partner_detail(request: HttpRequest, partner: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_partner(user, partner)
    may_edit = policies.may_edit_partner(user, row)
    return render(
        request,
        "orgs/partner_detail.html",
        {
            "partner": row,
            "consortium": row.consortium,
            "contacts": selectors.contacts_of_partner(user, row),
            "people": selectors.partner_contacts_users(row) if may_edit else None,
            "may_edit": may_edit,
            "is_leader": policies.may_manage_network(user, row.consortium_id),
            "is_staff": policies.is_staff_of(user, row.consortium_id),
        },
    )


def _partner_form_page(
    request: HttpRequest,
    *,
    consortium: Consortium,
    form: PartnerForm,
    partner: Any = None,
    duplicate: Any = None,
) -> HttpResponse:
    return render(
        request,
        "orgs/partner_form.html",
        {"form": form, "consortium": consortium, "partner": partner, "duplicate": duplicate},
        status=422 if form.errors else 200,
    )


@staff_page
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest, consortium: Any) -> HttpResponse:
    user = _user(request)
    row = _leader_consortium(user, consortium)
    form = PartnerForm(request.POST or None, may_publish=True, initial={"is_public": True})
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(acting_user=user, consortium=row, data=form.data_for_service())
        except services.DuplicatePartner as exc:
            duplicate = exc.existing
            form_error_apply(form, exc)
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": partner.name})
            return HttpResponseRedirect(reverse("orgs:partner-detail", args=[partner.public_id]))
    return _partner_form_page(request, consortium=row, form=form, duplicate=duplicate)


@staff_page
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, partner: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_partner(user, partner)
    if not policies.may_edit_partner(user, row):
        raise NotFound(_("Not found."))
    initial = {
        "name": row.name,
        "kind": row.kind,
        "website": row.website,
        "description": row.description,
        "city": row.city,
        "zip_code": row.zip_code_id or "",
        "naics_code": row.naics_code,
        "is_public": row.is_public,
    }
    may_publish = policies.may_manage_network(user, row.consortium_id)
    form = PartnerForm(request.POST or None, may_publish=may_publish, initial=initial)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(acting_user=user, partner=row, data=form.data_for_service())
        except services.DuplicatePartner as exc:
            duplicate = exc.existing
            form_error_apply(form, exc)
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            messages.success(request, _("Your changes to %(name)s were saved.") % {"name": row.name})
            return HttpResponseRedirect(reverse("orgs:partner-detail", args=[row.public_id]))
    return _partner_form_page(request, consortium=row.consortium, form=form, partner=row, duplicate=duplicate)


def _contact_form_page(request: HttpRequest, context: dict[str, Any], form: ContactForm) -> HttpResponse:
    return render(
        request, "orgs/contact_form.html", {**context, "form": form}, status=422 if form.errors else 200
    )


@staff_page
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, consortium: Any) -> HttpResponse:
    """A contact of the consortium itself (not at a partner): leaders only."""
    user = _user(request)
    row = _leader_consortium(user, consortium)
    form = ContactForm(request.POST or None, may_publish=True)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                acting_user=user, consortium=row, partner=None, data=form.data_for_service()
            )
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": contact.name})
            return HttpResponseRedirect(reverse("orgs:network", args=[row.public_id]) + "#contacts-heading")
    return _contact_form_page(request, {"consortium": row, "partner": None}, form)


@staff_page
@require_http_methods(["GET", "POST"])
def partner_contact_create(request: HttpRequest, partner: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_partner(user, partner)
    if not policies.may_edit_partner(user, row):
        raise NotFound(_("Not found."))
    form = ContactForm(request.POST or None, may_publish=policies.may_manage_network(user, row.consortium_id))
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                acting_user=user, consortium=row.consortium, partner=row, data=form.data_for_service()
            )
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": contact.name})
            return HttpResponseRedirect(reverse("orgs:partner-detail", args=[row.public_id]))
    return _contact_form_page(request, {"consortium": row.consortium, "partner": row}, form)


@staff_page
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, contact: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_contact(user, contact)
    if not policies.may_edit_contact(user, row):
        raise NotFound(_("Not found."))
    initial = {
        "name": row.name,
        "title": row.title,
        "email": row.email,
        "phone": row.phone,
        "notes": row.notes,
        "is_public": row.is_public,
    }
    form = ContactForm(
        request.POST or None,
        may_publish=policies.may_manage_network(user, row.consortium_id),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(acting_user=user, contact=row, data=form.data_for_service())
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            messages.success(request, _("Your changes to %(name)s were saved.") % {"name": row.name})
            if row.partner is not None:
                return HttpResponseRedirect(reverse("orgs:partner-detail", args=[row.partner.public_id]))
            return HttpResponseRedirect(
                reverse("orgs:network", args=[row.consortium.public_id]) + "#contacts-heading"
            )
    return _contact_form_page(
        request, {"consortium": row.consortium, "partner": row.partner, "contact": row}, form
    )
