"""Governance fixtures on top of the cast (tests/cast.py): meetings, a ballot, plan content."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.consortia import services
from pathways.consortia.models import Ballot, Meeting, TargetIndustry, VisionDraft
from pathways.consortia.outline import OutlineGroup, OutlineItem
from tests.cast import Cast


@dataclass
class Gov:
    cast: Cast
    meeting: Meeting  # Alpha, members only
    published: Meeting  # Alpha, outcomes published
    beta_meeting: Meeting  # Beta, members only
    ballot: Ballot  # on `meeting`, draft, options Healthcare / Manufacturing / IT, 3 dots each
    draft: VisionDraft  # Alpha, version 1, draft
    industry: TargetIndustry  # Alpha, "Manufacturing, to include:" with a child "Welding"


@pytest.fixture
def gov(cast: Cast) -> Gov:
    admin = cast.admin
    meeting = services.meeting_save(
        acting_user=admin,
        consortium=cast.alpha,
        date=datetime.date(2024, 3, 2),
        title="Alpha Planning Meeting",
        agenda=["Welcome", "Dot-vote on programs"],
        attendees=[cast.counselor],
        attending_partners=[cast.partner],
    )
    published = services.meeting_save(
        acting_user=admin,
        consortium=cast.alpha,
        date=datetime.date(2024, 3, 27),
        title="Alpha Consortia Meeting",
        series_title="Building the Next Generation of Career and Technical Education",
    )
    services.opportunities_replace(
        acting_user=admin,
        meeting=published,
        items=[OutlineItem("Parent education", children=[OutlineItem("Parent nights")])],
    )
    services.discussion_replace(
        acting_user=admin,
        meeting=published,
        groups=[OutlineGroup("Characteristics:", [OutlineItem("Adaptable", 4), OutlineItem("Responsible")])],
    )
    services.meeting_votes_record(
        acting_user=admin,
        meeting=published,
        heading="Top Programs of Study to Pursue Include:",
        tallies=[("Information Technology", 19), ("Manufacturing", 18)],
    )
    services.meeting_publish(acting_user=admin, meeting=published, published=True)
    # The outsider is a counselor in Beta, not a leader: Beta's meeting is made by a Beta admin.
    beta_leader = User.objects.create_user("bert", password="x" * 12, first_name="Bert")
    Membership.objects.create(user=beta_leader, role=Role.CONSORTIUM_ADMIN, consortium=cast.beta)
    beta_meeting = services.meeting_save(
        acting_user=beta_leader, consortium=cast.beta, date=datetime.date(2024, 4, 1), title="Beta Meeting"
    )
    ballot = services.ballot_create(
        acting_user=admin,
        meeting=meeting,
        question="Which programs should we pursue?",
        options=["Healthcare", "Manufacturing", "Information Technology"],
        dots_per_participant=3,
        results_heading="Top Programs of Study to Pursue Include:",
    )
    draft = services.vision_draft_create(
        acting_user=admin, consortium=cast.alpha, text="CTE in Alpha prepares every student.", note="DRAFT"
    )
    industry = services.target_industry_create(
        acting_user=admin,
        consortium=cast.alpha,
        name="Manufacturing",
        qualifier=", to include:",
        meeting=published,
    )
    services.target_industry_create(
        acting_user=admin, consortium=cast.alpha, name="Welding", parent=industry, meeting=published
    )
    return Gov(cast, meeting, published, beta_meeting, ballot, draft, industry)
