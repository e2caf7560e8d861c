"""Submit, review, acknowledge, comment, and the plan's history (versions and snapshots)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.roles import Role
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import AuditEvent
from pathways.students import selectors_plans as sel
from pathways.students.models import PlanComment, PlanStatus, PlanVersion
from pathways.students.services import plans as services
from tests.cast import PASSWORD

from .test_plans_support import RN, WELDER, PlansWorld, programs_world, pw_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_it_needs_a_career_and_a_next_step_before_submitting(pw: PlansWorld) -> None:
    plan = pw.plan()
    with pytest.raises(InvalidInput) as caught:
        services.plan_submit(acting_user=pw.student, plan=plan)
    assert "career" in caught.value.message and "after high school" in caught.value.message
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not PlanVersion.objects.exists()


def test_it_keeps_the_approved_version_in_history_when_the_plan_is_edited(pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    submitted = services.plan_submit(acting_user=pw.student, plan=plan)
    assert (submitted.version, submitted.event) == (1, "submitted")
    approved = services.plan_review(acting_user=pw.cast.counselor, plan=plan, decision="approve")
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.reviewed_by) == (PlanStatus.APPROVED, 1, pw.cast.counselor)
    assert approved.snapshot["careers"][0]["code"] == RN
    assert [c["title"] for c in approved.snapshot["courses"]] == [
        "Health Science I",
        "Medical Terminology",
        "Clinical Practicum",
    ]

    # The student edits the approved plan: a new version, back to draft; version 1 stays as it was.
    services.plan_career_add(acting_user=pw.student, plan=plan, occupation=pw.occupation(WELDER))
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 2)
    services.plan_course_add(acting_user=pw.student, plan=plan, grade=9, title="Algebra I")
    plan.refresh_from_db()
    assert plan.version == 2  # version 2 is not frozen yet: further edits stay in it
    history = list(sel.plan_versions(plan))
    assert [(v.version, v.event) for v in history] == [(1, "approved"), (1, "submitted")]
    assert [c["code"] for c in history[0].snapshot["careers"]] == [RN]

    services.plan_submit(acting_user=pw.student, plan=plan)
    services.plan_review(
        acting_user=pw.cast.counselor, plan=plan, decision="request_changes", note="Add math."
    )
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.review_note) == (PlanStatus.CHANGES_REQUESTED, 2, "Add math.")
    services.plan_course_add(acting_user=pw.student, plan=plan, grade=10, title="Geometry")
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.CHANGES_REQUESTED, 3)
    assert [(v.version, v.event) for v in sel.plan_versions(plan)][:2] == [
        (2, "changes_requested"),
        (2, "submitted"),
    ]


def test_it_refuses_to_submit_twice_or_an_approved_plan(pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    services.plan_submit(acting_user=pw.student, plan=plan)
    with pytest.raises(InvalidInput, match="already waiting"):
        services.plan_submit(acting_user=pw.student, plan=plan)
    services.plan_review(acting_user=pw.cast.counselor, plan=plan, decision="approve")
    with pytest.raises(InvalidInput, match="already approved"):
        services.plan_submit(acting_user=pw.student, plan=plan)
    assert PlanVersion.objects.count() == 2


def test_it_requires_a_note_to_request_changes_and_a_submitted_plan(pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    with pytest.raises(InvalidInput, match="not waiting"):
        services.plan_review(acting_user=pw.cast.counselor, plan=plan, decision="approve")
    services.plan_submit(acting_user=pw.student, plan=plan)
    for decision, note in (("request_changes", "  "), ("maybe", "x"), ("approve", "x" * 2001)):
        with pytest.raises(InvalidInput):
            services.plan_review(acting_user=pw.cast.counselor, plan=plan, decision=decision, note=note)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and PlanVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("counselor", True),
        ("admin", True),
        ("staff", True),
        ("teacher", False),
        ("district_admin", False),
        ("guardian", False),
        ("student", False),
        ("other_student", False),
        ("partner_contact", False),
        ("outsider", False),
        ("beta_student", False),
        ("middle_counselor", False),
    ],
)
def test_it_lets_the_school_counselor_or_a_leader_review(pw: PlansWorld, role: str, allowed: bool) -> None:
    plan = pw.ready_plan()
    services.plan_submit(acting_user=pw.student, plan=plan)
    actor = pw.middle_counselor if role == "middle_counselor" else getattr(pw.cast, role)
    if allowed:
        services.plan_review(acting_user=actor, plan=plan, decision="approve")
        plan.refresh_from_db()
        assert plan.status == PlanStatus.APPROVED
    else:
        with pytest.raises(NotFound):
            services.plan_review(acting_user=actor, plan=plan, decision="approve")
        plan.refresh_from_db()
        assert plan.status == PlanStatus.SUBMITTED and plan.reviewed_by is None


def test_it_records_which_version_the_guardian_acknowledged(pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    guardian = pw.cast.guardian
    with pytest.raises(InvalidInput, match="still a draft"):
        services.plan_acknowledge(acting_user=guardian, plan=plan)
    services.plan_submit(acting_user=pw.student, plan=plan)
    services.plan_review(acting_user=pw.cast.counselor, plan=plan, decision="approve")
    version = services.plan_acknowledge(acting_user=guardian, plan=plan)
    plan.refresh_from_db()
    assert (plan.acknowledged_by, plan.acknowledged_version, version.event, version.version) == (
        guardian,
        1,
        "acknowledged",
        1,
    )
    assert plan.acknowledged_at is not None
    with pytest.raises(InvalidInput, match="already acknowledged"):
        services.plan_acknowledge(acting_user=guardian, plan=plan)
    # The plan changes: the acknowledgement stays on version 1 and is no longer current.
    services.plan_career_add(acting_user=pw.student, plan=plan, occupation=pw.occupation(WELDER))
    plan.refresh_from_db()
    assert (plan.version, plan.acknowledged_version) == (2, 1)
    view = sel.plan_view(sel.student_info(pw.student), plan)
    assert not view.acknowledged_current
    assert AuditEvent.objects.filter(action="students.plan.acknowledge", actor=guardian).count() == 1


@pytest.mark.parametrize("role", ["student", "counselor", "teacher", "admin", "outsider", "other_guardian"])
def test_it_lets_only_a_linked_guardian_acknowledge(pw: PlansWorld, role: str) -> None:
    plan = pw.ready_plan()
    services.plan_submit(acting_user=pw.student, plan=plan)
    if role == "other_guardian":
        actor = User.objects.create_user("gina", password=PASSWORD, first_name="Gina")
        Membership.objects.create(user=actor, role=Role.GUARDIAN, consortium=pw.cast.alpha)
        GuardianLink.objects.create(consortium=pw.cast.alpha, guardian=actor, student=pw.cast.other_student)
    else:
        actor = getattr(pw.cast, role)
    with pytest.raises(NotFound):
        services.plan_acknowledge(acting_user=actor, plan=plan)
    plan.refresh_from_db()
    assert plan.acknowledged_version is None


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("student", True),
        ("guardian", True),
        ("counselor", True),
        ("teacher", True),
        ("district_admin", True),
        ("admin", True),
        ("other_student", False),
        ("partner_contact", False),
        ("outsider", False),
        ("beta_student", False),
    ],
)
def test_it_takes_comments_from_people_who_may_see_the_student(
    pw: PlansWorld, role: str, allowed: bool
) -> None:
    plan = pw.plan()
    actor = getattr(pw.cast, role)
    if allowed:
        comment = services.plan_comment_add(acting_user=actor, plan=plan, text="  Looks good!  ")
        assert (comment.text, comment.author, comment.consortium_id) == (
            "Looks good!",
            actor,
            pw.cast.alpha.pk,
        )
    else:
        with pytest.raises(NotFound):
            services.plan_comment_add(acting_user=actor, plan=plan, text="Hello")
        assert not PlanComment.objects.exists()


def test_it_refuses_an_empty_or_long_comment(pw: PlansWorld) -> None:
    plan = pw.plan()
    for text in ("", "   ", "x" * 2001):
        with pytest.raises(InvalidInput):
            services.plan_comment_add(acting_user=pw.cast.guardian, plan=plan, text=text)
    assert not PlanComment.objects.exists()


def test_it_snapshots_dual_credit_and_the_step_cost(pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    version = services.plan_submit(acting_user=pw.student, plan=plan)
    snap = version.snapshot
    assert snap["college_credits"] == "9.5" and snap["tuition_saved"] == "623.70" and snap["tuition_unknown"]
    assert snap["postsecondary"]["step"] == "two_year" and snap["postsecondary"]["annual_cost"] == 4050
    assert snap["postsecondary"]["total_cost"] == 8100
    assert Decimal(snap["courses"][1]["dual_credit"][0]["saved"]) == Decimal("168.75")
    assert snap["student"]["name"] == "Stella Student"
