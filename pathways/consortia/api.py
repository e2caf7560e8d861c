"""JSON API of governance: strategic plans, target industries, meetings with their outcomes, ballots.

Public reads need no login: a public consortium's plan and target industries, and the outcomes of
its published meetings. They call `api_user(request)`, so that a consortium's staff and partner
contacts (by token or session) also see their own unpublished meetings, open ballots, agendas and
attendees. Ballot endpoints take `auth=API_AUTH` (401 without a user). Every rule lives in
`selectors` and `services`; missing and not-yours are the same 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.accounts.auth import API_AUTH, api_user
from pathways.core.errors import InvalidInput
from pathways.labor.api import ErrorOut

from . import selectors, services
from .models import Ballot, BallotOption, BallotStatus, Meeting

router = Router(tags=["governance"])


# --- schemas ---------------------------------------------------------------------------------


class ConsortiumRef(Schema):
    slug: str
    name: str


class VisionOut(Schema):
    version: int
    status: str = Field(description="`adopted`, `draft` or `replaced`.")
    note: str = Field(description="What the document says above the statement.")
    text: str


class PriorityGroupOut(Schema):
    heading: str = Field(examples=["We support and develop:"])
    items: list[str]


class PrincipleOut(Schema):
    text: str
    source: str


class ImpactOut(Schema):
    """The impact section of the plan, as the consortium wrote it. The impact highlights (figures
    Pathways computes for the period, suppressed below the consortium's minimum cell size) are
    served by the reports app at `/api/v1/reports/impact?consortium=SLUG`."""

    heading: str
    items: list[str]


class ConsortiumPlanOut(Schema):
    consortium: ConsortiumRef
    tagline: str
    introduction: str
    mission: str
    vision: VisionOut | None = Field(
        description=(
            "The adopted vision; if none is adopted, the latest draft discussed at a published meeting."
        )
    )
    priorities: list[PriorityGroupOut]
    principles: list[PrincipleOut]
    impact: ImpactOut


class ConsortiumClusterRef(Schema):
    slug: str
    name: str


class ConsortiumSubClusterRef(Schema):
    slug: str
    name: str
    cluster: str = Field(description="Slug of the sub-cluster's Career Cluster.")


class NaicsOut(Schema):
    code: str = Field(examples=["31-33"])
    title: str


class IndustryOut(Schema):
    public_id: UUID
    name: str
    qualifier: str = Field(description="Words that follow the name in the documents, e.g. `, to include:`.")
    label: str = Field(examples=["Agriculture, to include:"])
    naics: list[NaicsOut]
    clusters: list[ConsortiumClusterRef] = Field(description="2024 Career Clusters linked as a whole.")
    subclusters: list[ConsortiumSubClusterRef]
    occupation_count: int = Field(description="Occupations of the linked clusters and sub-clusters.")
    meeting_id: UUID | None = Field(description="The meeting where the industry was named.")
    children: list[IndustryOut]


IndustryOut.model_rebuild()


class SectorStrategyOut(Schema):
    partner: str
    statement: str
    shared_sectors: list[str] = Field(description="Sectors also among the consortium's target industries.")
    other_sectors: list[str]


class IndustryTreeOut(Schema):
    consortium: ConsortiumRef
    count: int = Field(description="Industries at every level.")
    items: list[IndustryOut]
    sector_strategies: list[SectorStrategyOut]


class MeetingBrief(Schema):
    public_id: UUID
    consortium: str = Field(description="Consortium slug.")
    date: datetime.date
    title: str
    is_published: bool
    region: str | None


class MeetingListOut(Schema):
    count: int
    items: list[MeetingBrief]


class VoteOut(Schema):
    label: str
    votes: int


class VoteGroupOut(Schema):
    heading: str = Field(examples=["Top Programs of Study to Pursue Include:"])
    results: list[VoteOut]


class CommitmentOut(Schema):
    text: str
    partners: list[str]
    owner: str = Field(description="The owner's name (members only; empty for the public).")
    status: str
    due_date: datetime.date | None


class OutlineItemOut(Schema):
    text: str
    count: int | None = Field(
        description="The count the notes give, e.g. 4 in “Adaptable (4)”; null if none."
    )
    children: list[OutlineItemOut]


OutlineItemOut.model_rebuild()


class DiscussionGroupOut(Schema):
    heading: str
    items: list[OutlineItemOut]


class OptionOut(Schema):
    public_id: UUID
    label: str
    votes: int = Field(description="Live count while open; the stored count once closed.")
    my_dots: int = Field(0, description="The caller's dots on this option.")


class BallotOut(Schema):
    public_id: UUID
    meeting_id: UUID
    question: str
    results_heading: str
    status: str = Field(description="`draft`, `open` or `closed`.")
    source: str = Field(
        description="`live` (voted in Pathways) or `recorded` (entered from a vote in the room)."
    )
    dots_per_participant: int
    room_code: str | None = Field(description="For participants only.")
    participants: int
    total_dots: int
    my_dots: int = 0
    dots_left: int | None = Field(None, description="The caller's dots left while the ballot is open.")
    options: list[OptionOut]


class MeetingOut(MeetingBrief):
    series_title: str
    location: str
    outcomes_title: str = Field(examples=["Outcomes – March 2 Region I Consortia Meeting"])  # noqa: RUF001
    vision: VisionOut | None
    target_industries: list[IndustryOut]
    industries_statement: str
    votes: list[VoteGroupOut]
    commitments_intro: str
    commitments: list[CommitmentOut]
    sector_strategies: list[SectorStrategyOut]
    opportunities: list[OutlineItemOut]
    discussion: list[DiscussionGroupOut]
    ballots: list[BallotOut]
    agenda: list[str] | None = Field(description="Members only (null for the public).")
    attendees: list[str] | None = Field(description="Members only (null for the public).")


class MeetingListIn(Schema):
    consortium: str | None = Field(None, description="Slug of a consortium; all visible meetings if omitted.")


class IndustryListIn(Schema):
    consortium: str = Field(description="Slug of the consortium, e.g. `nm-region-b`.")


class DotIn(Schema):
    option: UUID = Field(description="Public id of the ballot option.")


# --- builders --------------------------------------------------------------------------------


def _ref(consortium: object) -> ConsortiumRef:
    return ConsortiumRef(slug=consortium.slug, name=consortium.name)  # type: ignore[attr-defined]


def _vision(draft: object | None) -> VisionOut | None:
    if draft is None:
        return None
    return VisionOut(version=draft.version, status=draft.status, note=draft.note, text=draft.text)  # type: ignore[attr-defined]


def _industry(node: selectors.IndustryNode) -> IndustryOut:
    industry = node.industry
    return IndustryOut(
        public_id=industry.public_id,
        name=industry.name,
        qualifier=industry.qualifier,
        label=industry.label,
        naics=[NaicsOut(**n) for n in node.naics],
        clusters=[ConsortiumClusterRef(slug=c.slug, name=c.name) for c in node.clusters],
        subclusters=[
            ConsortiumSubClusterRef(slug=s.slug, name=s.name, cluster=s.cluster.slug)
            for s in node.subclusters
        ],
        occupation_count=node.occupation_count,
        meeting_id=industry.meeting.public_id if industry.meeting_id and industry.meeting else None,
        children=[_industry(child) for child in node.children],
    )


def _strategy(strategy: object) -> SectorStrategyOut:
    return SectorStrategyOut(
        partner=strategy.partner.name,  # type: ignore[attr-defined]
        statement=strategy.statement,  # type: ignore[attr-defined]
        shared_sectors=strategy.shared_sectors,  # type: ignore[attr-defined]
        other_sectors=strategy.other_sectors,  # type: ignore[attr-defined]
    )


def _brief(meeting: Meeting) -> MeetingBrief:
    return MeetingBrief(
        public_id=meeting.public_id,
        consortium=meeting.consortium.slug,
        date=meeting.date,
        title=meeting.title,
        is_published=meeting.is_published,
        region=meeting.region.name if meeting.region_id and meeting.region else None,
    )


def _ballot(ballot: Ballot, tally: selectors.Tally, *, member: bool) -> BallotOut:
    return BallotOut(
        public_id=ballot.public_id,
        meeting_id=ballot.meeting.public_id,
        question=ballot.question,
        results_heading=ballot.heading,
        status=ballot.status,
        source=ballot.source,
        dots_per_participant=ballot.dots_per_participant,
        room_code=ballot.room_code if member and ballot.status != BallotStatus.CLOSED else None,
        participants=tally.participants,
        total_dots=tally.total_dots,
        my_dots=tally.my_dots,
        dots_left=tally.dots_left if member and ballot.status == BallotStatus.OPEN else None,
        options=[
            OptionOut(
                public_id=row.option.public_id, label=row.option.label, votes=row.votes, my_dots=row.mine
            )
            for row in tally.rows
        ],
    )


# --- plan and target industries ----------------------------------------------------------------


@router.get(
    "/consortia/{slug}/plan",
    response={200: ConsortiumPlanOut, 404: ErrorOut},
    summary="A consortium's strategic plan",
    description=(
        "Mission, vision, strategic priorities (grouped under their headings), guiding principles and "
        "the impact section. Public for public consortia; members also read their own non-public one."
    ),
)
def plan_get(request: HttpRequest, slug: str) -> ConsortiumPlanOut:
    consortium = selectors.readable_consortium(api_user(request), slug)
    view = selectors.plan_view(consortium)
    plan = view.plan
    return ConsortiumPlanOut(
        consortium=_ref(consortium),
        tagline=plan.tagline if plan else "",
        introduction=plan.introduction if plan else "",
        mission=plan.mission if plan else "",
        vision=_vision(selectors.public_vision(consortium)),
        priorities=[
            PriorityGroupOut(heading=g.heading, items=[i.text for i in g.items]) for g in view.priorities
        ],
        principles=[PrincipleOut(text=p.text, source=p.source) for p in view.principles],
        impact=ImpactOut(
            heading=plan.impact_heading if plan else "",
            items=plan.impact_items if plan else [],
        ),
    )


@router.get(
    "/target-industries",
    response={200: IndustryTreeOut, 404: ErrorOut, 422: ErrorOut},
    summary="A consortium's target industries",
    description=(
        "The target industries for investment as a tree, each with its NAICS sectors, linked 2024 Career "
        "Clusters and sub-clusters, and how many occupations those hold; and the workforce boards' sector "
        "strategies. Public for public consortia."
    ),
)
def target_industries(request: HttpRequest, params: Query[IndustryListIn]) -> IndustryTreeOut:
    consortium = selectors.readable_consortium(api_user(request), params.consortium, field="consortium")
    tree = selectors.industry_tree(consortium)
    return IndustryTreeOut(
        consortium=_ref(consortium),
        count=len(selectors.flatten(tree)),
        items=[_industry(node) for node in tree],
        sector_strategies=[_strategy(s) for s in selectors.sector_strategies(consortium)],
    )


# --- meetings ----------------------------------------------------------------------------------


@router.get(
    "/meetings",
    response={200: MeetingListOut, 404: ErrorOut},
    summary="List meetings",
    description=(
        "Published meetings of public consortia for everyone; a consortium's staff and partner contacts "
        "also see its unpublished meetings. Newest first."
    ),
)
def meetings_list(request: HttpRequest, params: Query[MeetingListIn]) -> MeetingListOut:
    user = api_user(request)
    consortium = (
        selectors.readable_consortium(user, params.consortium, field="consortium")
        if params.consortium
        else None
    )
    items = [_brief(m) for m in selectors.meeting_list(user, consortium=consortium)]
    return MeetingListOut(count=len(items), items=items)


def _outline(items: Sequence[Any]) -> list[OutlineItemOut]:
    return [
        OutlineItemOut(
            text=item.text,
            count=getattr(item, "count", None),
            children=[
                OutlineItemOut(text=c.text, count=getattr(c, "count", None), children=[])
                for c in item.children.all()
            ],
        )
        for item in items
    ]


@router.get(
    "/meetings/{public_id}",
    response={200: MeetingOut, 404: ErrorOut},
    summary="One meeting with its outcomes",
    description=(
        "Every outcome section: the vision discussed, target industries, vote results "
        '(`{"label": "Information Technology", "votes": 19}`), partner commitments, sector strategies, '
        "opportunities, and discussion notes with their counts (null where the notes give none). "
        "Ballots with their tallies; open ballots, agenda and attendees for members only."
    ),
)
def meeting_get(request: HttpRequest, public_id: UUID) -> MeetingOut:
    from .pdf import outcomes_title

    user = api_user(request)
    meeting = selectors.access_meeting(user, public_id)
    member = selectors.is_participant(user, meeting.consortium_id)
    record = selectors.meeting_outcomes(meeting, include_open_ballots=member)
    ballots = [_ballot(b, selectors.ballot_tally(b, participant=user), member=member) for b in record.ballots]
    return MeetingOut(
        **_brief(meeting).model_dump(),
        series_title=meeting.series_title,
        location=meeting.location,
        outcomes_title=outcomes_title(record),
        vision=_vision(record.vision),
        target_industries=[_industry(node) for node in record.industries],
        industries_statement=meeting.industries_statement,
        votes=[
            VoteGroupOut(heading=g.heading, results=[VoteOut(label=v.label, votes=v.votes) for v in g.votes])
            for g in record.vote_groups
        ],
        commitments_intro=meeting.commitments_intro,
        commitments=[
            CommitmentOut(
                text=c.text,
                partners=[p.name for p in c.partners.all()],
                owner=c.owner_label if member else (c.owner_name if not c.owner_id else ""),
                status=c.status,
                due_date=c.due_date,
            )
            for c in record.commitments
        ],
        sector_strategies=[_strategy(s) for s in record.sector_strategies],
        opportunities=_outline(record.opportunities),
        discussion=[
            DiscussionGroupOut(heading=g.heading, items=_outline(g.top_items)) for g in record.discussion
        ],
        ballots=ballots,
        agenda=[a.title for a in record.agenda] if member else None,
        attendees=[u.display_name for u in record.attendees] + [p.name for p in record.attending_partners]
        if member
        else None,
    )


# --- ballots ---------------------------------------------------------------------------------


def _ballot_response(request: HttpRequest, ballot: Ballot) -> BallotOut:
    ballot.refresh_from_db()
    member = selectors.is_participant(request.user, ballot.consortium_id)
    return _ballot(ballot, selectors.ballot_tally(ballot, participant=request.user), member=member)


def _option(ballot: Ballot, public_id: UUID) -> BallotOption:
    option = BallotOption.objects.filter(ballot=ballot, public_id=public_id).first()
    if option is None:
        raise InvalidInput(_("That option is not on this ballot."), field="option")
    return option


@router.get(
    "/ballots/{public_id}",
    auth=API_AUTH,
    response={200: BallotOut, 401: ErrorOut, 404: ErrorOut},
    summary="One ballot with its tally",
    description="Live counts while open (the caller's own dots too); the stored counts once closed.",
)
def ballot_get(request: HttpRequest, public_id: UUID) -> BallotOut:
    return _ballot_response(request, selectors.access_ballot(request.user, public_id))


@router.post(
    "/ballots/{public_id}/dots",
    auth=API_AUTH,
    response={201: BallotOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Place a dot",
    description=(
        "Place one of your dots on an option of an open ballot (staff and partner contacts of the "
        "consortium). Several dots on one option are allowed; 422 when you have none left or voting "
        "is closed."
    ),
)
def dot_add(request: HttpRequest, public_id: UUID, body: DotIn) -> tuple[int, BallotOut]:
    ballot = selectors.access_ballot(request.user, public_id)
    services.dot_add(acting_user=request.user, ballot=ballot, option=_option(ballot, body.option))
    return 201, _ballot_response(request, ballot)


@router.delete(
    "/ballots/{public_id}/dots",
    auth=API_AUTH,
    response={200: BallotOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Take back a dot",
    description="Take back one of your dots from an option while the ballot is open.",
)
def dot_remove(request: HttpRequest, public_id: UUID, option: UUID) -> BallotOut:
    ballot = selectors.access_ballot(request.user, public_id)
    services.dot_remove(acting_user=request.user, ballot=ballot, option=_option(ballot, option))
    return _ballot_response(request, ballot)


@router.post(
    "/ballots/{public_id}/open",
    auth=API_AUTH,
    response={200: BallotOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open a ballot (facilitator)",
    description="Consortium leaders only.",
)
def ballot_open(request: HttpRequest, public_id: UUID) -> BallotOut:
    ballot = selectors.access_ballot(request.user, public_id)
    services.ballot_open(acting_user=request.user, ballot=ballot)
    return _ballot_response(request, ballot)


@router.post(
    "/ballots/{public_id}/close",
    auth=API_AUTH,
    response={200: BallotOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Close a ballot (facilitator)",
    description=(
        "Consortium leaders only. Stores the tallies on the meeting's outcomes; "
        "a closed ballot never reopens."
    ),
)
def ballot_close(request: HttpRequest, public_id: UUID) -> BallotOut:
    ballot = selectors.access_ballot(request.user, public_id)
    services.ballot_close(acting_user=request.user, ballot=ballot)
    return _ballot_response(request, ballot)
