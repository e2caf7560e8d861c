"""Demo governance data (order 30): the seed consortia's plans and meeting outcomes, as written.

Seed 000 (Minnesota Service Cooperatives CTE Consortium): tagline, introduction, mission, vision,
"We support and develop:", "Together we work towards a future where:", "Making a regional impact
across the state:", and the heading of its impact highlights. Seed 001 (Region B, March 27 meeting)
and seed 002 (Region I, March 2 meeting): vision draft, target industries with their sub-items,
statements, votes, partner commitments, the workforce board's sector strategies, opportunities
and the discussion notes with their counts (no count where the notes give none). Seed 004: the
five guiding principles, for all three consortia. Text is copied from the seeds word for word
(trailing spaces and a word-processor bookmark aside).

The seeds give month and day but no year: the meetings are stored in 2020 (an assumption); the
printed outcomes show month and day only, as the documents do.

Links to the 2024 Career Clusters are our reading of the seeds, made only where the match is
clear; they are skipped if the catalog is not loaded. Everything marked "(demo)" is synthetic: a
few action items per New Mexico region, a work session with an open dot-vote in Region B.
Idempotent: rows are found by natural keys and updated in place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from pathways.accounts.models import User
from pathways.catalog.models import CareerCluster, Framework, SubCluster
from pathways.core.demo import demo_loader
from pathways.orgs.models import Consortium, Partner, PartnerKind

from .models import (
    ActionItem,
    Ballot,
    BallotOption,
    BallotSource,
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
    VisionDraft,
    VisionStatus,
)
from .models.ballots import new_room_code
from .services.industries import naics_from_links
from .services.plan import DEFAULT_PRINCIPLES, DEFAULT_PRINCIPLES_SOURCE

Say = Callable[[str], None]
SERIES = "Building the Next Generation of Career and Technical Education"
YEAR = 2020  # the seeds give no year (see the module docstring)

CONSORTIA = {
    "mn-service-coops": "Minnesota Service Cooperatives CTE Consortium",
    "nm-region-b": "Region B CTE Consortium",
    "nm-region-i": "Region I CTE Consortium",
}

# --- seed 000: Minnesota Service Cooperatives ---------------------------------------------------

MN_TAGLINE = "Career & Technical Education for ALL"
MN_INTRODUCTION = (
    "The Minnesota Service Cooperatives Career and Technical Education Consortium is committed to "
    "strengthening relationships with each other as well as our education, economic development and "
    "workforce agency partners."
)
MN_MISSION = (
    "Leveraging statewide and regional approaches to ensure robust CTE experiences for students with an "
    "eye on future success."
)
MN_VISION = (
    "All students have access to innovative, career-connected learning through a vibrant CTE education "
    "network with strong industry connections, providing students with the knowledge and skills needed "
    "for the future."
)
MN_PRIORITIES: list[tuple[str, list[str]]] = [
    (
        "We support and develop:",
        [
            "Accessible, equitable, and inclusive career-connected learning that builds pathways to "
            "local/regional careers for all students.",
            "Highly trained and engaged educators who help students build CTE pathways through relevant "
            "coursework, collaborative partnerships, and advanced equipment.",
            "Advanced collaboration with business, industry, labor, workforce, and higher education that "
            "fosters innovation, harnesses creativity, and accelerates quality CTE learning/pathways.",
            "Integrated and aligned efforts that enhance and sustain quality CTE.",
        ],
    ),
    (
        "Together we work towards a future where:",
        [
            "All students have access to innovative, career-connected learning showcasing local careers.",
            "Minnesota has a vibrant CTE teacher network with strong industry connections.",
            "Business, labor, and industry play a key role in student career awareness and life/work skills.",
            "Education recognizes the benefit of CTE courses/experiences for all careers.",
            "Students make informed financial investments in post-secondary training and education.",
            "Public and private investments in CTE help address workforce challenges across Minnesota.",
        ],
    ),
    ("Making a regional impact across the state:", ["Career Education for All"]),
]
MN_IMPACT_HEADING = "Impact Highlights (JULY 2022–DECEMBER 2023):"  # noqa: RUF001
MN_IMPACT_ITEMS = ["Career Education for All"]

# --- seed 001: Region B, March 27 -----------------------------------------------------------

B_VISION_NOTE = "DRAFT STATEMENT FOR YOUR REVIEW/SUGGESTIONS/EDITS"
B_VISION = (
    "Career and Technical Education in Region B provides relevant career exposure, preparation, and "
    "pathways for students aligned to meaningful careers in key industry sectors. CTE programs are agile "
    "and responsive to employers’ needs, equipping students with foundational skills for cross-industry "  # noqa: RUF001
    "application. It is flexible in design and delivery to provide the broadest possible access to "
    "high-quality programs throughout the region."
)
# (name, qualifier, clusters, sub-clusters as (cluster, sub-cluster), children)
Industry = tuple[str, str, list[str], list[tuple[str, str]], list[Any]]
B_INDUSTRIES: list[Industry] = [
    ("Healthcare", "", ["healthcare-human-services"], [], []),
    ("STEM/IT-Computer Science", "", ["digital-technology"], [], []),
    (
        "Skilled Trades",
        "including application to:",
        [],
        [("construction", "skilled-trades")],
        [
            ("Green Technology", "", [], [("energy-natural-resources", "clean-alternative-energy")], []),
            (
                "Broadband Infrastructure",
                "",
                [],
                [("digital-technology", "network-systems-cybersecurity")],
                [],
            ),
        ],
    ),
]
B_ENTREPRENEURSHIP = (
    "Entrepreneurship skills are vital to all pathways in order to support graduates’ readiness for "  # noqa: RUF001
    "solo-work and business ownership in a host of industries, as well as maximum ability to participate "
    "in the gig economy."
)
B_OPPORTUNITIES: list[tuple[str, list[str]]] = [
    (
        "There is great value in delivering hands-on work-based learning opportunities for students "
        "throughout the region to support the creative way they think. Strong partnerships with employers "
        "like LANL and FLUTe can expand access to new avenues for work-based learning.",
        [],
    ),
    (
        "How can we leverage other funding sources to increase resources for STEM teachers, using efforts "
        "like the new STEM challenge?",
        [],
    ),
    (
        "There is a real need to elevate awareness with students and parents of the value of career "
        "certifications and two-year degrees to secure high-paying jobs in the region.",
        [],
    ),
    (
        "How can we create flexibility in requirements for teacher credentials/endorsements to support "
        "smaller schools in the delivery of aligned programs throughout the region?",
        [],
    ),
]
# (heading, [(text, count or None, children)])
Notes = list[tuple[str, list[tuple[str, int | None, list[tuple[str, int | None]]]]]]
B_NOTES: Notes = [
    (
        "Characteristics of the Workforce Talent of Region B:",
        [
            ("Adaptable", 4, []),
            ("Interactively-relevant", None, []),
            ("Responsible", None, []),
            ("Motivated", 2, []),
            ("Self-directed", None, []),
            ("Professional", None, []),
            ("Environmentally conscious", None, []),
            ("Engaged", None, []),
            ("Skilled", None, []),
            ("Capable", None, []),
            ("Advanced", None, []),
        ],
    ),
    (
        "Characteristics of our CTE Program to Build the Talent We Need:",
        [
            ("Available/Accessible", None, []),
            ("Agile", 2, []),
            ("Aligned", None, []),
            ("Exposure", None, []),
            ("Employability", None, []),
            ("Responsive", None, []),
            ("Equitable", 2, []),
            ("Culturally-responsive", None, []),
            ("Relevant", 2, []),
            ("Supported", None, []),
            ("Meaningful", None, []),
            ("Partnership", None, []),
            ("Seamless", None, []),
            ("Ethics", None, []),
        ],
    ),
]

# --- seed 002: Region I, March 2 -----------------------------------------------------------

I_VISION_NOTE = (
    "(I made a few revisions to what we discussed in the room based on some feedback. If you have "
    "anything you’d like to tweak, please just let me know!)"  # noqa: RUF001
)
I_VISION = (
    "Career and Technical Education in Region I generates well-informed, well-rounded talent. It brings "
    "together all of the partners, assets, and investments in the region to be aligned and responsive to "
    "the needs of industry and economic development. CTE provides both career exposure and training to "
    "create the best possible opportunities and outcomes for students and families."
)
I_INDUSTRIES: list[Industry] = [
    (
        "Agriculture",
        ", to include:",
        ["agriculture"],
        [],
        [
            ("Manufacturing", "", [], [("advanced-manufacturing", "production-automation")], []),
            ("Welding", "", [], [("advanced-manufacturing", "production-automation")], []),
            ("Business management", "", ["management-entrepreneurship"], [], []),
        ],
    ),
    ("Trades", "", [], [("construction", "skilled-trades")], []),
    ("Logistics", "", ["supply-chain-transportation"], [], []),
    ("Manufacturing", "", ["advanced-manufacturing"], [], []),
    (
        "Technology",
        "to support:",
        ["digital-technology"],
        [],
        [
            ("Needs of the Defense Industry", "", [], [], []),
            (
                "Opportunities in the Gig Economy",
                "",
                [],
                [("management-entrepreneurship", "entrepreneurship-small-business")],
                [],
            ),
            (
                "Increased opportunities for SoloWork",
                "",
                [],
                [("management-entrepreneurship", "entrepreneurship-small-business")],
                [],
            ),
            ("Application of skill sets that cut across all industries in the region", "", [], [], []),
        ],
    ),
]
I_VOTES_HEADING = "Top Programs of Study to Pursue Include:"
I_VOTES = [
    ("Information Technology", 19),
    ("Manufacturing", 18),
    ("Agriculture", 12),
    ("Transportation and Logistics", 4),
]
I_COMMITMENTS_INTRO = (
    "ALL of the educational partners will be participating in this collective effort! Additional partners "
    "will include:"
)
# (text, partner names, owner name)
I_COMMITMENTS: list[tuple[str, list[str], str]] = [
    (
        "The United Way and its workforce-focused partnership will support for the development of the "
        "Information Technology and Manufacturing-focused goals to maximize the economic benefits to the "
        "region of these programs.",
        ["United Way"],
        "",
    ),
    (
        "Clovis and Portales EDC’s will stay engaged in leveraging employers in the region to expand "  # noqa: RUF001
        "work-based learning opportunities for students",
        ["Clovis EDC", "Portales EDC"],
        "",
    ),
    (
        "Tiffany Bretz with Southwest Cheese will participate in the consortia’s efforts to advance "  # noqa: RUF001
        "its goals",
        ["Southwest Cheese"],
        "Tiffany Bretz",
    ),
    (
        "Michael Stein will work with Juvenile services to engage at-risk youth in these career exploration "
        "and training programs",
        ["Juvenile Services"],
        "Michael Stein",
    ),
]
I_SECTOR_STATEMENT = (
    "The Eastern Workforce Board will work in partnership with the Region on their Sector Strategies, "
    "which included alignment on Agriculture, but also cover the two other industries brought up by the "
    "group:"
)
I_OPPORTUNITIES: list[tuple[str, list[str]]] = [
    (
        "Parent education surfaced as a big priority to address. Solutions include:",
        [
            "Integrating parents into career exploration activities, including student presentations on "
            "their own career exploration efforts",
            "Elevate awareness for parents of the outcomes of the PSAT that outline potential careers for "
            "students",
            "Family engagement specialists and the Youth Success program may be another way to reach parents",
        ],
    ),
    (
        "Career exploration needs to start early. Perkins V supports career exploration for middle school "
        "students, which should be explored by the consortia.",
        [],
    ),
]
I_NOTES: Notes = [
    (
        "Characteristics of the Workforce Talent of Region I:",
        [
            ("Able to Train", None, []),
            ("Soft skilled", 3, []),
            ("Critical Thinking", 2, []),
            ("Enthusiasm", None, []),
            ("Attitude", None, []),
            ("Employable", None, []),
            ("Reliability", None, []),
        ],
    ),
    (
        "Characteristics of our CTE program to build the talent we need:",
        [
            (
                "Talent will be:",
                None,
                [
                    ("Well rounded", None),
                    ("Have ethics", None),
                    ("Good communication skills", None),
                    ("Dependable", None),
                ],
            ),
            (
                "System will:",
                None,
                [
                    ("Create opportunities that students/graduates can attain", None),
                    ("Responsive, pro-active, and flexible to the needs of the region", None),
                    ("Maximizes collaboration", None),
                    ("Provides exposure to rewarding local careers and industries", None),
                    ("Delivers training virtually", None),
                ],
            ),
        ],
    ),
]

# Partners the seeds name, as the orgs loader creates them (created here only if missing).
SEED_PARTNERS = {
    "nm-region-b": [
        ("Los Alamos National Laboratory (LANL)", PartnerKind.EMPLOYER),
        ("FLUTe", PartnerKind.COMMUNITY),
    ],
    "nm-region-i": [
        ("United Way", PartnerKind.COMMUNITY),
        ("Clovis EDC", PartnerKind.ECONOMIC_DEVELOPMENT),
        ("Portales EDC", PartnerKind.ECONOMIC_DEVELOPMENT),
        ("Southwest Cheese", PartnerKind.EMPLOYER),
        ("Juvenile Services", PartnerKind.YOUTH_SERVICES),
        ("Eastern Workforce Board", PartnerKind.WORKFORCE_BOARD),
    ],
}


# --- helpers -------------------------------------------------------------------------------


def _consortium(slug: str) -> Consortium:
    consortium, _created = Consortium.objects.get_or_create(slug=slug, defaults={"name": CONSORTIA[slug]})
    return consortium


def _partner(consortium: Consortium, name: str, kind: str) -> Partner:
    partner, _created = Partner.objects.get_or_create(
        consortium=consortium, name=name, defaults={"kind": kind}
    )
    return partner


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _plan(consortium: Consortium, **values: Any) -> None:
    StrategicPlan.objects.update_or_create(consortium=consortium, defaults=values)


def _vision(
    consortium: Consortium,
    version: int,
    text: str,
    *,
    note: str = "",
    status: str,
    meeting: Meeting | None = None,
) -> VisionDraft:
    draft, _created = VisionDraft.objects.update_or_create(
        consortium=consortium,
        version=version,
        defaults={
            "text": text,
            "note": note,
            "status": status,
            "meeting": meeting,
            "adopted_at": timezone.now() if status == VisionStatus.ADOPTED else None,
        },
    )
    return draft


def _priorities(consortium: Consortium, groups: list[tuple[str, list[str]]]) -> None:
    position = 0
    for heading, items in groups:
        for text in items:
            StrategicPriority.objects.update_or_create(
                consortium=consortium, heading=heading, text=text, defaults={"position": position}
            )
            position += 1


def _principles(consortium: Consortium) -> None:
    for position, text in enumerate(DEFAULT_PRINCIPLES):
        GuidingPrinciple.objects.update_or_create(
            consortium=consortium,
            text=text,
            defaults={"position": position, "source": DEFAULT_PRINCIPLES_SOURCE},
        )


def _meeting(consortium: Consortium, title: str, day: date, **values: Any) -> Meeting:
    meeting, _created = Meeting.objects.update_or_create(
        consortium=consortium, title=title, date=day, defaults=values
    )
    return meeting


class Catalog:
    """2024-framework clusters and sub-clusters by slug; empty when the public data is not loaded."""

    def __init__(self) -> None:
        self.clusters = {c.slug: c for c in CareerCluster.objects.filter(framework=Framework.MODERN)}
        self.subclusters = {
            (s.cluster.slug, s.slug): s
            for s in SubCluster.objects.filter(cluster__framework=Framework.MODERN).select_related("cluster")
        }

    def pick(self, cluster_slugs: list[str], sub_slugs: list[tuple[str, str]]) -> tuple[list[Any], list[Any]]:
        return (
            [self.clusters[s] for s in cluster_slugs if s in self.clusters],
            [self.subclusters[k] for k in sub_slugs if k in self.subclusters],
        )


def _industries(
    consortium: Consortium,
    meeting: Meeting,
    items: list[Industry],
    catalog: Catalog,
    parent: TargetIndustry | None = None,
) -> int:
    count = 0
    for position, (name, qualifier, cluster_slugs, sub_slugs, children) in enumerate(items):
        clusters, subclusters = catalog.pick(cluster_slugs, sub_slugs)
        industry, _created = TargetIndustry.objects.update_or_create(
            consortium=consortium,
            parent=parent,
            name=name,
            defaults={
                "qualifier": qualifier,
                "position": position,
                "meeting": meeting,
                "naics_codes": naics_from_links(clusters, subclusters),
            },
        )
        industry.clusters.set(clusters)
        industry.subclusters.set(subclusters)
        count += 1 + _industries(consortium, meeting, children, catalog, industry)
    return count


def _opportunities(meeting: Meeting, items: list[tuple[str, list[str]]]) -> None:
    for position, (text, children) in enumerate(items):
        parent, _created = Opportunity.objects.update_or_create(
            consortium_id=meeting.consortium_id,
            meeting=meeting,
            parent=None,
            text=text,
            defaults={"position": position},
        )
        for child_position, child in enumerate(children):
            Opportunity.objects.update_or_create(
                consortium_id=meeting.consortium_id,
                meeting=meeting,
                parent=parent,
                text=child,
                defaults={"position": child_position},
            )


def _notes(meeting: Meeting, groups: Notes) -> None:
    for position, (heading, items) in enumerate(groups):
        group, _created = DiscussionGroup.objects.update_or_create(
            consortium_id=meeting.consortium_id,
            meeting=meeting,
            heading=heading,
            defaults={"position": position},
        )
        for item_position, (text, count, children) in enumerate(items):
            item, _created = Characteristic.objects.update_or_create(
                consortium_id=meeting.consortium_id,
                group=group,
                parent=None,
                text=text,
                defaults={"count": count, "position": item_position},
            )
            for child_position, (child_text, child_count) in enumerate(children):
                Characteristic.objects.update_or_create(
                    consortium_id=meeting.consortium_id,
                    group=group,
                    parent=item,
                    text=child_text,
                    defaults={"count": child_count, "position": child_position},
                )


def _recorded_vote(meeting: Meeting, heading: str, tallies: list[tuple[str, int]]) -> Ballot:
    """A dot-vote taken in the room, stored as a closed ballot with its tallies (as the service does)."""
    ballot = Ballot.objects.filter(meeting=meeting, question=heading, source=BallotSource.RECORDED).first()
    if ballot is None:
        ballot = Ballot.objects.create(
            consortium_id=meeting.consortium_id,
            meeting=meeting,
            question=heading,
            results_heading=heading,
            dots_per_participant=1,
            status=BallotStatus.CLOSED,
            source=BallotSource.RECORDED,
            room_code=new_room_code(),
            closed_at=timezone.now(),
        )
    for position, (label, votes) in enumerate(tallies):
        BallotOption.objects.update_or_create(
            ballot=ballot,
            label=label,
            defaults={"consortium_id": meeting.consortium_id, "position": position, "final_votes": votes},
        )
        MeetingVote.objects.update_or_create(
            meeting=meeting,
            ballot=ballot,
            label=label,
            defaults={
                "consortium_id": meeting.consortium_id,
                "heading": heading,
                "votes": votes,
                "position": position,
            },
        )
    return ballot


def _action(consortium: Consortium, title: str, **values: Any) -> None:
    ActionItem.objects.update_or_create(consortium=consortium, title=title, defaults=values)


# --- the loader ----------------------------------------------------------------------------


@demo_loader("consortia", order=30)
def load(say: Say) -> None:
    catalog = Catalog()
    if not catalog.clusters:
        say("Career Clusters not loaded (run load_public_data first): target industries stay unlinked.")
    today = timezone.localdate()

    # Seed 000 and seed 004: Minnesota.
    mn = _consortium("mn-service-coops")
    _plan(
        mn,
        tagline=MN_TAGLINE,
        introduction=MN_INTRODUCTION,
        mission=MN_MISSION,
        impact_heading=MN_IMPACT_HEADING,
        impact_items=MN_IMPACT_ITEMS,
    )
    _vision(mn, 1, MN_VISION, status=VisionStatus.ADOPTED)
    _priorities(mn, MN_PRIORITIES)
    _principles(mn)
    say("Minnesota Service Cooperatives: mission, vision, priorities, principles.")

    # Seed 001: Region B, March 27.
    b = _consortium("nm-region-b")
    for name, kind in SEED_PARTNERS["nm-region-b"]:
        _partner(b, name, kind)
    b_meeting = _meeting(
        b,
        "Region B Consortia Meeting",
        date(YEAR, 3, 27),
        series_title=SERIES,
        industries_statement=B_ENTREPRENEURSHIP,
        is_published=True,
        published_at=timezone.now(),
    )
    b_vision = _vision(b, 1, B_VISION, note=B_VISION_NOTE, status=VisionStatus.DRAFT, meeting=b_meeting)
    Meeting.objects.filter(pk=b_meeting.pk).update(vision_draft=b_vision)
    _plan(b)
    b_count = _industries(b, b_meeting, B_INDUSTRIES, catalog)
    _opportunities(b_meeting, B_OPPORTUNITIES)
    _notes(b_meeting, B_NOTES)
    _principles(b)
    say(f"Region B: March 27 meeting outcomes, {b_count} target industries.")

    # Seed 002: Region I, March 2.
    i = _consortium("nm-region-i")
    partners = {name: _partner(i, name, kind) for name, kind in SEED_PARTNERS["nm-region-i"]}
    i_meeting = _meeting(
        i,
        "Region I Consortia Meeting",
        date(YEAR, 3, 2),
        series_title=SERIES,
        commitments_intro=I_COMMITMENTS_INTRO,
        is_published=True,
        published_at=timezone.now(),
    )
    i_vision = _vision(i, 1, I_VISION, note=I_VISION_NOTE, status=VisionStatus.DRAFT, meeting=i_meeting)
    Meeting.objects.filter(pk=i_meeting.pk).update(vision_draft=i_vision)
    _plan(i)
    i_count = _industries(i, i_meeting, I_INDUSTRIES, catalog)
    _recorded_vote(i_meeting, I_VOTES_HEADING, I_VOTES)
    for position, (text, names, owner_name) in enumerate(I_COMMITMENTS):
        commitment, _created = PartnerCommitment.objects.update_or_create(
            consortium=i,
            meeting=i_meeting,
            text=text,
            defaults={"owner_name": owner_name, "position": position},
        )
        commitment.partners.set([partners[n] for n in names])
    SectorStrategy.objects.update_or_create(
        consortium=i,
        partner=partners["Eastern Workforce Board"],
        meeting=i_meeting,
        defaults={
            "statement": I_SECTOR_STATEMENT,
            "shared_sectors": ["Agriculture"],
            "other_sectors": ["Allied Health", "Education"],
        },
    )
    _opportunities(i_meeting, I_OPPORTUNITIES)
    _notes(i_meeting, I_NOTES)
    _principles(i)
    say(f"Region I: March 2 meeting outcomes, {i_count} target industries, votes 19/18/12/4.")

    # Synthetic extras, marked (demo).
    _action(
        b,
        "Invite LANL and FLUTe to plan work-based learning placements (demo)",
        meeting=b_meeting,
        owner=_user("nmb-staff"),
        owner_partner=Partner.objects.filter(
            consortium=b, name="Los Alamos National Laboratory (LANL)"
        ).first(),
        due_date=today + timedelta(days=21),
        status=FollowUpStatus.IN_PROGRESS,
    )
    _action(
        b,
        "Draft a proposal on flexible teacher endorsements for small schools (demo)",
        meeting=b_meeting,
        owner=_user("nmb-admin"),
        due_date=today + timedelta(days=45),
        status=FollowUpStatus.OPEN,
    )
    _action(
        b,
        "Share a one-page note for parents on certifications and two-year degrees (demo)",
        meeting=b_meeting,
        owner=_user("nmb-counselor"),
        due_date=today - timedelta(days=7),
        status=FollowUpStatus.DONE,
    )
    _action(
        i,
        "Plan a parent night with student career-exploration presentations (demo)",
        meeting=i_meeting,
        owner=_user("nmi-counselor"),
        due_date=today + timedelta(days=30),
        status=FollowUpStatus.OPEN,
    )
    _action(
        i,
        "Ask the Youth Success program how to reach more families (demo)",
        meeting=i_meeting,
        owner_name="Family engagement specialist (demo)",
        due_date=today + timedelta(days=14),
        status=FollowUpStatus.IN_PROGRESS,
    )
    _action(
        i,
        "List middle-school career exploration that Perkins V funds can support (demo)",
        meeting=i_meeting,
        owner=_user("nmi-staff"),
        due_date=today + timedelta(days=60),
        status=FollowUpStatus.OPEN,
    )

    work_session, _created = Meeting.objects.get_or_create(
        consortium=b,
        title="Work session on work-based learning (demo)",
        defaults={"date": today, "series_title": SERIES, "location": "Mesa Verde High School library (demo)"},
    )
    ballot = Ballot.objects.filter(meeting=work_session, source=BallotSource.LIVE).first()
    if ballot is None:
        ballot = Ballot.objects.create(
            consortium=b,
            meeting=work_session,
            question="Which target industry should we fund first next year? (demo)",
            results_heading="Target industries to fund first (demo):",
            dots_per_participant=3,
            status=BallotStatus.OPEN,
            room_code=new_room_code(),
            created_by=_user("nmb-admin"),
            opened_by=_user("nmb-admin"),
            opened_at=timezone.now(),
        )
        labels = [
            "Healthcare",
            "STEM/IT-Computer Science",
            "Skilled Trades",
            "Green Technology",
            "Broadband Infrastructure",
        ]
        options = [
            BallotOption.objects.create(consortium=b, ballot=ballot, label=label, position=n)
            for n, label in enumerate(labels)
        ]
        for username, picks in (("nmb-counselor", [0, 0, 1]), ("nmb-teacher", [2, 3, 2])):
            voter = _user(username)
            if voter is not None:
                for pick in picks:
                    Dot.objects.create(consortium=b, ballot=ballot, option=options[pick], participant=voter)
    say(f"Demo extras: 6 action items, an open dot-vote in Region B (room code {ballot.room_code}).")
