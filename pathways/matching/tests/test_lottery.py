"""Lottery tie-breaking and priority rankings."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.matching.lottery import lottery_numbers, lottery_order, priority_ranking
from pathways.matching.stable import MatchingInputError

IDS = [f"s{i}" for i in range(50)]


class TestLottery:
    def test_it_is_deterministic_for_a_seed(self) -> None:
        assert lottery_order(IDS, 2026) == lottery_order(IDS, 2026)

    def test_it_does_not_depend_on_the_input_order(self) -> None:
        shuffled = list(IDS)
        random.Random(1).shuffle(shuffled)
        assert lottery_order(shuffled, 9) == lottery_order(IDS, 9)

    def test_it_differs_between_seeds(self) -> None:
        assert lottery_order(IDS, 1) != lottery_order(IDS, 2)

    def test_it_is_a_permutation(self) -> None:
        assert sorted(lottery_order(IDS, 5)) == sorted(IDS)

    def test_it_draws_the_published_pcg64_numbers(self) -> None:
        # The audit trail: the i-th id in code-point order draws the i-th raw PCG64 output.
        import numpy as np

        numbers = lottery_numbers(["b", "a", "c"], 7)
        raw = np.random.PCG64(7).random_raw(3).tolist()
        assert numbers == {"a": raw[0], "b": raw[1], "c": raw[2]}
        assert lottery_order(["b", "a", "c"], 7) == sorted(numbers, key=numbers.__getitem__)

    def test_it_keeps_a_known_draw(self) -> None:
        # Guards against a change of generator: a published seed must keep its lottery.
        assert lottery_order(["a", "b", "c", "d", "e"], 12345) == ["a", "b", "e", "d", "c"]
        assert lottery_numbers(["a", "b"], 12345) == {"a": 4193609425186963869, "b": 5843160025838961886}

    @pytest.mark.parametrize("seed", [-1, 1.5, "7", True, None])
    def test_it_refuses_a_bad_seed(self, seed: object) -> None:
        with pytest.raises(MatchingInputError, match="seed must be a non-negative integer"):
            lottery_order(IDS, seed)  # type: ignore[arg-type]  # the wrong type on purpose

    def test_it_refuses_repeated_ids(self) -> None:
        with pytest.raises(MatchingInputError, match='lists "s1" more than once'):
            lottery_order(["s1", "s2", "s1"], 1)


class TestPriorityRanking:
    def test_it_puts_higher_tiers_first(self) -> None:
        keys = {"a": 1, "b": 0, "c": 1, "d": 0, "e": 2}
        ranking = priority_ranking(keys, keys, seed=3)
        assert set(ranking[:2]) == {"b", "d"}
        assert set(ranking[2:4]) == {"a", "c"}
        assert ranking[4] == "e"

    def test_it_breaks_ties_by_the_lottery(self) -> None:
        keys = dict.fromkeys(IDS, 0)
        assert priority_ranking(IDS, keys, seed=8) == lottery_order(IDS, 8)

    def test_it_compares_priority_lists_in_order(self) -> None:
        keys = {"a": [0, 2], "b": [0, 1], "c": [1, 0]}
        assert priority_ranking(keys, keys, seed=1) == ["b", "a", "c"]

    @settings(max_examples=50, deadline=None)
    @given(st.dictionaries(st.sampled_from(IDS), st.integers(0, 3), min_size=1), st.integers(0, 2**32))
    def test_it_shares_one_lottery_across_opportunities(self, keys: dict[str, int], seed: int) -> None:
        # Single tie-breaking: two applicants in the same tier keep their relative order everywhere.
        numbers = lottery_numbers(IDS, seed)
        order = lottery_order(IDS, seed)
        ranking = priority_ranking(keys, keys, lottery=numbers)
        assert ranking == priority_ranking(keys, keys, lottery=order)
        for first, second in itertools.pairwise(ranking):
            if keys[first] == keys[second]:
                assert order.index(first) < order.index(second)

    def test_it_needs_a_priority_for_every_applicant(self) -> None:
        with pytest.raises(MatchingInputError, match='applicant "b" has no priority'):
            priority_ranking(["a", "b"], {"a": 0}, seed=1)

    def test_it_refuses_a_bad_priority(self) -> None:
        with pytest.raises(MatchingInputError, match='applicant "a" has priority "high"'):
            priority_ranking(["a"], {"a": "high"}, seed=1)  # type: ignore[dict-item]  # on purpose

    def test_it_needs_exactly_one_of_seed_and_lottery(self) -> None:
        with pytest.raises(MatchingInputError, match="exactly one of"):
            priority_ranking(["a"], {"a": 0})
        with pytest.raises(MatchingInputError, match="exactly one of"):
            priority_ranking(["a"], {"a": 0}, seed=1, lottery=["a"])

    def test_it_refuses_an_applicant_missing_from_the_lottery(self) -> None:
        with pytest.raises(MatchingInputError, match='applicant "z" is not in the lottery'):
            priority_ranking(["a", "z"], {"a": 0, "z": 0}, lottery=["a"])
