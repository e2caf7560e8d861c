"""Perkins V indicator benchmarks (`python bench/bench_reports.py`). Goals, not timed tests:

1. A synthetic region of about 1,000,000 student-year rows (default 250,000 students x 4 school
   years, `pathways.reports.synthetic`) is written to a temporary folder, then parsed and
   validated through the documented CSV format (`studentyears.parse_student_years`): well under
   30 s.
2. Every indicator x 5 levels x 20 subgroups for every school year (`engine.compute_years`) in a
   few seconds, then suppression (`suppression.suppress`).
3. Parity: the same numerators and denominators (before suppression), cell for cell, from an
   independent pandas computation written from the definitions in docs/reports-indicators.md
   (it reads the CSV files itself and never calls the engine). Must be "yes".

The Django side adds its rows (rollups into the database, dashboard p95) in `django_rows` below.
Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathways.reports.engine import Cell, Units, compute_years  # noqa: E402
from pathways.reports.metrics import PERKINS_SECONDARY, Rules  # noqa: E402
from pathways.reports.studentyears import (  # noqa: E402
    RACES,
    SPECIAL_POPULATION_COLUMNS,
    concat_years,
    parse_student_years,
)
from pathways.reports.suppression import suppress  # noqa: E402
from pathways.reports.synthetic import SyntheticRegion, generate_region  # noqa: E402

Row = tuple[str, str, str]
Key = tuple[str, int, str, str, str]


@dataclass
class BenchContext:
    """What the pure part measured, for the Django side's rows (`django_rows`)."""

    args: argparse.Namespace
    folder: Path
    region: SyntheticRegion
    rules: Rules
    units: Units
    columns: dict[str, Any]
    cells: list[Cell] = field(default_factory=list)
    published: list[Cell] = field(default_factory=list)


def django_rows(context: BenchContext) -> list[Row]:
    """--- Django side: add "rollups into the database" and "dashboard p95" rows here. ---

    The CSV files of the region are in `context.folder` (until the script ends); the pure figures
    are in `context.cells` / `context.published`. Return rows of (measure, value, goal), e.g.
    ("1,000,000 rows: import + rollups into SQLite", "41.2 s", "< 60 s")."""
    # Django side (reports rollups helper): bench/bench_reports_db.py, a fresh SQLite database.
    from bench_reports_db import measure

    return measure(context.region.files, f"{sum(context.region.rows.values()):,} rows")


class Seconds(float):
    """Wall-clock seconds that also carry the process's CPU seconds (the machine may be shared)."""

    cpu: float = 0.0

    def __format__(self, spec: str) -> str:
        return f"{float(self):{spec}} s (CPU {self.cpu:{spec}} s)"


def timed(function: Callable[[], Any]) -> tuple[Any, Seconds]:
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    seconds = Seconds(time.perf_counter() - start)
    seconds.cpu = time.process_time() - cpu
    return result, seconds


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


# --- the independent pandas computation -----------------------------------------------------

LEVEL_COLUMNS = {
    "consortium": "u_consortium",
    "district": "u_district",
    "school": "u_school",
    "program": "u_program",
    "cluster": "u_cluster",
}


def pandas_cells(
    files: Sequence[Path],
    years: Sequence[int],
    *,
    threshold: float,
    nontraditional: dict[str, frozenset[str]],
    consortium_unit: str,
) -> dict[Key, tuple[int, int]]:
    """{(indicator, year, level, unit, subgroup): (numerator, denominator)} for every cell with a
    denominator above 0, straight from the files and the written definitions."""
    import pandas as pd

    df = pd.concat(
        [pd.read_csv(f, dtype=str, keep_default_na=False, na_filter=False) for f in files], ignore_index=True
    )
    df["year"] = df["school_year"].astype(int)
    df["cohort"] = pd.to_numeric(df["cohort_year"], errors="coerce")
    df["courses"] = pd.to_numeric(df["cte_courses_in_program"], errors="coerce")
    df["credits"] = pd.to_numeric(df["postsecondary_credits"], errors="coerce")

    def first_year(condition: pd.Series) -> pd.Series:
        firsts = df.loc[condition].groupby("student_id")["year"].min()
        return df["student_id"].map(firsts)  # NaN when never

    df["conc_since"] = first_year(df["courses"] >= threshold)
    df["g4_since"] = first_year(df["graduated_4yr"] == "Y")
    df["gx_since"] = first_year(df["graduated_extended"] == "Y")
    pairs = pd.DataFrame(
        [(program, sex) for program, sexes in nontraditional.items() for sex in sexes],
        columns=["program_code", "sex"],
    )
    pairs["nontrad"] = True
    df = df.merge(pairs, on=["program_code", "sex"], how="left")
    df["nontrad"] = df["nontrad"].eq(True)

    # units: the files carry district_code and cluster_code
    df["u_consortium"] = consortium_unit
    df["u_district"] = df["district_code"]
    df["u_school"] = df["school_code"]
    df["u_program"] = df["program_code"]
    df["u_cluster"] = df["cluster_code"].where(df["program_code"] != "", "")

    subgroups: list[tuple[str, Callable[[pd.DataFrame], pd.Series]]] = [("all", lambda f: f["year"] > 0)]
    subgroups += [(f"sex:{s}", lambda f, s=s: f["sex"] == s) for s in ("F", "M", "X")]
    subgroups += [(f"race:{r}", lambda f, r=r: f["race_ethnicity"] == r) for r in RACES]
    subgroups += [(c, lambda f, c=c: f[c] == "Y") for c in SPECIAL_POPULATION_COLUMNS]
    subgroups += [("nontraditional_field", lambda f: f["nontrad"])]

    result: dict[Key, tuple[int, int]] = {}
    for year in years:
        in_year = df[df["year"] == year]
        in_previous = df[df["year"] == year - 1]
        up_to = df[df["year"] <= year].sort_values(["student_id", "year"])
        latest = up_to.groupby("student_id", sort=False).tail(1)

        def conc(frame: pd.DataFrame, by: int) -> pd.Series:
            return frame["conc_since"] <= by

        graduated = in_year[
            conc(in_year, year) & ((in_year["graduated_4yr"] == "Y") | (in_year["graduated_extended"] == "Y"))
        ]
        definitions: dict[str, tuple[pd.DataFrame, pd.Series]] = {}
        cohort = latest[conc(latest, year) & (latest["cohort"] == year)]
        definitions["1S1"] = (cohort, cohort["g4_since"] <= year)
        extended = latest[conc(latest, year) & (latest["cohort"] == year - 1)]
        definitions["1S2"] = (extended, extended["gx_since"] <= year)
        for code, column in (
            ("2S1", "reading_proficient"),
            ("2S2", "math_proficient"),
            ("2S3", "science_proficient"),
        ):
            tested = in_year[conc(in_year, year) & (in_year[column] != "")]
            definitions[code] = (tested, tested[column] == "Y")
        placement = in_previous["placement"].replace("", "unknown")
        exited = in_previous[
            conc(in_previous, year - 1) & (in_previous["exited_secondary"] == "Y") & (placement != "unknown")
        ]
        definitions["3S1"] = (exited, ~exited["placement"].isin(["none", "unknown", ""]))
        concentrators = in_year[conc(in_year, year)]
        definitions["4S1"] = (concentrators, concentrators["nontrad"])
        definitions["5S1"] = (graduated, graduated["credential_attained"] == "Y")
        definitions["5S2"] = (graduated, graduated["credits"] > 0)
        definitions["5S3"] = (graduated, graduated["wbl_participated"] == "Y")

        for code, (frame, met) in definitions.items():
            if frame.empty:
                continue
            frame = frame.assign(met=met.astype(int))
            long = pd.concat(
                [frame.loc[test(frame)].assign(subgroup=name) for name, test in subgroups], ignore_index=True
            )
            for level, column in LEVEL_COLUMNS.items():
                present = long[long[column] != ""]
                grouped = present.groupby([column, "subgroup"])["met"].agg(["sum", "size"])
                for (unit, subgroup), (num, den) in zip(
                    grouped.index.tolist(), grouped.to_numpy().tolist(), strict=True
                ):
                    result[(code, year, level, unit, subgroup)] = (int(num), int(den))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=250_000, help="enrolment per school year")
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--min-n", type=int, default=10)
    parser.add_argument("--skip-pandas", action="store_true", help="no parity check")
    parser.add_argument("--skip-django", action="store_true", help="no database rows (django_rows)")
    args = parser.parse_args()
    rows: list[Row] = []
    same = True
    consortium_unit = "synthetic-region"

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        region, generated = timed(
            lambda: generate_region(folder, students=args.students, years=args.years, seed=args.seed)
        )
        total_rows = sum(region.rows.values())
        label = f"{total_rows:,} rows"
        rows.append(
            (
                f"generate {args.years} CSV files, {region.students:,} students, "
                f"{len(region.schools)} schools (not counted)",
                f"{generated:.1f}",
                "< 60 s",
            )
        )
        parts, parsed = timed(lambda: [parse_student_years(f) for f in region.files])
        rows.append((f"{label}: parse + validate the CSV files", f"{parsed:.1f}", "< 30 s"))
        merged = concat_years(parts)
        del parts
        rules = Rules(nontraditional=region.nontraditional, min_n=args.min_n)
        units = Units(
            district_of_school=region.district_of_school, cluster_of_program=region.cluster_of_program
        )
        cells, computed = timed(
            lambda: compute_years(merged.columns, region.years, rules, units, consortium_unit=consortium_unit)
        )
        rows.append(
            (
                f"{label}: {len(PERKINS_SECONDARY)} indicators x 5 levels x 20 subgroups x "
                f"{len(region.years)} years",
                f"{computed:.2f}",
                "a few seconds",
            )
        )
        published, suppressed_time = timed(lambda: suppress(cells, rules.min_n))
        hidden = sum(c.suppressed for c in published)
        primary = sum(1 for c in cells if c.denominator is not None and c.denominator < rules.min_n)
        rows.append((f"{label}: suppression (min n {rules.min_n})", f"{suppressed_time:.2f}", "-"))
        rows.append(("cells (denominator > 0)", f"{len(cells):,}", "-"))
        rows.append(("cells suppressed: primary / with complementary", f"{primary:,} / {hidden:,}", "-"))
        total = Seconds(parsed + computed + suppressed_time)
        total.cpu = parsed.cpu + computed.cpu + suppressed_time.cpu
        rows.append(("total: parse + compute + suppress", f"{total:.1f}", "-"))
        if not args.skip_pandas:
            import pandas as pd

            theirs, pandas_time = timed(
                lambda: pandas_cells(
                    region.files,
                    region.years,
                    threshold=rules.concentrator_courses,
                    nontraditional=region.nontraditional,
                    consortium_unit=consortium_unit,
                )
            )
            ours = {c.key: (c.numerator, c.denominator) for c in cells}
            same = ours == theirs
            rows.append((f"pandas {pd.__version__} independent computation", f"{pandas_time:.1f}", "-"))
            rows.append(
                ("same numerators and denominators, every cell", "yes" if same else "NO", "must be yes")
            )
            if not same:
                only_ours = sorted(set(ours) - set(theirs))[:5]
                only_theirs = sorted(set(theirs) - set(ours))[:5]
                differ = sorted(k for k in set(ours) & set(theirs) if ours[k] != theirs[k])[:5]
                print("only ours:", only_ours, "\nonly pandas:", only_theirs)
                print("differ:", [(k, ours[k], theirs[k]) for k in differ])
        context = BenchContext(args, folder, region, rules, units, merged.columns, cells, published)
        if not args.skip_django:
            rows += django_rows(context)
        rows.append(("peak RSS, whole process", f"{peak_rss_mb():.0f} MB", "-"))

    machine = f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}"
    print(f"Perkins V indicator benchmarks, seed {args.seed}, {machine}\n")
    print("| measure | value | goal |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")
    if not args.skip_pandas and not same:
        raise SystemExit("the engine and the pandas computation differ")


if __name__ == "__main__":
    main()
