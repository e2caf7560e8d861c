"""Live dot-voting rules: who facilitates, who votes, the dot limit, open/closed, the stored tallies."""

from __future__ import annotations

import pytest

from pathways.consortia import selectors, services
from pathways.consortia.models import BallotStatus, Dot, MeetingVote
from pathways.consortia.services import NotAllowed
from pathways.core.errors import InvalidInput
from pathways.core.models import AuditEvent


def options(ballot):
    return {o.label: o for o in ballot.options.all()}


def test_it_lets_only_leaders_open_and_close_a_ballot(gov):
    cast = gov.cast
    for user in (
        cast.counselor,
        cast.teacher,
        cast.district_admin,
        cast.partner_contact,
        cast.student,
        cast.outsider,
    ):
        with pytest.raises(NotAllowed):
            services.ballot_open(acting_user=user, ballot=gov.ballot)
    services.ballot_open(acting_user=cast.staff, ballot=gov.ballot)
    for user in (cast.counselor, cast.outsider):
        with pytest.raises(NotAllowed):
            services.ballot_close(acting_user=user, ballot=gov.ballot)
    services.ballot_close(acting_user=cast.admin, ballot=gov.ballot)
    gov.ballot.refresh_from_db()
    assert gov.ballot.status == BallotStatus.CLOSED
    assert gov.ballot.opened_by == cast.staff and gov.ballot.closed_by == cast.admin


def test_it_refuses_dots_before_the_ballot_opens_and_after_it_closes(gov):
    cast, ballot = gov.cast, gov.ballot
    it = options(ballot)["Information Technology"]
    with pytest.raises(InvalidInput, match="not started"):
        services.dot_add(acting_user=cast.counselor, ballot=ballot, option=it)
    services.ballot_open(acting_user=cast.admin, ballot=ballot)
    services.dot_add(acting_user=cast.counselor, ballot=ballot, option=it)
    services.ballot_close(acting_user=cast.admin, ballot=ballot)
    with pytest.raises(InvalidInput, match="closed"):
        services.dot_add(acting_user=cast.counselor, ballot=ballot, option=it)
    with pytest.raises(InvalidInput, match="closed"):
        services.dot_remove(acting_user=cast.counselor, ballot=ballot, option=it)
    with pytest.raises(InvalidInput):
        services.ballot_open(acting_user=cast.admin, ballot=ballot)  # a closed ballot never reopens
    assert Dot.objects.filter(ballot=ballot).count() == 1


def test_it_caps_each_participant_at_their_dots_but_allows_several_on_one_option(gov):
    cast, ballot = gov.cast, gov.ballot
    services.ballot_open(acting_user=cast.admin, ballot=ballot)
    it = options(ballot)["Information Technology"]
    for _ in range(3):
        services.dot_add(acting_user=cast.teacher, ballot=ballot, option=it)
    with pytest.raises(InvalidInput, match="all 3 dots"):
        services.dot_add(acting_user=cast.teacher, ballot=ballot, option=options(ballot)["Healthcare"])
    # Taking one back frees it for another option.
    services.dot_remove(acting_user=cast.teacher, ballot=ballot, option=it)
    services.dot_add(acting_user=cast.teacher, ballot=ballot, option=options(ballot)["Healthcare"])
    tally = selectors.ballot_tally(ballot, participant=cast.teacher)
    assert tally.my_dots == 3 and tally.dots_left == 0
    assert {r.option.label: r.votes for r in tally.rows} == {
        "Healthcare": 1,
        "Manufacturing": 0,
        "Information Technology": 2,
    }


def test_it_lets_staff_and_partner_contacts_vote_but_not_students_guardians_or_the_outsider(gov):
    cast, ballot = gov.cast, gov.ballot
    services.ballot_open(acting_user=cast.admin, ballot=ballot)
    option = options(ballot)["Manufacturing"]
    for user in (
        cast.admin,
        cast.staff,
        cast.district_admin,
        cast.counselor,
        cast.teacher,
        cast.partner_contact,
    ):
        services.dot_add(acting_user=user, ballot=ballot, option=option)
    for user in (cast.student, cast.guardian, cast.outsider):
        with pytest.raises(NotAllowed):
            services.dot_add(acting_user=user, ballot=ballot, option=option)
    assert Dot.objects.filter(ballot=ballot).count() == 6


def test_it_refuses_an_option_of_another_ballot(gov):
    cast = gov.cast
    other = services.ballot_create(
        acting_user=cast.admin, meeting=gov.meeting, question="Other?", options=["Yes", "No"]
    )
    services.ballot_open(acting_user=cast.admin, ballot=gov.ballot)
    with pytest.raises(InvalidInput, match="not on this ballot"):
        services.dot_add(acting_user=cast.counselor, ballot=gov.ballot, option=other.options.first())


def test_it_stores_the_tallies_on_the_meeting_when_the_ballot_closes(gov):
    cast, ballot = gov.cast, gov.ballot
    services.ballot_open(acting_user=cast.admin, ballot=ballot)
    o = options(ballot)
    for user, picks in (
        (cast.counselor, ["Information Technology"] * 3),
        (cast.teacher, ["Information Technology", "Manufacturing", "Manufacturing"]),
        (cast.partner_contact, ["Healthcare"]),
    ):
        for label in picks:
            services.dot_add(acting_user=user, ballot=ballot, option=o[label])
    services.ballot_close(acting_user=cast.admin, ballot=ballot)
    votes = list(MeetingVote.objects.filter(meeting=gov.meeting).values_list("heading", "label", "votes"))
    assert votes == [
        ("Top Programs of Study to Pursue Include:", "Information Technology", 4),
        ("Top Programs of Study to Pursue Include:", "Manufacturing", 2),
        ("Top Programs of Study to Pursue Include:", "Healthcare", 1),
    ]
    assert {opt.label: opt.final_votes for opt in ballot.options.all()} == {
        "Healthcare": 1,
        "Manufacturing": 2,
        "Information Technology": 4,
    }
    # Once closed, the tally reads the stored counts, even if dots were to change.
    ballot.refresh_from_db()
    Dot.objects.filter(ballot=ballot).delete()
    assert {r.option.label: r.votes for r in selectors.ballot_tally(ballot).rows}[
        "Information Technology"
    ] == 4
    assert AuditEvent.objects.filter(
        action="consortia.ballot_close", object_id=str(ballot.public_id)
    ).exists()


def test_it_validates_a_new_ballot_and_changes_nothing_on_bad_input(gov):
    cast = gov.cast
    before = gov.meeting.ballots.count()
    with pytest.raises(InvalidInput) as too_few:
        services.ballot_create(
            acting_user=cast.admin, meeting=gov.meeting, question="Q?", options=["Only one"]
        )
    assert too_few.value.field == "options"
    with pytest.raises(InvalidInput) as duplicate:
        services.ballot_create(acting_user=cast.admin, meeting=gov.meeting, question="Q?", options=["A", "a"])
    assert duplicate.value.field == "options"
    with pytest.raises(InvalidInput) as dots:
        services.ballot_create(
            acting_user=cast.admin,
            meeting=gov.meeting,
            question="Q?",
            options=["A", "B"],
            dots_per_participant=0,
        )
    assert dots.value.field == "dots_per_participant"
    with pytest.raises(InvalidInput) as question:
        services.ballot_create(acting_user=cast.admin, meeting=gov.meeting, question=" ", options=["A", "B"])
    assert question.value.field == "question"
    assert gov.meeting.ballots.count() == before


def test_it_gives_each_ballot_a_short_room_code_that_finds_it_for_participants_only(gov):
    cast, ballot = gov.cast, gov.ballot
    assert len(ballot.room_code) == 6
    assert selectors.access_ballot_by_code(cast.teacher, ballot.room_code.lower()) == ballot
    for user in (cast.outsider, cast.student):
        with pytest.raises(selectors.NotFound):
            selectors.access_ballot_by_code(user, ballot.room_code)
    services.ballot_open(acting_user=cast.admin, ballot=ballot)
    services.ballot_close(acting_user=cast.admin, ballot=ballot)
    with pytest.raises(selectors.NotFound):  # a closed ballot no longer takes joiners
        selectors.access_ballot_by_code(cast.teacher, ballot.room_code)


def test_it_edits_a_ballot_only_before_it_opens(gov):
    cast, ballot = gov.cast, gov.ballot
    services.ballot_update(
        acting_user=cast.admin, ballot=ballot, question="New?", options=["X", "Y"], dots_per_participant=2
    )
    assert [o.label for o in ballot.options.all()] == ["X", "Y"]
    services.ballot_open(acting_user=cast.admin, ballot=ballot)
    with pytest.raises(InvalidInput):
        services.ballot_update(
            acting_user=cast.admin, ballot=ballot, question="Q", options=["X", "Z"], dots_per_participant=2
        )
    with pytest.raises(InvalidInput):
        services.ballot_delete(acting_user=cast.admin, ballot=ballot)
