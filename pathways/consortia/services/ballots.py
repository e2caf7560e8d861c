"""Live dot-voting: create, open and close a ballot; place and take back dots.

Rules: a leader of the consortium facilitates (creates, opens, closes); its staff and partner
contacts take part. A participant places at most `dots_per_participant` dots, several on one
option if they like, and only while the ballot is open. Closing stores each option's count on
the ballot and the tallies on the meeting ("Information Technology (19 votes)"). A closed ballot
never reopens: its results are the record.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pathways.accounts.policies import Actor
from pathways.core.errors import InvalidInput

from ..models import Ballot, BallotOption, BallotStatus, Dot, Meeting, MeetingVote
from ..models.ballots import MAX_DOTS, new_room_code
from ._common import audit, clean_lines, clean_text, require_leader, require_participant

MAX_OPTIONS = 30


def _clean(
    question: str, results_heading: str, dots_per_participant: int | None, options: list[str]
) -> dict[str, object]:
    labels = clean_lines(options, field="options", label=_("Options"), max_length=200)
    if len(labels) < 2:
        raise InvalidInput(_("Give at least two options, one a line."), field="options")
    if len(labels) > MAX_OPTIONS:
        raise InvalidInput(
            _("A ballot can have at most %(n)d options.") % {"n": MAX_OPTIONS}, field="options"
        )
    if len({label.casefold() for label in labels}) != len(labels):
        raise InvalidInput(_("Each option may appear only once."), field="options")
    if dots_per_participant is None or not 1 <= dots_per_participant <= MAX_DOTS:
        raise InvalidInput(
            _("Dots per participant must be a whole number from 1 to %(n)d.") % {"n": MAX_DOTS},
            field="dots_per_participant",
        )
    return {
        "question": clean_text(question, field="question", label=_("Question"), max_length=300),
        "results_heading": clean_text(
            results_heading,
            field="results_heading",
            label=_("Results heading"),
            max_length=300,
            required=False,
        ),
        "dots_per_participant": dots_per_participant,
        "labels": labels,
    }


@transaction.atomic
def ballot_create(
    *,
    acting_user: Actor,
    meeting: Meeting,
    question: str,
    options: list[str],
    dots_per_participant: int | None = 3,
    results_heading: str = "",
) -> Ballot:
    require_leader(acting_user, meeting.consortium_id)
    values = _clean(question, results_heading, dots_per_participant, options)
    labels: list[str] = values.pop("labels")  # type: ignore[assignment]
    for _attempt in range(5):  # a fresh room code; retry on the (rare) collision
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    consortium_id=meeting.consortium_id,
                    meeting=meeting,
                    created_by=acting_user if acting_user.is_authenticated else None,
                    room_code=new_room_code(),
                    **values,
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover  (31^6 codes)
        raise InvalidInput(_("Could not find a free room code; try again."), field="question")
    BallotOption.objects.bulk_create(
        BallotOption(consortium_id=meeting.consortium_id, ballot=ballot, label=label, position=i)
        for i, label in enumerate(labels)
    )
    audit(acting_user, "ballot_create", ballot, meeting=str(meeting.public_id))
    return ballot


@transaction.atomic
def ballot_update(
    *,
    acting_user: Actor,
    ballot: Ballot,
    question: str,
    options: list[str],
    dots_per_participant: int | None,
    results_heading: str = "",
) -> Ballot:
    """Change a ballot before it opens (its question, options and dots)."""
    require_leader(acting_user, ballot.consortium_id)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.DRAFT:
        raise InvalidInput(_("A ballot can be changed only before it opens."), field="ballot")
    values = _clean(question, results_heading, dots_per_participant, options)
    labels: list[str] = values.pop("labels")  # type: ignore[assignment]
    for name, value in values.items():
        setattr(ballot, name, value)
    ballot.save(update_fields=[*values, "updated_at"])
    ballot.options.all().delete()
    BallotOption.objects.bulk_create(
        BallotOption(consortium_id=ballot.consortium_id, ballot=ballot, label=label, position=i)
        for i, label in enumerate(labels)
    )
    audit(acting_user, "ballot_update", ballot)
    return ballot


@transaction.atomic
def ballot_delete(*, acting_user: Actor, ballot: Ballot) -> None:
    require_leader(acting_user, ballot.consortium_id)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.DRAFT:
        raise InvalidInput(_("Only a ballot that has not opened can be deleted."), field="ballot")
    audit(acting_user, "ballot_delete", ballot, question=ballot.question)
    ballot.delete()


@transaction.atomic
def ballot_open(*, acting_user: Actor, ballot: Ballot) -> Ballot:
    require_leader(acting_user, ballot.consortium_id)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.DRAFT:
        raise InvalidInput(
            _("This ballot is already open.")
            if ballot.status == BallotStatus.OPEN
            else _("A closed ballot cannot reopen."),
            field="ballot",
        )
    if ballot.options.count() < 2:
        raise InvalidInput(_("Give at least two options, one a line."), field="options")
    ballot.status = BallotStatus.OPEN
    ballot.opened_by = acting_user if acting_user.is_authenticated else None
    ballot.opened_at = timezone.now()
    ballot.save(update_fields=["status", "opened_by", "opened_at", "updated_at"])
    audit(acting_user, "ballot_open", ballot)
    return ballot


@transaction.atomic
def ballot_close(*, acting_user: Actor, ballot: Ballot) -> Ballot:
    """Close the ballot and store its tallies on the options and on the meeting's outcomes."""
    require_leader(acting_user, ballot.consortium_id)
    ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise InvalidInput(
            _("This ballot has not opened yet.")
            if ballot.status == BallotStatus.DRAFT
            else _("This ballot is already closed."),
            field="ballot",
        )
    counts = dict(
        Dot.objects.filter(ballot=ballot)
        .values_list("option_id")
        .annotate(n=Count("id"))
        .values_list("option_id", "n")
    )
    options = list(ballot.options.order_by("position", "id"))
    for option in options:
        option.final_votes = counts.get(option.pk, 0)
    BallotOption.objects.bulk_update(options, ["final_votes"])
    ballot.status = BallotStatus.CLOSED
    ballot.closed_by = acting_user if acting_user.is_authenticated else None
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["status", "closed_by", "closed_at", "updated_at"])
    MeetingVote.objects.filter(ballot=ballot).delete()
    start = (
        MeetingVote.objects.filter(meeting=ballot.meeting)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    ranked = sorted(options, key=lambda o: (-(o.final_votes or 0), o.position, o.pk))
    MeetingVote.objects.bulk_create(
        MeetingVote(
            consortium_id=ballot.consortium_id,
            meeting=ballot.meeting,
            ballot=ballot,
            heading=ballot.heading,
            label=option.label,
            votes=option.final_votes or 0,
            position=start + i,
        )
        for i, option in enumerate(ranked)
    )
    audit(
        acting_user,
        "ballot_close",
        ballot,
        tallies={o.label: o.final_votes for o in ranked},
        participants=Dot.objects.filter(ballot=ballot).values("participant_id").distinct().count(),
    )
    return ballot


def _locked_open_ballot(ballot: Ballot) -> Ballot:
    # The row lock serialises one participant's clicks (PostgreSQL); SQLite's IMMEDIATE
    # transactions already serialise writers.
    locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if locked.status != BallotStatus.OPEN:
        raise InvalidInput(
            _("Voting has not started yet.")
            if locked.status == BallotStatus.DRAFT
            else _("Voting has closed."),
            field="ballot",
        )
    return locked


def _option_of(ballot: Ballot, option: BallotOption) -> BallotOption:
    if option.ballot_id != ballot.pk:
        raise InvalidInput(_("That option is not on this ballot."), field="option")
    return option


@transaction.atomic
def dot_add(*, acting_user: Actor, ballot: Ballot, option: BallotOption) -> Dot:
    require_participant(acting_user, ballot.consortium_id)
    ballot = _locked_open_ballot(ballot)
    _option_of(ballot, option)
    used = Dot.objects.filter(ballot=ballot, participant_id=acting_user.pk).count()
    if used >= ballot.dots_per_participant:
        raise InvalidInput(
            ngettext(
                "You have placed your %(n)d dot. Take it back from an option to place it elsewhere.",
                "You have placed all %(n)d dots. Take one back from an option to place it elsewhere.",
                ballot.dots_per_participant,
            )
            % {"n": ballot.dots_per_participant},
            field="option",
        )
    participant_id = acting_user.pk
    assert participant_id is not None  # require_participant: a signed-in user
    dot = Dot.objects.create(
        consortium_id=ballot.consortium_id, ballot=ballot, option=option, participant_id=participant_id
    )
    audit(acting_user, "dot_add", ballot, option=option.label)
    return dot


@transaction.atomic
def dot_remove(*, acting_user: Actor, ballot: Ballot, option: BallotOption) -> None:
    require_participant(acting_user, ballot.consortium_id)
    ballot = _locked_open_ballot(ballot)
    _option_of(ballot, option)
    dot = (
        Dot.objects.filter(ballot=ballot, option=option, participant_id=acting_user.pk)
        .order_by("-id")
        .first()
    )
    if dot is None:
        raise InvalidInput(_("You have no dot on this option to take back."), field="option")
    dot.delete()
    audit(acting_user, "dot_remove", ballot, option=option.label)
