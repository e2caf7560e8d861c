"""Writes to meetings and their outcome sections."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import Membership, User
from pathways.accounts.policies import Actor
from pathways.core.errors import InvalidInput
from pathways.core.models import ensure_same_consortium
from pathways.orgs.models import Consortium, Partner, Region

from ..models import (
    AgendaItem,
    Ballot,
    BallotOption,
    BallotSource,
    BallotStatus,
    Characteristic,
    DiscussionGroup,
    Meeting,
    MeetingVote,
    Opportunity,
    VisionDraft,
)
from ..outline import OutlineGroup, OutlineItem
from ._common import audit, clean_lines, clean_text, require_leader

TEXT_MAX = 4000


def _check_people(consortium_id: int, users: list[User], partners: list[Partner]) -> None:
    members = set(
        Membership.objects.filter(consortium_id=consortium_id, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    for user in users:
        if user.pk not in members:
            raise InvalidInput(
                _("%(name)s is not a member of this consortium.") % {"name": user.display_name},
                field="attendees",
            )
    for partner in partners:
        if partner.consortium_id != consortium_id:
            raise InvalidInput(
                _("%(name)s is not a partner of this consortium.") % {"name": partner.name},
                field="attending_partners",
            )


@transaction.atomic
def meeting_save(
    *,
    acting_user: Actor,
    consortium: Consortium,
    date: datetime.date | None,
    title: str,
    series_title: str = "",
    location: str = "",
    region: Region | None = None,
    attendees: Iterable[User] = (),
    attending_partners: Iterable[Partner] = (),
    other_attendees: str = "",
    agenda: list[str] | None = None,
    meeting: Meeting | None = None,
) -> Meeting:
    """Create a meeting, or update `meeting`: its date, title, place, attendees and agenda."""
    require_leader(acting_user, consortium.pk)
    if meeting is not None and meeting.consortium_id != consortium.pk:
        raise InvalidInput(_("Meeting belongs to another consortium."), field="meeting")
    if date is None:
        raise InvalidInput(_("Date is required."), field="date")
    users, partners = list(attendees), list(attending_partners)
    _check_people(consortium.pk, users, partners)
    row = meeting or Meeting(consortium=consortium)
    row.date = date
    row.title = clean_text(title, field="title", label=_("Title"), max_length=200)
    row.series_title = clean_text(
        series_title, field="series_title", label=_("Series title"), max_length=200, required=False
    )
    row.location = clean_text(location, field="location", label=_("Location"), max_length=200, required=False)
    row.region = region
    row.other_attendees = clean_text(
        other_attendees,
        field="other_attendees",
        label=_("Other attendees"),
        max_length=TEXT_MAX,
        required=False,
    )
    ensure_same_consortium(row, region)
    row.save()
    row.attendees.set(users)
    row.attending_partners.set(partners)
    if agenda is not None:
        titles = clean_lines(agenda, field="agenda", label=_("Agenda"), max_length=300)
        row.agenda_items.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(consortium=consortium, meeting=row, title=t, position=i) for i, t in enumerate(titles)
        )
    audit(acting_user, "meeting_save" if meeting else "meeting_create", row, title=row.title)
    return row


@transaction.atomic
def meeting_publish(*, acting_user: Actor, meeting: Meeting, published: bool) -> Meeting:
    """Publish the meeting's outcomes (anyone may read them) or take them back."""
    require_leader(acting_user, meeting.consortium_id)
    meeting.is_published = published
    meeting.published_at = timezone.now() if published else None
    meeting.save(update_fields=["is_published", "published_at", "updated_at"])
    audit(acting_user, "meeting_publish" if published else "meeting_unpublish", meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, acting_user: Actor, meeting: Meeting) -> None:
    require_leader(acting_user, meeting.consortium_id)
    if meeting.is_published:
        raise InvalidInput(_("Unpublish the meeting's outcomes before deleting it."), field="meeting")
    audit(acting_user, "meeting_delete", meeting, title=meeting.title)
    meeting.delete()


@transaction.atomic
def meeting_statements_update(
    *,
    acting_user: Actor,
    meeting: Meeting,
    vision_draft: VisionDraft | None,
    industries_statement: str = "",
    commitments_intro: str = "",
) -> Meeting:
    """The outcome sections that are single statements: the vision discussed, and two short texts."""
    require_leader(acting_user, meeting.consortium_id)
    ensure_same_consortium(meeting, vision_draft)
    meeting.vision_draft = vision_draft
    meeting.industries_statement = clean_text(
        industries_statement,
        field="industries_statement",
        label=_("Statement"),
        max_length=TEXT_MAX,
        required=False,
    )
    meeting.commitments_intro = clean_text(
        commitments_intro,
        field="commitments_intro",
        label=_("Introduction"),
        max_length=TEXT_MAX,
        required=False,
    )
    meeting.save(update_fields=["vision_draft", "industries_statement", "commitments_intro", "updated_at"])
    audit(acting_user, "meeting_statements_update", meeting)
    return meeting


def _check_items(items: list[OutlineItem], field: str) -> None:
    for item in items:
        if len(item.text) > 300 and field == "discussion":
            raise InvalidInput(_("Each item must be at most 300 characters."), field=field)
        if len(item.text) > TEXT_MAX:
            raise InvalidInput(_("Each item must be at most 4000 characters."), field=field)
        _check_items(item.children, field)


@transaction.atomic
def opportunities_replace(
    *, acting_user: Actor, meeting: Meeting, items: list[OutlineItem]
) -> list[Opportunity]:
    """Replace the meeting's opportunities to pursue with `items` (each with optional sub-items)."""
    require_leader(acting_user, meeting.consortium_id)
    _check_items(items, "opportunities")
    Opportunity.objects.filter(meeting=meeting).delete()
    created = []
    for position, item in enumerate(items):
        parent = Opportunity.objects.create(
            consortium_id=meeting.consortium_id, meeting=meeting, text=item.text, position=position
        )
        created.append(parent)
        for child_position, child in enumerate(item.children):
            Opportunity.objects.create(
                consortium_id=meeting.consortium_id,
                meeting=meeting,
                parent=parent,
                text=child.text,
                position=child_position,
            )
    audit(acting_user, "opportunities_replace", meeting, count=len(items))
    return created


@transaction.atomic
def discussion_replace(
    *, acting_user: Actor, meeting: Meeting, groups: list[OutlineGroup]
) -> list[DiscussionGroup]:
    """Replace the meeting's discussion notes: groups of characteristics, each with its count or none."""
    require_leader(acting_user, meeting.consortium_id)
    for group in groups:
        if not group.heading:
            raise InvalidInput(_("Every group of notes needs a heading."), field="discussion")
        if len(group.heading) > 300:
            raise InvalidInput(_("Each heading must be at most 300 characters."), field="discussion")
        _check_items(group.items, "discussion")
    DiscussionGroup.objects.filter(meeting=meeting).delete()
    created = []
    for position, group in enumerate(groups):
        row = DiscussionGroup.objects.create(
            consortium_id=meeting.consortium_id, meeting=meeting, heading=group.heading, position=position
        )
        created.append(row)
        for item_position, item in enumerate(group.items):
            parent = Characteristic.objects.create(
                consortium_id=meeting.consortium_id,
                group=row,
                text=item.text,
                count=item.count,
                position=item_position,
            )
            for child_position, child in enumerate(item.children):
                Characteristic.objects.create(
                    consortium_id=meeting.consortium_id,
                    group=row,
                    parent=parent,
                    text=child.text,
                    count=child.count,
                    position=child_position,
                )
    audit(acting_user, "discussion_replace", meeting, groups=len(groups))
    return created


@transaction.atomic
def meeting_votes_record(
    *, acting_user: Actor, meeting: Meeting, heading: str, tallies: list[tuple[str, int]]
) -> Ballot:
    """Record the results of a vote taken in the room (on paper, with sticky dots) as a closed ballot.

    The tallies are stored exactly as given, in the order given, on the ballot and on the
    meeting's outcomes ("Information Technology (19 votes)").
    """
    require_leader(acting_user, meeting.consortium_id)
    heading = clean_text(heading, field="heading", label=_("Heading"), max_length=300)
    if not tallies:
        raise InvalidInput(_("Enter at least one result."), field="tallies")
    labels = [label for label, _n in tallies]
    if len(set(labels)) != len(labels):
        raise InvalidInput(_("Each option may appear only once."), field="tallies")
    for label, votes in tallies:
        if not label or len(label) > 200:
            raise InvalidInput(_("Each option needs a name of at most 200 characters."), field="tallies")
        if votes < 0:
            raise InvalidInput(_("Votes cannot be negative."), field="tallies")
    now = timezone.now()
    user = acting_user if acting_user.is_authenticated else None
    ballot = Ballot.objects.create(
        consortium_id=meeting.consortium_id,
        meeting=meeting,
        question=heading,
        results_heading=heading,
        dots_per_participant=1,
        status=BallotStatus.CLOSED,
        source=BallotSource.RECORDED,
        created_by=user,
        closed_by=user,
        closed_at=now,
    )
    for position, (label, votes) in enumerate(tallies):
        BallotOption.objects.create(
            consortium_id=meeting.consortium_id,
            ballot=ballot,
            label=label,
            position=position,
            final_votes=votes,
        )
        MeetingVote.objects.create(
            consortium_id=meeting.consortium_id,
            meeting=meeting,
            ballot=ballot,
            heading=heading,
            label=label,
            votes=votes,
            position=_next_vote_position(meeting),
        )
    audit(acting_user, "meeting_votes_record", ballot, meeting=str(meeting.public_id), tallies=tallies)
    return ballot


def _next_vote_position(meeting: Meeting) -> int:
    last = MeetingVote.objects.filter(meeting=meeting).order_by("-position").first()
    return 0 if last is None else last.position + 1


@transaction.atomic
def meeting_votes_delete(*, acting_user: Actor, meeting: Meeting, ballot: Ballot) -> None:
    """Remove a ballot's results from the meeting's outcomes (the ballot keeps its counts)."""
    require_leader(acting_user, meeting.consortium_id)
    MeetingVote.objects.filter(meeting=meeting, ballot=ballot).delete()
    audit(acting_user, "meeting_votes_delete", ballot)
