"""Who may see which governance rows, and the reads that pages and the API share.

Roles (see docs/governance.md):
- **Leaders** (consortium admin, consortium staff) run governance: they edit the plan, adopt a
  vision version, run meetings, facilitate ballots and edit outcomes.
- **Participants** are the consortium's staff (leaders, district administrators, counselors,
  teachers) and its partner contacts: they see every meeting of their consortium, comment on
  vision drafts, suggest edits and place dots on open ballots. Students and guardians take no
  part in governance: they see what the public sees.
- **Everyone** (signed in or not) sees a public consortium's plan (mission, adopted vision,
  priorities, principles, target industries) and the outcomes of its *published* meetings.

Every rule is a `Q` filter (`<entity>_visible_to`) and an `access_<entity>(user, public_id)`
fetch that raises the same `NotFound` for missing, forbidden and malformed ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from pathways.accounts.models import Membership
from pathways.accounts.policies import Actor, access, is_leader
from pathways.accounts.roles import STAFF_ROLES, Role
from pathways.catalog.models import CareerCluster, Occupation, SubCluster
from pathways.core.errors import NotFound
from pathways.orgs.models import Consortium, Contact, Partner, School

from .models import (
    ActionItem,
    Ballot,
    BallotOption,
    BallotStatus,
    Characteristic,
    DiscussionGroup,
    Dot,
    FollowUpStatus,
    GuidingPrinciple,
    Meeting,
    MeetingVote,
    Opportunity,
    PartnerCommitment,
    SectorStrategy,
    StrategicPlan,
    StrategicPriority,
    TargetIndustry,
    VisionComment,
    VisionDraft,
    VisionStatus,
)

# Who takes part in governance: the consortium's staff and its partner contacts.
PARTICIPANT_ROLES = STAFF_ROLES | {Role.PARTNER_CONTACT}
NOTHING = Q(pk__in=[])


# --- who -------------------------------------------------------------------------------------


def participant_consortia(user: Actor) -> frozenset[int]:
    """Ids of the consortia where the user takes part in governance (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_pathways_governance", None)
    if cached is not None:
        return cached
    ids = frozenset(
        Membership.objects.filter(user=user, role__in=PARTICIPANT_ROLES).values_list(
            "consortium_id", flat=True
        )
    )
    setattr(user, "_pathways_governance", ids)  # noqa: B010  (a per-request cache, like policies.scope_of)
    return ids


def is_participant(user: Actor, consortium_id: int) -> bool:
    return consortium_id in participant_consortia(user)


def is_facilitator(user: Actor, consortium_id: int) -> bool:
    """Ballots are facilitated, meetings run and plans edited by the consortium's leaders."""
    return is_leader(user, consortium_id)


PUBLIC_CONSORTIUM = Q(consortium__is_public=True)
PUBLISHED_MEETING = Q(is_published=True, consortium__is_public=True)


def _members_or(user: Actor, public: Q) -> Q:
    ids = participant_consortia(user)
    return (Q(consortium_id__in=ids) | public) if ids else public


# --- visibility filters ---------------------------------------------------------------------


def consortia_governed_by(user: Actor) -> QuerySet[Consortium]:
    return Consortium.objects.filter(pk__in=participant_consortia(user)).order_by("name")


def meetings_visible_to(user: Actor) -> Q:
    """Participants see all their consortium's meetings; everyone sees published outcomes."""
    return _members_or(user, PUBLISHED_MEETING)


def plan_items_visible_to(user: Actor) -> Q:
    """Plan, priorities, principles, target industries, sector strategies: public if the consortium is."""
    return _members_or(user, PUBLIC_CONSORTIUM)


def vision_drafts_visible_to(user: Actor) -> Q:
    """Versions and their comments are for participants. (The public reads the adopted vision, and
    the draft discussed at a published meeting, through `plan_view` and `meeting_outcomes`.)"""
    ids = participant_consortia(user)
    return Q(consortium_id__in=ids) if ids else NOTHING


def ballots_visible_to(user: Actor) -> Q:
    """Open and draft ballots are for participants; closed ballots of published meetings are public."""
    return _members_or(
        user, Q(status=BallotStatus.CLOSED, meeting__is_published=True, meeting__consortium__is_public=True)
    )


def action_items_visible_to(user: Actor) -> Q:
    ids = participant_consortia(user)
    return Q(consortium_id__in=ids) if ids else NOTHING


def commitments_visible_to(user: Actor) -> Q:
    return _members_or(user, Q(meeting__is_published=True, meeting__consortium__is_public=True))


# --- permission-checked fetches --------------------------------------------------------------


def access_governed_consortium(user: Actor, slug: str) -> Consortium:
    """The consortium whose governance pages the user may open (participants only)."""
    consortium = Consortium.objects.filter(slug=slug, pk__in=participant_consortia(user)).first()
    if consortium is None:
        raise NotFound(_("Not found."))
    return consortium


def public_consortium(slug: str) -> Consortium:
    consortium = Consortium.objects.filter(slug=slug, is_public=True).first()
    if consortium is None:
        raise NotFound(_("No public consortium is called %(slug)s.") % {"slug": slug}, field="slug")
    return consortium


def readable_consortium(user: Actor, slug: str, *, field: str = "slug") -> Consortium:
    """A consortium whose plan the user may read: a public one, or one they take part in."""
    consortium = (
        Consortium.objects.filter(slug=slug)
        .filter(Q(is_public=True) | Q(pk__in=participant_consortia(user)))
        .first()
    )
    if consortium is None:
        raise NotFound(_("No consortium is called %(slug)s.") % {"slug": slug}, field=field)
    return consortium


def access_meeting(user: Actor, public_id: UUID | str) -> Meeting:
    return access(
        Meeting.objects.select_related("consortium", "region"), public_id, meetings_visible_to(user)
    )


def access_ballot(user: Actor, public_id: UUID | str) -> Ballot:
    return access(Ballot.objects.select_related("meeting", "consortium"), public_id, ballots_visible_to(user))


def access_ballot_by_code(user: Actor, code: str) -> Ballot:
    """The open or draft ballot with this room code, if the user takes part in its consortium."""
    code = "".join(code.split()).upper()
    ballot = (
        Ballot.objects.select_related("meeting", "consortium")
        .filter(room_code=code, consortium_id__in=participant_consortia(user))
        .exclude(status=BallotStatus.CLOSED)
        .first()
        if code
        else None
    )
    if ballot is None:
        raise NotFound(
            _("No open ballot has this code. Check the code on the screen in the room."), field="code"
        )
    return ballot


def access_vision_draft(user: Actor, public_id: UUID | str) -> VisionDraft:
    return access(
        VisionDraft.objects.select_related("consortium", "author", "adopted_by", "meeting"),
        public_id,
        vision_drafts_visible_to(user),
    )


def access_vision_comment(user: Actor, public_id: UUID | str) -> VisionComment:
    ids = participant_consortia(user)
    return access(
        VisionComment.objects.select_related("draft", "consortium"),
        public_id,
        Q(consortium_id__in=ids) if ids else NOTHING,
    )


def access_target_industry(user: Actor, public_id: UUID | str) -> TargetIndustry:
    return access(
        TargetIndustry.objects.select_related("consortium", "parent", "meeting"),
        public_id,
        plan_items_visible_to(user),
    )


def access_priority(user: Actor, public_id: UUID | str) -> StrategicPriority:
    return access(
        StrategicPriority.objects.select_related("consortium"), public_id, plan_items_visible_to(user)
    )


def access_principle(user: Actor, public_id: UUID | str) -> GuidingPrinciple:
    return access(
        GuidingPrinciple.objects.select_related("consortium"), public_id, plan_items_visible_to(user)
    )


def access_sector_strategy(user: Actor, public_id: UUID | str) -> SectorStrategy:
    return access(
        SectorStrategy.objects.select_related("consortium", "partner"), public_id, plan_items_visible_to(user)
    )


def access_action_item(user: Actor, public_id: UUID | str) -> ActionItem:
    return access(
        ActionItem.objects.select_related("consortium", "meeting", "owner", "owner_partner"),
        public_id,
        action_items_visible_to(user),
    )


def access_commitment(user: Actor, public_id: UUID | str) -> PartnerCommitment:
    return access(
        PartnerCommitment.objects.select_related("consortium", "meeting", "owner"),
        public_id,
        commitments_visible_to(user),
    )


# --- the strategic plan ----------------------------------------------------------------------


@dataclass
class PriorityGroup:
    heading: str
    items: list[StrategicPriority]


@dataclass
class PlanView:
    consortium: Consortium
    plan: StrategicPlan | None
    adopted_vision: VisionDraft | None
    priorities: list[PriorityGroup]
    principles: list[GuidingPrinciple]


def group_priorities(priorities: Iterable[StrategicPriority]) -> list[PriorityGroup]:
    groups: list[PriorityGroup] = []
    for item in priorities:
        if not groups or groups[-1].heading != item.heading:
            groups.append(PriorityGroup(item.heading, []))
        groups[-1].items.append(item)
    return groups


def plan_view(consortium: Consortium) -> PlanView:
    return PlanView(
        consortium=consortium,
        plan=StrategicPlan.objects.filter(consortium=consortium).first(),
        adopted_vision=VisionDraft.objects.filter(consortium=consortium, status=VisionStatus.ADOPTED).first(),
        priorities=group_priorities(StrategicPriority.objects.filter(consortium=consortium)),
        principles=list(GuidingPrinciple.objects.filter(consortium=consortium)),
    )


def vision_versions(consortium: Consortium) -> list[VisionDraft]:
    return list(
        VisionDraft.objects.filter(consortium=consortium)
        .select_related("author", "meeting")
        .annotate(open_comments=Count("comments", filter=Q(comments__resolved=False)))
        .order_by("-version")
    )


def vision_previous(draft: VisionDraft) -> VisionDraft | None:
    """The version to compare a draft with: the adopted one, else the version before it."""
    adopted = (
        VisionDraft.objects.filter(consortium_id=draft.consortium_id, status=VisionStatus.ADOPTED)
        .exclude(pk=draft.pk)
        .first()
    )
    if adopted is not None:
        return adopted
    return (
        VisionDraft.objects.filter(consortium_id=draft.consortium_id, version__lt=draft.version)
        .order_by("-version")
        .first()
    )


def vision_comments(draft: VisionDraft) -> list[VisionComment]:
    return list(
        draft.comments.select_related("author", "resolved_by").order_by("resolved", "created_at", "id")
    )


def public_vision(consortium: Consortium) -> VisionDraft | None:
    """The adopted vision; failing that, the latest draft discussed at a published meeting."""
    adopted = VisionDraft.objects.filter(consortium=consortium, status=VisionStatus.ADOPTED).first()
    if adopted is not None:
        return adopted
    return (
        VisionDraft.objects.filter(consortium=consortium, meeting__is_published=True)
        .order_by("-version")
        .first()
    )


# --- target industries ----------------------------------------------------------------------


@dataclass
class IndustryNode:
    industry: TargetIndustry
    clusters: list[CareerCluster]
    subclusters: list[SubCluster]
    occupation_count: int
    children: list[IndustryNode] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.industry.label

    @property
    def naics(self) -> list[dict[str, str]]:
        from .naics import naics_sectors

        return naics_sectors(self.industry.naics_codes)


def industry_occupations(industry: TargetIndustry) -> QuerySet[Occupation]:
    """The occupations a target industry resolves to: those of its sub-clusters and clusters."""
    return (
        Occupation.objects.filter(
            Q(subclusters__in=industry.subclusters.all())
            | Q(subclusters__cluster__in=industry.clusters.all())
        )
        .distinct()
        .order_by("title")
    )


def industry_tree(consortium: Consortium, *, meeting: Meeting | None = None) -> list[IndustryNode]:
    """The consortium's target industries as a tree, each with its links and occupation count.

    A fixed number of queries whatever the tree's size: industries, their clusters and
    sub-clusters (prefetched), and one read of the occupation links of those sub-clusters.
    """
    rows = TargetIndustry.objects.filter(consortium=consortium)
    if meeting is not None:
        rows = rows.filter(meeting=meeting)
    industries = list(
        rows.select_related("meeting").prefetch_related(
            Prefetch("clusters", queryset=CareerCluster.objects.order_by("name")),
            Prefetch("subclusters", queryset=SubCluster.objects.select_related("cluster").order_by("name")),
        )
    )
    cluster_ids = {c.pk for i in industries for c in i.clusters.all()}
    subcluster_ids = {s.pk for i in industries for s in i.subclusters.all()}
    by_subcluster: dict[int, set[str]] = defaultdict(set)
    by_cluster: dict[int, set[str]] = defaultdict(set)
    if cluster_ids or subcluster_ids:
        links = Occupation.subclusters.through.objects.filter(
            Q(subcluster_id__in=subcluster_ids) | Q(subcluster__cluster_id__in=cluster_ids)
        ).values_list("occupation_id", "subcluster_id", "subcluster__cluster_id")
        for occupation_code, subcluster_id, cluster_id in links:
            by_subcluster[subcluster_id].add(occupation_code)
            by_cluster[cluster_id].add(occupation_code)
    nodes: dict[int, IndustryNode] = {}
    for industry in industries:
        codes: set[str] = set()
        for subcluster in industry.subclusters.all():
            codes |= by_subcluster[subcluster.pk]
        for cluster in industry.clusters.all():
            codes |= by_cluster[cluster.pk]
        nodes[industry.pk] = IndustryNode(
            industry=industry,
            clusters=list(industry.clusters.all()),
            subclusters=list(industry.subclusters.all()),
            occupation_count=len(codes),
        )
    roots: list[IndustryNode] = []
    for industry in industries:
        node = nodes[industry.pk]
        parent = nodes.get(industry.parent_id) if industry.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def flatten(nodes: list[IndustryNode], depth: int = 0) -> list[tuple[int, IndustryNode]]:
    out: list[tuple[int, IndustryNode]] = []
    for node in nodes:
        out.append((depth, node))
        out.extend(flatten(node.children, depth + 1))
    return out


def sector_strategies(consortium: Consortium, *, meeting: Meeting | None = None) -> list[SectorStrategy]:
    rows = SectorStrategy.objects.filter(consortium=consortium).select_related("partner")
    if meeting is not None:
        rows = rows.filter(meeting=meeting)
    return list(rows)


# --- meetings ----------------------------------------------------------------------------------


def meeting_list(user: Actor, *, consortium: Consortium | None = None) -> QuerySet[Meeting]:
    rows = Meeting.objects.filter(meetings_visible_to(user)).select_related("consortium", "region")
    if consortium is not None:
        rows = rows.filter(consortium=consortium)
    return rows.annotate(ballot_count=Count("ballots", distinct=True)).order_by("-date", "-id")


@dataclass
class VoteGroup:
    heading: str
    votes: list[MeetingVote]


@dataclass
class Outcomes:
    """Every section of a meeting's outcome record, in the order the seed documents use."""

    meeting: Meeting
    vision: VisionDraft | None
    industries: list[IndustryNode]
    vote_groups: list[VoteGroup]
    commitments: list[PartnerCommitment]
    sector_strategies: list[SectorStrategy]
    opportunities: list[Opportunity]
    discussion: list[Any]  # DiscussionGroup, each with `top_items`
    agenda: list[Any]
    attendees: list[Any]
    attending_partners: list[Partner]
    ballots: list[Ballot]

    @property
    def is_empty(self) -> bool:
        return not (
            self.vision
            or self.industries
            or self.vote_groups
            or self.commitments
            or self.sector_strategies
            or self.opportunities
            or self.discussion
            or self.meeting.industries_statement
        )


def meeting_outcomes(meeting: Meeting, *, include_open_ballots: bool = True) -> Outcomes:
    vision = (
        VisionDraft.objects.filter(pk=meeting.vision_draft_id).first() if meeting.vision_draft_id else None
    )
    votes = list(
        MeetingVote.objects.filter(meeting=meeting).select_related("ballot").order_by("position", "id")
    )
    groups: list[VoteGroup] = []
    for vote in votes:
        if not groups or groups[-1].heading != vote.heading:
            groups.append(VoteGroup(vote.heading, []))
        groups[-1].votes.append(vote)
    opportunities = list(
        Opportunity.objects.filter(meeting=meeting, parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Opportunity.objects.order_by("position", "id"))
        )
    )
    discussion = list(
        DiscussionGroup.objects.filter(meeting=meeting).prefetch_related(
            Prefetch(
                "characteristics",
                queryset=Characteristic.objects.filter(parent__isnull=True).prefetch_related(
                    Prefetch("children", queryset=Characteristic.objects.order_by("position", "id"))
                ),
                to_attr="top_items",
            )
        )
    )
    ballots = Ballot.objects.filter(meeting=meeting).annotate(dot_count=Count("dots"))
    if not include_open_ballots:
        ballots = ballots.filter(status=BallotStatus.CLOSED)
    return Outcomes(
        meeting=meeting,
        vision=vision,
        industries=industry_tree(meeting.consortium, meeting=meeting),
        vote_groups=groups,
        commitments=list(
            PartnerCommitment.objects.filter(meeting=meeting)
            .select_related("owner")
            .prefetch_related("partners")
            .order_by("position", "id")
        ),
        sector_strategies=sector_strategies(meeting.consortium, meeting=meeting),
        opportunities=opportunities,
        discussion=discussion,
        agenda=list(meeting.agenda_items.all()),
        attendees=list(meeting.attendees.order_by("first_name", "last_name", "username")),
        attending_partners=list(meeting.attending_partners.all()),
        ballots=list(ballots.order_by("created_at", "id")),
    )


# --- ballots --------------------------------------------------------------------------------


@dataclass
class TallyRow:
    option: BallotOption
    votes: int
    mine: int
    percent: int  # of the leading option's votes, for bar widths


@dataclass
class Tally:
    ballot: Ballot
    rows: list[TallyRow]
    total_dots: int
    participants: int
    my_dots: int

    @property
    def dots_left(self) -> int:
        return max(0, self.ballot.dots_per_participant - self.my_dots)

    @property
    def ranked(self) -> list[TallyRow]:
        return sorted(self.rows, key=lambda r: (-r.votes, r.option.position, r.option.pk))


def ballot_tally(ballot: Ballot, *, participant: Actor | None = None) -> Tally:
    """Counts per option: live from the dots while open, the stored counts once closed."""
    options = list(ballot.options.order_by("position", "id"))
    counts: dict[int, int] = {}
    mine: dict[int, int] = {}
    if ballot.status == BallotStatus.CLOSED:
        counts = {o.pk: o.final_votes or 0 for o in options}
    else:
        counts = dict(
            Dot.objects.filter(ballot=ballot)
            .values_list("option_id")
            .annotate(n=Count("id"))
            .values_list("option_id", "n")
        )
    participants = Dot.objects.filter(ballot=ballot).values("participant_id").distinct().count()
    if participant is not None and participant.is_authenticated:
        mine = dict(
            Dot.objects.filter(ballot=ballot, participant_id=participant.pk)
            .values_list("option_id")
            .annotate(n=Count("id"))
            .values_list("option_id", "n")
        )
    top = max(counts.values(), default=0)
    rows = [
        TallyRow(
            option=o,
            votes=counts.get(o.pk, 0),
            mine=mine.get(o.pk, 0),
            percent=round(100 * counts.get(o.pk, 0) / top) if top else 0,
        )
        for o in options
    ]
    return Tally(
        ballot=ballot,
        rows=rows,
        total_dots=sum(counts.values()),
        participants=participants,
        my_dots=sum(mine.values()),
    )


# --- follow-up board --------------------------------------------------------------------------


@dataclass
class BoardCard:
    kind: str  # "action" or "commitment"
    item: ActionItem | PartnerCommitment

    @property
    def title(self) -> str:
        return self.item.title if isinstance(self.item, ActionItem) else self.item.text


@dataclass
class BoardColumn:
    status: str
    label: str
    cards: list[BoardCard]


def board(consortium: Consortium, *, owner: str = "", meeting: Meeting | None = None) -> list[BoardColumn]:
    """Action items and partner commitments in columns by status. `owner` is a user's public id,
    'partner:<public id>', or free text matched against the owner's name."""
    actions = ActionItem.objects.filter(consortium=consortium).select_related(
        "owner", "owner_partner", "meeting"
    )
    commitments = (
        PartnerCommitment.objects.filter(consortium=consortium)
        .select_related("owner", "meeting")
        .prefetch_related("partners")
    )
    if meeting is not None:
        actions = actions.filter(meeting=meeting)
        commitments = commitments.filter(meeting=meeting)
    if owner.startswith("user:"):
        key = owner.removeprefix("user:")
        actions = actions.filter(owner__public_id=key) if _is_uuid(key) else actions.none()
        commitments = commitments.filter(owner__public_id=key) if _is_uuid(key) else commitments.none()
    elif owner.startswith("partner:"):
        key = owner.removeprefix("partner:")
        actions = actions.filter(owner_partner__public_id=key) if _is_uuid(key) else actions.none()
        commitments = commitments.filter(partners__public_id=key) if _is_uuid(key) else commitments.none()
    elif owner.startswith("name:"):
        key = owner.removeprefix("name:")
        actions = actions.filter(owner_name=key)
        commitments = commitments.filter(owner_name=key)
    columns = {s: BoardColumn(s, str(label), []) for s, label in FollowUpStatus.choices}
    for action in actions.order_by("due_date", "position", "id"):
        columns[action.status].cards.append(BoardCard("action", action))
    for commitment in commitments.order_by("due_date", "position", "id"):
        columns[commitment.status].cards.append(BoardCard("commitment", commitment))
    return list(columns.values())


def board_owner_choices(consortium: Consortium) -> list[tuple[str, str]]:
    """The owners that appear on the board, for its filter."""
    choices: dict[str, str] = {}
    for model in (ActionItem, PartnerCommitment):
        for public_id, first, last, username in (
            model.objects.filter(consortium=consortium, owner__isnull=False)
            .values_list("owner__public_id", "owner__first_name", "owner__last_name", "owner__username")
            .distinct()
        ):
            choices[f"user:{public_id}"] = f"{first} {last}".strip() or username
        for name in (
            model.objects.filter(consortium=consortium)
            .exclude(owner_name="")
            .values_list("owner_name", flat=True)
        ):
            choices[f"name:{name}"] = name
    for public_id, name in (
        ActionItem.objects.filter(consortium=consortium, owner_partner__isnull=False)
        .values_list("owner_partner__public_id", "owner_partner__name")
        .distinct()
    ):
        choices[f"partner:{public_id}"] = name
    for public_id, name in (
        PartnerCommitment.partners.through.objects.filter(partnercommitment__consortium=consortium)
        .values_list("partner__public_id", "partner__name")
        .distinct()
    ):
        choices[f"partner:{public_id}"] = name
    return sorted(choices.items(), key=lambda kv: kv[1].lower())


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


# --- the public consortium page ----------------------------------------------------------------


@dataclass
class PublicPage:
    consortium: Consortium
    plan: PlanView
    vision: VisionDraft | None
    industries: list[IndustryNode]
    sector_strategies: list[SectorStrategy]
    schools: list[School]
    partners: list[Partner]
    contacts: list[Contact]
    meetings: list[Meeting]


def public_page(consortium: Consortium) -> PublicPage:
    """What anyone may read about a public consortium. Schools show name, city and district only."""
    return PublicPage(
        consortium=consortium,
        plan=plan_view(consortium),
        vision=public_vision(consortium),
        industries=industry_tree(consortium),
        sector_strategies=sector_strategies(consortium),
        schools=list(
            School.objects.filter(consortium=consortium)
            .select_related("district")
            .only("name", "city", "district__name", "consortium_id")
            .order_by("name")
        ),
        partners=list(Partner.objects.filter(consortium=consortium, is_public=True).order_by("name")),
        contacts=list(
            Contact.objects.filter(consortium=consortium, is_public=True)
            .filter(Q(partner__isnull=True) | Q(partner__is_public=True))
            .select_related("partner")
            .order_by("name")
        ),
        meetings=list(
            Meeting.objects.filter(consortium=consortium, is_published=True).order_by("-date", "-id")
        ),
    )


def public_consortia() -> QuerySet[Consortium]:
    return Consortium.objects.filter(is_public=True).order_by("name")
