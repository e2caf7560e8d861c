"""Meetings: list, page, the meeting form, publishing, and editing the outcome sections."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.core.errors import InvalidInput

from .. import selectors, services
from ..forms import (
    CommitmentForm,
    DiscussionForm,
    MeetingForm,
    OpportunitiesForm,
    StatementsForm,
    VotesRecordForm,
    lines,
)
from ..models import DEFAULT_SERIES_TITLE, Meeting, PartnerCommitment
from ..outline import format_items, parse_groups, parse_items, parse_votes
from ._base import apply_error, flash_error, governance_context, leaders_only, member_view, render_page


def _member_meeting(request: HttpRequest, public_id: UUID) -> Meeting:
    """A meeting the user takes part in (its consortium's staff and partner contacts)."""
    meeting = selectors.access_meeting(request.user, public_id)
    selectors.access_governed_consortium(request.user, meeting.consortium.slug)
    return meeting


@member_view
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "meetings") | {
        "meetings": selectors.meeting_list(request.user, consortium=consortium),
    }
    return render_page(request, "consortia/meeting_list.html", context)


@member_view
def meeting_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    meeting = _member_meeting(request, public_id)
    record = selectors.meeting_outcomes(meeting)
    context = governance_context(request, meeting.consortium, "meetings") | {
        "meeting": meeting,
        "outcomes": record,
        "industries": selectors.flatten(record.industries),
        "action_items": list(meeting.action_items.select_related("owner", "owner_partner")),
    }
    return render_page(request, "consortia/meeting_detail.html", context)


def _meeting_form(request: HttpRequest, slug: str, meeting: Meeting | None) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "meetings")
    leaders_only(context)
    if meeting is not None:
        initial = {
            "date": meeting.date,
            "title": meeting.title,
            "series_title": meeting.series_title,
            "location": meeting.location,
            "region": meeting.region,
            "attendees": list(meeting.attendees.all()),
            "attending_partners": list(meeting.attending_partners.all()),
            "other_attendees": meeting.other_attendees,
            "agenda": "\n".join(meeting.agenda_items.values_list("title", flat=True)),
        }
    else:
        initial = {"series_title": DEFAULT_SERIES_TITLE}
    form = MeetingForm(request.POST or None, consortium=consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_save(
                acting_user=request.user,
                consortium=consortium,
                date=data["date"],
                title=data["title"],
                series_title=data["series_title"],
                location=data["location"],
                region=data["region"],
                attendees=data["attendees"],
                attending_partners=data["attending_partners"],
                other_attendees=data["other_attendees"],
                agenda=lines(data["agenda"]),
                meeting=meeting,
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("consortia:meeting-detail", public_id=saved.public_id)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit the meeting") if meeting else _("Add a meeting"),
            "cancel": reverse("consortia:meeting-detail", args=[meeting.public_id])
            if meeting
            else reverse("consortia:meetings", args=[consortium.slug]),
        },
    )


@member_view
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _meeting_form(request, slug, None)


@member_view
def meeting_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    meeting = _member_meeting(request, public_id)
    return _meeting_form(request, meeting.consortium.slug, meeting)


@member_view
@require_POST
def meeting_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    meeting = _member_meeting(request, public_id)
    publish = request.POST.get("published") == "1"
    services.meeting_publish(acting_user=request.user, meeting=meeting, published=publish)
    messages.success(
        request,
        _("The outcomes are published: anyone can read them.")
        if publish
        else _("The outcomes are no longer public."),
    )
    return redirect("consortia:meeting-detail", public_id=meeting.public_id)


@member_view
@require_POST
def meeting_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    meeting = _member_meeting(request, public_id)
    try:
        services.meeting_delete(acting_user=request.user, meeting=meeting)
    except InvalidInput as exc:
        flash_error(request, exc)
        return redirect("consortia:meeting-detail", public_id=meeting.public_id)
    messages.success(request, _("The meeting is deleted."))
    return redirect("consortia:meetings", slug=meeting.consortium.slug)


def _opportunity_text(meeting: Meeting) -> str:
    record = selectors.meeting_outcomes(meeting)
    return format_items(
        [(o.text, None, [(c.text, None) for c in o.children.all()]) for o in record.opportunities]
    )


def _discussion_text(meeting: Meeting) -> str:
    record = selectors.meeting_outcomes(meeting)
    blocks = []
    for group in record.discussion:
        items = format_items(
            [
                (item.text, item.count, [(c.text, c.count) for c in item.children.all()])
                for item in group.top_items
            ]
        )
        blocks.append(f"# {group.heading}\n{items}".rstrip())
    return "\n\n".join(blocks)


@member_view
def outcomes_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One page, four small forms: statements, opportunities, discussion notes, and a recorded vote."""
    meeting = _member_meeting(request, public_id)
    consortium = meeting.consortium
    context = governance_context(request, consortium, "meetings")
    leaders_only(context)
    statements = StatementsForm(
        consortium=consortium,
        prefix="s",
        initial={
            "vision_draft": meeting.vision_draft,
            "industries_statement": meeting.industries_statement,
            "commitments_intro": meeting.commitments_intro,
        },
    )
    opportunities = OpportunitiesForm(prefix="o", initial={"opportunities": _opportunity_text(meeting)})
    discussion = DiscussionForm(prefix="d", initial={"discussion": _discussion_text(meeting)})
    votes = VotesRecordForm(prefix="v")
    which = request.POST.get("form") if request.method == "POST" else None
    done = reverse("consortia:meeting-detail", args=[meeting.public_id])
    try:
        if which == "statements":
            statements = StatementsForm(request.POST, consortium=consortium, prefix="s")
            if statements.is_valid():
                services.meeting_statements_update(
                    acting_user=request.user,
                    meeting=meeting,
                    vision_draft=statements.cleaned_data["vision_draft"],
                    industries_statement=statements.cleaned_data["industries_statement"],
                    commitments_intro=statements.cleaned_data["commitments_intro"],
                )
                messages.success(request, _("The outcomes are saved."))
                return HttpResponseRedirect(done + "#outcomes")
        elif which == "opportunities":
            opportunities = OpportunitiesForm(request.POST, prefix="o")
            if opportunities.is_valid():
                items = parse_items(opportunities.cleaned_data["opportunities"], field_name="opportunities")
                services.opportunities_replace(acting_user=request.user, meeting=meeting, items=items)
                messages.success(request, _("The opportunities are saved."))
                return HttpResponseRedirect(done + "#opportunities")
        elif which == "discussion":
            discussion = DiscussionForm(request.POST, prefix="d")
            if discussion.is_valid():
                groups = parse_groups(discussion.cleaned_data["discussion"], field_name="discussion")
                services.discussion_replace(acting_user=request.user, meeting=meeting, groups=groups)
                messages.success(request, _("The discussion notes are saved."))
                return HttpResponseRedirect(done + "#discussion")
        elif which == "votes":
            votes = VotesRecordForm(request.POST, prefix="v")
            if votes.is_valid():
                tallies = parse_votes(votes.cleaned_data["tallies"], field_name="tallies")
                services.meeting_votes_record(
                    acting_user=request.user,
                    meeting=meeting,
                    heading=votes.cleaned_data["heading"],
                    tallies=tallies,
                )
                messages.success(request, _("The vote results are recorded."))
                return HttpResponseRedirect(done + "#votes")
    except InvalidInput as exc:
        form = {
            "statements": statements,
            "opportunities": opportunities,
            "discussion": discussion,
            "votes": votes,
        }[which or "statements"]
        apply_error(form, exc)
    context |= {
        "meeting": meeting,
        "statements": statements,
        "opportunities": opportunities,
        "discussion": discussion,
        "votes": votes,
    }
    return render_page(request, "consortia/outcomes_edit.html", context)


# --- partner commitments -----------------------------------------------------------------------


def _commitment_form(
    request: HttpRequest, meeting: Meeting | None, commitment: PartnerCommitment | None, slug: str
) -> HttpResponse:
    consortium = selectors.access_governed_consortium(request.user, slug)
    context = governance_context(request, consortium, "meetings" if meeting else "board")
    leaders_only(context)
    initial: dict[str, object] = {"meeting": meeting}
    if commitment is not None:
        initial = {
            "text": commitment.text,
            "partners": list(commitment.partners.all()),
            "owner": commitment.owner,
            "owner_name": commitment.owner_name,
            "due_date": commitment.due_date,
            "status": commitment.status,
            "meeting": commitment.meeting,
        }
    form = CommitmentForm(request.POST or None, consortium=consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.commitment_save(
                acting_user=request.user,
                consortium=consortium,
                text=data["text"],
                partners=data["partners"],
                owner=data["owner"],
                owner_name=data["owner_name"],
                due_date=data["due_date"],
                status=data["status"],
                meeting=data["meeting"],
                commitment=commitment,
            )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The commitment is saved."))
            if saved.meeting is not None:
                return HttpResponseRedirect(
                    reverse("consortia:meeting-detail", args=[saved.meeting.public_id]) + "#commitments"
                )
            return redirect("consortia:board", slug=consortium.slug)
    cancel = (
        reverse("consortia:meeting-detail", args=[meeting.public_id])
        if meeting
        else reverse("consortia:board", args=[consortium.slug])
    )
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit a partner commitment") if commitment else _("Add a partner commitment"),
            "cancel": cancel,
        },
    )


@member_view
def commitment_new(request: HttpRequest, public_id: UUID) -> HttpResponse:
    meeting = _member_meeting(request, public_id)
    return _commitment_form(request, meeting, None, meeting.consortium.slug)


@member_view
def commitment_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    commitment = selectors.access_commitment(request.user, public_id)
    return _commitment_form(request, commitment.meeting, commitment, commitment.consortium.slug)


@member_view
@require_POST
def commitment_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    commitment = selectors.access_commitment(request.user, public_id)
    consortium = selectors.access_governed_consortium(request.user, commitment.consortium.slug)
    services.commitment_delete(acting_user=request.user, commitment=commitment)
    messages.success(request, _("The commitment is removed."))
    if commitment.meeting is not None:
        return HttpResponseRedirect(
            reverse("consortia:meeting-detail", args=[commitment.meeting.public_id]) + "#commitments"
        )
    return redirect("consortia:board", slug=consortium.slug)
