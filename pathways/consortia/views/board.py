"""The follow-up board: action items and partner commitments in columns by status."""

from __future__ import annotations

import contextlib
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.core.errors import InvalidInput, NotFound

from .. import selectors, services
from ..forms import ActionItemForm
from ..models import ActionItem, FollowUpStatus, Meeting
from ._base import apply_error, back, flash_error, governance_context, leaders_only, member_view, render_page


@member_view
def board(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    owner = request.GET.get("owner", "")[:250]
    meeting = None
    meeting_id = request.GET.get("meeting", "")
    if meeting_id:
        try:
            meeting = selectors.access_meeting(request.user, meeting_id)
        except NotFound:
            meeting = None
        if meeting is not None and meeting.consortium_id != consortium.pk:
            meeting = None
    context = governance_context(request, consortium, "board") | {
        "columns": selectors.board(consortium, owner=owner, meeting=meeting),
        "owner_choices": selectors.board_owner_choices(consortium),
        "meetings": Meeting.objects.filter(consortium=consortium).order_by("-date"),
        "chosen_owner": owner,
        "chosen_meeting": meeting,
        "statuses": FollowUpStatus.choices,
        "filtered": bool(owner or meeting),
    }
    return render_page(request, "consortia/board.html", context, fragment="columns")


def _action_form(request: HttpRequest, slug: str, item: ActionItem | None) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "board")
    leaders_only(context)
    initial: dict[str, object] = {}
    if item is not None:
        initial = {
            "title": item.title,
            "details": item.details,
            "owner": item.owner,
            "owner_partner": item.owner_partner,
            "owner_name": item.owner_name,
            "due_date": item.due_date,
            "status": item.status,
            "meeting": item.meeting,
        }
    elif request.GET.get("meeting"):
        with contextlib.suppress(NotFound):  # a stale link: no meeting chosen
            initial["meeting"] = selectors.access_meeting(request.user, request.GET["meeting"])
    form = ActionItemForm(request.POST or None, consortium=consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_item_save(
                acting_user=request.user,
                consortium=consortium,
                title=data["title"],
                details=data["details"],
                owner=data["owner"],
                owner_partner=data["owner_partner"],
                owner_name=data["owner_name"],
                due_date=data["due_date"],
                status=data["status"],
                meeting=data["meeting"],
                item=item,
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The action item is saved."))
            return redirect("consortia:board", slug=consortium.slug)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit an action item") if item else _("Add an action item"),
            "cancel": reverse("consortia:board", args=[consortium.slug]),
        },
    )


@member_view
def action_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _action_form(request, slug, None)


@member_view
def action_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = selectors.access_action_item(request.user, public_id)
    return _action_form(request, item.consortium.slug, item)


@member_view
@require_POST
def action_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    item = selectors.access_action_item(request.user, public_id)
    services.action_item_delete(acting_user=request.user, item=item)
    messages.success(request, _("The action item is removed."))
    return redirect("consortia:board", slug=item.consortium.slug)


@member_view
@require_POST
def card_move(request: HttpRequest, kind: str, public_id: UUID) -> HttpResponse:
    """Move a card to another column (a form button per status: works without JavaScript)."""
    status = request.POST.get("status", "")
    try:
        if kind == "action":
            item = selectors.access_action_item(request.user, public_id)
            services.action_item_move(acting_user=request.user, item=item, status=status)
            slug, title = item.consortium.slug, item.title
        else:
            commitment = selectors.access_commitment(request.user, public_id)
            selectors.access_governed_consortium(request.user, commitment.consortium.slug)
            services.commitment_move(acting_user=request.user, commitment=commitment, status=status)
            slug, title = commitment.consortium.slug, commitment.text
    except InvalidInput as exc:
        flash_error(request, exc)
        return back(request, reverse("consortia:workspace"))
    label = dict(FollowUpStatus.choices)[status]
    messages.success(request, _("Moved “%(title)s” to %(status)s.") % {"title": title[:80], "status": label})
    return back(request, reverse("consortia:board", args=[slug]))
