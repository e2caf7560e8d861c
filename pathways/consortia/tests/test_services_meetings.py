"""Meetings and outcome sections: the outline editor, counts kept as written, tenant checks."""

from __future__ import annotations

import datetime

import pytest

from pathways.consortia import selectors, services
from pathways.consortia.models import Characteristic, Meeting, Opportunity, VisionDraft
from pathways.consortia.outline import parse_groups, parse_items, parse_votes
from pathways.consortia.services import NotAllowed
from pathways.core.errors import InvalidInput
from pathways.orgs.models import Partner, PartnerKind, Region


def test_it_reads_counts_as_written_and_leaves_none_where_the_notes_give_none():
    groups = parse_groups(
        "# Characteristics of the Workforce Talent of Region B:\nAdaptable (4)\nInteractively-relevant\n"
        "Motivated (2)\n\n# Characteristics of our CTE program:\nTalent will be:\n"
        "- Well rounded\n- Have ethics\n"
    )
    assert [(g.heading, [(i.text, i.count) for i in g.items]) for g in groups] == [
        (
            "Characteristics of the Workforce Talent of Region B:",
            [("Adaptable", 4), ("Interactively-relevant", None), ("Motivated", 2)],
        ),
        ("Characteristics of our CTE program:", [("Talent will be:", None)]),
    ]
    assert [c.text for c in groups[1].items[0].children] == ["Well rounded", "Have ethics"]


def test_it_reads_vote_results_and_names_a_bad_line():
    assert parse_votes("· Information Technology (19 votes)\nManufacturing (18 votes)\nAgriculture: 12") == [
        ("Information Technology", 19),
        ("Manufacturing", 18),
        ("Agriculture", 12),
    ]
    with pytest.raises(InvalidInput, match="Line 2"):
        parse_votes("IT (19 votes)\nno number here")
    with pytest.raises(InvalidInput, match="Line 1"):
        parse_items("- a sub-item with no parent")


def test_it_replaces_opportunities_and_notes_and_shows_them_in_order(gov):
    meeting = gov.meeting
    services.opportunities_replace(
        acting_user=gov.cast.admin,
        meeting=meeting,
        items=parse_items(
            "Parent education. Solutions include:\n- Parent nights\n- PSAT outcomes\nStart early."
        ),
    )
    services.discussion_replace(
        acting_user=gov.cast.admin,
        meeting=meeting,
        groups=parse_groups("# Talent:\nSoft skilled (3)\nAttitude"),
    )
    record = selectors.meeting_outcomes(meeting)
    assert [(o.text, [c.text for c in o.children.all()]) for o in record.opportunities] == [
        ("Parent education. Solutions include:", ["Parent nights", "PSAT outcomes"]),
        ("Start early.", []),
    ]
    assert [str(c) for c in record.discussion[0].top_items] == ["Soft skilled (3)", "Attitude"]
    assert Characteristic.objects.get(group__meeting=meeting, text="Attitude").count is None
    # Replacing again replaces, never duplicates.
    services.opportunities_replace(
        acting_user=gov.cast.admin, meeting=meeting, items=parse_items("Only this")
    )
    assert list(Opportunity.objects.filter(meeting=meeting).values_list("text", flat=True)) == ["Only this"]


def test_it_records_a_vote_taken_in_the_room_as_a_closed_ballot(gov):
    record = selectors.meeting_outcomes(gov.published)
    assert [(g.heading, [(v.label, v.votes) for v in g.votes]) for g in record.vote_groups] == [
        ("Top Programs of Study to Pursue Include:", [("Information Technology", 19), ("Manufacturing", 18)])
    ]
    ballot = record.ballots[0]
    assert (ballot.status, ballot.source) == ("closed", "recorded")


def test_it_refuses_rows_of_another_consortium(gov):
    cast = gov.cast
    beta_region = Region.objects.create(consortium=cast.beta, name="Beta North")
    beta_partner = Partner.objects.create(consortium=cast.beta, kind=PartnerKind.EMPLOYER, name="Beta Works")
    with pytest.raises(InvalidInput):
        services.meeting_save(
            acting_user=cast.admin,
            consortium=cast.alpha,
            date=datetime.date(2024, 5, 1),
            title="X",
            region=beta_region,
        )
    with pytest.raises(InvalidInput, match="not a partner"):
        services.meeting_save(
            acting_user=cast.admin,
            consortium=cast.alpha,
            date=datetime.date(2024, 5, 1),
            title="X",
            attending_partners=[beta_partner],
        )
    with pytest.raises(InvalidInput, match="not a member"):
        services.meeting_save(
            acting_user=cast.admin,
            consortium=cast.alpha,
            date=datetime.date(2024, 5, 1),
            title="X",
            attendees=[cast.outsider],
        )
    with pytest.raises(InvalidInput):
        services.commitment_save(
            acting_user=cast.admin,
            consortium=cast.alpha,
            text="Help",
            partners=[beta_partner],
            meeting=gov.meeting,
        )
    beta_draft = VisionDraft.objects.create(consortium=cast.beta, version=1, text="Beta's vision")
    with pytest.raises(InvalidInput):
        services.meeting_statements_update(
            acting_user=cast.admin, meeting=gov.meeting, vision_draft=beta_draft
        )
    assert not Meeting.objects.filter(title="X").exists()


def test_it_lets_only_leaders_edit_and_publish_meetings(gov):
    cast = gov.cast
    for user in (cast.counselor, cast.partner_contact, cast.outsider):
        with pytest.raises(NotAllowed):
            services.meeting_publish(acting_user=user, meeting=gov.meeting, published=True)
        with pytest.raises(NotAllowed):
            services.opportunities_replace(acting_user=user, meeting=gov.meeting, items=[])
    with pytest.raises(InvalidInput):
        services.meeting_delete(acting_user=cast.admin, meeting=gov.published)  # unpublish first


def test_it_lets_leaders_and_owners_move_follow_up_cards(gov):
    cast = gov.cast
    item = services.action_item_save(
        acting_user=cast.admin, consortium=cast.alpha, title="Call employers", owner=cast.counselor
    )
    services.action_item_move(acting_user=cast.counselor, item=item, status="in_progress")  # the owner
    services.action_item_move(acting_user=cast.staff, item=item, status="done")  # a leader
    with pytest.raises(NotAllowed):
        services.action_item_move(acting_user=cast.teacher, item=item, status="open")
    with pytest.raises(InvalidInput):
        services.action_item_move(acting_user=cast.admin, item=item, status="someday")
    item.refresh_from_db()
    assert item.status == "done"
    with pytest.raises(InvalidInput, match="not a member"):
        services.action_item_save(
            acting_user=cast.admin, consortium=cast.alpha, title="X", owner=cast.outsider
        )
