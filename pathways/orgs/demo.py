"""Demo data of the network (order 10): the three seed consortia, the partners their documents
name, and a synthetic network around them (districts, schools, employers) with real ZIP codes so
that every school resolves to its county and wage area.

Seed facts are as written in ../shared/seeds/ (names of consortia and partners, the Minnesota
summary sentence). Everything marked "(demo)" is fictional. Idempotent: rows are found by their
natural keys and updated in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pathways.core.demo import demo_loader
from pathways.labor.models import State, ZipCode

from .models import Consortium, Contact, District, Locale, Partner, PartnerKind, Region, School

# Seed 000, verbatim.
MN_SUMMARY = (
    "The Minnesota Service Cooperatives Career and Technical Education Consortium is committed to "
    "strengthening relationships with each other as well as our education, economic development and "
    "workforce agency partners."
)


@dataclass(frozen=True)
class DemoSchool:
    name: str
    zip_code: str
    address: str
    locale: str
    grade_low: int
    grade_high: int
    enrollment: int


@dataclass(frozen=True)
class DemoDistrict:
    name: str
    region: str | None
    schools: list[DemoSchool]


@dataclass(frozen=True)
class DemoPartner:
    name: str
    kind: str
    city: str = ""
    zip_code: str = ""
    naics_code: str = ""
    description: str = ""
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (name, title)
    is_public: bool = True


@dataclass(frozen=True)
class DemoConsortium:
    slug: str
    name: str
    short_name: str
    state: str
    host_organization: str
    summary: str
    regions: list[str]
    districts: list[DemoDistrict]
    partners: list[DemoPartner]
    coordinator: tuple[str, str, str]  # public consortium contact: name, title, email


CONSORTIA = [
    DemoConsortium(
        slug="mn-service-coops",
        name="Minnesota Service Cooperatives CTE Consortium",
        short_name="MN Service Cooperatives CTE",
        state="MN",
        host_organization="Minnesota Service Cooperatives",
        summary=MN_SUMMARY,
        regions=["Northwest (demo)", "Southeast (demo)"],
        districts=[
            DemoDistrict(
                "Lakeland Pines Schools (demo)",
                "Northwest (demo)",
                [
                    DemoSchool(
                        "North Star High School (demo)",
                        "56601",
                        "100 Demo Lake Road",
                        Locale.TOWN,
                        9,
                        12,
                        820,
                    ),
                    DemoSchool(
                        "Pine Ridge Middle School (demo)",
                        "56601",
                        "210 Demo Birch Avenue",
                        Locale.TOWN,
                        6,
                        8,
                        540,
                    ),
                ],
            ),
            DemoDistrict(
                "River Bluff Schools (demo)",
                "Southeast (demo)",
                [
                    DemoSchool(
                        "River Bluff High School (demo)",
                        "55901",
                        "500 Demo Bluff Street",
                        Locale.CITY,
                        9,
                        12,
                        1450,
                    ),
                    DemoSchool(
                        "Blue Earth Valley High School (demo)",
                        "56001",
                        "75 Demo Valley Drive",
                        Locale.TOWN,
                        9,
                        12,
                        980,
                    ),
                ],
            ),
        ],
        partners=[
            DemoPartner(
                "Northwoods Health Partners (demo)",
                PartnerKind.EMPLOYER,
                "Bemidji",
                "56601",
                "622110",
                "A fictional regional hospital that hosts job shadows in nursing and imaging.",
                [("Dana Demo-Kowalski", "Workforce development manager")],
            ),
            DemoPartner(
                "Bluff Country Manufacturing (demo)",
                PartnerKind.EMPLOYER,
                "Rochester",
                "55901",
                "332710",
                "A fictional machine shop offering welding and machining apprenticeships.",
                [("Chris Demo-Peterson", "Plant manager")],
            ),
            DemoPartner(
                "Prairie Grain Cooperative (demo)",
                PartnerKind.EMPLOYER,
                "Mankato",
                "56001",
                "424510",
                "A fictional farmer-owned grain cooperative.",
            ),
        ],
        coordinator=(
            "Jordan Demo-Lee",
            "CTE consortium coordinator (demo)",
            "coordinator@mn-demo.example.org",
        ),
    ),
    DemoConsortium(
        slug="nm-region-b",
        name="Region B CTE Consortium",
        short_name="Region B",
        state="NM",
        host_organization="",
        summary="",
        regions=[],
        districts=[
            DemoDistrict(
                "Mesa Verde Schools (demo)",
                None,
                [
                    DemoSchool(
                        "Mesa Verde High School (demo)", "87544", "1 Demo Mesa Road", Locale.TOWN, 9, 12, 1100
                    ),
                    DemoSchool(
                        "Piñon Middle School (demo)", "87544", "40 Demo Canyon Lane", Locale.TOWN, 6, 8, 600
                    ),
                ],
            ),
            DemoDistrict(
                "Rio Grande Valley Schools (demo)",
                None,
                [
                    DemoSchool(
                        "Rio Grande Valley High School (demo)",
                        "87532",
                        "300 Demo Valley Street",
                        Locale.TOWN,
                        9,
                        12,
                        900,
                    ),
                    DemoSchool(
                        "Sangre de Cristo Academy (demo)",
                        "87501",
                        "12 Demo Plaza Way",
                        Locale.CITY,
                        6,
                        12,
                        450,
                    ),
                ],
            ),
        ],
        partners=[
            DemoPartner("Los Alamos National Laboratory (LANL)", PartnerKind.EMPLOYER),
            DemoPartner("FLUTe", PartnerKind.COMMUNITY),
            DemoPartner(
                "High Desert Solar (demo)",
                PartnerKind.EMPLOYER,
                "Española",
                "87532",
                "221114",
                "A fictional solar installer that trains apprentices in green technology.",
                [("Pat Demo-Sandoval", "Training lead")],
            ),
            DemoPartner(
                "Santa Fe Clinic Network (demo)",
                PartnerKind.EMPLOYER,
                "Santa Fe",
                "87501",
                "621111",
                "A fictional group of clinics that hosts medical assistant interns.",
            ),
        ],
        coordinator=(
            "Lucia Demo-Montoya",
            "Regional CTE coordinator (demo)",
            "coordinator@regionb-demo.example.org",
        ),
    ),
    DemoConsortium(
        slug="nm-region-i",
        name="Region I CTE Consortium",
        short_name="Region I",
        state="NM",
        host_organization="",
        summary="",
        regions=[],
        districts=[
            DemoDistrict(
                "Llano Estacado Schools (demo)",
                None,
                [
                    DemoSchool(
                        "Llano Estacado High School (demo)",
                        "88101",
                        "900 Demo Plains Avenue",
                        Locale.TOWN,
                        9,
                        12,
                        1800,
                    ),
                    DemoSchool(
                        "Yucca Middle School (demo)", "88101", "15 Demo Yucca Street", Locale.TOWN, 6, 8, 700
                    ),
                ],
            ),
            DemoDistrict(
                "Pecos Plains Schools (demo)",
                None,
                [
                    DemoSchool(
                        "Pecos Plains High School (demo)",
                        "88130",
                        "200 Demo Ranch Road",
                        Locale.TOWN,
                        9,
                        12,
                        750,
                    ),
                    DemoSchool(
                        "Bottomless Lakes Early College (demo)",
                        "88201",
                        "8 Demo Lakes Drive",
                        Locale.TOWN,
                        9,
                        12,
                        300,
                    ),
                ],
            ),
        ],
        partners=[
            DemoPartner("United Way", PartnerKind.COMMUNITY),
            DemoPartner("Clovis EDC", PartnerKind.ECONOMIC_DEVELOPMENT),
            DemoPartner("Portales EDC", PartnerKind.ECONOMIC_DEVELOPMENT),
            DemoPartner("Southwest Cheese", PartnerKind.EMPLOYER, contacts=[("Tiffany Bretz", "")]),
            DemoPartner("Juvenile Services", PartnerKind.YOUTH_SERVICES, contacts=[("Michael Stein", "")]),
            DemoPartner("Eastern Workforce Board", PartnerKind.WORKFORCE_BOARD),
            DemoPartner(
                "Caprock Ag Equipment (demo)",
                PartnerKind.EMPLOYER,
                "Clovis",
                "88101",
                "423820",
                "A fictional farm equipment dealer with a diesel technician apprenticeship.",
                [("Riley Demo-Harper", "Service manager")],
            ),
            DemoPartner(
                "Eastern Plains Logistics (demo)",
                PartnerKind.EMPLOYER,
                "Portales",
                "88130",
                "484121",
                "A fictional trucking company.",
            ),
        ],
        coordinator=(
            "Andrea Demo-Castillo",
            "Regional CTE coordinator (demo)",
            "coordinator@regioni-demo.example.org",
        ),
    ),
]

# The synthetic employer where each consortium's demo partner contact works (accounts demo).
DEMO_EMPLOYER = {
    "mn-service-coops": "Northwoods Health Partners (demo)",
    "nm-region-b": "High Desert Solar (demo)",
    "nm-region-i": "Caprock Ag Equipment (demo)",
}


def _zip(code: str, say: Callable[[str], None]) -> ZipCode | None:
    if not code:
        return None
    row = ZipCode.objects.select_related("county").filter(zip=code).first()
    if row is None:
        say(f"ZIP {code} is not in the public data; its school has no county or wage area.")
    return row


def _load_consortium(spec: DemoConsortium, say: Callable[[str], None]) -> None:
    consortium, _ = Consortium.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "short_name": spec.short_name,
            "host_organization": spec.host_organization,
            "state": State.objects.filter(usps=spec.state).first(),
            "summary": spec.summary,
            "is_public": True,
        },
    )
    regions = {
        name: Region.objects.get_or_create(consortium=consortium, name=name)[0] for name in spec.regions
    }
    schools = 0
    for d in spec.districts:
        district, _ = District.objects.update_or_create(
            consortium=consortium, name=d.name, defaults={"region": regions.get(d.region or "")}
        )
        for s in d.schools:
            zip_code = _zip(s.zip_code, say)
            School.objects.update_or_create(
                consortium=consortium,
                name=s.name,
                defaults={
                    "district": district,
                    "address": s.address,
                    "city": zip_code.city if zip_code else "",
                    "zip_code": zip_code,
                    "county": zip_code.county if zip_code else None,
                    "locale": s.locale,
                    "grade_low": s.grade_low,
                    "grade_high": s.grade_high,
                    "enrollment": s.enrollment,
                },
            )
            schools += 1
    for p in spec.partners:
        zip_code = _zip(p.zip_code, say)
        partner, _ = Partner.objects.update_or_create(
            consortium=consortium,
            name=p.name,
            defaults={
                "kind": p.kind,
                "city": p.city,
                "zip_code": zip_code,
                "naics_code": p.naics_code,
                "description": p.description,
                "is_public": p.is_public,
            },
        )
        for name, title in p.contacts:
            Contact.objects.update_or_create(
                consortium=consortium,
                partner=partner,
                name=name,
                defaults={"title": title, "is_public": False},
            )
    name, title, email = spec.coordinator
    Contact.objects.update_or_create(
        consortium=consortium,
        partner=None,
        name=name,
        defaults={"title": title, "email": email, "is_public": True},
    )
    counts = f"{len(spec.districts)} districts, {schools} schools, {len(spec.partners)} partners"
    say(f"{consortium.name}: {counts}")


@demo_loader("orgs", order=10)
def load(say: Callable[[str], None]) -> None:
    for spec in CONSORTIA:
        _load_consortium(spec, say)
