"""Dual credit and tuition saved: the sum of college credits * the college's tuition per credit, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pathways.programs import services as program_services
from pathways.students import selectors_plans as sel
from pathways.students.services import plans as services

from .test_plans_support import PlansWorld, programs_world, pw_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def view_of(pw: PlansWorld) -> sel.PlanView:
    return sel.plan_view(sel.student_info(pw.student), sel.plan_of(pw.student))


def test_it_computes_tuition_saved_exactly(pw: PlansWorld) -> None:
    plan = pw.plan()
    services.plan_program_set(acting_user=pw.student, plan=plan, program=pw.world.nursing)
    view = view_of(pw)
    rows = {(d.dual_credit.college.name, d.dual_credit.college_course_code): d for d in view.dual_credits}
    # 3 * $56.25 = $168.75; 4.5 * $101.10 = $454.95; Mesa College has no tuition on record.
    assert rows[("Alpha College", "HLT 110")].saved == Decimal("168.75")
    assert rows[("Alpha Tech", "MED 100")].saved == Decimal("454.95")
    assert rows[("Mesa College", "NA 120")].saved is None
    assert view.college_credits == Decimal("9.5")
    assert view.tuition_saved == Decimal("623.70")
    assert view.tuition_unknown is True


def test_it_follows_the_plan_when_courses_move_or_leave(pw: PlansWorld) -> None:
    plan = pw.plan()
    services.plan_program_set(acting_user=pw.student, plan=plan, program=pw.world.nursing)
    row = plan.courses.get(program_course=pw.terminology)
    services.plan_course_move(acting_user=pw.student, plan_course=row, grade=10)
    assert view_of(pw).tuition_saved == Decimal("623.70")  # the grade does not matter
    services.plan_course_remove(acting_user=pw.student, plan_course=row)
    view = view_of(pw)
    assert (view.college_credits, view.tuition_saved) == (Decimal("2"), Decimal("0.00"))


def test_it_uses_the_tuition_the_consortium_sets_now(pw: PlansWorld) -> None:
    plan = pw.plan()
    services.plan_program_set(acting_user=pw.student, plan=plan, program=pw.world.nursing)
    program_services.college_terms_set(acting_user=pw.cast.admin, college=pw.mesa, tuition_per_credit="48.33")
    view = view_of(pw)
    assert view.tuition_saved == Decimal("623.70") + Decimal("96.66")
    assert view.tuition_unknown is False


def test_it_counts_no_dual_credit_for_a_plan_without_a_program(pw: PlansWorld) -> None:
    plan = pw.plan()
    services.plan_course_add(acting_user=pw.student, plan=plan, grade=11, title="Medical Terminology")
    view = view_of(pw)
    assert view.dual_credits == [] and view.tuition_saved == Decimal("0.00")
