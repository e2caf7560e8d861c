"""The world the plans tests share: the programs of `pathways/programs/tests/conftest.py` around the
fixed cast, plus a nursing sequence with dual credit at two colleges and two credentials.

Import the fixture where it is used: `from .test_plans_support import programs_world, pw_fixture`.

Alpha High (Stella, grade 10, guardian Gus; counselor Cora, teacher Tom) can reach Nursing (its
own), Welding (shared), Computer Science (virtual) and Diesel (college); not Electrical (Alpha
Middle only) and not the planned program. Alpha Middle (Otto, grade 7) gets a counselor of its
own, Mia, who must not review Alpha High's plans.

Nursing's sequence: Health Science I (introductory, grade 10), Medical Terminology (concentrator,
grade 11; dual credit: 3 credits at Alpha College, $56.25 a credit, and 4.5 credits at Alpha
Tech, $101.10 a credit), Clinical Practicum (capstone, grade 12; dual credit: 2 credits at Mesa
College, tuition not on record). Credentials: CNA (capstone) and CPR (introductory).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.catalog.models import Occupation
from pathways.orgs.models import Partner, PartnerKind
from pathways.programs import services as program_services
from pathways.programs.models import Course, Credential, ProgramCourse
from pathways.programs.tests.conftest import World
from pathways.programs.tests.conftest import world as programs_world  # noqa: F401  (the fixture `world`)
from pathways.students.models import Plan
from pathways.students.services import plans as services
from tests.cast import PASSWORD, Cast

RN, WELDER, SOFTWARE = "29-1141.00", "51-4121.00", "15-1252.00"


@dataclass
class PlansWorld:
    world: World
    cast: Cast
    intro: ProgramCourse
    terminology: ProgramCourse
    practicum: ProgramCourse
    cna: Credential
    cpr: Credential
    beta_course: Course
    beta_credential: Credential
    middle_counselor: User
    alpha_tech: Partner
    mesa: Partner

    @property
    def student(self) -> User:
        return self.cast.student

    def occupation(self, code: str) -> Occupation:
        return Occupation.objects.get(code=code)

    def plan(self) -> Plan:
        return services.plan_get_or_create(acting_user=self.cast.student, student=self.cast.student)

    def ready_plan(self) -> Plan:
        """Stella's plan with a career, nursing and a step after high school: ready to submit."""
        plan = self.plan()
        services.plan_career_add(acting_user=self.student, plan=plan, occupation=self.occupation(RN))
        services.plan_program_set(acting_user=self.student, plan=plan, program=self.world.nursing)
        services.plan_next_step_set(acting_user=self.student, plan=plan, step="two_year")
        plan.refresh_from_db()
        return plan


def login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture(name="pw")
def pw_fixture(programs_world: World) -> PlansWorld:  # noqa: F811  (the fixture imported above)
    world = programs_world
    cast = world.cast
    admin = cast.admin
    nursing = world.nursing

    def course(code: str, title: str) -> Course:
        return program_services.course_create(
            acting_user=admin, consortium=cast.alpha, code=code, title=title
        )

    intro = program_services.program_course_add(
        acting_user=admin,
        program=nursing,
        course=course("HS-101", "Health Science I"),
        level="introductory",
        recommended_grade=10,
    )
    terminology = program_services.program_course_add(
        acting_user=admin,
        program=nursing,
        course=course("HS-201", "Medical Terminology"),
        level="concentrator",
        recommended_grade=11,
    )
    practicum = program_services.program_course_add(
        acting_user=admin,
        program=nursing,
        course=course("HS-301", "Clinical Practicum"),
        level="capstone",
        recommended_grade=12,
    )
    alpha_tech = Partner.objects.create(
        consortium=cast.alpha, kind=PartnerKind.POSTSECONDARY, name="Alpha Tech"
    )
    mesa = Partner.objects.create(consortium=cast.alpha, kind=PartnerKind.POSTSECONDARY, name="Mesa College")
    program_services.college_terms_set(acting_user=admin, college=world.college, tuition_per_credit="56.25")
    program_services.college_terms_set(acting_user=admin, college=alpha_tech, tuition_per_credit="101.10")
    program_services.dual_credit_add(
        acting_user=admin,
        program_course=terminology,
        college=world.college,
        college_course_code="HLT 110",
        college_course_title="Medical Terminology",
        college_credits=Decimal("3"),
    )
    program_services.dual_credit_add(
        acting_user=admin,
        program_course=terminology,
        college=alpha_tech,
        college_course_code="MED 100",
        college_course_title="Health Careers",
        college_credits=Decimal("4.5"),
    )
    program_services.dual_credit_add(
        acting_user=admin,
        program_course=practicum,
        college=mesa,
        college_course_code="NA 120",
        college_course_title="Nursing Assistant",
        college_credits=Decimal("2"),
    )
    cna = program_services.credential_create(
        acting_user=admin, consortium=cast.alpha, name="Certified Nursing Assistant", issuer="State Board"
    )
    cpr = program_services.credential_create(
        acting_user=admin, consortium=cast.alpha, name="CPR and First Aid", issuer="Red Cross"
    )
    program_services.program_credential_add(
        acting_user=admin, program=nursing, credential=cna, level="capstone"
    )
    program_services.program_credential_add(
        acting_user=admin, program=nursing, credential=cpr, level="introductory"
    )
    beta_course = Course.objects.create(consortium=cast.beta, code="B-1", title="Beta Welding I")
    beta_credential = Credential.objects.create(consortium=cast.beta, name="Beta Cert", issuer="Beta")
    middle_counselor = User.objects.create_user(
        "mia", password=PASSWORD, first_name="Mia", last_name="Middle"
    )
    Membership.objects.create(
        user=middle_counselor, role=Role.COUNSELOR, consortium=cast.alpha, school=cast.other_school
    )
    return PlansWorld(
        world=world,
        cast=cast,
        intro=intro,
        terminology=terminology,
        practicum=practicum,
        cna=cna,
        cpr=cpr,
        beta_course=beta_course,
        beta_credential=beta_credential,
        middle_counselor=middle_counselor,
        alpha_tech=alpha_tech,
        mesa=mesa,
    )


def test_it_builds_the_plans_world(pw: PlansWorld) -> None:
    assert [pc.course.code for pc in (pw.intro, pw.terminology, pw.practicum)] == [
        "HS-101",
        "HS-201",
        "HS-301",
    ]
    assert pw.terminology.dual_credits.count() == 2
