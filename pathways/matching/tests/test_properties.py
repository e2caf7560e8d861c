"""Property tests (Hypothesis) that complete test_stable.py and test_lottery.py.

Already covered there: validity and stability against a naive check, student-optimality by
enumerating every stable matching on small instances, agreement with textbook deferred
acceptance, independence from input order, and one example of lottery determinism. Added here:

- determinism for a lottery seed, as a property: instances whose rankings come from priority
  tiers and one shared lottery (`priority_ranking(..., lottery=lottery_numbers(ids, seed))`, what
  the wbl app builds) give the same result for the same seed, whatever order the ids come in;
- such instances always give valid, stable results that respect priorities (no student holds a
  seat while an applicant with strictly better priority who wanted it more is refused);
- strategy-proofness for students on small instances: no student gets a seat they prefer by
  reporting any other list (every permutation of every subset of the opportunities).
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.matching.checks import is_stable, validate_result
from pathways.matching.lottery import lottery_numbers, priority_ranking
from pathways.matching.stable import stable_match

from .reference import instances, is_stable_naive, seats_of

FAST = settings(max_examples=120, deadline=None)


@st.composite
def lottery_instances(
    draw: st.DrawFn, max_students: int = 8, max_opportunities: int = 4
) -> tuple[dict[str, Any], dict[str, dict[str, int]]]:
    """Students' lists, and per opportunity the priority tier of each applicant (rankings not yet
    built: they come from the tiers and a lottery seed)."""
    students = [f"s{i}" for i in range(draw(st.integers(1, max_students)))]
    opps = [f"o{j}" for j in range(draw(st.integers(1, max_opportunities)))]
    prefs = {}
    for s in students:
        order = draw(st.permutations(opps))
        prefs[s] = list(order[: draw(st.integers(0, len(order)))])
    tiers = {o: {s: draw(st.integers(0, 2)) for s in students if o in prefs[s]} for o in opps}
    capacity = {o: draw(st.integers(0, 3)) for o in opps}
    return {"students": prefs, "capacity": capacity}, tiers


def build(
    spec: dict[str, Any], tiers: dict[str, dict[str, int]], seed: int, rng: random.Random | None = None
) -> dict[str, Any]:
    students = list(spec["students"])
    if rng is not None:
        rng.shuffle(students)
    lottery = lottery_numbers(students, seed)
    opportunities = {}
    for o, keys in tiers.items():
        applicants = list(keys)
        if rng is not None:
            rng.shuffle(applicants)
        opportunities[o] = {
            "capacity": spec["capacity"][o],
            "ranking": priority_ranking(applicants, keys, lottery=lottery),
        }
    return {"students": {s: spec["students"][s] for s in students}, "opportunities": opportunities}


class TestLotteryDeterminism:
    @FAST
    @given(lottery_instances(), st.integers(0, 2**63 - 1), st.randoms(use_true_random=False))
    def test_the_same_seed_gives_the_same_matching_in_any_input_order(
        self, drawn: Any, seed: int, rng: random.Random
    ) -> None:
        spec, tiers = drawn
        assert stable_match(build(spec, tiers, seed)) == stable_match(build(spec, tiers, seed, rng))

    @FAST
    @given(lottery_instances(), st.integers(0, 2**32))
    def test_lottery_instances_give_valid_stable_matchings_that_respect_priority(
        self, drawn: Any, seed: int
    ) -> None:
        spec, tiers = drawn
        data = build(spec, tiers, seed)
        result = stable_match(data)
        validate_result(data, result)
        assert is_stable(data, result)
        seat = seats_of(result)
        # No justified envy: an applicant refused at o (who prefers o to their seat) never has
        # strictly better priority than someone seated at o.
        for s, listed in data["students"].items():
            better = listed if seat[s] is None else listed[: listed.index(seat[s])]
            for o in better:
                for holder in result["assignments"][o]:
                    assert tiers[o][holder] <= tiers[o][s]


def position(listed: list[str], opp: str | None) -> int:
    return len(listed) if opp is None or opp not in listed else listed.index(opp)


class TestStrategyProofness:
    @settings(max_examples=60, deadline=None)
    @given(instances(max_students=4, max_opportunities=3), st.data())
    def test_no_student_gains_by_misreporting(self, data: dict[str, Any], extra: st.DataObject) -> None:
        if not data["students"]:
            return
        truthful = seats_of(stable_match(data))
        liar = extra.draw(st.sampled_from(sorted(data["students"])))
        true_list = data["students"][liar]
        honest = position(true_list, truthful[liar])
        opps = list(data["opportunities"])
        for size in range(len(opps) + 1):
            for report in itertools.permutations(opps, size):
                lie = {**data, "students": {**data["students"], liar: list(report)}}
                got = seats_of(stable_match(lie))[liar]
                assert position(true_list, got) >= honest, (liar, report)
        assert is_stable_naive(data, truthful)
