"""Placements: agreement signatures (guardian only for minors), hours rules, supervisor review,
evaluations, completion, portfolio and Perkins 5S3 selectors, who may see what."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import AuditEvent
from pathways.students.models import StudentProfile
from pathways.wbl import selectors_rounds as sel
from pathways.wbl.models import EvaluationKind, HoursStatus, Placement, PlacementStatus, Skill
from pathways.wbl.policies_rounds import access_placement
from pathways.wbl.services import placements as services
from pathways.wbl.services import rounds as rounds_services

from .rounds_helpers import add, new_round, opportunity

pytestmark = pytest.mark.django_db
ALL_FOUR = {s.value: 3 for s in Skill}


@pytest.fixture
def placement(cast) -> Placement:
    rnd = new_round(cast)
    entry = add(cast, rnd, opportunity(cast, "Machining internship"))
    rounds_services.open_round(cast.staff, rnd)
    rounds_services.submit_choices(cast.student, rnd, [str(entry.public_id)], has_transportation=True)
    rounds_services.close_round(cast.staff, rnd)
    rounds_services.compute_round(cast.staff, rnd, seed=3)
    rounds_services.publish_round(cast.staff, rnd)
    return Placement.objects.select_related("student", "opportunity__partner").get(student=cast.student)


def sign_all(cast, p):
    services.sign(cast.student, p, role="student", typed_name="Stella Student")
    services.sign(cast.guardian, p, role="guardian", typed_name="gus guardian")
    services.sign(cast.partner_contact, p, role="supervisor", typed_name="Pia Partner")
    services.sign(cast.staff, p, role="coordinator", typed_name="Sam Staff")
    p.refresh_from_db()


class TestAgreement:
    def test_it_is_active_once_all_four_signed(self, cast, placement):
        assert placement.supervisor == cast.partner_contact  # the host's only contact
        assert services.required_roles(placement) == ["student", "guardian", "supervisor", "coordinator"]
        services.sign(cast.student, placement, role="student", typed_name="Stella Student")
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.AGREEMENT
        sign_all_but_student = [
            (cast.guardian, "guardian", "Gus Guardian"),
            (cast.partner_contact, "supervisor", "Pia Partner"),
            (cast.staff, "coordinator", "Sam Staff"),
        ]
        for user, role, name in sign_all_but_student:
            services.sign(user, placement, role=role, typed_name=name)
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.ACTIVE

    def test_the_typed_name_must_be_the_signers_own_and_roles_are_checked(self, cast, placement):
        with pytest.raises(InvalidInput) as exc:
            services.sign(cast.student, placement, role="student", typed_name="Someone Else")
        assert exc.value.field == "typed_name"
        with pytest.raises(InvalidInput):
            services.sign(cast.student, placement, role="coordinator", typed_name="Stella Student")
        with pytest.raises(NotFound):
            services.sign(cast.outsider, placement, role="coordinator", typed_name="Olga Outsider")
        assert not placement.signatures.exists()

    def test_an_adult_needs_no_guardian(self, cast, placement):
        StudentProfile.objects.create(
            consortium=cast.alpha,
            student=cast.student,
            date_of_birth=placement.starts_on.replace(year=placement.starts_on.year - 19),
        )
        assert "guardian" not in services.required_roles(placement)
        with pytest.raises(InvalidInput):
            services.sign(cast.guardian, placement, role="guardian", typed_name="Gus Guardian")

    def test_without_a_birth_date_grade_12_counts_as_adult(self, cast, placement):
        cast.student.grade_level = 12
        cast.student.save()
        placement.student.refresh_from_db()
        assert not services.is_minor(placement)


class TestHours:
    def test_the_student_logs_and_the_supervisor_approves(self, cast, placement):
        with pytest.raises(InvalidInput):  # not active yet
            services.log_hours(
                cast.student, placement, worked_on=timezone.localdate(), hours="3", activity="x"
            )
        sign_all(cast, placement)
        today = timezone.localdate()
        entry = services.log_hours(
            cast.student, placement, worked_on=today, hours="3.5", activity="Deburring parts"
        )
        with pytest.raises(NotFound):
            services.review_hours(cast.student, entry, approve=True)
        services.review_hours(cast.partner_contact, entry, approve=True)
        entry.refresh_from_db()
        assert entry.status == HoursStatus.APPROVED and entry.reviewed_by == cast.partner_contact
        assert services.hours_approved(placement) == 3.5

    @pytest.mark.parametrize(
        ("days", "hours", "field"),
        [
            (-1, "2", "worked_on"),
            (0, "0", "hours"),
            (0, "12.5", "hours"),
            (0, "abc", "hours"),
            (20, "2", "worked_on"),
        ],
    )
    def test_bad_hours_are_refused_with_the_field(self, cast, placement, days, hours, field):
        sign_all(cast, placement)
        day = (
            timezone.localdate() - datetime.timedelta(days=days)
            if days >= 0
            else timezone.localdate() + datetime.timedelta(days=1)
        )
        with pytest.raises(InvalidInput) as exc:
            services.log_hours(cast.student, placement, worked_on=day, hours=hours, activity="x")
        assert exc.value.field == field
        assert not placement.hours.exists()

    def test_a_day_holds_at_most_twelve_hours(self, cast, placement):
        sign_all(cast, placement)
        today = timezone.localdate()
        services.log_hours(cast.student, placement, worked_on=today, hours="8", activity="a")
        with pytest.raises(InvalidInput):
            services.log_hours(cast.student, placement, worked_on=today, hours="5", activity="b")

    def test_returning_needs_a_note(self, cast, placement):
        sign_all(cast, placement)
        entry = services.log_hours(
            cast.student, placement, worked_on=timezone.localdate(), hours="2", activity="a"
        )
        with pytest.raises(InvalidInput):
            services.review_hours(cast.partner_contact, entry, approve=False)
        services.review_hours(cast.partner_contact, entry, approve=False, note="That was a holiday")
        entry.refresh_from_db()
        assert entry.status == HoursStatus.RETURNED


class TestCompletion:
    def test_evaluations_then_completion_then_portfolio_and_5s3(self, cast, placement):
        sign_all(cast, placement)
        e = services.log_hours(
            cast.student, placement, worked_on=timezone.localdate(), hours="6", activity="a"
        )
        services.review_hours(cast.partner_contact, e, approve=True)
        with pytest.raises(InvalidInput):
            services.evaluate(
                cast.partner_contact, placement, kind="midpoint", ratings={**ALL_FOUR, "reliable": 5}
            )
        services.evaluate(cast.partner_contact, placement, kind="midpoint", ratings=ALL_FOUR)
        with pytest.raises(InvalidInput):  # needs the final evaluation
            services.complete(cast.staff, placement)
        services.evaluate(cast.partner_contact, placement, kind=EvaluationKind.FINAL, ratings=ALL_FOUR)
        with pytest.raises(NotFound):
            services.complete(cast.partner_contact, placement)
        services.complete(cast.staff, placement)
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.COMPLETED and placement.badge_id
        rows = sel.completed_placements(cast.student)
        assert rows[0]["partner"] == "Alpha Manufacturing" and rows[0]["hours_approved"] == 6
        assert rows[0]["badge_url"].endswith(f"/wbl/badges/{placement.badge_id}/")
        today = timezone.localdate()
        year = today.year + (1 if today.month >= 7 else 0)
        assert sel.wbl_participants(cast.alpha, year) == {str(cast.student.public_id)}
        assert sel.wbl_participants(cast.alpha, year - 1) == set()
        assert sel.wbl_participants(cast.beta, year) == set()


class TestVisibility:
    def test_who_sees_the_placement(self, cast, placement):
        for user in (cast.student, cast.guardian, cast.partner_contact, cast.staff, cast.counselor):
            assert access_placement(user, placement.public_id) == placement
        for user in (cast.outsider, cast.other_student, cast.beta_student, AnonymousUser()):
            with pytest.raises(NotFound):
                access_placement(user, placement.public_id)

    def test_reading_someone_elses_placement_is_audited(self, cast, placement):
        sel.placement_view(cast.partner_contact, placement)
        assert AuditEvent.objects.filter(action="wbl.placement.read", actor=cast.partner_contact).exists()
