"""Insight pages for a consortium's leaders: labor-market alignment, equity and access, the needs
assessment (CLNA) workspace and the impact highlights; their CSV/XLSX exports and PDFs.
Anyone else gets the same 404 as for a consortium that does not exist."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.core.errors import DomainError, NotFound
from pathways.orgs.models import Consortium

from .. import exports
from .. import selectors_insights as insights
from ..forms_insights import ConsultationForm, CycleForm, FindingForm, PeriodForm, SummaryForm
from ..models import NeedsAssessment
from ..pdf_impact import clna_pdf, impact_pdf
from ..services import clna as clna_services

View = Callable[..., HttpResponse]


def leaders_view(view: View) -> View:
    """Signed in (else the sign-in page), then the selectors decide: 404 for anything not theirs."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return login_required(wrapped)


def _context(consortium: Consortium, section: str, **extra: Any) -> dict[str, Any]:
    return {"consortium": consortium, "section": section, **extra}


def _apply(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- alignment -------------------------------------------------------------------------------


@leaders_view
def alignment(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = insights.access_reports(request.user, slug)
    data = insights.alignment(consortium)
    chart = [
        {
            "label": row.industry.label,
            "openings": row.openings,
            "concentrators": row.concentrators.value if row.concentrators.any_known else None,
        }
        for row in data.industries
    ]
    return render(
        request,
        "reports/insights/alignment.html",
        _context(consortium, "alignment", data=data, chart=chart, rule=insights.Rule.of(data.settings)),
    )


# --- equity ----------------------------------------------------------------------------------


@leaders_view
def equity(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = insights.access_reports(request.user, slug)
    years = insights.rollup_years(consortium, (*insights.FUNNEL_STEPS, "4S1"))
    year = _year(request, years)
    data = insights.equity(consortium, year)
    return render(
        request, "reports/insights/equity.html", _context(consortium, "equity", data=data, years=years)
    )


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


# --- impact ----------------------------------------------------------------------------------


def _period(request: HttpRequest, consortium: Consortium) -> tuple[PeriodForm, datetime.date, datetime.date]:
    start, end = insights.default_period(consortium)
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["start"], form.cleaned_data["end"]
        return form, start, end
    return PeriodForm(initial={"start": start, "end": end}), start, end


@leaders_view
def impact(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = insights.access_reports(request.user, slug)
    form, start, end = _period(request, consortium)
    data = insights.impact(consortium, start, end)
    return render(
        request,
        "reports/insights/impact.html",
        _context(consortium, "impact", data=data, form=form, query=f"start={start}&end={end}"),
    )


@leaders_view
def impact_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = insights.access_reports(request.user, slug)
    _form, start, end = _period(request, consortium)
    return _pdf(
        impact_pdf(insights.impact(consortium, start, end)), f"impact-{consortium.slug}-{start}-{end}.pdf"
    )


def impact_public(request: HttpRequest, slug: str) -> HttpResponse:
    """The public highlights: the fragment the public consortium page loads (HTMX), or a page."""
    from pathways.consortia.models import StrategicPlan

    from ..templatetags.insights import public_impact

    consortium = Consortium.objects.filter(slug=slug, is_public=True).first()
    if consortium is None:
        raise Http404
    plan = StrategicPlan.objects.filter(consortium=consortium).first()
    if getattr(request, "htmx", False):
        response = render(
            request, "reports/insights/_public_impact_block.html", public_impact(consortium, plan)
        )
    else:
        response = render(
            request,
            "reports/insights/impact_public.html",
            {
                "consortium": consortium,
                "plan": plan,
                "impact_shown": public_impact(consortium, plan)["impact"],
            },
        )
    response["Vary"] = "HX-Request"
    return response


def impact_public_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The public one-page PDF of the highlights shown on the public consortium page."""
    consortium = Consortium.objects.filter(slug=slug, is_public=True).first()
    if consortium is None:
        raise Http404
    start, end = insights.default_period(consortium)
    return _pdf(impact_pdf(insights.impact(consortium, start, end)), f"impact-{consortium.slug}.pdf")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- exports ---------------------------------------------------------------------------------


@leaders_view
def export(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    consortium = insights.access_reports(request.user, slug)
    if table not in insights.EXPORT_TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    _form, start, end = _period(request, consortium)
    headers, rows = insights.export_table(consortium, table, start=start, end=end)
    return table_response(f"{consortium.slug}-{table}", headers, rows, fmt, min_n=consortium.min_cell_size)


def table_response(
    name: str, headers: list[str], rows: list[list[Any]], fmt: str, *, min_n: int
) -> HttpResponse:
    """A CSV or XLSX download (reports.exports): suppressed cells are text, never a number."""
    return exports.table_response(fmt, filename=name, headers=headers, rows=rows, min_n=min_n)


# --- CLNA ------------------------------------------------------------------------------------


@leaders_view
def clna_list(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = insights.access_reports(request.user, slug)
    form = CycleForm(request.POST or None, initial={"first_year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = clna_services.cycle_create(
                acting_user=request.user,
                consortium=consortium,
                first_year=form.cleaned_data["first_year"],
                title=form.cleaned_data["title"],
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("“%(title)s” is started.") % {"title": insights.cycle_title(cycle)})
            return redirect("reports:clna-cycle", public_id=cycle.public_id)
    return render(
        request,
        "reports/insights/clna_list.html",
        _context(consortium, "clna", cycles=insights.cycles(consortium), form=form),
        status=422 if form.errors else 200,
    )


def _cycle_page(
    request: HttpRequest,
    cycle: NeedsAssessment,
    *,
    consultation_form: ConsultationForm | None = None,
    finding_form: FindingForm | None = None,
    summary_forms: dict[int, SummaryForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    view = insights.cycle_view(cycle)
    summary_forms = summary_forms or {}
    for element in view.elements:
        element.form = summary_forms.get(
            element.review.pk,
            SummaryForm(initial={"summary": element.review.summary}, prefix=f"e{element.review.element}"),
        )
    return render(
        request,
        "reports/insights/clna_cycle.html",
        _context(
            cycle.consortium,
            "clna",
            cycle=cycle,
            view=view,
            groups=dict(clna_services.STAKEHOLDER_GROUPS),
            consultation_form=consultation_form
            or ConsultationForm(initial={"held_on": timezone.localdate()}, prefix="c"),
            finding_form=finding_form or FindingForm(consortium=cycle.consortium, prefix="f"),
        ),
        status=status,
    )


def _cycle_url(public_id: UUID) -> str:
    return reverse("reports:clna-cycle", kwargs={"public_id": public_id})


@leaders_view
def clna_cycle(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _cycle_page(request, insights.access_cycle(request.user, public_id))


@leaders_view
@require_POST
def clna_refresh(request: HttpRequest, public_id: UUID) -> HttpResponse:
    cycle = insights.access_cycle(request.user, public_id)
    try:
        clna_services.evidence_refresh_all(acting_user=request.user, cycle=cycle)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The evidence of the five elements is refreshed."))
    return redirect("reports:clna-cycle", public_id=cycle.public_id)


@leaders_view
@require_POST
def clna_element_refresh(request: HttpRequest, public_id: UUID) -> HttpResponse:
    review = insights.access_element(request.user, public_id)
    try:
        clna_services.evidence_refresh(acting_user=request.user, review=review)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The evidence is refreshed."))
    return redirect(f"{_cycle_url(review.assessment.public_id)}#element-{review.element}")


@leaders_view
@require_POST
def clna_element_summary(request: HttpRequest, public_id: UUID) -> HttpResponse:
    review = insights.access_element(request.user, public_id)
    form = SummaryForm(request.POST, prefix=f"e{review.element}")
    if form.is_valid():
        try:
            clna_services.element_summary_update(
                acting_user=request.user, review=review, summary=form.cleaned_data["summary"]
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("The summary is saved."))
            return redirect(f"{_cycle_url(review.assessment.public_id)}#element-{review.element}")
    return _cycle_page(request, review.assessment, summary_forms={review.pk: form}, status=422)


@leaders_view
@require_POST
def clna_consultation_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    cycle = insights.access_cycle(request.user, public_id)
    form = ConsultationForm(request.POST, prefix="c")
    if form.is_valid():
        try:
            clna_services.consultation_add(acting_user=request.user, cycle=cycle, **form.cleaned_data)
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("The consultation is recorded."))
            return redirect(f"{_cycle_url(cycle.public_id)}#consultations")
    return _cycle_page(request, cycle, consultation_form=form, status=422)


@leaders_view
@require_POST
def clna_consultation_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    row = insights.access_consultation(request.user, public_id)
    cycle_id = row.assessment.public_id
    try:
        clna_services.consultation_delete(acting_user=request.user, consultation=row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The consultation is removed."))
    return redirect(f"{_cycle_url(cycle_id)}#consultations")


@leaders_view
@require_POST
def clna_finding_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    cycle = insights.access_cycle(request.user, public_id)
    form = FindingForm(request.POST, consortium=cycle.consortium, prefix="f")
    if form.is_valid():
        try:
            finding = clna_services.finding_add(
                acting_user=request.user,
                cycle=cycle,
                element=form.cleaned_data["element"],
                text=form.cleaned_data["text"],
                priorities=form.cleaned_data["priorities"],
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("The finding is recorded."))
            return redirect(f"{_cycle_url(cycle.public_id)}#element-{finding.element}")
    return _cycle_page(request, cycle, finding_form=form, status=422)


@leaders_view
@require_POST
def clna_finding_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    row = insights.access_finding(request.user, public_id)
    cycle_id, element = row.assessment.public_id, row.element
    try:
        clna_services.finding_delete(acting_user=request.user, finding=row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The finding is removed."))
    return redirect(f"{_cycle_url(cycle_id)}#element-{element}")


def _print_context(cycle: NeedsAssessment) -> dict[str, Any]:
    return _context(
        cycle.consortium,
        "clna",
        cycle=cycle,
        view=insights.cycle_view(cycle),
        groups=dict(clna_services.STAKEHOLDER_GROUPS),
    )


@leaders_view
def clna_print(request: HttpRequest, public_id: UUID) -> HttpResponse:
    cycle = insights.access_cycle(request.user, public_id)
    return render(request, "reports/insights/clna_print.html", _print_context(cycle))


@leaders_view
def clna_pdf_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    cycle = insights.access_cycle(request.user, public_id)
    return _pdf(clna_pdf(insights.cycle_view(cycle)), f"clna-{cycle.consortium.slug}-{cycle.first_year}.pdf")
