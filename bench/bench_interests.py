"""Career ranking benchmarks (`python bench/bench_interests.py`). Goals, not timed tests:

1. One profile against every O*NET occupation (923 in data/public/onet/Interests.txt):
   `rank_occupations` in under 2 ms (median of 1,000 random profiles), with and without the
   job-zone filter.
2. 100,000 profiles, top 20 occupations each (`top_occupations`): under 10 s.

Profiles are simulated Short Form answers (seeded). Reads the checked-in O*NET files directly
(no Django, no database). Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathways.matching.interests import (  # noqa: E402
    AREA_NAMES,
    AREAS,
    ITEM_AREAS,
    rank_occupations,
    score_answers,
    top_occupations,
)

ONET = ROOT / "data" / "public" / "onet"


def load_onet() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Codes (sorted), OI ratings (N, 6) in RIASEC order, and job zones (0 when unknown)."""
    ratings: dict[str, dict[str, float]] = {}
    with (ONET / "Interests.txt").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["Scale ID"] == "OI":
                ratings.setdefault(row["O*NET-SOC Code"], {})[row["Element Name"]] = float(row["Data Value"])
    zones: dict[str, int] = {}
    with (ONET / "Job Zones.txt").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            zones[row["O*NET-SOC Code"]] = int(row["Job Zone"])
    codes = sorted(code for code, values in ratings.items() if len(values) == len(AREAS))
    matrix = np.array([[ratings[c][AREA_NAMES[a]] for a in AREAS] for c in codes])
    return codes, matrix, np.array([zones.get(c, 0) for c in codes])


def simulated_answers(count: int, seed: int) -> list[str]:
    """Short Form answers: each simulated student likes each area with its own probability."""
    rng = np.random.default_rng(seed)
    liking = rng.random((count, len(AREAS))) ** 2
    area_of_item = np.array([AREAS.index(a) for a in ITEM_AREAS])
    answers = 1 + rng.binomial(4, liking[:, area_of_item])
    return ["".join(map(str, row)) for row in answers.tolist()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=100_000)
    args = parser.parse_args()
    codes, ratings, job_zones = load_onet()
    rows: list[tuple[str, str, str]] = [("occupations with OI ratings", str(len(codes)), "-")]

    answers = simulated_answers(args.batch, args.seed)
    start = time.perf_counter()
    scores = [score_answers(a) for a in answers]
    scored = time.perf_counter() - start
    rows.append((f"score {args.batch:,} answer strings", f"{scored:.2f} s", "-"))
    profiles = np.array([[s[a] for a in AREAS] for s in scores])
    usable = profiles[np.ptp(profiles, axis=1) > 0]

    for label, zones in (
        ("rank one profile, all occupations", None),
        ("rank one profile, job zones 1-3 only", {1, 2, 3}),
    ):
        timings = []
        for profile in usable[:1000]:
            start = time.perf_counter()
            if zones is None:
                rank_occupations(profile, ratings, codes=codes)
            else:
                rank_occupations(profile, ratings, codes=codes, job_zones=job_zones, zones=zones)
            timings.append(time.perf_counter() - start)
        timings.sort()
        median = statistics.median(timings) * 1000
        p95 = timings[int(len(timings) * 0.95)] * 1000
        rows.append((f"{label}: median / p95", f"{median:.2f} / {p95:.2f} ms", "< 2 ms"))

    start = time.perf_counter()
    batch = top_occupations(profiles, ratings, 20, codes=codes)
    elapsed = time.perf_counter() - start
    rows.append((f"top 20 for {len(profiles):,} profiles (batch)", f"{elapsed:.2f} s", "< 10 s"))
    rows.append(("flat profiles in the batch (no ranking)", f"{int(batch.flat.sum()):,}", "-"))
    sample = np.flatnonzero(~batch.flat)[:500]
    same = all(
        batch.order[i].tolist() == rank_occupations(profiles[i], ratings, codes=codes).order[:20].tolist()
        for i in sample
    )
    label = f"batch agrees with `rank_occupations` ({len(sample)} profiles checked)"
    rows.append((label, "yes" if same else "NO", "must be yes"))

    machine = f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}"
    print(f"Career ranking benchmarks, seed {args.seed}, {machine}\n")
    print("| measure | value | goal |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")


if __name__ == "__main__":
    main()
