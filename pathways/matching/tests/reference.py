"""Independent, deliberately naive implementations the tests compare the package against."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

Instance = dict[str, Any]
Result = dict[str, Any]


def deferred_acceptance(data: Instance) -> Result:
    """Textbook student-proposing deferred acceptance over dicts, in the package's output format."""
    students: dict[str, list[str]] = data["students"]
    opportunities: dict[str, dict[str, Any]] = data["opportunities"]
    rank = {o: {s: i for i, s in enumerate(spec["ranking"])} for o, spec in opportunities.items()}
    prefs = {s: [o for o in listed if s in rank[o]] for s, listed in students.items()}
    following = dict.fromkeys(students, 0)
    held: dict[str, list[str]] = {o: [] for o in opportunities}
    free = list(students)
    while free:
        student = free.pop(0)
        while following[student] < len(prefs[student]):
            opp = prefs[student][following[student]]
            following[student] += 1
            capacity = opportunities[opp]["capacity"]
            if capacity == 0:
                continue
            seats = held[opp]
            if len(seats) < capacity:
                seats.append(student)
                break
            worst = max(seats, key=rank[opp].__getitem__)
            if rank[opp][student] < rank[opp][worst]:
                seats.remove(worst)
                seats.append(student)
                free.append(worst)
                break
    seated = {s for seats in held.values() for s in seats}
    return {
        "assignments": {o: sorted(held[o], key=rank[o].__getitem__) for o in sorted(opportunities)},
        "unmatched": sorted(s for s in students if s not in seated),
    }


def _acceptable(data: Instance, student: str, opp: str) -> bool:
    return opp in data["students"][student] and student in data["opportunities"][opp]["ranking"]


def is_stable_naive(data: Instance, seat: dict[str, str | None]) -> bool:
    """No acceptable pair where both would rather be together (quadratic, obviously right)."""
    opportunities = data["opportunities"]
    for student, listed in data["students"].items():
        for opp in listed:
            if opp == seat[student]:
                break  # only opportunities the student prefers to their seat can block
            if not _acceptable(data, student, opp):
                continue
            ranking = opportunities[opp]["ranking"]
            holders = [s for s, o in seat.items() if o == opp]
            if len(holders) < opportunities[opp]["capacity"]:
                return False
            if any(ranking.index(student) < ranking.index(h) for h in holders):
                return False
    return True


def all_stable_matchings(data: Instance) -> list[dict[str, str | None]]:
    """Every stable matching, by enumerating every assignment of students to acceptable seats."""
    students = list(data["students"])
    options = [[None, *[o for o in data["students"][s] if _acceptable(data, s, o)]] for s in students]
    found = []
    for choice in itertools.product(*options):
        seat = dict(zip(students, choice, strict=True))
        load: dict[str, int] = {}
        for opp in choice:
            if opp is not None:
                load[opp] = load.get(opp, 0) + 1
        if any(n > data["opportunities"][o]["capacity"] for o, n in load.items()):
            continue
        if is_stable_naive(data, seat):
            found.append(seat)
    return found


def seats_of(result: Result) -> dict[str, str | None]:
    seat: dict[str, str | None] = dict.fromkeys(result["unmatched"])
    for opp, seated in result["assignments"].items():
        for student in seated:
            seat[student] = opp
    return seat


@st.composite
def instances(
    draw: st.DrawFn, max_students: int = 6, max_opportunities: int = 4, max_capacity: int = 3
) -> Instance:
    """Random instances with partial lists on both sides (so some pairs are one-sided)."""
    student_ids = [f"s{i}" for i in range(draw(st.integers(0, max_students)))]
    opportunity_ids = [f"o{j}" for j in range(draw(st.integers(0, max_opportunities)))]
    students = {}
    for student in student_ids:
        order = draw(st.permutations(opportunity_ids))
        students[student] = list(order[: draw(st.integers(0, len(order)))])
    opportunities = {}
    for opp in opportunity_ids:
        order = draw(st.permutations(student_ids))
        opportunities[opp] = {
            "capacity": draw(st.integers(0, max_capacity)),
            "ranking": list(order[: draw(st.integers(0, len(order)))]),
        }
    return {"students": students, "opportunities": opportunities}


def random_instance(
    seed: int, n_students: int, n_opportunities: int, choices: int, max_capacity: int = 4
) -> Instance:
    """A larger random instance (popularity skew, partial rankings) for agreement tests."""
    import random

    rng = random.Random(seed)
    opportunity_ids = [f"o{j}" for j in range(n_opportunities)]
    weights = [1.0 / (j + 1) for j in range(n_opportunities)]
    students: dict[str, list[str]] = {}
    applicants: dict[str, list[str]] = {o: [] for o in opportunity_ids}
    for i in range(n_students):
        student = f"s{i}"
        picked: list[str] = []
        while len(picked) < min(choices, n_opportunities):
            opp = rng.choices(opportunity_ids, weights)[0]
            if opp not in picked:
                picked.append(opp)
        students[student] = picked
        for opp in picked:
            applicants[opp].append(student)
    opportunities = {}
    for opp, pool in applicants.items():
        ranking = [s for s in pool if rng.random() < 0.85]  # some applicants unacceptable
        ranking += rng.sample(list(students), min(3, len(students)))  # and some non-applicants
        ranking = list(dict.fromkeys(ranking))
        rng.shuffle(ranking)
        opportunities[opp] = {"capacity": rng.randint(0, max_capacity), "ranking": ranking}
    return {"students": students, "opportunities": opportunities}
