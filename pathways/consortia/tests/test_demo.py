"""The governance demo loader: every seed fact as written, linked to the catalog, and idempotent."""

from __future__ import annotations

import pytest

from pathways.consortia import models, selectors
from pathways.consortia.demo import load
from pathways.orgs.models import Consortium

MODELS = [
    models.StrategicPlan,
    models.VisionDraft,
    models.StrategicPriority,
    models.GuidingPrinciple,
    models.TargetIndustry,
    models.SectorStrategy,
    models.Meeting,
    models.Opportunity,
    models.DiscussionGroup,
    models.Characteristic,
    models.MeetingVote,
    models.Ballot,
    models.BallotOption,
    models.Dot,
    models.PartnerCommitment,
    models.ActionItem,
]


@pytest.fixture
def demo(catalog_db):
    load(lambda line: None)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def meeting(slug):
    return models.Meeting.objects.exclude(title__contains="(demo)").get(consortium__slug=slug)


def test_it_loads_region_i_votes_as_a_closed_ballot(demo, client):
    record = selectors.meeting_outcomes(meeting("nm-region-i"))
    [group] = record.vote_groups
    assert group.heading == "Top Programs of Study to Pursue Include:"
    assert [(v.label, v.votes) for v in group.votes] == [
        ("Information Technology", 19),
        ("Manufacturing", 18),
        ("Agriculture", 12),
        ("Transportation and Logistics", 4),
    ]
    [ballot] = record.ballots
    assert (ballot.status, ballot.source) == ("closed", "recorded")
    # And the API reports them to anyone: the outcomes are published.
    body = client.get(f"/api/v1/meetings/{record.meeting.public_id}").json()
    assert body["votes"][0]["results"][0] == {"label": "Information Technology", "votes": 19}
    assert body["outcomes_title"] == "Outcomes – March 2 Region I Consortia Meeting"  # noqa: RUF001


def test_it_puts_green_technology_and_broadband_under_skilled_trades_in_region_b(demo, client):
    tree = selectors.industry_tree(Consortium.objects.get(slug="nm-region-b"))
    assert [n.label for n in tree] == [
        "Healthcare",
        "STEM/IT-Computer Science",
        "Skilled Trades including application to:",
    ]
    assert [c.label for c in tree[2].children] == ["Green Technology", "Broadband Infrastructure"]
    assert tree[2].children[1].subclusters[0].slug == "network-systems-cybersecurity"
    assert tree[0].occupation_count > 0 and tree[0].industry.naics_codes == ["62", "81"]
    body = client.get("/api/v1/target-industries", {"consortium": "nm-region-b"}).json()
    assert [c["name"] for c in body["items"][2]["children"]] == [
        "Green Technology",
        "Broadband Infrastructure",
    ]


def test_it_loads_the_minnesota_plan_verbatim(demo):
    view = selectors.plan_view(Consortium.objects.get(slug="mn-service-coops"))
    assert view.plan.mission == (
        "Leveraging statewide and regional approaches to ensure robust CTE experiences for students with an "
        "eye on future success."
    )
    assert view.adopted_vision.text.startswith(
        "All students have access to innovative, career-connected learning"
    )
    assert [(g.heading, len(g.items)) for g in view.priorities] == [
        ("We support and develop:", 4),
        ("Together we work towards a future where:", 6),
        ("Making a regional impact across the state:", 1),
    ]
    assert view.plan.impact_heading == "Impact Highlights (JULY 2022–DECEMBER 2023):"  # noqa: RUF001
    assert len(view.principles) == 5


def test_it_keeps_counts_exactly_as_the_notes_write_them(demo):
    b = {c.text: c.count for c in models.Characteristic.objects.filter(group__meeting=meeting("nm-region-b"))}
    assert (b["Adaptable"], b["Motivated"], b["Agile"], b["Equitable"], b["Relevant"]) == (4, 2, 2, 2, 2)
    assert b["Interactively-relevant"] is None and b["Ethics"] is None
    i = {c.text: c for c in models.Characteristic.objects.filter(group__meeting=meeting("nm-region-i"))}
    assert (i["Soft skilled"].count, i["Critical Thinking"].count, i["Able to Train"].count) == (3, 2, None)
    assert [c.text for c in i["Talent will be:"].children.all()] == [
        "Well rounded",
        "Have ethics",
        "Good communication skills",
        "Dependable",
    ]


def test_it_loads_region_i_partners_commitments_and_sector_strategies(demo):
    i = meeting("nm-region-i")
    commitments = list(models.PartnerCommitment.objects.filter(meeting=i).order_by("position"))
    assert commitments[1].text.startswith("Clovis and Portales EDC’s will stay engaged")  # noqa: RUF001
    assert sorted(p.name for p in commitments[1].partners.all()) == ["Clovis EDC", "Portales EDC"]
    assert commitments[2].owner_name == "Tiffany Bretz"
    assert i.commitments_intro.startswith("ALL of the educational partners")
    [strategy] = models.SectorStrategy.objects.filter(meeting=i)
    assert strategy.partner.name == "Eastern Workforce Board"
    assert strategy.sectors == ["Agriculture", "Allied Health", "Education"]
    assert i.vision_draft.note.startswith("(I made a few revisions")


def test_it_is_idempotent(demo):
    first = counts()
    load(lambda line: None)
    assert counts() == first
    assert first["Meeting"] == 3 and first["MeetingVote"] == 4
    assert models.Ballot.objects.filter(status="open").count() == 1
