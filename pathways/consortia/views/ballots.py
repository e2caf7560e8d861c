"""Live dot-voting pages: the facilitator's page, the room view to project, and the phone page.

Everyone's view refreshes itself every two seconds (HTMX polling of a fragment; no websockets).
While a ballot is open the fragment carries the polling trigger; once closed, the fragment that
comes back has none, so the polling stops by itself.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.core.errors import DomainError, InvalidInput, NotFound

from .. import selectors, services
from ..forms import BallotForm, JoinForm
from ..models import Ballot, BallotOption, BallotStatus, TargetIndustry
from ._base import apply_error, flash_error, governance_context, leaders_only, member_view, render_page

PARTS = "consortia/ballot_parts.html"


def _member_ballot(request: HttpRequest, public_id: UUID) -> Ballot:
    ballot = selectors.access_ballot(request.user, public_id)
    selectors.access_governed_consortium(request.user, ballot.consortium.slug)
    return ballot


def _no_cache(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _ballot_form(request: HttpRequest, ballot: Ballot | None, meeting_id: UUID | None) -> HttpResponse:
    meeting = (
        ballot.meeting if ballot is not None else selectors.access_meeting(request.user, str(meeting_id))
    )
    consortium = selectors.access_governed_consortium(request.user, meeting.consortium.slug)
    context = governance_context(request, consortium, "meetings")
    leaders_only(context)
    if ballot is not None:
        if ballot.status != BallotStatus.DRAFT:
            messages.error(request, _("A ballot can be changed only before it opens."))
            return redirect("consortia:ballot-facilitate", public_id=ballot.public_id)
        initial = {
            "question": ballot.question,
            "results_heading": ballot.results_heading,
            "dots_per_participant": ballot.dots_per_participant,
            "options": "\n".join(ballot.options.values_list("label", flat=True)),
        }
    else:  # start from the consortium's top-level target industries
        names = TargetIndustry.objects.filter(consortium=consortium, parent__isnull=True).values_list(
            "name", flat=True
        )
        initial = {"options": "\n".join(dict.fromkeys(names)), "dots_per_participant": 3}
    form = BallotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = [line.strip() for line in data["options"].splitlines() if line.strip()]
        try:
            if ballot is None:
                ballot = services.ballot_create(
                    acting_user=request.user,
                    meeting=meeting,
                    question=data["question"],
                    options=options,
                    dots_per_participant=data["dots_per_participant"],
                    results_heading=data["results_heading"],
                )
            else:
                services.ballot_update(
                    acting_user=request.user,
                    ballot=ballot,
                    question=data["question"],
                    options=options,
                    dots_per_participant=data["dots_per_participant"],
                    results_heading=data["results_heading"],
                )
        except InvalidInput as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The ballot is ready. Open it when the room is ready to vote."))
            return redirect("consortia:ballot-facilitate", public_id=ballot.public_id)
    return render_page(
        request,
        "consortia/simple_form.html",
        context
        | {
            "form": form,
            "title": _("Edit the ballot") if ballot else _("New dot-vote ballot"),
            "intro": _(
                "Participants vote from their phones with their Pathways sign-in. Each gets the number "
                "of dots you choose and may put several on one option."
            ),
            "cancel": reverse("consortia:meeting-detail", args=[meeting.public_id]),
        },
    )


@member_view
def ballot_new(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _ballot_form(request, None, public_id)


@member_view
def ballot_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _ballot_form(request, _member_ballot(request, public_id), None)


@member_view
def ballot_facilitate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    ballot = _member_ballot(request, public_id)
    context = governance_context(request, ballot.consortium, "meetings")
    leaders_only(context)
    context |= {
        "ballot": ballot,
        "meeting": ballot.meeting,
        "tally": selectors.ballot_tally(ballot),
        "join_url": request.build_absolute_uri(reverse("consortia:join")),
        "view": "facilitator",
    }
    return _no_cache(render_page(request, "consortia/ballot_facilitate.html", context))


@member_view
@require_POST
def ballot_transition(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    ballot = _member_ballot(request, public_id)
    try:
        if action == "open":
            services.ballot_open(acting_user=request.user, ballot=ballot)
            messages.success(
                request, _("Voting is open. Show the room view so people can join with the code.")
            )
        elif action == "close":
            services.ballot_close(acting_user=request.user, ballot=ballot)
            messages.success(request, _("Voting is closed. The results are stored on the meeting."))
        elif action == "delete":
            services.ballot_delete(acting_user=request.user, ballot=ballot)
            messages.success(request, _("The ballot is deleted."))
            return redirect("consortia:meeting-detail", public_id=ballot.meeting.public_id)
    except InvalidInput as exc:
        flash_error(request, exc)
    return redirect("consortia:ballot-facilitate", public_id=ballot.public_id)


@member_view
def ballot_room(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The big view to project: the question, the room code and the live tallies."""
    ballot = _member_ballot(request, public_id)
    context = governance_context(request, ballot.consortium, "meetings") | {
        "ballot": ballot,
        "meeting": ballot.meeting,
        "tally": selectors.ballot_tally(ballot),
        "join_url": request.build_absolute_uri(reverse("consortia:join")),
        "view": "room",
    }
    return _no_cache(render_page(request, "consortia/ballot_room.html", context))


@member_view
def ballot_tally(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The tally fragment that the facilitator's page and the room view poll."""
    ballot = _member_ballot(request, public_id)
    view = "room" if request.GET.get("view") == "room" else "facilitator"
    context = {"ballot": ballot, "tally": selectors.ballot_tally(ballot), "view": view}
    return _no_cache(render(request, f"{PARTS}#tally", context))


# --- participants ------------------------------------------------------------------------------


@member_view
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or request.GET or None)
    if (request.method == "POST" or "code" in request.GET) and form.is_valid():
        try:
            ballot = selectors.access_ballot_by_code(request.user, form.cleaned_data["code"])
        except NotFound as exc:
            apply_error(form, exc)
        else:
            return redirect("consortia:vote", public_id=ballot.public_id)
    return render_page(request, "consortia/join.html", {"form": form})


def _vote_context(request: HttpRequest, ballot: Ballot) -> dict[str, object]:
    return {
        "ballot": ballot,
        "tally": selectors.ballot_tally(ballot, participant=request.user),
        "may_vote": selectors.is_participant(request.user, ballot.consortium_id),
    }


@member_view
def vote(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The participant's phone page: their dots left, and a big add/take-back button per option."""
    ballot = _member_ballot(request, public_id)
    context = governance_context(request, ballot.consortium, "meetings") | _vote_context(request, ballot)
    return _no_cache(render_page(request, "consortia/ballot_vote.html", context))


@member_view
def vote_live(request: HttpRequest, public_id: UUID) -> HttpResponse:
    ballot = _member_ballot(request, public_id)
    return _no_cache(render(request, f"{PARTS}#vote-live", _vote_context(request, ballot)))


@member_view
@require_POST
def vote_dot(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Place (action=add) or take back (action=remove) one dot on an option."""
    ballot = _member_ballot(request, public_id)
    status_message = ""
    error = ""
    try:
        option = _option(ballot, request.POST.get("option", ""))
        if request.POST.get("action") == "remove":
            services.dot_remove(acting_user=request.user, ballot=ballot, option=option)
            status_message = _("Dot taken back from “%(option)s”.") % {"option": option.label}
        else:
            services.dot_add(acting_user=request.user, ballot=ballot, option=option)
            status_message = _("Dot placed on “%(option)s”.") % {"option": option.label}
    except DomainError as exc:
        error = exc.message
    ballot.refresh_from_db(fields=["status"])
    if getattr(request, "htmx", False):
        context = _vote_context(request, ballot) | {
            "status_message": status_message,
            "error": error,
            "oob": True,
        }
        return _no_cache(render(request, f"{PARTS}#vote-live", context))
    if error:
        messages.error(request, error)
    elif status_message:
        messages.success(request, status_message)
    return HttpResponseRedirect(reverse("consortia:vote", args=[ballot.public_id]))


def _option(ballot: Ballot, public_id: str) -> BallotOption:
    try:
        option = BallotOption.objects.filter(ballot=ballot, public_id=public_id).first()
    except (ValidationError, ValueError, TypeError):  # a malformed UUID
        option = None
    if option is None:
        raise InvalidInput(_("That option is not on this ballot."), field="option")
    return option
