"""Opportunity pages: the list partners and staff manage, create and edit, submit, the approval
queue, an opportunity's page (register, waitlist, cancel) and its roster."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pathways.accounts.models import User
from pathways.accounts.policies import scope_of
from pathways.core.errors import DomainError, NotFound
from pathways.orgs.models import Partner, School
from pathways.programs.models import Credential, ProgramOfStudy

from .. import policies
from .. import selectors_partners as selectors
from ..forms_partners import AttendanceForm, OpportunityForm, ReviewForm
from ..models import Opportunity, OpportunityStatus, PartnerLocation, Registration, RegistrationStatus
from ..services import opportunities as services
from .partners import item, user_of, wbl_page


def _form(
    user: User, partner: Partner, data: Any = None, initial: dict[str, Any] | None = None
) -> OpportunityForm:
    s = scope_of(user)
    schools = School.objects.filter(consortium_id=partner.consortium_id)
    if partner.consortium_id not in s.leader_of and partner.pk not in s.partner_contact_of:
        # Educators offer to their own schools only.
        schools = schools.filter(Q(pk__in=s.school_staff_of) | Q(district_id__in=s.district_admin_of))
    return OpportunityForm(
        data,
        initial=initial,
        partner=partner,
        locations=list(PartnerLocation.objects.filter(partner=partner).order_by("name")),
        schools=list(schools.order_by("name")),
        programs=list(ProgramOfStudy.objects.filter(consortium_id=partner.consortium_id).order_by("name")),
        credentials=list(Credential.objects.filter(consortium_id=partner.consortium_id).order_by("name")),
        contacts=list(partner.contacts.order_by("name")),
    )


@wbl_page
def opportunity_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    s = scope_of(user)
    if not (s.staff_of or s.partner_contact_of):
        if s.student_at:
            return redirect("wbl:discover")
        raise NotFound(_("Not found."))
    status = request.GET.get("status", "")
    if status not in OpportunityStatus.values:
        status = ""
    rows = selectors.managed_opportunities(user, status=status)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "wbl/opportunities/opportunity_list.html",
        {
            "page": page,
            "status": status,
            "statuses": OpportunityStatus.choices,
            "queue_count": len(selectors.review_queue(user)) if policies.may_review_any(user) else None,
            "my_partner": selectors.my_partner(user),
        },
    )


@wbl_page
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest, partner: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_wbl_partner(user, partner)
    if not policies.may_create_opportunity(user, row):
        raise NotFound(_("Not found."))
    form = _form(user, row, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(acting_user=user, partner=row, data=form.service_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("Opportunity saved as a draft. Submit it for approval when it is ready.")
            )
            return redirect("wbl:opportunity-detail", opportunity=opportunity.public_id)
    return render(
        request,
        "wbl/opportunities/opportunity_form.html",
        {"form": form, "partner": row, "opportunity": None},
    )


@wbl_page
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_opportunity(user, opportunity)
    if not policies.may_edit_opportunity(user, row):
        raise NotFound(_("Not found."))
    form = _form(
        user,
        row.partner,
        request.POST if request.method == "POST" else None,
        initial=OpportunityForm.initial_from(row),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(acting_user=user, opportunity=row, data=form.service_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("wbl:opportunity-detail", opportunity=row.public_id)
    return render(
        request,
        "wbl/opportunities/opportunity_form.html",
        {"form": form, "partner": row.partner, "opportunity": row},
    )


@wbl_page
def opportunity_detail(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_opportunity(user, opportunity)
    s = scope_of(user)
    student_view = row.pk in set(
        Opportunity.objects.filter(policies.opportunities_for_students_q(user)).values_list("pk", flat=True)
    )
    mine = selectors.my_registration(user, row) if student_view else None
    if mine is not None and mine.status == RegistrationStatus.CANCELLED:
        mine = None
    problems = services.eligibility_problems(user, row) if student_view and mine is None else []
    location_miles = None
    if student_view and row.location is not None:
        school = selectors.student_school(user)
        if school is not None:
            location_miles = selectors.miles_between(school.zip_code, row.location.zip_code)
    reasons: list[str] = []
    if student_view:
        reasons = selectors.reasons_for(
            row, selectors.career_links(user), [o.code for o in row.occupations.all()]
        )
    return render(
        request,
        "wbl/opportunities/opportunity_detail.html",
        {
            "opportunity": row,
            "occupations": list(row.occupations.order_by("title")),
            "programs": list(row.required_programs.order_by("name")),
            "credentials": list(row.required_credentials.order_by("name")),
            "student_view": student_view,
            "registration": mine,
            "position": services.waitlist_position(mine) if mine else None,
            "problems": problems,
            "open": services.registration_open(row),
            "seats_left": selectors.seats_left(row),
            "miles": location_miles,
            "reasons": reasons,
            "may_edit": policies.may_edit_opportunity(user, row),
            "may_submit": policies.may_edit_opportunity(user, row)
            and row.status in (OpportunityStatus.DRAFT, OpportunityStatus.CHANGES_REQUESTED),
            "may_review": policies.may_review_opportunity(user, row)
            and row.status == OpportunityStatus.SUBMITTED,
            "may_roster": policies.may_see_roster(user, row),
            "review_form": ReviewForm(),
            "is_staff_or_partner": bool(s.staff_of or s.partner_contact_of),
        },
    )


def _act(request: HttpRequest, action: Any, done: str, row: Opportunity, **kwargs: Any) -> HttpResponse:
    try:
        action(acting_user=user_of(request), opportunity=row, **kwargs)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("wbl:opportunity-detail", opportunity=row.public_id)


@wbl_page
@require_POST
def opportunity_submit(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    row = policies.access_opportunity(user_of(request), opportunity)
    if not policies.may_edit_opportunity(user_of(request), row):
        raise NotFound(_("Not found."))
    return _act(request, services.opportunity_submit, _("Submitted for approval."), row)


@wbl_page
@require_POST
def opportunity_close(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    row = policies.access_opportunity(user_of(request), opportunity)
    if not policies.may_edit_opportunity(user_of(request), row):
        raise NotFound(_("Not found."))
    return _act(request, services.opportunity_close, _("Opportunity closed."), row)


@wbl_page
@require_POST
def opportunity_review(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_opportunity(user, opportunity)
    if not policies.may_review_opportunity(user, row):
        raise NotFound(_("Not found."))
    form = ReviewForm(request.POST)
    back = request.POST.get("next") == "queue"
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.opportunity_review(
                acting_user=user, opportunity=row, approve=approve, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                (
                    _("%(title)s approved: students can see it now.")
                    if approve
                    else _("%(title)s sent back with your note.")
                )
                % {"title": row.title},
            )
    else:
        messages.error(request, _("Choose approve or request changes."))
    if back:
        return redirect("wbl:approvals")
    return redirect("wbl:opportunity-detail", opportunity=row.public_id)


@wbl_page
def approvals(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not policies.may_review_any(user):
        raise NotFound(_("Not found."))
    return render(
        request,
        "wbl/opportunities/approvals.html",
        {"queue": selectors.review_queue(user), "review_form": ReviewForm()},
    )


@wbl_page
@require_POST
def register(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_opportunity(user, opportunity)
    try:
        registration = services.register(acting_user=user, opportunity=row)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.success(
                request,
                _(
                    "It is full, so you are on the waitlist (number %(n)s). "
                    "You get a seat automatically if one frees up."
                )
                % {"n": services.waitlist_position(registration)},
            )
    return redirect("wbl:opportunity-detail", opportunity=row.public_id)


@wbl_page
@require_POST
def cancel(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_opportunity(user, opportunity)
    registration = selectors.my_registration(user, row)
    if registration is None:
        raise NotFound(_("Not found."))
    try:
        services.cancel(acting_user=user, registration=registration)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("wbl:opportunity-detail", opportunity=row.public_id)


@wbl_page
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, opportunity: UUID) -> HttpResponse:
    user = user_of(request)
    row = policies.access_opportunity(user, opportunity)
    if not policies.may_see_roster(user, row):
        raise NotFound(_("Not found."))
    may_mark = policies.may_mark_attendance(user, row)
    if request.method == "POST":
        if not may_mark:
            raise NotFound(_("Not found."))
        registration: Registration = item(
            request, Registration.objects.filter(opportunity=row).select_related("opportunity")
        )
        try:
            if request.POST.get("action") == "cancel":
                services.cancel(acting_user=user, registration=registration)
                messages.success(request, _("Registration cancelled; the waitlist moved up."))
            else:
                form = AttendanceForm(request.POST)
                if not form.is_valid():
                    raise DomainError(_("Enter the hours attended as a number, like 3 or 2.5."))
                services.mark_attended(
                    acting_user=user, registration=registration, hours=form.cleaned_data["hours"]
                )
                messages.success(request, _("Attendance recorded."))
        except NotFound:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("wbl:opportunity-roster", opportunity=row.public_id)
    rows = selectors.roster(user, row)
    return render(
        request,
        "wbl/opportunities/roster.html",
        {
            "opportunity": row,
            "seated": [r for r in rows if r.registration.status != RegistrationStatus.WAITLISTED],
            "waitlist": [r for r in rows if r.registration.status == RegistrationStatus.WAITLISTED],
            "may_mark": may_mark,
            "seats_left": selectors.seats_left(row),
        },
    )
