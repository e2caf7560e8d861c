"""Pages: placements — the list, the placement page (agreement and signatures, training plan,
hours, evaluations, completion) and its writes; the public badge verify URL."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pathways.core.errors import InvalidInput, NotFound

from .. import policies_rounds as pol
from .. import selectors_rounds as sel
from ..badges import badge_document, badge_url, completed_by_badge
from ..models import Competency, EvaluationKind, Placement, SignerRole, Skill
from ..services import placements as services


def _placement(request: HttpRequest, public_id: UUID) -> Placement:
    try:
        return pol.access_placement(request.user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _back(placement: Placement, anchor: str = "") -> HttpResponse:
    response = redirect("wbl:placement-detail", placement=placement.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
def placement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "wbl/placements/list.html", {"placements": sel.placements_for(request.user)})


@login_required
def placement_detail(request: HttpRequest, placement: UUID) -> HttpResponse:
    row = _placement(request, placement)
    view = sel.placement_view(request.user, row)
    evaluations = {e.kind: e for e in row.evaluations.all()}
    return render(
        request,
        "wbl/placements/detail.html",
        {
            "p": row,
            "v": view,
            "roles": [
                (value, label, view.signed.get(value))
                for value, label in SignerRole.choices
                if value in view.required
            ],
            "competencies": row.competencies.all(),
            "hours": row.hours.select_related("reviewed_by"),
            "skills": Skill.choices,
            "scale": [1, 2, 3, 4],
            "evaluations": [(k, label, evaluations.get(k)) for k, label in EvaluationKind.choices],
            "open_kinds": [(k, label) for k, label in EvaluationKind.choices if k not in evaluations],
            "today": timezone.localdate().isoformat(),
            "badge_url": badge_url(row, request.build_absolute_uri("/")),
            "supervisors": sel.supervisor_candidates(row) if view.is_coordinator else [],
        },
    )


def _run(request: HttpRequest, func, *args, success: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        func(request.user, *args, **kwargs)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


@login_required
@require_POST
def placement_sign(request: HttpRequest, placement: UUID) -> HttpResponse:
    row = _placement(request, placement)
    _run(
        request,
        services.sign,
        row,
        role=request.POST.get("role", ""),
        typed_name=request.POST.get("typed_name", ""),
        success=_("Signed."),
    )
    return _back(row, "agreement")


@login_required
@require_POST
def placement_competency(request: HttpRequest, placement: UUID) -> HttpResponse:
    row = _placement(request, placement)
    _run(
        request,
        services.add_competency,
        row,
        request.POST.get("description", ""),
        success=_("Added to the training plan."),
    )
    return _back(row, "plan")


@login_required
@require_POST
def competency_mark(request: HttpRequest, competency: UUID) -> HttpResponse:
    row = (
        Competency.objects.filter(public_id=competency)
        .select_related("placement__opportunity", "placement__student")
        .first()
    )
    if (
        row is None
        or not Placement.objects.filter(pol.placements_visible_to(request.user), pk=row.placement_id).exists()
    ):
        raise Http404(_("Not found."))
    _run(request, services.mark_competency, row, request.POST.get("achieved") == "yes", success=_("Saved."))
    return _back(row.placement, "plan")


@login_required
@require_POST
def placement_hours(request: HttpRequest, placement: UUID) -> HttpResponse:
    row = _placement(request, placement)
    p = request.POST
    _run(
        request,
        services.log_hours,
        row,
        worked_on=p.get("worked_on", ""),
        hours=p.get("hours", ""),
        activity=p.get("activity", ""),
        success=_("Hours sent to your supervisor."),
    )
    return _back(row, "hours")


@login_required
@require_POST
def hours_review(request: HttpRequest, hours: UUID) -> HttpResponse:
    try:
        entry = pol.access_hours_entry(request.user, hours)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    approve = request.POST.get("decision") == "approve"
    _run(
        request,
        services.review_hours,
        entry,
        approve=approve,
        note=request.POST.get("review_note", ""),
        success=_("Hours approved.") if approve else _("Hours returned to the student."),
    )
    return _back(entry.placement, "hours")


@login_required
@require_POST
def placement_evaluate(request: HttpRequest, placement: UUID) -> HttpResponse:
    row = _placement(request, placement)
    p = request.POST
    _run(
        request,
        services.evaluate,
        row,
        kind=p.get("kind", ""),
        ratings={value: p.get(f"rating_{value}") for value, _label in Skill.choices},
        strengths=p.get("strengths", ""),
        to_improve=p.get("to_improve", ""),
        success=_("Evaluation saved."),
    )
    return _back(row, "evaluations")


@login_required
@require_POST
def placement_complete(request: HttpRequest, placement: UUID) -> HttpResponse:
    row = _placement(request, placement)
    _run(
        request,
        services.complete,
        row,
        completed_on=request.POST.get("completed_on") or None,
        success=_("Completion recorded. The completion badge is ready."),
    )
    return _back(row, "completion")


@login_required
@require_POST
def placement_supervisor(request: HttpRequest, placement: UUID) -> HttpResponse:
    """The coordinator names another contact of the host partner as supervisor."""
    row = _placement(request, placement)
    if not pol.is_coordinator_of(request.user, row):
        raise Http404(_("Not found."))
    chosen = (
        sel.supervisor_candidates(row)
        .filter(public_id__in=_uuids(request.POST.get("supervisor", "")))
        .first()
    )
    if chosen is None:
        messages.error(request, _("Choose a contact of the host partner."))
    else:
        _run(request, services.set_supervisor, row, chosen, success=_("Supervisor changed."))
    return _back(row, "coordinator")


@login_required
@require_POST
def placement_withdraw(request: HttpRequest, placement: UUID) -> HttpResponse:
    """The coordinator ends the placement early, giving a reason (kept in the audit log)."""
    row = _placement(request, placement)
    _run(
        request,
        services.withdraw,
        row,
        reason=request.POST.get("reason", ""),
        success=_("The placement is withdrawn."),
    )
    return _back(row, "coordinator")


def _uuids(value: str) -> list[UUID]:
    try:
        return [UUID(value.strip())]
    except ValueError:
        return []


@require_GET
def badge(request: HttpRequest, badge: UUID) -> HttpResponse:
    """Public: the Open Badges 3.0 credential of a completed placement (404 otherwise)."""
    row = completed_by_badge(badge)
    if row is None:
        raise Http404(_("Not found."))
    document = badge_document(row, request.build_absolute_uri("/"))
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Type"] = (
        "application/vc+ld+json; charset=utf-8" if request.GET.get("vc") else "application/json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
