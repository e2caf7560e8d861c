"""Solving: validity, stability, student-optimality, agreement with an independent solver."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.matching import stable
from pathways.matching.checks import blocking_pairs, is_stable, validate_result
from pathways.matching.lottery import lottery_order, priority_ranking
from pathways.matching.stable import parse_instance, solve, stable_match

from .reference import (
    all_stable_matchings,
    deferred_acceptance,
    instances,
    is_stable_naive,
    random_instance,
    seats_of,
)

FAST = settings(max_examples=150, deadline=None)


def preference_position(data: dict[str, Any], student: str, opp: str | None) -> int:
    listed = data["students"][student]
    return len(listed) if opp is None else listed.index(opp)


@pytest.fixture(params=["vectorised", "one-by-one", "mixed"])
def solver_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test through each phase of the solver: all rounds vectorised, all proposals one by
    one, and the default switch between them."""
    threshold = {"vectorised": 1, "one-by-one": 10**9, "mixed": 4}[request.param]
    monkeypatch.setattr(stable, "VECTOR_MIN_PROPOSALS", threshold)
    return str(request.param)


@pytest.fixture(params=["dict", "hashed"])
def id_lookup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Map ids through a dict or through the vectorised hash lookup (used above a size)."""
    if request.param == "hashed":
        monkeypatch.setattr(stable, "FAST_LOOKUP_MIN_KNOWN", 0)
        monkeypatch.setattr(stable, "FAST_LOOKUP_MIN_QUERIES", 0)
    return str(request.param)


class TestSmallExamples:
    def test_it_solves_the_textbook_example(self) -> None:
        data = {
            "students": {"s1": ["o1", "o2"], "s2": ["o1"], "s3": ["o2", "o1"]},
            "opportunities": {
                "o1": {"capacity": 1, "ranking": ["s2", "s1", "s3"]},
                "o2": {"capacity": 1, "ranking": ["s1", "s3"]},
            },
        }
        assert stable_match(data) == {"assignments": {"o1": ["s2"], "o2": ["s1"]}, "unmatched": ["s3"]}

    def test_it_fills_capacity_in_ranking_order(self) -> None:
        data = {
            "students": {"a": ["x"], "b": ["x"], "c": ["x"], "d": ["x"]},
            "opportunities": {"x": {"capacity": 3, "ranking": ["d", "b", "a", "c"]}},
        }
        assert stable_match(data) == {"assignments": {"x": ["d", "b", "a"]}, "unmatched": ["c"]}

    def test_it_never_matches_one_sided_pairs(self) -> None:
        data = {
            "students": {"s1": ["o1"], "s2": []},
            "opportunities": {"o1": {"capacity": 5, "ranking": ["s2"]}},
        }
        assert stable_match(data) == {"assignments": {"o1": []}, "unmatched": ["s1", "s2"]}

    def test_it_seats_nobody_at_zero_capacity(self) -> None:
        data = {
            "students": {"s1": ["o1", "o2"]},
            "opportunities": {
                "o1": {"capacity": 0, "ranking": ["s1"]},
                "o2": {"capacity": 1, "ranking": ["s1"]},
            },
        }
        assert stable_match(data) == {"assignments": {"o1": [], "o2": ["s1"]}, "unmatched": []}

    def test_it_treats_a_huge_capacity_as_unlimited(self) -> None:
        data = {
            "students": {"a": ["x"], "b": ["x"]},
            "opportunities": {"x": {"capacity": 10**30, "ranking": ["b", "a"]}},
        }
        assert stable_match(data) == {"assignments": {"x": ["b", "a"]}, "unmatched": []}

    def test_it_handles_an_empty_instance(self) -> None:
        assert stable_match({"students": {}, "opportunities": {}}) == {"assignments": {}, "unmatched": []}

    def test_it_lists_every_opportunity_and_sorts_ids_by_code_point(self) -> None:
        data = {
            "students": {"s10": ["o2"], "s9": [], "S1": []},
            "opportunities": {
                "o2": {"capacity": 1, "ranking": ["s10"]},
                "o10": {"capacity": 1, "ranking": []},
            },
        }
        result = stable_match(data)
        assert list(result["assignments"]) == ["o10", "o2"]
        assert result["unmatched"] == ["S1", "s9"]

    def test_it_accepts_a_parsed_instance(self) -> None:
        data = random_instance(1, 30, 5, 3)
        assert stable_match(parse_instance(data)) == stable_match(data)

    def test_it_gives_students_the_better_of_two_stable_matchings(self) -> None:
        # Two stable matchings: students get their first choices, or opportunities do.
        data = {
            "students": {"s1": ["o1", "o2"], "s2": ["o2", "o1"]},
            "opportunities": {
                "o1": {"capacity": 1, "ranking": ["s2", "s1"]},
                "o2": {"capacity": 1, "ranking": ["s1", "s2"]},
            },
        }
        assert len(all_stable_matchings(data)) == 2
        assert stable_match(data)["assignments"] == {"o1": ["s1"], "o2": ["s2"]}


class TestProperties:
    @FAST
    @given(instances(max_students=5, max_opportunities=3))
    def test_it_returns_the_student_optimal_stable_matching(self, data: dict[str, Any]) -> None:
        result = stable_match(data)
        seat = seats_of(result)
        stable_matchings = all_stable_matchings(data)
        assert seat in stable_matchings
        for other in stable_matchings:
            for student in data["students"]:
                assert preference_position(data, student, seat[student]) <= preference_position(
                    data, student, other[student]
                )

    @FAST
    @given(instances(max_students=12, max_opportunities=6))
    def test_it_agrees_with_textbook_deferred_acceptance(self, data: dict[str, Any]) -> None:
        result = stable_match(data)
        assert result == deferred_acceptance(data)
        validate_result(data, result)
        assert is_stable(data, result)
        assert is_stable_naive(data, seats_of(result))

    @FAST
    @given(instances(max_students=8, max_opportunities=4), st.randoms(use_true_random=False))
    def test_it_does_not_depend_on_input_order(self, data: dict[str, Any], rng: random.Random) -> None:
        students = list(data["students"].items())
        opportunities = list(data["opportunities"].items())
        rng.shuffle(students)
        rng.shuffle(opportunities)
        shuffled = {"students": dict(students), "opportunities": dict(opportunities)}
        assert stable_match(shuffled) == stable_match(data)

    @pytest.mark.parametrize("seed", range(6))
    def test_it_agrees_with_textbook_deferred_acceptance_on_larger_instances(
        self, seed: int, solver_path: str, id_lookup: str
    ) -> None:
        data = random_instance(seed, n_students=600, n_opportunities=40, choices=6)
        result = stable_match(data)
        assert result == deferred_acceptance(data)
        assert blocking_pairs(data, result) == []

    def test_it_survives_long_rejection_chains(self, solver_path: str) -> None:
        # Everyone ranks everyone identically: each round seats one more student.
        n = 60
        ids = [f"s{i:02}" for i in range(n)]
        opps = [f"o{j:02}" for j in range(n)]
        data = {
            "students": {s: list(opps) for s in ids},
            "opportunities": {o: {"capacity": 1, "ranking": list(ids)} for o in opps},
        }
        result = stable_match(data)
        assert result["assignments"] == {o: [s] for o, s in zip(opps, ids, strict=True)}


class TestLotteryInstances:
    def build(self, seed: int) -> dict[str, Any]:
        rng = random.Random(5)
        students = {f"s{i}": rng.sample(["a", "b", "c"], 2) for i in range(30)}
        applicants = {o: [s for s, listed in students.items() if o in listed] for o in "abc"}
        siblings = {s: (0 if rng.random() < 0.2 else 1) for s in students}
        return {
            "students": students,
            "opportunities": {
                o: {"capacity": 4, "ranking": priority_ranking(pool, siblings, seed)}
                for o, pool in applicants.items()
            },
        }

    def test_it_is_deterministic_for_a_lottery_seed(self) -> None:
        assert stable_match(self.build(11)) == stable_match(self.build(11))
        assert stable_match(self.build(11)) != stable_match(self.build(12))

    def test_it_matches_with_single_tie_breaking(self) -> None:
        data = self.build(0)
        order = lottery_order(data["students"], 3)
        for spec in data["opportunities"].values():
            spec["ranking"] = priority_ranking(
                spec["ranking"], dict.fromkeys(spec["ranking"], 0), lottery=order
            )
        assert is_stable(data, stable_match(data))


def test_it_solves_without_mutating_the_instance() -> None:
    data = random_instance(3, 50, 6, 3)
    before = repr(data)
    solve(parse_instance(data))
    assert repr(data) == before
