"""Demo work-based learning (order 60): sites, engagement ladders, documents, contact history and
opportunities for the seed consortia's partners, and a few past events with attendance so the
public thank-you page has something to say.

The partners are the seeds' own (LANL and FLUTe in Region B; Southwest Cheese and the Clovis and
Portales EDCs in Region I, seeds 001 and 002) and the synthetic "(demo)" employers of the orgs
loader. Every opportunity, site address and document is fictional and marked "(demo)"; ZIP codes
are real New Mexico (and Minnesota) ZIPs so that distances work. Most opportunities are approved;
one per New Mexico consortium is left waiting for approval (the coordinator's queue), and the demo
partner contact's employer has a draft. Dates are relative to the day of loading.

Idempotent: sites, offers and documents are found by their natural keys, opportunities by
partner and title; registrations by opportunity and student.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pathways.accounts.models import User
from pathways.accounts.roles import Role
from pathways.catalog.models import CareerCluster, Occupation, SubCluster
from pathways.core.demo import demo_loader
from pathways.labor.models import ZipCode
from pathways.orgs.models import Consortium, Partner

from .models import (
    Allocation,
    BackgroundCheckStatus,
    ContactChannel,
    ContactLogEntry,
    DocumentKind,
    EngagementType,
    Opportunity,
    OpportunityStatus,
    PartnerDocument,
    PartnerLocation,
    PartnerOffer,
    Registration,
    RegistrationStatus,
)

Say = Callable[[str], None]
E = EngagementType
S = OpportunityStatus


@dataclass(frozen=True)
class DemoOpportunity:
    title: str
    engagement: str
    description: str
    days_from_now: int
    capacity: int
    cluster: str = ""
    subcluster: str = ""
    occupations: tuple[str, ...] = ()
    virtual: bool = False
    days_long: int = 0
    schedule: str = ""
    hours: int | None = None
    allocation: str = Allocation.OPEN
    min_age: int | None = None
    min_grade: int | None = None
    wage: str | None = None
    transportation: str = ""
    status: str = S.APPROVED
    attended: int = 0  # past events: how many synthetic students attended


@dataclass(frozen=True)
class DemoSite:
    name: str
    address: str
    zip_code: str
    transit: str = ""


@dataclass(frozen=True)
class DemoPartnerWbl:
    consortium: str
    partner: str
    site: DemoSite | None
    offers: tuple[str, ...]
    opportunities: list[DemoOpportunity] = field(default_factory=list)
    documents: bool = True


PARTNERS = [
    DemoPartnerWbl(
        "nm-region-b",
        "Los Alamos National Laboratory (LANL)",
        DemoSite(
            "Visitor center (demo)",
            "1 Demo Science Way",
            "87544",
            "Atomic City Transit bus to the visitor center.",
        ),
        (E.GUEST_SPEAKER, E.WORKPLACE_TOUR, E.JOB_SHADOW, E.INTERNSHIP),
        [
            DemoOpportunity(
                "Science and engineering tour at LANL (demo)",
                E.WORKPLACE_TOUR,
                "Walk through a working lab with technicians and engineers, and ask them how they got there.",
                21,
                25,
                "advanced-manufacturing",
                "engineering",
                ("17-3023.00", "19-2012.00", "15-1252.00"),
                schedule="9 am to 1 pm",
                hours=4,
                min_grade=10,
                transportation="A bus leaves Española at 8 am (demo).",
            ),
            DemoOpportunity(
                "Job shadow: computer systems analyst (demo)",
                E.JOB_SHADOW,
                "Spend a day with the team that keeps the lab's computer systems running and secure.",
                35,
                2,
                "digital-technology",
                "network-systems-cybersecurity",
                ("15-1211.00", "15-1212.00"),
                schedule="8 am to 3 pm",
                hours=7,
                min_age=16,
            ),
            DemoOpportunity(
                "Summer internship: lab technician (demo)",
                E.INTERNSHIP,
                "Eight paid weeks as a lab technician's assistant, with a mentor and a training plan.",
                90,
                3,
                "advanced-manufacturing",
                "safety-quality-assurance",
                ("19-4099.03", "17-3023.00"),
                days_long=56,
                schedule="Monday to Thursday, 8 am to 4 pm",
                hours=240,
                allocation=Allocation.ROUND,
                min_age=16,
                min_grade=11,
                wage="15.50",
            ),
            DemoOpportunity(
                "Spring lab tour (demo)",
                E.WORKPLACE_TOUR,
                "Last spring's tour of the lab.",
                -120,
                20,
                "advanced-manufacturing",
                "engineering",
                ("17-3023.00",),
                hours=4,
                status=S.CLOSED,
                attended=12,
            ),
        ],
    ),
    DemoPartnerWbl(
        "nm-region-b",
        "FLUTe",
        DemoSite("Shop and field yard (demo)", "5 Demo Liner Road", "87511"),
        (E.GUEST_SPEAKER, E.WORKPLACE_TOUR, E.VIRTUAL_PROJECT),
        [
            DemoOpportunity(
                "Virtual project: mapping groundwater wells (demo)",
                E.VIRTUAL_PROJECT,
                "Work online with FLUTe's field technicians to map wells and read borehole data.",
                14,
                10,
                "energy-natural-resources",
                "environmental-protection",
                ("19-4042.00", "19-2043.00"),
                virtual=True,
                days_long=28,
                schedule="Wednesdays, 3:30 to 5 pm (online)",
                hours=12,
            ),
            DemoOpportunity(
                "Shop tour: how borehole liners are made (demo)",
                E.WORKPLACE_TOUR,
                "See how the shop builds flexible liners and meet the people who install them.",
                28,
                15,
                "energy-natural-resources",
                "environmental-protection",
                ("19-4042.00", "51-9061.00"),
                schedule="10 am to noon",
                hours=2,
                status=S.SUBMITTED,
            ),
        ],
    ),
    DemoPartnerWbl(
        "nm-region-b",
        "Santa Fe Clinic Network (demo)",
        DemoSite(
            "Downtown clinic (demo)",
            "40 Demo Canyon Road",
            "87501",
            "Santa Fe Trails bus, stop at the plaza.",
        ),
        (E.GUEST_SPEAKER, E.JOB_SHADOW, E.CLINICAL),
        [
            DemoOpportunity(
                "Job shadow: nursing and medical assistants (demo)",
                E.JOB_SHADOW,
                "Follow a nursing assistant and a medical assistant through a morning at the clinic.",
                18,
                3,
                "healthcare-human-services",
                "physical-health",
                ("31-1131.00", "31-9092.00"),
                schedule="7:30 to 11:30 am",
                hours=4,
                min_age=15,
            ),
        ],
    ),
    DemoPartnerWbl(
        "nm-region-b",
        "High Desert Solar (demo)",
        DemoSite("Española yard (demo)", "77 Demo Sun Lane", "87532"),
        (E.WORKPLACE_TOUR, E.PRE_APPRENTICESHIP),
        [
            DemoOpportunity(
                "Pre-apprenticeship: solar installation (demo)",
                E.PRE_APPRENTICESHIP,
                "Six Saturdays on install crews, with OSHA 10 safety training.",
                60,
                4,
                "energy-natural-resources",
                "clean-alternative-energy",
                ("47-2231.00",),
                days_long=42,
                schedule="Saturdays, 8 am to 2 pm",
                hours=36,
                allocation=Allocation.ROUND,
                min_age=16,
                wage="14.00",
            ),
            DemoOpportunity(
                "Rooftop safety day (demo)",
                E.WORKPLACE_TOUR,
                "A draft the demo partner contact is still writing.",
                45,
                12,
                "energy-natural-resources",
                "clean-alternative-energy",
                ("47-2231.00",),
                status=S.DRAFT,
            ),
        ],
    ),
    DemoPartnerWbl(
        "nm-region-i",
        "Southwest Cheese",
        DemoSite("Plant visitor entrance (demo)", "1 Demo Dairy Road", "88101"),
        (E.GUEST_SPEAKER, E.WORKPLACE_TOUR, E.INTERNSHIP, E.VIRTUAL_PROJECT),
        [
            DemoOpportunity(
                "Plant tour: from milk to cheese (demo)",
                E.WORKPLACE_TOUR,
                "See how a cheese plant runs: processing, the quality lab, maintenance and shipping.",
                16,
                30,
                "agriculture",
                "food-science-processing",
                ("51-3092.00", "51-9061.00", "17-2112.00"),
                schedule="9 to 11 am",
                hours=2,
                min_grade=9,
                transportation="Hairnets and boots provided (demo).",
            ),
            DemoOpportunity(
                "Virtual project: plant data dashboard (demo)",
                E.VIRTUAL_PROJECT,
                "Help the plant's analysts build a dashboard of production data, online after school.",
                10,
                6,
                "digital-technology",
                "data-science-ai",
                ("15-1211.00", "15-2051.00"),
                virtual=True,
                days_long=35,
                schedule="Tuesdays, 4 to 5:30 pm (online)",
                hours=15,
            ),
            DemoOpportunity(
                "Summer internship: quality lab (demo)",
                E.INTERNSHIP,
                "Paid summer internship testing samples in the plant's quality lab.",
                95,
                2,
                "agriculture",
                "food-science-processing",
                ("19-4013.00", "51-9061.00"),
                days_long=49,
                schedule="Monday to Friday, 7 am to 3 pm",
                hours=280,
                allocation=Allocation.ROUND,
                min_age=16,
                min_grade=11,
                wage="16.00",
            ),
            DemoOpportunity(
                "Fall plant tour (demo)",
                E.WORKPLACE_TOUR,
                "Last fall's plant tour.",
                -200,
                30,
                "agriculture",
                "food-science-processing",
                ("51-3092.00",),
                hours=2,
                status=S.CLOSED,
                attended=18,
            ),
        ],
    ),
    DemoPartnerWbl(
        "nm-region-i",
        "Clovis EDC",
        DemoSite("Civic center (demo)", "300 Demo Main Street", "88101"),
        (E.CAREER_FAIR, E.GUEST_SPEAKER),
        [
            DemoOpportunity(
                "Clovis employer career fair (demo)",
                E.CAREER_FAIR,
                "Forty local employers, from the base to the dairies, in one afternoon.",
                30,
                200,
                "management-entrepreneurship",
                "",
                ("11-1021.00", "13-1161.00"),
                schedule="1 to 4 pm",
                hours=3,
            ),
        ],
        documents=False,
    ),
    DemoPartnerWbl(
        "nm-region-i",
        "Portales EDC",
        DemoSite("Chamber office (demo)", "100 Demo Avenue B", "88130"),
        (E.GUEST_SPEAKER, E.MENTORING),
        [
            DemoOpportunity(
                "Guest speaker: starting a business in Portales (demo)",
                E.GUEST_SPEAKER,
                "Three owners of young Portales businesses on how they started.",
                12,
                40,
                "management-entrepreneurship",
                "entrepreneurship-small-business",
                ("11-1021.00",),
                schedule="10 to 11 am",
                hours=1,
            ),
            DemoOpportunity(
                "Mentoring with Portales business owners (demo)",
                E.MENTORING,
                "Meet a local business owner twice a month for a semester.",
                40,
                8,
                "management-entrepreneurship",
                "entrepreneurship-small-business",
                ("11-1021.00",),
                days_long=120,
                schedule="Twice a month",
                hours=12,
                status=S.SUBMITTED,
            ),
        ],
        documents=False,
    ),
    DemoPartnerWbl(
        "nm-region-i",
        "Caprock Ag Equipment (demo)",
        DemoSite("Service shop (demo)", "900 Demo Tractor Road", "88101"),
        (E.WORKPLACE_TOUR, E.JOB_SHADOW, E.APPRENTICESHIP),
        [
            DemoOpportunity(
                "Job shadow: farm equipment technician (demo)",
                E.JOB_SHADOW,
                "A morning in the service shop diagnosing tractors and combines.",
                20,
                2,
                "agriculture",
                "agricultural-technology-automation",
                ("49-3041.00", "49-3031.00"),
                schedule="7 to 11 am",
                hours=4,
                min_age=15,
            ),
        ],
    ),
    DemoPartnerWbl(
        "mn-service-coops",
        "Prairie Grain Cooperative (demo)",
        DemoSite("Elevator and test plots (demo)", "12 Demo Elevator Road", "56001"),
        (E.WORKPLACE_TOUR, E.JOB_SHADOW),
        [
            DemoOpportunity(
                "Precision agriculture field day (demo)",
                E.WORKPLACE_TOUR,
                "Drones, yield maps and soil sensors on the cooperative's test plots.",
                25,
                20,
                "agriculture",
                "agricultural-technology-automation",
                ("19-4012.01", "19-4012.00"),
                schedule="9 am to 2 pm",
                hours=5,
            ),
        ],
    ),
    DemoPartnerWbl(
        "mn-service-coops",
        "Northwoods Health Partners (demo)",
        DemoSite("Bemidji clinic (demo)", "5 Demo Lake Street", "56601"),
        (E.JOB_SHADOW, E.CLINICAL),
        [
            DemoOpportunity(
                "Virtual career talk: nursing in rural Minnesota (demo)",
                E.GUEST_SPEAKER,
                "Nurses and nursing assistants on their work, online.",
                9,
                60,
                "healthcare-human-services",
                "physical-health",
                ("29-1141.00", "31-1131.00"),
                virtual=True,
                schedule="4 to 5 pm (online)",
                hours=1,
            ),
        ],
    ),
]


def _site(partner: Partner, spec: DemoSite | None, say: Say) -> PartnerLocation | None:
    if spec is None:
        return None
    zip_code = ZipCode.objects.filter(zip=spec.zip_code).first()
    if zip_code is None:
        say(f"{partner.name}: ZIP {spec.zip_code} not loaded; site skipped")
        return None
    location, _ = PartnerLocation.objects.update_or_create(
        consortium_id=partner.consortium_id,
        partner=partner,
        name=spec.name,
        defaults={
            "address": spec.address,
            "city": zip_code.city.title(),
            "zip_code": zip_code,
            "transit_notes": spec.transit,
        },
    )
    return location


def _documents(partner: Partner, today: datetime.date, index: int) -> None:
    """Insurance (one partner's expiring soon), a site safety review, and a supervisor's check."""
    insurance_expiry = today + datetime.timedelta(days=20 if index == 0 else 300)
    rows = [
        (DocumentKind.INSURANCE, "Certificate of liability insurance (demo)", "", "", insurance_expiry),
        (DocumentKind.SITE_SAFETY, "Site safety review (demo)", "", "", today + datetime.timedelta(days=200)),
        (
            DocumentKind.BACKGROUND_CHECK,
            "Supervisor background check (demo)",
            "Jamie Demo-Ortiz",
            BackgroundCheckStatus.PENDING if index == 1 else BackgroundCheckStatus.CLEARED,
            today + datetime.timedelta(days=500),
        ),
    ]
    for kind, title, supervisor, status, expires in rows:
        PartnerDocument.objects.update_or_create(
            consortium_id=partner.consortium_id,
            partner=partner,
            kind=kind,
            title=title,
            defaults={
                "supervisor_name": supervisor,
                "check_status": status,
                "issued_on": today - datetime.timedelta(days=60),
                "expires_on": expires,
            },
        )


def _opportunity(
    partner: Partner,
    site: PartnerLocation | None,
    spec: DemoOpportunity,
    today: datetime.date,
    reviewer: User | None,
) -> Opportunity:
    cluster = (
        CareerCluster.objects.filter(framework="2024", slug=spec.cluster).first() if spec.cluster else None
    )
    subcluster = (
        SubCluster.objects.filter(cluster=cluster, slug=spec.subcluster).first()
        if cluster and spec.subcluster
        else None
    )
    starts = today + datetime.timedelta(days=spec.days_from_now)
    reviewed = spec.status in (S.APPROVED, S.CLOSED)
    virtual = spec.virtual or site is None
    row, _ = Opportunity.objects.update_or_create(
        consortium_id=partner.consortium_id,
        partner=partner,
        title=spec.title,
        defaults={
            "description": spec.description,
            "engagement": spec.engagement,
            "cluster": cluster,
            "subcluster": subcluster,
            "is_virtual": virtual,
            "location": None if virtual else site,
            "starts_on": starts,
            "ends_on": starts + datetime.timedelta(days=spec.days_long) if spec.days_long else None,
            "schedule": spec.schedule,
            "hours_expected": spec.hours,
            "capacity": spec.capacity,
            "allocation": spec.allocation,
            "min_age": spec.min_age,
            "min_grade": spec.min_grade,
            "is_paid": spec.wage is not None,
            "hourly_wage": Decimal(spec.wage) if spec.wage else None,
            "transportation_notes": spec.transportation,
            "status": spec.status,
            "reviewed_by": reviewer if reviewed else None,
            "reviewed_at": timezone.now() if reviewed else None,
        },
    )
    row.occupations.set(Occupation.objects.filter(code__in=spec.occupations))
    return row


def _attendance(row: Opportunity, students: list[User], count: int, hours: int | None) -> None:
    for student in students[:count]:
        Registration.objects.get_or_create(
            opportunity=row,
            student=student,
            defaults={
                "consortium_id": row.consortium_id,
                "status": RegistrationStatus.ATTENDED,
                "hours": Decimal(hours or 1),
            },
        )


def _synthetic_students(consortium: Consortium) -> list[User]:
    """The loader's fictional students (no password), never the demo logins."""
    return list(
        User.objects.filter(
            memberships__consortium=consortium, memberships__role=Role.STUDENT, last_name__startswith="Demo-"
        )
        .exclude(username__endswith="-student")
        .exclude(username__endswith="-student2")
        .distinct()
        .order_by("username")[:40]
    )


@demo_loader("wbl", order=60)
def load(say: Say) -> None:
    today = timezone.localdate()
    made = 0
    for index, spec in enumerate(PARTNERS):
        consortium = Consortium.objects.filter(slug=spec.consortium).first()
        partner = (
            Partner.objects.filter(consortium=consortium, name=spec.partner).first() if consortium else None
        )
        if consortium is None or partner is None:
            say(f"{spec.consortium}: no partner {spec.partner} (the orgs loader creates it); skipped")
            continue
        reviewer = (
            User.objects.filter(
                memberships__consortium=consortium, memberships__role=Role.CONSORTIUM_STAFF
            ).first()
            or User.objects.filter(
                memberships__consortium=consortium, memberships__role=Role.CONSORTIUM_ADMIN
            ).first()
        )
        with transaction.atomic():
            site = _site(partner, spec.site, say)
            for engagement in spec.offers:
                PartnerOffer.objects.get_or_create(
                    consortium_id=consortium.pk, partner=partner, engagement=engagement
                )
            if spec.documents:
                _documents(partner, today, index)
            students = _synthetic_students(consortium)
            for o in spec.opportunities:
                row = _opportunity(partner, site, o, today, reviewer)
                made += 1
                if o.attended:
                    _attendance(row, students, o.attended, o.hours)
            if reviewer is not None and not ContactLogEntry.objects.filter(partner=partner).exists():
                ContactLogEntry.objects.create(
                    consortium=consortium,
                    partner=partner,
                    happened_on=today - datetime.timedelta(days=30),
                    channel=ContactChannel.MEETING,
                    author=reviewer,
                    summary="Planned this year's tours and job shadows with their training lead (demo).",
                    follow_up_on=today + datetime.timedelta(days=14),
                )
    say(f"work-based learning: {made} demo opportunities for {len(PARTNERS)} partners")
