"""The strategic plan: vision versions (one adopted at a time), comments, priorities, principles."""

from __future__ import annotations

import pytest

from pathways.consortia import services
from pathways.consortia.models import (
    GuidingPrinciple,
    StrategicPriority,
    VisionComment,
    VisionDraft,
    VisionStatus,
)
from pathways.consortia.services import NotAllowed
from pathways.core.errors import InvalidInput
from pathways.core.models import AuditEvent


def test_it_numbers_vision_versions_and_keeps_one_adopted_at_a_time(gov):
    admin = gov.cast.admin
    v2 = services.vision_draft_create(acting_user=admin, consortium=gov.cast.alpha, text="Version two.")
    assert (gov.draft.version, v2.version) == (1, 2)
    services.vision_draft_adopt(acting_user=admin, draft=gov.draft)
    services.vision_draft_adopt(acting_user=gov.cast.staff, draft=v2)
    statuses = dict(VisionDraft.objects.filter(consortium=gov.cast.alpha).values_list("version", "status"))
    assert statuses == {1: VisionStatus.REPLACED, 2: VisionStatus.ADOPTED}
    with pytest.raises(InvalidInput):
        services.vision_draft_adopt(acting_user=admin, draft=v2)


def test_it_lets_only_leaders_write_and_adopt_versions(gov):
    cast = gov.cast
    for user in (cast.counselor, cast.partner_contact, cast.student, cast.outsider):
        with pytest.raises(NotAllowed):
            services.vision_draft_adopt(acting_user=user, draft=gov.draft)
        with pytest.raises(NotAllowed):
            services.vision_draft_create(acting_user=user, consortium=cast.alpha, text="Mine")
    assert VisionDraft.objects.filter(consortium=cast.alpha).count() == 1


def test_it_takes_comments_and_suggested_edits_from_staff_and_partners_only(gov):
    cast, draft = gov.cast, gov.draft
    services.vision_comment_add(acting_user=cast.teacher, draft=draft, kind="comment", text="Add families.")
    suggestion = services.vision_comment_add(
        acting_user=cast.partner_contact,
        draft=draft,
        kind="suggestion",
        text="Name employers.",
        proposed_text="CTE in Alpha prepares every student with employers.",
    )
    assert suggestion.proposed_text.endswith("with employers.")
    for user in (cast.student, cast.guardian, cast.outsider):
        with pytest.raises(NotAllowed):
            services.vision_comment_add(acting_user=user, draft=draft, kind="comment", text="Hi")
    with pytest.raises(InvalidInput) as empty:
        services.vision_comment_add(acting_user=cast.teacher, draft=draft, kind="suggestion", text="Why")
    assert empty.value.field == "proposed_text"
    with pytest.raises(InvalidInput) as same:
        services.vision_comment_add(
            acting_user=cast.teacher, draft=draft, kind="suggestion", proposed_text=draft.text
        )
    assert same.value.field == "proposed_text"
    assert VisionComment.objects.filter(draft=draft).count() == 2
    with pytest.raises(NotAllowed):
        services.vision_comment_resolve(acting_user=cast.teacher, comment=suggestion)
    services.vision_comment_resolve(acting_user=cast.admin, comment=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.resolved and suggestion.resolved_by == cast.admin


def test_it_keeps_priorities_together_under_their_heading_and_reorders_them(gov):
    admin, alpha = gov.cast.admin, gov.cast.alpha
    a = services.priority_add(
        acting_user=admin, consortium=alpha, heading="We support and develop:", text="A"
    )
    services.priority_add(acting_user=admin, consortium=alpha, heading="Together we work towards:", text="B")
    services.priority_add(acting_user=admin, consortium=alpha, heading="We support and develop:", text="C")
    order = lambda: list(StrategicPriority.objects.filter(consortium=alpha).values_list("text", flat=True))  # noqa: E731
    assert order() == ["A", "C", "B"]
    services.priority_move(acting_user=admin, priority=a, direction="down")
    assert order() == ["C", "A", "B"]
    with pytest.raises(InvalidInput):
        services.priority_move(acting_user=admin, priority=a, direction="sideways")


def test_it_offers_the_five_default_principles_once(gov):
    admin, alpha = gov.cast.admin, gov.cast.alpha
    assert len(services.principles_adopt_defaults(acting_user=admin, consortium=alpha)) == 5
    assert services.principles_adopt_defaults(acting_user=admin, consortium=alpha) == []
    texts = list(GuidingPrinciple.objects.filter(consortium=alpha).values_list("text", flat=True))
    assert (
        texts[0]
        == "All Career Technical Education (CTE) programs are held to the highest standards of excellence."
    )
    assert texts[-1] == "All systems work together to put learner success first."
    with pytest.raises(NotAllowed):
        services.principles_adopt_defaults(acting_user=gov.cast.counselor, consortium=alpha)


def test_it_records_who_changed_the_plan(gov):
    plan = services.plan_update(
        acting_user=gov.cast.admin, consortium=gov.cast.alpha, mission="Robust CTE for all."
    )
    event = AuditEvent.objects.filter(action="consortia.plan_update").first()
    assert plan.mission == "Robust CTE for all."
    assert event is not None and event.actor == gov.cast.admin
    with pytest.raises(NotAllowed):
        services.plan_update(acting_user=gov.cast.outsider, consortium=gov.cast.alpha, mission="Ours now")
