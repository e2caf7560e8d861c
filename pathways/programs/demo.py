"""Demo programs of study for the three seed consortia (order 40: after orgs, accounts, consortia).

The programs follow each consortium's target industries (seeds 001 and 002, and the Minnesota
consortium's focus): Region I votes Information Technology, Manufacturing, Agriculture, and
Transportation and Logistics; Region B names Healthcare, STEM/IT-Computer Science, and Skilled
Trades with Green Technology. The schools come from the orgs loader (looked up, never created
here); colleges, courses, credentials and people on advisory committees are synthetic and marked
"(demo)" or "Demo-". Idempotent: every row is found by its natural key before it is created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from pathways.accounts.models import User
from pathways.accounts.roles import Role
from pathways.catalog.models import CareerCluster, CipProgram, Framework, SubCluster
from pathways.core.demo import demo_loader
from pathways.labor.models import ZipCode
from pathways.orgs.models import Consortium, District, Partner, PartnerKind, School

from .models import (
    AdvisoryCommitteeMember,
    CollegeTerms,
    Course,
    CourseLevel,
    Credential,
    DeliveryMode,
    DualCreditCourse,
    LicenseKind,
    ProgramCourse,
    ProgramCredential,
    ProgramOfStudy,
    ProgramStatus,
    TeacherAssignment,
    TeacherLicense,
)
from .nontraditional import nontraditional_default

Say = Callable[[str], None]


@dataclass(frozen=True)
class College:
    name: str
    zip_code: str
    city: str
    website: str
    tuition: Decimal
    tuition_note: str


@dataclass(frozen=True)
class CredentialSpec:
    name: str
    issuer: str
    url: str
    level: str = CourseLevel.CAPSTONE


@dataclass(frozen=True)
class Program:
    name: str
    description: str
    cluster: str
    subcluster: str
    cip: str
    delivery: str
    school_index: int  # which of the consortium's schools (by name) offers it; -1: the first district
    courses: tuple[tuple[str, str, str], ...]  # (code, title, description): intro, concentrator, capstone
    dual_credit: tuple[int, str, str, Decimal, str]  # (course index, code, title, credits, note)
    credentials: tuple[CredentialSpec, ...]
    teacher_area: str
    advisors: tuple[tuple[str, str, str], ...]  # (person, partner name or organisation, role)
    host_index: int | None = None  # shared: the school where classes meet
    eligible: str = "self"  # "self", "all", or "pair" (offering school and the next one)
    status: str = ProgramStatus.ACTIVE


@dataclass(frozen=True)
class Plan:
    slug: str
    college: College
    programs: tuple[Program, ...] = field(default_factory=tuple)


COMPTIA_A = CredentialSpec("CompTIA A+", "CompTIA", "https://www.comptia.org/certifications/a")
OSHA_10 = CredentialSpec(
    "OSHA 10-Hour Safety Training",
    "U.S. Occupational Safety and Health Administration (OSHA)",
    "https://www.osha.gov/training/outreach",
    CourseLevel.INTRODUCTORY,
)
NCCER_CORE = CredentialSpec(
    "NCCER Core Curriculum", "NCCER", "https://www.nccer.org/", CourseLevel.INTRODUCTORY
)

PLANS = (
    Plan(
        slug="nm-region-i",
        college=College(
            "Eastern New Mexico University–Roswell (demo)",  # noqa: RUF001  (the en dash is in the name)
            "88203",
            "Roswell",
            "https://www.roswell.enmu.edu/",
            Decimal("56.00"),
            "Demo figure: in-district tuition per credit hour",
        ),
        programs=(
            Program(
                name="Cybersecurity and Networking",
                description=(
                    "Students build and secure computer networks, from cabling and routers to firewalls, "
                    "and practise defending systems in a virtual lab. Taught online so every member "
                    "school can take part."
                ),
                cluster="digital-technology",
                subcluster="network-systems-cybersecurity",
                cip="11.0901",
                delivery=DeliveryMode.VIRTUAL,
                school_index=0,
                eligible="all",
                courses=(
                    (
                        "R1-IT-101",
                        "Information Technology Fundamentals",
                        "Hardware, operating systems, help desk.",
                    ),
                    (
                        "R1-IT-201",
                        "Networking Essentials",
                        "Network design, addressing, routing and switching.",
                    ),
                    (
                        "R1-IT-301",
                        "Cybersecurity Capstone",
                        "Securing a network; a team project for a local employer.",
                    ),
                ),
                dual_credit=(
                    1,
                    "CIS 1210",
                    "Introduction to Networking",
                    Decimal("3"),
                    "Students who pass with a C or better earn college credit that transfers in New Mexico.",
                ),
                credentials=(COMPTIA_A,),
                teacher_area="Technology Education",
                advisors=(
                    ("Dana Demo-Reyes", "Eastern Workforce Board", "Business services lead"),
                    ("Luis Demo-Archuleta", "United Way", "Workforce partnership coordinator"),
                ),
            ),
            Program(
                name="Welding Technology",
                description=(
                    "Shielded metal arc, MIG and TIG welding, blueprint reading and shop safety, for "
                    "manufacturing, agriculture and construction jobs in the region."
                ),
                cluster="advanced-manufacturing",
                subcluster="production-automation",
                cip="48.0508",
                delivery=DeliveryMode.SHARED,
                school_index=1,
                host_index=1,
                eligible="pair",
                courses=(
                    ("R1-WLD-101", "Introduction to Welding and Shop Safety", "Safety, tools, basic joints."),
                    ("R1-WLD-201", "Welding Processes", "SMAW, GMAW and GTAW in all positions."),
                    ("R1-WLD-301", "Fabrication Capstone", "Design and build a project to code."),
                ),
                dual_credit=(
                    1,
                    "WELD 1110",
                    "Introduction to Welding",
                    Decimal("4"),
                    "Articulation agreement with the college: a portfolio and a C or better.",
                ),
                credentials=(
                    OSHA_10,
                    CredentialSpec(
                        "AWS D1.1 Structural Welding Certification",
                        "American Welding Society",
                        "https://www.aws.org/certification",
                    ),
                ),
                teacher_area="Trade and Industrial Education",
                advisors=(
                    ("Marcus Demo-Baca", "Clovis EDC", "Manufacturing liaison"),
                    ("Sam Demo-Chavez", "Southwest Cheese", "Maintenance supervisor"),
                ),
            ),
            Program(
                name="Agribusiness and Agricultural Systems",
                description=(
                    "Animal and plant science, farm and ranch management, and the business of food "
                    "processing, with supervised agricultural experience."
                ),
                cluster="agriculture",
                subcluster="agribusiness",
                cip="01.0101",
                delivery=DeliveryMode.ON_SITE,
                school_index=2,
                courses=(
                    ("R1-AG-101", "Agricultural Science I", "Animal, plant and soil science."),
                    (
                        "R1-AG-201",
                        "Agribusiness Management",
                        "Records, marketing and finance of an operation.",
                    ),
                    ("R1-AG-301", "Supervised Agricultural Experience Capstone", "A season-long project."),
                ),
                dual_credit=(
                    1,
                    "AGRI 1110",
                    "Introduction to Agribusiness",
                    Decimal("3"),
                    "Dual-credit course taught at the high school by a credentialed instructor.",
                ),
                credentials=(OSHA_10,),
                teacher_area="Agricultural Education",
                advisors=(("Lena Demo-Garcia", "Southwest Cheese", "Quality assurance manager"),),
            ),
            Program(
                name="Diesel and Heavy Equipment Technology",
                description=(
                    "Engines, hydraulics and electrical systems of trucks and farm equipment, taught in the "
                    "college's shop; students travel there for afternoon classes."
                ),
                cluster="supply-chain-transportation",
                subcluster="maintenance-repair",
                cip="47.0605",
                delivery=DeliveryMode.COLLEGE,
                school_index=0,
                eligible="all",
                courses=(
                    ("R1-DSL-101", "Transportation Technology I", "Shop safety, tools, basic systems."),
                    ("R1-DSL-201", "Diesel Engines", "Engine theory, service and repair."),
                    ("R1-DSL-301", "Heavy Equipment Capstone", "Diagnosis and repair on live equipment."),
                ),
                dual_credit=(
                    1,
                    "DSL 1110",
                    "Diesel Engine Fundamentals",
                    Decimal("4"),
                    "Taught at the college; credits appear on a college transcript.",
                ),
                credentials=(
                    CredentialSpec(
                        "ASE Entry-Level Certification: Diesel Engines",
                        "ASE Education Foundation",
                        "https://www.aseeducationfoundation.org/",
                    ),
                ),
                teacher_area="Trade and Industrial Education",
                advisors=(("Ray Demo-Lucero", "Portales EDC", "Business retention manager"),),
            ),
        ),
    ),
    Plan(
        slug="nm-region-b",
        college=College(
            "Santa Fe Community College (demo)",
            "87508",
            "Santa Fe",
            "https://www.sfcc.edu/",
            Decimal("52.00"),
            "Demo figure: in-district tuition per credit hour",
        ),
        programs=(
            Program(
                name="Nursing Assistant",
                description=(
                    "Patient care skills, anatomy and medical terminology, with clinical hours in a "
                    "long-term care setting; prepares students for the nurse aide exam."
                ),
                cluster="healthcare-human-services",
                subcluster="physical-health",
                cip="51.3902",
                delivery=DeliveryMode.ON_SITE,
                school_index=0,
                eligible="pair",
                courses=(
                    ("RB-HS-101", "Foundations of Health Science", "Careers, terminology, body systems."),
                    ("RB-HS-201", "Patient Care Skills", "Vital signs, infection control, safe transfers."),
                    ("RB-HS-301", "Clinical Practicum", "Supervised clinical hours."),
                ),
                dual_credit=(
                    2,
                    "HCAP 110",
                    "Nursing Assistant",
                    Decimal("5"),
                    "Students who complete the clinical hours may sit the state nurse aide exam.",
                ),
                credentials=(
                    CredentialSpec(
                        "Certified Nursing Assistant (CNA)",
                        "New Mexico Department of Health (nurse aide registry)",
                        "https://www.nmhealth.org/",
                    ),
                ),
                teacher_area="Health Science Education",
                advisors=(("Alma Demo-Trujillo", "", "Director of nursing, demo care center"),),
            ),
            Program(
                name="Computer Science",
                description=(
                    "Programming in Python and JavaScript, data and the web, with projects mentored by "
                    "scientists and engineers. The district teaches it online for every member school."
                ),
                cluster="digital-technology",
                subcluster="software-solutions",
                cip="11.0701",
                delivery=DeliveryMode.VIRTUAL,
                school_index=-1,
                eligible="all",
                courses=(
                    ("RB-CS-101", "Exploring Computer Science", "Problem solving, the web, data."),
                    ("RB-CS-201", "Programming in Python", "Programs, data structures, testing."),
                    ("RB-CS-301", "Software Engineering Capstone", "A team builds software for a client."),
                ),
                dual_credit=(
                    1,
                    "CSCI 111",
                    "Programming Fundamentals",
                    Decimal("3"),
                    "Online section for high-school students; a C or better earns college credit.",
                ),
                credentials=(
                    CredentialSpec(
                        "IT Specialist: Python",
                        "Certiport (Pearson VUE)",
                        "https://certiport.pearsonvue.com/",
                    ),
                ),
                teacher_area="Computer Science",
                advisors=(("Priya Demo-Shah", "Los Alamos National Laboratory (LANL)", "Software engineer"),),
            ),
            Program(
                name="Electrical Trades",
                description=(
                    "Residential and commercial wiring, the electrical code and broadband installation; "
                    "shared by neighbouring schools, students travel to the host school's shop."
                ),
                cluster="construction",
                subcluster="skilled-trades",
                cip="46.0302",
                delivery=DeliveryMode.SHARED,
                school_index=1,
                host_index=1,
                eligible="pair",
                courses=(
                    ("RB-EL-101", "Construction Trades Core", "Safety, tools, blueprints."),
                    ("RB-EL-201", "Electrical Wiring I", "Circuits, the code, residential wiring."),
                    ("RB-EL-301", "Electrical Capstone", "A wiring project inspected to code."),
                ),
                dual_credit=(
                    1,
                    "ELEC 110",
                    "Residential Wiring",
                    Decimal("4"),
                    "Counts toward the college's electrical certificate.",
                ),
                credentials=(NCCER_CORE, OSHA_10),
                teacher_area="Trade and Industrial Education",
                advisors=(("Gabe Demo-Ortiz", "", "Journeyman electrician, demo contractors' association"),),
            ),
            Program(
                name="Solar Energy Technology",
                description=(
                    "Solar photovoltaic design and installation, energy efficiency and battery storage, "
                    "in the college's training yard. Planned for next school year."
                ),
                cluster="energy-natural-resources",
                subcluster="clean-alternative-energy",
                cip="15.1703",
                delivery=DeliveryMode.COLLEGE,
                school_index=2,
                eligible="all",
                status=ProgramStatus.PLANNED,
                courses=(
                    ("RB-EN-101", "Introduction to Green Technology", "Energy, sustainability, careers."),
                    ("RB-EN-201", "Solar PV Installation", "Design and install small PV systems."),
                    ("RB-EN-301", "Energy Systems Capstone", "Audit and design for a community building."),
                ),
                dual_credit=(
                    1,
                    "ENRG 120",
                    "Photovoltaic Installation",
                    Decimal("3"),
                    "Planned articulation with the college's solar program.",
                ),
                credentials=(OSHA_10,),
                teacher_area="Technology Education",
                advisors=(("Jo Demo-Romero", "FLUTe", "Community partner"),),
            ),
        ),
    ),
    Plan(
        slug="mn-service-coops",
        college=College(
            "Minnesota State College (demo)",
            "56601",
            "Bemidji",
            "https://www.minnstate.edu/",
            Decimal("190.00"),
            "Demo figure: tuition per credit; many dual-credit courses are free to students",
        ),
        programs=(
            Program(
                name="Health Science: Nursing Assistant",
                description=(
                    "Health careers, patient care and clinical experience toward the nursing assistant exam."
                ),
                cluster="healthcare-human-services",
                subcluster="physical-health",
                cip="51.3902",
                delivery=DeliveryMode.ON_SITE,
                school_index=0,
                courses=(
                    ("MN-HS-101", "Introduction to Health Careers", "Careers and medical terminology."),
                    ("MN-HS-201", "Nursing Assistant Skills", "Patient care skills."),
                    ("MN-HS-301", "Health Science Clinical", "Supervised clinical hours."),
                ),
                dual_credit=(
                    1,
                    "NURS 1000",
                    "Nursing Assistant",
                    Decimal("4"),
                    "Concurrent enrollment taught at the high school.",
                ),
                credentials=(
                    CredentialSpec(
                        "Certified Nursing Assistant (CNA)",
                        "Minnesota Department of Health (nursing assistant registry)",
                        "https://www.health.state.mn.us/",
                    ),
                ),
                teacher_area="Health Science Technology Education",
                advisors=(("Karen Demo-Olson", "", "Director of nursing, demo regional hospital"),),
            ),
            Program(
                name="Advanced Manufacturing and Machining",
                description=(
                    "Machining, CNC programming and quality control, shared by neighbouring districts."
                ),
                cluster="advanced-manufacturing",
                subcluster="industrial-machinery",
                cip="48.0501",
                delivery=DeliveryMode.SHARED,
                school_index=1,
                host_index=1,
                eligible="pair",
                courses=(
                    ("MN-MFG-101", "Manufacturing Foundations", "Safety, measurement, blueprints."),
                    ("MN-MFG-201", "Machining and CNC", "Lathes, mills and CNC programming."),
                    ("MN-MFG-301", "Manufacturing Capstone", "Produce a part to specification."),
                ),
                dual_credit=(
                    1,
                    "MACH 1100",
                    "Introduction to CNC",
                    Decimal("3"),
                    "Concurrent enrollment; the college's machine tool program accepts the credit.",
                ),
                credentials=(
                    OSHA_10,
                    CredentialSpec(
                        "NIMS Measurement, Materials and Safety",
                        "National Institute for Metalworking Skills (NIMS)",
                        "https://www.nims-skills.org/",
                    ),
                ),
                teacher_area="Trade and Industry",
                advisors=(("Erik Demo-Lindqvist", "", "Plant manager, demo precision parts"),),
            ),
            Program(
                name="Agricultural Science",
                description="Crop and soil science, precision agriculture and farm business, taught online.",
                cluster="agriculture",
                subcluster="plant-systems",
                cip="01.1102",
                delivery=DeliveryMode.VIRTUAL,
                school_index=0,
                eligible="all",
                courses=(
                    ("MN-AG-101", "Agriscience Foundations", "Plants, soils, animals."),
                    ("MN-AG-201", "Crop and Soil Science", "Agronomy and precision agriculture."),
                    ("MN-AG-301", "Agricultural Research Capstone", "A field trial with a local farm."),
                ),
                dual_credit=(
                    1,
                    "AGRO 1150",
                    "Principles of Agronomy",
                    Decimal("3"),
                    "Online concurrent enrollment.",
                ),
                credentials=(OSHA_10,),
                teacher_area="Agricultural Education",
                advisors=(("Anna Demo-Nelson", "", "Agronomist, demo farmers' cooperative"),),
            ),
        ),
    ),
)

LEVELS = (CourseLevel.INTRODUCTORY, CourseLevel.CONCENTRATOR, CourseLevel.CAPSTONE)


@demo_loader("programs", order=40)
def load(say: Say) -> None:
    for plan in PLANS:
        consortium = Consortium.objects.filter(slug=plan.slug).first()
        if consortium is None:
            say(f"{plan.slug}: no such consortium (the orgs loader creates it); skipped")
            continue
        # High schools and early colleges offer CTE programs of study; middle schools do not.
        schools = list(
            School.objects.filter(consortium=consortium)
            .filter(Q(grade_high__isnull=True) | Q(grade_high__gte=9))
            .select_related("district")
            .order_by("name")
        )
        if not schools:
            say(f"{plan.slug}: no schools yet (the orgs loader creates them); skipped")
            continue
        college = _college(consortium, plan.college)
        teachers = list(
            User.objects.filter(memberships__consortium=consortium, memberships__role=Role.TEACHER)
            .distinct()
            .order_by("username")
        )
        made, missing = 0, []
        for index, spec in enumerate(plan.programs):
            teacher = teachers[index % len(teachers)] if teachers else None
            result = _program(consortium, schools, college, spec, teacher)
            if result is None:
                missing.append(f"{spec.name} (CIP {spec.cip})")
            elif result:
                made += 1
        say(f"{plan.slug}: {len(plan.programs) - len(missing)} programs ({made} new), college {college.name}")
        if missing:
            say(f"{plan.slug}: not in the loaded catalog, skipped: {', '.join(missing)}")


def _college(consortium: Consortium, spec: College) -> Partner:
    zip_code = ZipCode.objects.filter(zip=spec.zip_code).first()
    college, _created = Partner.objects.get_or_create(
        consortium=consortium,
        name=spec.name,
        defaults={
            "kind": PartnerKind.POSTSECONDARY,
            "city": spec.city,
            "zip_code": zip_code,
            "website": spec.website,
            "description": "A demo postsecondary partner for dual credit and college-based programs.",
        },
    )
    CollegeTerms.objects.get_or_create(
        partner=college,
        defaults={
            "consortium": consortium,
            "tuition_per_credit": spec.tuition,
            "tuition_note": spec.tuition_note,
        },
    )
    return college


def _program(
    consortium: Consortium, schools: list[School], college: Partner, spec: Program, teacher: User | None
) -> bool | None:
    """Create (True) or find (False) one program with everything around it; None when its CIP code
    or cluster is not in the loaded public data."""
    cip = CipProgram.objects.filter(code=spec.cip).first()
    cluster = CareerCluster.objects.filter(framework=Framework.MODERN, slug=spec.cluster).first()
    if cip is None or cluster is None:
        return None
    subcluster = SubCluster.objects.filter(cluster=cluster, slug=spec.subcluster).first()
    school = None if spec.school_index < 0 else schools[spec.school_index % len(schools)]
    district = schools[0].district if school is None else None
    host = schools[spec.host_index % len(schools)] if spec.host_index is not None else None
    if (
        host is not None
        and school is not None
        and host.pk == school.pk
        and spec.delivery == DeliveryMode.ON_SITE
    ):
        host = None
    if district is not None and spec.delivery in (DeliveryMode.ON_SITE, DeliveryMode.SHARED) and host is None:
        host = schools[0]
    lookup: dict[str, School | District | None] = (
        {"school": school} if school is not None else {"district": district}
    )
    program, created = ProgramOfStudy.objects.get_or_create(
        name=spec.name,
        **lookup,
        defaults={
            "consortium": consortium,
            "description": spec.description,
            "cluster": cluster,
            "subcluster": subcluster,
            "cip": cip,
            "delivery_mode": spec.delivery,
            "host_school": host,
            "host_partner": college if spec.delivery == DeliveryMode.COLLEGE else None,
            "status": spec.status,
            "nontraditional_for": nontraditional_default(cip.code),
        },
    )
    if created:
        if spec.eligible == "all":
            eligible = schools
        elif spec.eligible == "pair" and school is not None:
            eligible = [school, schools[(schools.index(school) + 1) % len(schools)]]
        elif school is not None:
            eligible = [school]
        else:
            eligible = [s for s in schools if s.district_id == district.pk] if district else schools
        program.eligible_schools.set(eligible)
    sequence = []
    for position, ((code, title, description), level) in enumerate(zip(spec.courses, LEVELS, strict=True), 1):
        course, _c = Course.objects.get_or_create(
            consortium=consortium,
            code=code,
            defaults={
                "title": title,
                "description": description,
                "credits": Decimal(1),
                "grade_low": 9,
                "grade_high": 12,
            },
        )
        pc, _c = ProgramCourse.objects.get_or_create(
            program=program,
            course=course,
            defaults={
                "consortium": consortium,
                "level": level,
                "order": position,
                "recommended_grade": 9 + position,
            },
        )
        sequence.append(pc)
    course_index, code, title, credits, note = spec.dual_credit
    DualCreditCourse.objects.get_or_create(
        program_course=sequence[course_index],
        college=college,
        college_course_code=code,
        defaults={
            "consortium": consortium,
            "college_course_title": title,
            "college_credits": credits,
            "articulation_note": note,
        },
    )
    for credential_spec in spec.credentials:
        credential, _c = Credential.objects.get_or_create(
            consortium=consortium,
            name=credential_spec.name,
            issuer=credential_spec.issuer,
            defaults={"url": credential_spec.url},
        )
        ProgramCredential.objects.get_or_create(
            program=program,
            credential=credential,
            defaults={"consortium": consortium, "level": credential_spec.level},
        )
    if teacher is not None:
        TeacherAssignment.objects.get_or_create(
            program=program, teacher=teacher, defaults={"consortium": consortium, "is_lead": True}
        )
        TeacherLicense.objects.get_or_create(
            consortium=consortium,
            teacher=teacher,
            kind=LicenseKind.ENDORSEMENT,
            area=spec.teacher_area,
            defaults={"expires_on": _expiry(spec.name)},
        )
    partners = {p.name: p for p in Partner.objects.filter(consortium=consortium)}
    for person, organisation, role in spec.advisors:
        partner = partners.get(organisation)
        AdvisoryCommitteeMember.objects.get_or_create(
            consortium=consortium,
            program=program,
            person_name=person,
            defaults={
                "organisation": partner,
                "organisation_name": "" if partner else organisation,
                "role_title": role,
                "term_start": date(2025, 8, 1),
                "term_end": date(2027, 7, 31),
            },
        )
    return created


def _expiry(name: str) -> date:
    """Mostly a few years out; one program's endorsement expires soon, so staff see the warning."""
    today = timezone.localdate()
    if name.startswith("Welding"):
        return today + timedelta(days=45)
    return date(today.year + 3, 6, 30)
