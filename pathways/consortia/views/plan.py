"""The strategic plan pages: workspace, plan, vision versions and comments, priorities and principles."""

from __future__ import annotations

import contextlib
import difflib
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pathways.core.errors import DomainError, InvalidInput

from .. import selectors, services
from ..forms import PlanForm, PrincipleForm, PriorityForm, VisionCommentForm, VisionDraftForm, lines
from ..models import StrategicPlan, StrategicPriority, VisionCommentKind, VisionDraft
from ._base import apply_error, back, flash_error, governance_context, leaders_only, member_view, render_page


@member_view
def workspace(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "consortia/workspace.html",
        {"consortia": selectors.consortia_governed_by(request.user)},
    )


@member_view
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "plan")
    context |= {
        "view": selectors.plan_view(consortium),
        "versions": selectors.vision_versions(consortium),
    }
    return render_page(request, "consortia/plan.html", context)


@member_view
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "plan")
    leaders_only(context)
    current = StrategicPlan.objects.filter(consortium=consortium).first()
    initial = (
        {
            "tagline": current.tagline,
            "introduction": current.introduction,
            "mission": current.mission,
            "impact_heading": current.impact_heading,
            "impact_items": "\n".join(current.impact_items),
        }
        if current
        else {}
    )
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                acting_user=request.user,
                consortium=consortium,
                tagline=form.cleaned_data["tagline"],
                introduction=form.cleaned_data["introduction"],
                mission=form.cleaned_data["mission"],
                impact_heading=form.cleaned_data["impact_heading"],
                impact_items=lines(form.cleaned_data["impact_items"]),
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("consortia:plan", slug=consortium.slug)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit the plan"),
            "cancel": reverse("consortia:plan", args=[consortium.slug]),
        },
    )


# --- vision ----------------------------------------------------------------------------------


@member_view
def vision_new(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "plan")
    leaders_only(context)
    initial = {}
    start_from = request.GET.get("from", "")
    if start_from:  # start from a draft's text or from a suggested edit
        with contextlib.suppress(DomainError):  # a stale link: start empty
            initial["text"] = _start_text(request, start_from)
    form = VisionDraftForm(request.POST or None, consortium=consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.vision_draft_create(
                acting_user=request.user,
                consortium=consortium,
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
                meeting=form.cleaned_data["meeting"],
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Version %(n)d is saved as a draft.") % {"n": draft.version})
            return redirect("consortia:vision-detail", public_id=draft.public_id)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("New version of the vision statement"),
            "intro": _(
                "Versions are never overwritten: saving adds a new draft version, "
                "which a leader can then adopt."
            ),
            "cancel": reverse("consortia:plan", args=[consortium.slug]),
        },
    )


def _start_text(request: HttpRequest, key: str) -> str:
    kind, _sep, public_id = key.partition(":")
    if kind == "comment":
        comment = selectors.access_vision_comment(request.user, public_id)
        return comment.proposed_text or comment.draft.text
    return selectors.access_vision_draft(request.user, public_id).text


def side_by_side(old: str, new: str) -> list[dict[str, object]]:
    """Word-level differences for a two-column comparison: each row has the old and new run."""
    a, b = old.split(), new.split()
    rows: list[dict[str, object]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        rows.append({"tag": tag, "old": " ".join(a[i1:i2]), "new": " ".join(b[j1:j2])})
    return rows


@member_view
def vision_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    draft = selectors.access_vision_draft(request.user, public_id)
    form = VisionCommentForm(initial={"kind": VisionCommentKind.COMMENT, "proposed_text": draft.text})
    return render_page(request, "consortia/vision_detail.html", _vision_context(request, draft, form))


def _vision_context(request: HttpRequest, draft: VisionDraft, form: VisionCommentForm) -> dict[str, object]:
    previous = selectors.vision_previous(draft)
    comments = selectors.vision_comments(draft)
    return governance_context(request, draft.consortium, "plan") | {
        "draft": draft,
        "previous": previous,
        "diff": side_by_side(previous.text, draft.text) if previous else [],
        "comments": comments,
        "suggestions": [
            {"comment": c, "diff": side_by_side(draft.text, c.proposed_text)}
            for c in comments
            if c.kind == VisionCommentKind.SUGGESTION
        ],
        "form": form,
        "versions": selectors.vision_versions(draft.consortium),
    }


@member_view
@require_POST
def vision_comment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    draft = selectors.access_vision_draft(request.user, public_id)
    form = VisionCommentForm(request.POST)
    if form.is_valid():
        try:
            services.vision_comment_add(
                acting_user=request.user,
                draft=draft,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                proposed_text=form.cleaned_data["proposed_text"],
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Thank you: your comment is added."))
            return HttpResponseRedirect(
                reverse("consortia:vision-detail", args=[draft.public_id]) + "#comments"
            )
    response = render_page(request, "consortia/vision_detail.html", _vision_context(request, draft, form))
    response.status_code = 422
    return response


@member_view
@require_POST
def vision_adopt(request: HttpRequest, public_id: UUID) -> HttpResponse:
    draft = selectors.access_vision_draft(request.user, public_id)
    try:
        services.vision_draft_adopt(acting_user=request.user, draft=draft)
    except InvalidInput as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Version %(n)d is now the adopted vision.") % {"n": draft.version})
    return redirect("consortia:vision-detail", public_id=draft.public_id)


@member_view
@require_POST
def comment_resolve(request: HttpRequest, public_id: UUID) -> HttpResponse:
    comment = selectors.access_vision_comment(request.user, public_id)
    resolved = request.POST.get("resolved", "1") == "1"
    services.vision_comment_resolve(acting_user=request.user, comment=comment, resolved=resolved)
    messages.success(request, _("Marked as resolved.") if resolved else _("Marked as open again."))
    return HttpResponseRedirect(
        reverse("consortia:vision-detail", args=[comment.draft.public_id]) + "#comments"
    )


# --- priorities and principles ---------------------------------------------------------------


@member_view
def priorities(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    priority_form = PriorityForm(prefix="priority")
    principle_form = PrincipleForm(prefix="principle")
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "priority":
                priority_form = PriorityForm(request.POST, prefix="priority")
                if priority_form.is_valid():
                    services.priority_add(
                        acting_user=request.user,
                        consortium=consortium,
                        heading=priority_form.cleaned_data["heading"],
                        text=priority_form.cleaned_data["text"],
                    )
                    messages.success(request, _("The priority is added."))
                    return redirect("consortia:priorities", slug=slug)
            elif which == "principle":
                principle_form = PrincipleForm(request.POST, prefix="principle")
                if principle_form.is_valid():
                    services.principle_add(
                        acting_user=request.user,
                        consortium=consortium,
                        text=principle_form.cleaned_data["text"],
                        source=principle_form.cleaned_data["source"],
                    )
                    messages.success(request, _("The principle is added."))
                    return redirect("consortia:priorities", slug=slug)
            elif which == "defaults":
                added = services.principles_adopt_defaults(acting_user=request.user, consortium=consortium)
                messages.success(
                    request,
                    ngettext("%(n)d principle added.", "%(n)d principles added.", len(added))
                    % {"n": len(added)},
                )
                return redirect("consortia:priorities", slug=slug)
        except InvalidInput as exc:
            apply_error(priority_form if which == "priority" else principle_form, exc)
    view = selectors.plan_view(consortium)
    headings = list(
        dict.fromkeys(
            StrategicPriority.objects.filter(consortium=consortium).values_list("heading", flat=True)
        )
    )
    context = governance_context(request, consortium, "priorities") | {
        "view": view,
        "priority_form": priority_form,
        "principle_form": principle_form,
        "headings": headings,
        "default_principles": services.DEFAULT_PRINCIPLES,
        "default_source": services.DEFAULT_PRINCIPLES_SOURCE,
        "has_defaults": set(services.DEFAULT_PRINCIPLES) <= {p.text for p in view.principles},
    }
    return render_page(request, "consortia/priorities.html", context)


@member_view
def priority_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    priority = selectors.access_priority(request.user, public_id)
    consortium = selectors.access_governed_consortium(request.user, priority.consortium.slug)
    context = governance_context(request, consortium, "priorities")
    leaders_only(context)
    form = PriorityForm(request.POST or None, initial={"heading": priority.heading, "text": priority.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_update(
                acting_user=request.user,
                priority=priority,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The priority is saved."))
            return redirect("consortia:priorities", slug=consortium.slug)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit a priority"),
            "cancel": reverse("consortia:priorities", args=[consortium.slug]),
        },
    )


@member_view
@require_POST
def priority_action(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    priority = selectors.access_priority(request.user, public_id)
    selectors.access_governed_consortium(request.user, priority.consortium.slug)
    try:
        if action == "delete":
            services.priority_delete(acting_user=request.user, priority=priority)
            messages.success(request, _("The priority is removed."))
        else:
            services.priority_move(
                acting_user=request.user, priority=priority, direction=request.POST.get("direction", "")
            )
    except InvalidInput as exc:
        flash_error(request, exc)
    return back(request, reverse("consortia:priorities", args=[priority.consortium.slug]))


@member_view
@require_POST
def principle_action(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    principle = selectors.access_principle(request.user, public_id)
    selectors.access_governed_consortium(request.user, principle.consortium.slug)
    try:
        if action == "delete":
            services.principle_delete(acting_user=request.user, principle=principle)
            messages.success(request, _("The principle is removed."))
        else:
            services.principle_move(
                acting_user=request.user, principle=principle, direction=request.POST.get("direction", "")
            )
    except InvalidInput as exc:
        flash_error(request, exc)
    return back(request, reverse("consortia:priorities", args=[principle.consortium.slug]))
