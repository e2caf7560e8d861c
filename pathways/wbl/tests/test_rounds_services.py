"""Matching rounds: set-up, choices, priority rules, reserved seats, the lottery, results and why,
statistics, publishing, and the vacancy scramble."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import AuditEvent
from pathways.wbl.models import (
    Choice,
    Placement,
    PlacementStatus,
    PriorityRule,
    RankingMethod,
    RoundResult,
    RoundStatus,
)
from pathways.wbl.services import rounds as services

from .rounds_helpers import add, new_round, opportunity, student

pytestmark = pytest.mark.django_db


def result_of(rnd, user):
    return RoundResult.objects.get(round=rnd, student=user)


class TestSetUp:
    def test_only_consortium_leaders_create_rounds(self, cast):
        for user in (cast.counselor, cast.student, cast.partner_contact, cast.outsider):
            with pytest.raises(NotFound):
                services.create_round(
                    user, cast.alpha, name="x", deadline=timezone.now() + datetime.timedelta(days=1)
                )

    def test_it_refuses_a_past_deadline_and_changes_nothing(self, cast):
        with pytest.raises(InvalidInput) as exc:
            services.create_round(
                cast.staff, cast.alpha, name="Late", deadline=timezone.now() - datetime.timedelta(hours=1)
            )
        assert exc.value.field == "deadline"

    def test_only_approved_round_opportunities_can_be_added(self, cast):
        rnd = new_round(cast)
        draft = opportunity(cast, "Draft", status="draft")
        open_reg = opportunity(cast, "Tour", allocation="open")
        for opp in (draft, open_reg):
            with pytest.raises(InvalidInput):
                add(cast, rnd, opp)
        assert not rnd.entries.exists()

    def test_reserved_seats_need_a_school_and_fit_the_capacity(self, cast):
        rnd = new_round(cast)
        opp = opportunity(cast, "Clinic", capacity=3)
        with pytest.raises(InvalidInput) as exc:
            add(cast, rnd, opp, reserved_seats=2)
        assert exc.value.field == "reserved_school"
        with pytest.raises(InvalidInput) as exc:
            add(cast, rnd, opp, reserved_seats=4, reserved_school=cast.school)
        assert exc.value.field == "reserved_seats"
        entry = add(cast, rnd, opp, reserved_seats=1, reserved_school=cast.other_school)
        assert PriorityRule.RESERVED_SCHOOL in entry.priority_rules


class TestChoices:
    def test_a_student_ranks_up_to_k_before_the_deadline(self, cast):
        rnd = new_round(cast, k=2)
        entries = [add(cast, rnd, opportunity(cast, f"O{i}")) for i in range(3)]
        services.open_round(cast.staff, rnd)
        ids = [str(e.public_id) for e in entries]
        with pytest.raises(InvalidInput):
            services.submit_choices(cast.student, rnd, ids, has_transportation=True)
        services.submit_choices(
            cast.student, rnd, ids[:2][::-1], has_transportation=False, statements={ids[1]: "I love it"}
        )
        rows = list(Choice.objects.filter(round=rnd, student=cast.student).order_by("rank"))
        assert [r.entry_id for r in rows] == [entries[1].pk, entries[0].pk]
        assert rows[0].statement == "I love it" and not rows[0].has_transportation
        assert AuditEvent.objects.filter(action="wbl.round.choices").exists()

    def test_choices_are_refused_after_the_deadline_and_for_others(self, cast):
        rnd = new_round(cast)
        entry = add(cast, rnd, opportunity(cast, "O"))
        services.open_round(cast.staff, rnd)
        with pytest.raises(NotFound):
            services.submit_choices(cast.beta_student, rnd, [str(entry.public_id)], has_transportation=True)
        rnd.deadline = timezone.now() - datetime.timedelta(minutes=1)
        rnd.save()
        with pytest.raises(InvalidInput):
            services.submit_choices(cast.student, rnd, [str(entry.public_id)], has_transportation=True)

    def test_a_student_cannot_choose_below_the_minimum_grade(self, cast):
        rnd = new_round(cast)
        entry = add(cast, rnd, opportunity(cast, "Seniors only", min_grade=12))
        services.open_round(cast.staff, rnd)
        with pytest.raises(InvalidInput) as exc:
            services.submit_choices(cast.student, rnd, [str(entry.public_id)], has_transportation=True)
        assert "grade 12" in exc.value.message


def run(cast, rnd, seed=7):
    services.close_round(cast.staff, rnd)
    return services.compute_round(cast.staff, rnd, seed=seed)


class TestComputing:
    def test_seniors_first_then_the_lottery_and_the_student_hears_why(self, cast):
        rnd = new_round(cast)
        a = add(cast, rnd, opportunity(cast, "Lab", capacity=1), priority_rules=[PriorityRule.SENIORS])
        b = add(cast, rnd, opportunity(cast, "Shop", capacity=2))
        services.open_round(cast.staff, rnd)
        senior = student(cast, "sena", grade=12)
        junior = student(cast, "juno", grade=11)
        for user in (senior, junior):
            services.submit_choices(user, rnd, [str(a.public_id), str(b.public_id)], has_transportation=True)
        run(cast, rnd)
        assert result_of(rnd, senior).entry == a and result_of(rnd, senior).choice_rank == 1
        r = result_of(rnd, junior)
        assert r.entry == b and r.choice_rank == 2
        assert "2nd choice, Shop" in r.explanation
        assert "Lab: it filled its 1 seat with a student ranked ahead of you" in r.explanation
        assert "seniors first" in r.explanation
        assert "lottery number" in r.explanation

    def test_the_same_seed_gives_the_same_result_and_is_recorded(self, cast):
        rnd = new_round(cast)
        a = add(cast, rnd, opportunity(cast, "Lab", capacity=2))
        services.open_round(cast.staff, rnd)
        users = [student(cast, f"s{i}") for i in range(6)]
        for user in users:
            services.submit_choices(user, rnd, [str(a.public_id)], has_transportation=True)
        run(cast, rnd, seed=42)
        first = {r.student_id: (r.entry_id, r.lottery_number) for r in rnd.results.all()}
        assert rnd.lottery_seed == 42
        services.compute_round(cast.staff, rnd)  # recompute keeps the recorded seed
        assert {r.student_id: (r.entry_id, r.lottery_number) for r in rnd.results.all()} == first
        assert sorted(n for _e, n in first.values()) == list(range(1, 7))

    def test_partner_ranking_decides_and_unranked_applicants_are_not_taken(self, cast):
        rnd = new_round(cast)
        a = add(cast, rnd, opportunity(cast, "Studio", capacity=2), method=RankingMethod.PARTNER)
        services.open_round(cast.staff, rnd)
        x, y, z = (student(cast, n) for n in ("xena", "yuri", "zoe"))
        for user in (x, y, z):
            services.submit_choices(user, rnd, [str(a.public_id)], has_transportation=True)
        services.close_round(cast.staff, rnd)
        with pytest.raises(InvalidInput):  # waiting for the partner
            services.compute_round(cast.staff, rnd, seed=1)
        with pytest.raises(NotFound):
            services.rank_applicants(cast.counselor, a, [str(z.public_id)])
        services.rank_applicants(cast.partner_contact, a, [str(z.public_id), str(x.public_id)])
        services.compute_round(cast.staff, rnd, seed=1)
        assert result_of(rnd, z).entry == a and result_of(rnd, x).entry == a
        assert result_of(rnd, y).entry is None
        assert "did not rank you" in result_of(rnd, y).explanation

    def test_related_concentrators_first(self, cast, catalog_db):
        from pathways.catalog.models import CareerCluster, CipProgram
        from pathways.programs.models import ProgramOfStudy
        from pathways.students.models import Plan

        cluster = CareerCluster.objects.filter(framework="2024").first()
        other = CareerCluster.objects.filter(framework="2024").exclude(pk=cluster.pk).first()
        program = ProgramOfStudy.objects.create(
            consortium=cast.alpha,
            school=cast.school,
            name="Welding",
            cluster=cluster,
            cip=CipProgram.objects.first(),
        )
        rnd = new_round(cast)
        a = add(
            cast,
            rnd,
            opportunity(cast, "Weld shop", cluster=cluster),
            priority_rules=[PriorityRule.RELATED_CONCENTRATOR],
        )
        services.open_round(cast.staff, rnd)
        users = [student(cast, f"c{i}") for i in range(5)]
        Plan.objects.create(consortium=cast.alpha, student=users[3], program=program)
        for user in users:
            services.submit_choices(user, rnd, [str(a.public_id)], has_transportation=True)
        run(cast, rnd, 1)
        for seed in (1, 2, 3, 4):
            services.compute_round(cast.staff, rnd, seed=seed)
            assert result_of(rnd, users[3]).entry == a
        assert rnd.status == RoundStatus.COMPUTED and other is not None

    def test_reserved_seats_go_to_the_school_without_wasting_them(self, cast):
        rnd = new_round(cast)
        a = add(cast, rnd, opportunity(cast, "Hospital", capacity=2), priority_rules=[PriorityRule.SENIORS],
                reserved_school=cast.other_school, reserved_seats=1)  # fmt: skip
        services.open_round(cast.staff, rnd)
        seniors = [student(cast, f"sen{i}", grade=12) for i in range(3)]
        middle = student(cast, "mid", grade=11, school=cast.other_school)
        for user in [*seniors, middle]:
            services.submit_choices(user, rnd, [str(a.public_id)], has_transportation=True)
        run(cast, rnd)
        placed = set(rnd.results.filter(entry=a).values_list("student_id", flat=True))
        assert middle.pk in placed and len(placed) == 2  # the reserved seat beats two seniors
        loser = next(s for s in seniors if s.pk not in placed)
        assert "reserved for students of Alpha Middle" in result_of(rnd, loser).explanation

    def test_an_unclaimed_reserved_seat_goes_to_others(self, cast):
        rnd = new_round(cast)
        a = add(
            cast,
            rnd,
            opportunity(cast, "Hospital", capacity=2),
            reserved_school=cast.other_school,
            reserved_seats=1,
        )
        services.open_round(cast.staff, rnd)
        users = [student(cast, f"u{i}") for i in range(3)]
        for user in users:
            services.submit_choices(user, rnd, [str(a.public_id)], has_transportation=True)
        run(cast, rnd)
        assert rnd.results.filter(entry=a).count() == 2

    def test_statistics_and_suppression(self, cast):
        rnd = new_round(cast)
        a = add(cast, rnd, opportunity(cast, "Lab", capacity=2))
        services.open_round(cast.staff, rnd)
        users = [student(cast, f"g{i}", grade=12) for i in range(11)] + [student(cast, "g11x", grade=10)]
        for user in users:
            services.submit_choices(user, rnd, [str(a.public_id)], has_transportation=True)
        run(cast, rnd)
        stats = rnd.statistics
        assert stats["applicants"] == 12 and stats["placed"] == 2 and stats["fill_rate"] == 1.0
        assert stats["first_choice"] == 2 and stats["top3"] == 2
        grades = {row["value"]: row for row in stats["by_grade"]}
        assert grades[12]["applicants"] == 11 and not grades[12]["suppressed"]
        assert grades[10]["suppressed"] and grades[10]["applicants"] is None
        assert stats["by_school"][0]["applicants"] == 12


class TestPublishing:
    def test_results_are_hidden_until_published_then_placements_exist(self, cast):
        from pathways.wbl import selectors_rounds as sel

        rnd = new_round(cast)
        a = add(cast, rnd, opportunity(cast, "Lab"))
        services.open_round(cast.staff, rnd)
        services.submit_choices(cast.student, rnd, [str(a.public_id)], has_transportation=True)
        run(cast, rnd)
        assert sel.my_result(cast.student, rnd) is None
        assert not Placement.objects.exists()
        services.publish_round(cast.staff, rnd)
        assert sel.my_result(cast.student, rnd).entry == a
        placement = Placement.objects.get(student=cast.student)
        assert (
            placement.status == PlacementStatus.AGREEMENT and "Training agreement" in placement.agreement_text
        )

    def test_the_scramble_is_first_come_for_unmatched_students(self, cast):
        rnd = new_round(cast)
        a = add(cast, rnd, opportunity(cast, "Lab", capacity=1))
        b = add(cast, rnd, opportunity(cast, "Quiet", capacity=1))
        services.open_round(cast.staff, rnd)
        users = [student(cast, f"q{i}") for i in range(3)]
        for user in users:
            services.submit_choices(user, rnd, [str(a.public_id)], has_transportation=True)
        run(cast, rnd)
        services.publish_round(cast.staff, rnd)
        losers = [u for u in users if result_of(rnd, u).entry is None]
        with pytest.raises(InvalidInput):
            services.claim_seat(losers[0], rnd, str(b.public_id))  # not open yet
        services.open_scramble(cast.staff, rnd)
        with pytest.raises(InvalidInput):
            services.claim_seat(losers[0], rnd, str(a.public_id))  # full
        claimed = services.claim_seat(losers[0], rnd, str(b.public_id))
        assert claimed.from_scramble and claimed.entry == b
        assert Placement.objects.filter(student=losers[0], opportunity=b.opportunity).exists()
        with pytest.raises(InvalidInput) as exc:
            services.claim_seat(losers[1], rnd, str(b.public_id))
        assert "quicker" in exc.value.message
