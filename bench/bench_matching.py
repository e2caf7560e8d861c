"""Stable matching benchmarks (`python bench/bench_matching.py`). Goals, not timed tests:

1. 5,000 students x 500 opportunities (10 choices each): the same assignments as the PyPI
   `matching` package's `HospitalResident` (resident-optimal), at least 50x faster end to end.
2. 300,000 students x 30,000 opportunities (10 choices each): solved and checked stable in
   under 10 s, peak RSS under 2 GB.
3. (`--cli`) the same large instance through `python -m pathways.matching stable` from a JSON file.

Instances are generated from a seed: students pick distinct opportunities with a popularity skew
(weight 1/rank^0.6), opportunities rank their applicants by a shared merit score plus noise and
find about 5% of them unacceptable, capacities are uniform 1-19. Prints one Markdown table.

`matching` (pip install matching) is optional: without it part 1 reports only our timing.
`HospitalResident` fits this problem (residents = students, hospitals = opportunities with
capacities); it expects every hospital to rank exactly the residents that rank it, so the
instance is first reduced to its acceptable pairs (both sides list each other), which leaves the
stable matchings unchanged.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathways.matching.checks import blocking_pairs  # noqa: E402
from pathways.matching.stable import parse_instance, solve, to_result  # noqa: E402

Instance = dict[str, Any]


def generate(n_students: int, n_opportunities: int, choices: int, seed: int) -> Instance:
    """A seeded random instance (see the module docstring)."""
    rng = np.random.default_rng(seed)
    weight = rng.permutation(1.0 / np.arange(1, n_opportunities + 1) ** 0.6)
    weight /= weight.sum()
    picks = np.empty((n_students, choices), dtype=np.int64)
    todo = np.arange(n_students)
    while todo.size:
        candidates = rng.choice(n_opportunities, size=(todo.size, 3 * choices), p=weight)
        order = np.argsort(candidates, axis=1, kind="stable")
        ordered = np.take_along_axis(candidates, order, axis=1)
        repeat_sorted = np.zeros_like(ordered, dtype=bool)
        repeat_sorted[:, 1:] = ordered[:, 1:] == ordered[:, :-1]
        repeat = np.empty_like(repeat_sorted)
        np.put_along_axis(repeat, order, repeat_sorted, axis=1)  # later copies of a pick
        fresh = ~repeat
        keep = fresh & (np.cumsum(fresh, axis=1) <= choices)
        done = keep.sum(axis=1) == choices
        picks[todo[done]] = candidates[done][keep[done]].reshape(-1, choices)
        todo = todo[~done]
    capacity = rng.integers(1, 20, size=n_opportunities)
    merit = rng.random(n_students)
    applicant = np.repeat(np.arange(n_students), choices)
    applied_to = picks.ravel()
    score = merit[applicant] + 0.5 * rng.random(applicant.size)
    ranked = rng.random(applicant.size) >= 0.05
    order = np.lexsort((-score[ranked], applied_to[ranked]))
    ranked_opp = applied_to[ranked][order]
    ranked_student = applicant[ranked][order].tolist()
    bounds = np.searchsorted(ranked_opp, np.arange(n_opportunities + 1)).tolist()
    student_ids = [f"s{i:06d}" for i in range(n_students)]
    opportunity_ids = [f"o{j:05d}" for j in range(n_opportunities)]
    students = {student_ids[i]: [opportunity_ids[j] for j in row] for i, row in enumerate(picks.tolist())}
    opportunities = {
        opportunity_ids[j]: {
            "capacity": int(capacity[j]),
            "ranking": [student_ids[s] for s in ranked_student[bounds[j] : bounds[j + 1]]],
        }
        for j in range(n_opportunities)
    }
    return {"students": students, "opportunities": opportunities}


def ours(data: Instance) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    instance = parse_instance(data)
    result = to_result(instance, solve(instance))
    return result, time.perf_counter() - start


def theirs(data: Instance) -> tuple[dict[str, list[str]], float, float]:
    """PyPI `matching`'s resident-optimal HospitalResident on the acceptable pairs."""
    from matching.games import HospitalResident

    rankings = {o: spec["ranking"] for o, spec in data["opportunities"].items()}
    ranked_by = {o: set(r) for o, r in rankings.items()}
    capacities = {o: spec["capacity"] for o, spec in data["opportunities"].items() if spec["capacity"] > 0}
    resident_prefs = {
        s: [o for o in listed if o in capacities and s in ranked_by[o]]
        for s, listed in data["students"].items()
    }
    resident_prefs = {s: prefs for s, prefs in resident_prefs.items() if prefs}  # it needs non-empty lists
    applied: dict[str, set[str]] = {o: set() for o in capacities}
    for s, prefs in resident_prefs.items():
        for o in prefs:
            applied[o].add(s)
    hospital_prefs = {o: [s for s in rankings[o] if s in applied[o]] for o in capacities}
    # Its constructor deep-copies a graph of players that point at each other, which recurses
    # past Python's default limit at this size: give it a deep stack in a thread.
    box: dict[str, Any] = {}

    def run() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box["start"] = time.perf_counter()
            game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
            box["built"] = time.perf_counter()
            box["matching"] = game.solve(optimal="resident")
            box["solved"] = time.perf_counter()

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    try:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(0)
        sys.setrecursionlimit(limit)
    if "solved" not in box:
        raise SystemExit("PyPI matching failed (see the traceback above)")
    start, built, solved, matching = box["start"], box["built"], box["solved"], box["matching"]
    assignments: dict[str, list[str]] = {o: [] for o in data["opportunities"]}
    for hospital, residents in matching.items():
        assignments[hospital.name] = [r.name for r in residents]
    return assignments, built - start, solved - built


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--cli", action="store_true", help="also time the CLI on the large instance (JSON file)"
    )
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []

    small = generate(5_000, 500, 10, args.seed)
    runs = [ours(small) for _ in range(5)]
    result = runs[0][0]
    our_time = sorted(t for _, t in runs)[2]  # median of five
    rows.append(("5,000 x 500: ours, parse + solve + format (median of 5)", f"{our_time * 1000:.1f} ms", "-"))
    try:
        import matching
    except ImportError:
        rows.append(("5,000 x 500: PyPI `matching`", "not installed", "-"))
    else:
        their_assignments, build, solve_time = theirs(small)
        same = their_assignments == result["assignments"]
        version = getattr(matching, "__version__", "?")
        rows.append(
            (f"5,000 x 500: `matching` {version} build (create_from_dictionaries)", f"{build:.2f} s", "-")
        )
        rows.append((f"5,000 x 500: `matching` {version} solve", f"{solve_time:.2f} s", "-"))
        rows.append(("5,000 x 500: identical assignments", "yes" if same else "NO", "must be yes"))
        speedup = (build + solve_time) / our_time
        rows.append(("5,000 x 500: speedup, end to end", f"{speedup:.0f}x", ">= 50x"))
        if not same:
            raise SystemExit("assignments differ from PyPI matching")

    if not args.skip_large:
        start = time.perf_counter()
        large = generate(300_000, 30_000, 10, args.seed)
        generated = time.perf_counter() - start
        rss_input = peak_rss_mb()
        start = time.perf_counter()
        instance = parse_instance(large)
        parsed = time.perf_counter()
        matching_ = solve(instance)
        solved = time.perf_counter()
        big_result = to_result(instance, matching_)
        formatted = time.perf_counter()
        pairs = blocking_pairs(instance, big_result)
        checked = time.perf_counter()
        total = checked - start
        seated = sum(map(len, big_result["assignments"].values()))
        rows += [
            ("300,000 x 30,000 x 10: generate instance (not counted)", f"{generated:.1f} s", "-"),
            ("300,000 x 30,000 x 10: parse + validate", f"{parsed - start:.2f} s", "-"),
            ("300,000 x 30,000 x 10: solve", f"{solved - parsed:.2f} s", "-"),
            ("300,000 x 30,000 x 10: format result", f"{formatted - solved:.2f} s", "-"),
            ("300,000 x 30,000 x 10: check stability", f"{checked - formatted:.2f} s", "-"),
            ("300,000 x 30,000 x 10: total", f"{total:.2f} s", "< 10 s"),
            ("300,000 x 30,000 x 10: blocking pairs", str(len(pairs)), "0"),
            ("300,000 x 30,000 x 10: students seated", f"{seated:,}", "-"),
            ("peak RSS with the instance in memory, before solving", f"{rss_input:.0f} MB", "-"),
            ("peak RSS, whole process", f"{peak_rss_mb():.0f} MB", "< 2,048 MB"),
        ]
        if args.cli:
            with tempfile.TemporaryDirectory() as tmp:
                source, target = Path(tmp) / "instance.json", Path(tmp) / "result.json"
                source.write_text(json.dumps(large))
                del large, instance, big_result
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "pathways.matching", "stable", str(source), str(target)],
                    cwd=ROOT,
                    check=True,
                )
                cli_time = time.perf_counter() - start
            rows.append(("CLI `stable` on the 300,000 instance (JSON in and out)", f"{cli_time:.1f} s", "-"))
            rows.append(("CLI peak RSS", f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB", "-"))

    machine = f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}"
    print(f"Stable matching benchmarks, seed {args.seed}, {machine}\n")
    print("| measure | value | goal |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()
