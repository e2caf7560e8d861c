"""Result checks: validity errors and blocking pairs."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings

from pathways.matching.checks import MatchingResultError, blocking_pairs, is_stable, validate_result
from pathways.matching.stable import stable_match

from .reference import instances, is_stable_naive, seats_of

INSTANCE: dict[str, Any] = {
    "students": {"s1": ["o1", "o2"], "s2": ["o1"], "s3": ["o2", "o1"]},
    "opportunities": {
        "o1": {"capacity": 1, "ranking": ["s2", "s1", "s3"]},
        "o2": {"capacity": 1, "ranking": ["s1", "s3"]},
    },
}
RESULT: dict[str, Any] = {"assignments": {"o1": ["s2"], "o2": ["s1"]}, "unmatched": ["s3"]}


def invalid(result: object) -> str:
    with pytest.raises(MatchingResultError) as info:
        validate_result(INSTANCE, result)
    return str(info.value)


class TestValidity:
    def test_it_accepts_the_solvers_result(self) -> None:
        validate_result(INSTANCE, RESULT)
        assert is_stable(INSTANCE, RESULT)

    def test_it_refuses_a_result_over_capacity(self) -> None:
        result = {"assignments": {"o1": ["s2", "s1"], "o2": []}, "unmatched": ["s3"]}
        assert invalid(result) == 'opportunity "o1" has 2 students, over its capacity of 1'

    def test_it_refuses_an_unacceptable_pair(self) -> None:
        result = {"assignments": {"o1": ["s2"], "o2": ["s3"]}, "unmatched": ["s1"]}
        validate_result(INSTANCE, result)  # acceptable: s3 lists o2 and o2 ranks s3
        result = {"assignments": {"o1": [], "o2": ["s2"]}, "unmatched": ["s1", "s3"]}
        assert invalid(result) == (
            'student "s2" is assigned to opportunity "o2", which is not an acceptable pair: '
            "each must list the other"
        )

    def test_it_refuses_a_student_seated_twice(self) -> None:
        result = {"assignments": {"o1": ["s1"], "o2": ["s1"]}, "unmatched": ["s2", "s3"]}
        assert invalid(result) == 'student "s1" appears more than once in the result'

    def test_it_refuses_a_student_both_seated_and_unmatched(self) -> None:
        result = copy.deepcopy(RESULT)
        result["unmatched"].append("s2")
        assert invalid(result) == 'student "s2" appears more than once in the result'

    def test_it_refuses_a_missing_student(self) -> None:
        result = {"assignments": {"o1": ["s2"], "o2": ["s1"]}, "unmatched": []}
        assert invalid(result) == 'student "s3" is neither assigned nor unmatched'

    def test_it_refuses_a_missing_opportunity(self) -> None:
        result = {"assignments": {"o1": ["s2"]}, "unmatched": ["s1", "s3"]}
        assert invalid(result) == '"assignments" is missing opportunity "o2"'

    def test_it_refuses_unknown_ids(self) -> None:
        result = copy.deepcopy(RESULT)
        result["assignments"]["o9"] = []
        assert invalid(result) == '"assignments" has unknown opportunity "o9"'
        result = copy.deepcopy(RESULT)
        result["assignments"]["o2"] = ["s9"]
        assert invalid(result) == 'unknown student "s9" in the list of opportunity "o2"'
        result = copy.deepcopy(RESULT)
        result["unmatched"] = ["s3", "s7"]
        assert invalid(result) == 'unknown student "s7" in "unmatched"'

    @pytest.mark.parametrize(
        ("result", "message"),
        [
            ([], 'the result must be an object with "assignments" and "unmatched"'),
            ({"assignments": {}}, 'the result is missing "unmatched"'),
            ({**RESULT, "extra": 1}, 'the result has an unknown field "extra"'),
            (
                {"assignments": [], "unmatched": []},
                '"assignments" must be an object mapping opportunity ids to lists',
            ),
            (
                {"assignments": RESULT["assignments"], "unmatched": "s3"},
                '"unmatched" must be a list of student ids',
            ),
            (
                {"assignments": {"o1": "s2", "o2": ["s1"]}, "unmatched": ["s3"]},
                '"assignments" maps "o1" to something other than a list',
            ),
        ],
    )
    def test_it_refuses_malformed_results(self, result: object, message: str) -> None:
        assert invalid(result) == message


class TestBlockingPairs:
    def test_it_finds_a_student_preferring_a_free_seat(self) -> None:
        result = {"assignments": {"o1": ["s2"], "o2": []}, "unmatched": ["s1", "s3"]}
        assert blocking_pairs(INSTANCE, result) == [("s1", "o2"), ("s3", "o2")]
        assert not is_stable(INSTANCE, result)

    def test_it_finds_justified_envy(self) -> None:
        # o1 holds s1 but ranks s2 higher, and s2 would rather be at o1 than unmatched.
        result = {"assignments": {"o1": ["s1"], "o2": ["s3"]}, "unmatched": ["s2"]}
        assert blocking_pairs(INSTANCE, result) == [("s2", "o1")]

    def test_it_ignores_envy_that_is_not_justified(self) -> None:
        # s3 would rather have o2, but o2 prefers its s1.
        assert blocking_pairs(INSTANCE, RESULT) == []

    @settings(max_examples=120, deadline=None)
    @given(instances(max_students=6, max_opportunities=4))
    def test_it_agrees_with_the_naive_check_on_perturbed_results(self, data: dict[str, Any]) -> None:
        result = stable_match(data)
        assert blocking_pairs(data, result) == []
        # Unseat each student in turn: still valid, and the vectorised check agrees with the naive one.
        for opp, seated in result["assignments"].items():
            for student in seated:
                perturbed = copy.deepcopy(result)
                perturbed["assignments"][opp].remove(student)
                perturbed["unmatched"].append(student)
                validate_result(data, perturbed)
                assert is_stable(data, perturbed) == is_stable_naive(data, seats_of(perturbed))
                assert (student, opp) in blocking_pairs(data, perturbed)
