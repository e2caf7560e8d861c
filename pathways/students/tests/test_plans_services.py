"""Plans services: favourites and plan edits — permissions per role of the cast (the outsider gets
the same 404 as a missing student), validation (bad input changes nothing), tenancy, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pathways.catalog.models import CipProgram
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import AuditEvent
from pathways.programs.models import ProgramCourse
from pathways.students import selectors_plans as sel
from pathways.students.models import (
    ConsentStatus,
    Favourite,
    Plan,
    PlanActivity,
    PlanCareer,
    PlanCourse,
    PlanCredential,
    StepCost,
    StudentProfile,
)
from pathways.students.services import plans as services

from .test_plans_support import RN, SOFTWARE, WELDER, PlansWorld, programs_world, pw_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

OTHERS = (
    "admin",
    "staff",
    "district_admin",
    "counselor",
    "teacher",
    "guardian",
    "other_student",
    "partner_contact",
    "outsider",
    "beta_student",
)


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Plan, PlanCareer, PlanCourse, PlanCredential, PlanActivity, Favourite)
    )


# --- favourites ------------------------------------------------------------------------------


def test_it_saves_and_removes_a_favourite_career_and_program_with_an_audit_trail(pw: PlansWorld) -> None:
    stella = pw.student
    favourite = services.favourite_add(acting_user=stella, student=stella, occupation=pw.occupation(RN))
    again = services.favourite_add(acting_user=stella, student=stella, occupation=pw.occupation(RN))
    assert again.pk == favourite.pk and Favourite.objects.filter(student=stella).count() == 1
    assert favourite.consortium_id == pw.cast.alpha.pk and favourite.kind == "occupation"
    services.favourite_add(acting_user=stella, student=stella, program=pw.world.nursing)
    assert {f.kind for f in sel.favourites_of(stella)} == {"occupation", "program"}
    assert services.favourite_remove(acting_user=stella, student=stella, occupation=pw.occupation(RN)) is True
    assert (
        services.favourite_remove(acting_user=stella, student=stella, occupation=pw.occupation(RN)) is False
    )
    actions = list(
        AuditEvent.objects.filter(action__startswith="students.favourite").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "students.favourite.add",
        "students.favourite.add",
        "students.favourite.remove",
    ]


@pytest.mark.parametrize("role", OTHERS)
def test_it_lets_only_the_student_change_their_favourites(pw: PlansWorld, role: str) -> None:
    actor = getattr(pw.cast, role)
    with pytest.raises(NotFound):
        services.favourite_add(acting_user=actor, student=pw.student, occupation=pw.occupation(RN))
    assert not Favourite.objects.exists()


def test_it_refuses_a_program_of_another_consortium_or_a_planned_one(pw: PlansWorld) -> None:
    stella = pw.student
    for program in (pw.world.beta_program, pw.world.planned):
        with pytest.raises(NotFound):
            services.favourite_add(acting_user=stella, student=stella, program=program)
    with pytest.raises(InvalidInput):
        services.favourite_add(acting_user=stella, student=stella)
    with pytest.raises(InvalidInput):
        services.favourite_add(
            acting_user=stella, student=stella, occupation=pw.occupation(RN), program=pw.world.nursing
        )
    assert not Favourite.objects.exists()


def test_it_stores_nothing_for_a_student_under_13_without_consent(pw: PlansWorld) -> None:
    otto = pw.cast.other_student
    StudentProfile.objects.create(
        consortium=pw.cast.alpha,
        student=otto,
        school=pw.cast.other_school,
        consent_status=ConsentStatus.PENDING,
    )
    with pytest.raises(InvalidInput, match="consent"):
        services.favourite_add(acting_user=otto, student=otto, occupation=pw.occupation(WELDER))
    with pytest.raises(InvalidInput, match="consent"):
        services.plan_get_or_create(acting_user=otto, student=otto)
    assert counts() == (0, 0, 0, 0, 0, 0)
    StudentProfile.objects.filter(student=otto).update(consent_status=ConsentStatus.GRANTED)
    services.favourite_add(acting_user=otto, student=otto, occupation=pw.occupation(WELDER))
    assert Favourite.objects.filter(student=otto).count() == 1


# --- plan content ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHERS)
def test_it_lets_only_the_student_edit_their_plan(pw: PlansWorld, role: str) -> None:
    plan = pw.plan()
    actor = getattr(pw.cast, role)
    before = counts()
    with pytest.raises(NotFound):
        services.plan_get_or_create(acting_user=actor, student=pw.student)
    with pytest.raises(NotFound):
        services.plan_career_add(acting_user=actor, plan=plan, occupation=pw.occupation(RN))
    with pytest.raises(NotFound):
        services.plan_program_set(acting_user=actor, plan=plan, program=pw.world.nursing)
    with pytest.raises(NotFound):
        services.plan_course_add(acting_user=actor, plan=plan, grade=9, title="Algebra I")
    with pytest.raises(NotFound):
        services.plan_next_step_set(acting_user=actor, plan=plan, step="work")
    assert counts() == before


def test_it_keeps_one_to_three_distinct_careers(pw: PlansWorld) -> None:
    plan, stella = pw.plan(), pw.student
    for code in (RN, WELDER, SOFTWARE):
        services.plan_career_add(acting_user=stella, plan=plan, occupation=pw.occupation(code))
    before = counts()
    with pytest.raises(InvalidInput, match="up to 3"):
        services.plan_career_add(acting_user=stella, plan=plan, occupation=pw.occupation("29-1141.01"))
    services.plan_career_remove(acting_user=stella, plan=plan, occupation=pw.occupation(WELDER))
    with pytest.raises(InvalidInput, match="already"):
        services.plan_career_add(acting_user=stella, plan=plan, occupation=pw.occupation(RN))
    assert list(plan.careers.values_list("occupation_id", "order")) == [(RN, 1), (SOFTWARE, 2)]
    assert counts()[1] == before[1] - 1


def test_it_places_the_program_sequence_at_recommended_grades_and_replaces_it_on_change(
    pw: PlansWorld,
) -> None:
    plan, stella = pw.plan(), pw.student
    services.plan_course_add(acting_user=stella, plan=plan, grade=9, title="Algebra I")
    services.plan_program_set(acting_user=stella, plan=plan, program=pw.world.nursing)
    rows = list(plan.courses.order_by("grade", "order").values_list("grade", "title", "program_course_id"))
    assert rows == [
        (9, "Algebra I", None),
        (10, "Health Science I", pw.intro.pk),
        (11, "Medical Terminology", pw.terminology.pk),
        (12, "Clinical Practicum", pw.practicum.pk),
    ]
    services.plan_credentials_set(acting_user=stella, plan=plan, credentials=[pw.cna])
    services.plan_program_set(acting_user=stella, plan=plan, program=pw.world.welding)
    assert list(plan.courses.values_list("title", flat=True)) == ["Algebra I"]  # welding has no sequence here
    assert not plan.credentials.exists()
    plan.refresh_from_db()
    assert plan.program == pw.world.welding


def test_it_refuses_a_program_the_school_cannot_reach_and_changes_nothing(pw: PlansWorld) -> None:
    plan, stella = pw.plan(), pw.student
    services.plan_program_set(acting_user=stella, plan=plan, program=pw.world.nursing)
    before = counts()
    for program in (pw.world.electrical, pw.world.planned, pw.world.beta_program):
        with pytest.raises(InvalidInput) as caught:
            services.plan_program_set(acting_user=stella, plan=plan, program=program)
        assert caught.value.field == "program"
    plan.refresh_from_db()
    assert plan.program == pw.world.nursing and counts() == before


@pytest.mark.parametrize("grade", [None, "", 5, 13, "nine"])
def test_it_refuses_a_course_outside_grades_6_to_12(pw: PlansWorld, grade: object) -> None:
    plan = pw.plan()
    with pytest.raises(InvalidInput) as caught:
        services.plan_course_add(acting_user=pw.student, plan=plan, grade=grade, title="Algebra I")  # type: ignore[arg-type]
    assert caught.value.field == "grade" and not plan.courses.exists()


def test_it_checks_courses_against_the_program_and_the_consortium(pw: PlansWorld) -> None:
    plan, stella = pw.plan(), pw.student
    with pytest.raises(InvalidInput, match="not part of your program"):
        services.plan_course_add(acting_user=stella, plan=plan, grade=10, program_course=pw.intro)
    with pytest.raises(InvalidInput, match="another consortium"):
        services.plan_course_add(acting_user=stella, plan=plan, grade=10, course=pw.beta_course)
    with pytest.raises(InvalidInput):
        services.plan_course_add(acting_user=stella, plan=plan, grade=10, title="   ")
    with pytest.raises(InvalidInput):
        services.plan_course_add(acting_user=stella, plan=plan, grade=10, title="x" * 201)
    assert not plan.courses.exists()
    # A title that names a course of the catalog links to it; adding it twice is refused.
    row = services.plan_course_add(acting_user=stella, plan=plan, grade=9, title="health science i")
    assert row.course_id == pw.intro.course_id and row.title == "Health Science I"
    with pytest.raises(InvalidInput, match="already"):
        services.plan_course_add(acting_user=stella, plan=plan, grade=11, title="HS-101")
    # Choosing nursing afterwards links that course to the program instead of adding it twice.
    services.plan_program_set(acting_user=stella, plan=plan, program=pw.world.nursing)
    assert plan.courses.filter(course_id=pw.intro.course_id).count() == 0
    assert plan.courses.get(program_course=pw.intro).grade == 9


def test_it_moves_and_removes_a_course(pw: PlansWorld) -> None:
    plan, stella = pw.plan(), pw.student
    services.plan_program_set(acting_user=stella, plan=plan, program=pw.world.nursing)
    row = plan.courses.get(program_course=pw.practicum)
    services.plan_course_move(acting_user=stella, plan_course=row, grade=11)
    row.refresh_from_db()
    assert row.grade == 11
    with pytest.raises(InvalidInput):
        services.plan_course_move(acting_user=stella, plan_course=row, grade=4)
    row.refresh_from_db()
    assert row.grade == 11
    services.plan_course_remove(acting_user=stella, plan_course=row)
    assert not plan.courses.filter(program_course=pw.practicum).exists()
    with pytest.raises(NotFound):
        services.plan_course_remove(acting_user=pw.cast.counselor, plan_course=plan.courses.first())  # type: ignore[arg-type]


def test_it_keeps_credentials_to_those_of_the_program(pw: PlansWorld) -> None:
    plan, stella = pw.plan(), pw.student
    with pytest.raises(InvalidInput):
        services.plan_credentials_set(acting_user=stella, plan=plan, credentials=[pw.cna])  # no program yet
    services.plan_program_set(acting_user=stella, plan=plan, program=pw.world.nursing)
    with pytest.raises(InvalidInput, match="another consortium"):
        services.plan_credentials_set(acting_user=stella, plan=plan, credentials=[pw.cna, pw.beta_credential])
    assert not plan.credentials.exists()
    services.plan_credentials_set(acting_user=stella, plan=plan, credentials=[pw.cna, pw.cpr])
    services.plan_credentials_set(acting_user=stella, plan=plan, credentials=[pw.cpr])
    assert list(plan.credentials.values_list("credential__name", flat=True)) == ["CPR and First Aid"]


def test_it_adds_activities_of_the_engagement_ladder(pw: PlansWorld) -> None:
    plan, stella = pw.plan(), pw.student
    activity = services.plan_activity_add(
        acting_user=stella, plan=plan, kind="job_shadow", description="Shadow a nurse at the clinic", grade=11
    )
    for kind, description, grade in (
        ("bungee", "x", None),
        ("job_shadow", "", None),
        ("internship", "x", 14),
    ):
        with pytest.raises(InvalidInput):
            services.plan_activity_add(
                acting_user=stella, plan=plan, kind=kind, description=description, grade=grade
            )
    assert list(plan.activities.values_list("kind", "grade")) == [("job_shadow", 11)]
    services.plan_activity_remove(acting_user=stella, activity=activity)
    assert not plan.activities.exists()


def test_it_sets_the_step_after_high_school_and_creates_the_step_cost_defaults(pw: PlansWorld) -> None:
    plan, stella = pw.plan(), pw.student
    nursing_cip = CipProgram.objects.get(code="51.3801")
    services.plan_next_step_set(
        acting_user=stella,
        plan=plan,
        step="two_year",
        postsecondary_program=nursing_cip,
        note="At the college",
        goals="Work in a hospital",
    )
    plan.refresh_from_db()
    assert (plan.postsecondary_step, plan.postsecondary_program_id, plan.goals) == (
        "two_year",
        "51.3801",
        "Work in a hospital",
    )
    costs = {c.step: c for c in StepCost.objects.filter(consortium=pw.cast.alpha)}
    assert set(costs) == {"certificate", "two_year", "apprenticeship", "four_year", "military", "work"}
    assert (costs["two_year"].years, costs["two_year"].annual_cost) == (Decimal("2.0"), 4050)
    assert costs["apprenticeship"].earns_while_learning and costs["apprenticeship"].annual_cost == 0
    assert "College Board" in costs["four_year"].source
    for bad in (
        {"step": "gap_year"},
        {"step": "work", "postsecondary_program": CipProgram.objects.get(code="51")},
    ):
        with pytest.raises(InvalidInput):
            services.plan_next_step_set(acting_user=stella, plan=plan, **bad)  # type: ignore[arg-type]
    plan.refresh_from_db()
    assert plan.postsecondary_step == "two_year"


def test_it_lets_only_leaders_set_local_step_costs(pw: PlansWorld) -> None:
    cast = pw.cast
    for actor in (cast.counselor, cast.student, cast.outsider, cast.district_admin):
        with pytest.raises(NotFound):
            services.step_cost_set(
                acting_user=actor,
                consortium_id=cast.alpha.pk,
                step="two_year",
                years="2",
                annual_cost="1500",
                earns_while_learning=False,
                source="Local",
            )
    with pytest.raises(InvalidInput):
        services.step_cost_set(
            acting_user=cast.admin,
            consortium_id=cast.alpha.pk,
            step="two_year",
            years="ten",
            annual_cost="1500",
            earns_while_learning=False,
            source="Local",
        )
    cost = services.step_cost_set(
        acting_user=cast.admin,
        consortium_id=cast.alpha.pk,
        step="two_year",
        years="2",
        annual_cost="$1,500",
        earns_while_learning=False,
        source="Santa Fe Community College, 2025-26",
    )
    assert (cost.annual_cost, cost.source) == (1500, "Santa Fe Community College, 2025-26")


def test_it_reads_the_program_sequence_even_without_recommended_grades(pw: PlansWorld) -> None:
    ProgramCourse.objects.filter(pk=pw.practicum.pk).update(recommended_grade=None)
    grades = {pc.course.code: grade for pc, grade in sel.program_sequence_grades(pw.world.nursing)}
    assert grades == {"HS-101": 10, "HS-201": 11, "HS-301": 12}
