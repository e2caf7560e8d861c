"""Shared world for the family and caseload tests (imported by the test_family_* modules).

Around the fixed cast (tests/cast.py), on the public-data cut:

- programs of Alpha High: Welding Technology (CIP 48.0508, non-traditional for women by the
  default rule) and Nursing (CIP 51.3801, non-traditional for men); Beta High: Beta Welding;
- Alpha High students: Stella (the cast's student, grade 10, linked to the guardian Gus): a
  "Doers" profile, favourites, a plan with Welding waiting for review; Ana (grade 9, nothing
  yet); Ben (grade 11, plan with changes requested); Cy (grade 12, a "Helpers" profile, plan
  approved with Nursing);
- Alpha Middle: Otto (the cast's other student, grade 7, no profile: waiting for consent);
- Beta High: Bea (grade 11) with a completed profile and a draft plan (the outsider's caseload).

Records are written with the models directly: these tests are about what families and staff
read, not about how students write (that is the profiler and plans parts' tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.catalog.models import CareerCluster, CipProgram, Occupation
from pathways.matching.interests import score_answers, top_areas
from pathways.orgs.models import School
from pathways.programs import services as program_services
from pathways.programs.models import ProgramOfStudy
from pathways.students.models import (
    AttemptStatus,
    ConsentStatus,
    Favourite,
    FavouriteKind,
    Plan,
    PlanCareer,
    PlanStatus,
    ProfilerAttempt,
    StudentProfile,
)
from tests.cast import PASSWORD, Cast

# Answers in item order (R R I I A A S S E E C C, five times).
DOER = "551111111133" * 5  # R 40, C 20, the rest 0
HELPER = "223311551122" * 5  # S 40, I 20, R 10, C 10
THINKER = "225511111133" * 5  # I 40, C 20, R 10


@dataclass
class Family:
    cast: Cast
    welding: ProgramOfStudy
    nursing: ProgramOfStudy
    beta_program: ProgramOfStudy
    ana: User
    ben: User
    cy: User

    @property
    def stella(self) -> User:
        return self.cast.student


def student(cast: Cast, username: str, first: str, last: str, grade: int | None, school: School) -> User:
    user = User.objects.create_user(
        username, password=PASSWORD, first_name=first, last_name=last, grade_level=grade
    )
    Membership.objects.create(user=user, role=Role.STUDENT, consortium=school.consortium, school=school)
    return user


def profile(user: User, school: School, status: str = ConsentStatus.NOT_NEEDED) -> StudentProfile:
    return StudentProfile.objects.create(
        consortium=school.consortium, student=user, school=school, consent_status=status
    )


def attempt(user: User, answers: str, *, days_ago: int = 10) -> ProfilerAttempt:
    scores = score_answers(answers)
    membership = Membership.objects.get(user=user, role=Role.STUDENT)
    return ProfilerAttempt.objects.create(
        consortium=membership.consortium,
        student=user,
        answers=answers,
        status=AttemptStatus.COMPLETED,
        completed_at=timezone.now() - timedelta(days=days_ago),
        scores=scores,
        top="".join(top_areas(scores)),
    )


def plan(
    user: User, status: str, program: ProgramOfStudy | None = None, careers: tuple[str, ...] = ()
) -> Plan:
    membership = Membership.objects.get(user=user, role=Role.STUDENT)
    row = Plan.objects.create(
        consortium=membership.consortium,
        student=user,
        program=program,
        status=status,
        postsecondary_step="certificate",
        submitted_at=timezone.now() if status != PlanStatus.DRAFT else None,
        review_note="Add a dual-credit course." if status == PlanStatus.CHANGES_REQUESTED else "",
    )
    for order, code in enumerate(careers, start=1):
        PlanCareer.objects.create(
            consortium=row.consortium, plan=row, occupation=Occupation.objects.get(code=code), order=order
        )
    return row


def cluster(slug: str) -> CareerCluster:
    return CareerCluster.objects.get(framework="2024", slug=slug)


def build_family(cast: Cast) -> Family:
    welding = program_services.program_create(
        acting_user=cast.admin,
        school=cast.school,
        name="Welding Technology",
        cluster=cluster("advanced-manufacturing"),
        cip=CipProgram.objects.get(code="48.0508"),
    )
    nursing = program_services.program_create(
        acting_user=cast.admin,
        school=cast.school,
        name="Nursing",
        cluster=cluster("healthcare-human-services"),
        cip=CipProgram.objects.get(code="51.3801"),
    )
    beta_admin = User.objects.create_user("bert", password=PASSWORD, first_name="Bert", last_name="Beta")
    Membership.objects.create(user=beta_admin, role=Role.CONSORTIUM_ADMIN, consortium=cast.beta)
    beta_program = program_services.program_create(
        acting_user=beta_admin,
        school=cast.beta_school,
        name="Beta Welding",
        cluster=cluster("advanced-manufacturing"),
        cip=CipProgram.objects.get(code="48.0508"),
    )
    # Stella: Doers, favourites, plan waiting for review.
    profile(cast.student, cast.school)
    attempt(cast.student, THINKER, days_ago=120)
    attempt(cast.student, DOER, days_ago=5)
    Favourite.objects.create(
        consortium=cast.alpha,
        student=cast.student,
        kind=FavouriteKind.OCCUPATION,
        occupation=Occupation.objects.get(code="51-4121.00"),
    )
    Favourite.objects.create(
        consortium=cast.alpha, student=cast.student, kind=FavouriteKind.PROGRAM, program=welding
    )
    plan(cast.student, PlanStatus.SUBMITTED, welding, ("51-4121.00",))
    ana = student(cast, "ana", "Ana", "Alpha", 9, cast.school)
    ben = student(cast, "ben", "Ben", "Bravo", 11, cast.school)
    profile(ben, cast.school)
    attempt(ben, THINKER)
    plan(ben, PlanStatus.CHANGES_REQUESTED, welding, ("51-4121.00",))
    cy = student(cast, "cy", "Cy", "Charlie", 12, cast.school)
    profile(cy, cast.school)
    attempt(cy, HELPER)
    plan(cy, PlanStatus.APPROVED, nursing, ("29-1141.00",))
    # Beta: the outsider's own student.
    profile(cast.beta_student, cast.beta_school)
    attempt(cast.beta_student, HELPER)
    plan(cast.beta_student, PlanStatus.DRAFT, beta_program, ("51-4121.00",))
    return Family(cast, welding, nursing, beta_program, ana, ben, cy)


@pytest.fixture(name="family")
def family_fixture(cast: Cast, catalog_db: None) -> Family:
    return build_family(cast)


def login(client, user: User) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username=user.username, password=PASSWORD)
