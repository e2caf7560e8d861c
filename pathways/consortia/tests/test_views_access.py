"""Every governance page: the outsider gets 404, anonymous visitors sign in first (or, for public
pages, see only what is published), participants who are not leaders get 403 on leaders' pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.consortia import services
from pathways.consortia.models import (
    ActionItem,
    GuidingPrinciple,
    PartnerCommitment,
    StrategicPriority,
    VisionComment,
)
from tests.cast import PASSWORD


@pytest.fixture
def rows(gov):
    cast = gov.cast
    priority = services.priority_add(
        acting_user=cast.admin, consortium=cast.alpha, heading="We support:", text="A"
    )
    principle = services.principle_add(acting_user=cast.admin, consortium=cast.alpha, text="All learners")
    comment = services.vision_comment_add(
        acting_user=cast.teacher, draft=gov.draft, kind="comment", text="Yes"
    )
    strategy = services.sector_strategy_save(
        acting_user=cast.admin, consortium=cast.alpha, partner=cast.partner, other_sectors=["Allied Health"]
    )
    commitment = services.commitment_save(
        acting_user=cast.admin, consortium=cast.alpha, text="We help", meeting=gov.meeting
    )
    action = services.action_item_save(
        acting_user=cast.admin, consortium=cast.alpha, title="Call", meeting=gov.meeting
    )
    return {
        "priority": priority,
        "principle": principle,
        "comment": comment,
        "strategy": strategy,
        "commitment": commitment,
        "action": action,
    }


def member_gets(gov, rows):
    """(url name, args) of every page a participant may GET; leaders-only pages are marked."""
    slug = gov.cast.alpha.slug
    m, b = gov.meeting.public_id, gov.ballot.public_id
    return [
        ("consortia:plan", [slug], False),
        ("consortia:plan-edit", [slug], True),
        ("consortia:vision-new", [slug], True),
        ("consortia:vision-detail", [gov.draft.public_id], False),
        ("consortia:priorities", [slug], False),
        ("consortia:priority-edit", [rows["priority"].public_id], True),
        ("consortia:industries", [slug], False),
        ("consortia:industry-new", [slug], True),
        ("consortia:industry-detail", [gov.industry.public_id], False),
        ("consortia:industry-edit", [gov.industry.public_id], True),
        ("consortia:strategy-new", [slug], True),
        ("consortia:strategy-edit", [rows["strategy"].public_id], True),
        ("consortia:meetings", [slug], False),
        ("consortia:meeting-new", [slug], True),
        ("consortia:meeting-detail", [m], False),
        ("consortia:meeting-edit", [m], True),
        ("consortia:outcomes-edit", [m], True),
        ("consortia:commitment-new", [m], True),
        ("consortia:commitment-edit", [rows["commitment"].public_id], True),
        ("consortia:ballot-new", [m], True),
        ("consortia:ballot-facilitate", [b], True),
        ("consortia:ballot-edit", [b], True),
        ("consortia:ballot-room", [b], False),
        ("consortia:ballot-tally", [b], False),
        ("consortia:vote", [b], False),
        ("consortia:vote-live", [b], False),
        ("consortia:board", [slug], False),
        ("consortia:action-new", [slug], True),
        ("consortia:action-edit", [rows["action"].public_id], True),
        ("consortia:outcomes", [slug, m], False),
        ("consortia:outcomes-pdf", [slug, m], False),
    ]


def member_posts(gov, rows):
    m, b = gov.meeting.public_id, gov.ballot.public_id
    return [
        ("consortia:vision-comment", [gov.draft.public_id], {"kind": "comment", "text": "Mine"}),
        ("consortia:vision-adopt", [gov.draft.public_id], {}),
        ("consortia:comment-resolve", [rows["comment"].public_id], {"resolved": "1"}),
        ("consortia:priority-action", [rows["priority"].public_id, "delete"], {}),
        ("consortia:principle-action", [rows["principle"].public_id, "move"], {"direction": "up"}),
        ("consortia:industry-action", [gov.industry.public_id, "delete"], {}),
        ("consortia:strategy-delete", [rows["strategy"].public_id], {}),
        ("consortia:meeting-publish", [m], {"published": "1"}),
        ("consortia:meeting-delete", [m], {}),
        ("consortia:commitment-delete", [rows["commitment"].public_id], {}),
        ("consortia:ballot-transition", [b, "open"], {}),
        ("consortia:vote-dot", [b], {"option": str(gov.ballot.options.first().public_id), "action": "add"}),
        ("consortia:action-delete", [rows["action"].public_id], {}),
        ("consortia:card-move", ["action", rows["action"].public_id], {"status": "done"}),
        ("consortia:card-move", ["commitment", rows["commitment"].public_id], {"status": "done"}),
    ]


def test_it_gives_the_outsider_404_on_every_governance_page_and_action(client, gov, rows):
    client.login(username=gov.cast.outsider.username, password=PASSWORD)
    for name, args, _leader in member_gets(gov, rows):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args, data in member_posts(gov, rows):
        assert client.post(reverse(name, args=args), data).status_code == 404, name
    # Nothing changed.
    gov.meeting.refresh_from_db()
    assert not gov.meeting.is_published
    assert StrategicPriority.objects.filter(pk=rows["priority"].pk).exists()
    assert ActionItem.objects.get(pk=rows["action"].pk).status == "open"
    assert gov.ballot.dots.count() == 0


def test_it_sends_anonymous_visitors_to_sign_in_and_hides_members_only_outcomes(client, gov, rows):
    for name, args, _leader in member_gets(gov, rows):
        response = client.get(reverse(name, args=args))
        if name in {"consortia:outcomes", "consortia:outcomes-pdf"}:
            assert response.status_code == 404, name  # the meeting is not published
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    published = reverse("consortia:outcomes", args=[gov.cast.alpha.slug, gov.published.public_id])
    assert client.get(published).status_code == 200


def test_it_treats_students_and_guardians_like_the_public(client, gov, rows):
    for user in (gov.cast.student, gov.cast.guardian):
        client.login(username=user.username, password=PASSWORD)
        for name, args, _leader in member_gets(gov, rows):
            assert client.get(reverse(name, args=args)).status_code == 404, (user, name)
        client.logout()


def test_it_gives_participants_who_are_not_leaders_403_on_leaders_pages(client, gov, rows):
    for user in (gov.cast.counselor, gov.cast.partner_contact):
        client.login(username=user.username, password=PASSWORD)
        for name, args, leader in member_gets(gov, rows):
            assert client.get(reverse(name, args=args)).status_code == (403 if leader else 200), (user, name)
        client.logout()


def test_it_lets_leaders_open_every_page(client, gov, rows):
    client.login(username=gov.cast.staff.username, password=PASSWORD)
    for name, args, _leader in member_gets(gov, rows):
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_it_lets_a_participant_comment_but_not_adopt(client, gov, rows):
    client.login(username=gov.cast.teacher.username, password=PASSWORD)
    url = reverse("consortia:vision-comment", args=[gov.draft.public_id])
    assert client.post(url, {"kind": "comment", "text": "Add families"}).status_code == 302
    assert VisionComment.objects.filter(text="Add families").exists()
    assert client.post(reverse("consortia:vision-adopt", args=[gov.draft.public_id])).status_code == 403
    empty = client.post(url, {"kind": "suggestion", "proposed_text": ""})
    assert empty.status_code == 422
    assert "Suggested text is required" in empty.content.decode()
    assert PartnerCommitment.objects.count() == 1
    assert GuidingPrinciple.objects.count() == 1
