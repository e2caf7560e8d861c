"""Governance of a consortium: its strategic plan, target industries, meetings, live dot-votes and follow-up.

- **Strategic plan** (`plan.py`): `StrategicPlan` (tagline, introduction, mission, impact heading),
  `VisionDraft` (numbered versions of the vision statement; at most one adopted at a time) with
  `VisionComment` (a member's comment or suggested edit), `StrategicPriority` (ordered items under
  headings such as "We support and develop:") and `GuidingPrinciple`.
- **Target industries** (`industries.py`): `TargetIndustry`, a tree ("Agriculture, to include:
  Manufacturing, Welding, ..."), linked to 2024 Career Clusters and sub-clusters (so it resolves to
  occupations) and to NAICS sectors; `SectorStrategy`, a workforce board's sectors.
- **Meetings** (`meetings.py`): `Meeting` (date, attendees, agenda, published flag) and the sections
  of its outcome record: `AgendaItem`, `Opportunity`, `DiscussionGroup` with `Characteristic` items
  and their counts, and `MeetingVote` (a stored tally: "Information Technology (19 votes)").
- **Ballots** (`ballots.py`): a live dot-vote, `Ballot` > `BallotOption` < `Dot` (one per dot a
  participant places). Closing a ballot stores its tallies on the meeting as `MeetingVote` rows.
- **Follow-up** (`followup.py`): `PartnerCommitment` and `ActionItem`, each with an owner, a due
  date and a status (open, in progress, done), shown on the follow-up board.

Every row is `ConsortiumOwned`; services check that children share their parent's consortium.
"""

from .ballots import Ballot, BallotOption, BallotSource, BallotStatus, Dot
from .followup import ActionItem, FollowUpStatus, PartnerCommitment
from .industries import SectorStrategy, TargetIndustry
from .meetings import (
    DEFAULT_SERIES_TITLE,
    AgendaItem,
    Characteristic,
    DiscussionGroup,
    Meeting,
    MeetingVote,
    Opportunity,
)
from .plan import (
    GuidingPrinciple,
    StrategicPlan,
    StrategicPriority,
    VisionComment,
    VisionCommentKind,
    VisionDraft,
    VisionStatus,
)

__all__ = [
    "DEFAULT_SERIES_TITLE",
    "ActionItem",
    "AgendaItem",
    "Ballot",
    "BallotOption",
    "BallotSource",
    "BallotStatus",
    "Characteristic",
    "DiscussionGroup",
    "Dot",
    "FollowUpStatus",
    "GuidingPrinciple",
    "Meeting",
    "MeetingVote",
    "Opportunity",
    "PartnerCommitment",
    "SectorStrategy",
    "StrategicPlan",
    "StrategicPriority",
    "TargetIndustry",
    "VisionComment",
    "VisionCommentKind",
    "VisionDraft",
    "VisionStatus",
]
