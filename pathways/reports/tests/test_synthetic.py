"""The synthetic region: deterministic for a seed, in the documented format, with plausible rates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pathways.reports.engine import Units, compute_indicators
from pathways.reports.metrics import Rules
from pathways.reports.studentyears import RACES, concat_years, parse_student_years
from pathways.reports.synthetic import ProgramSpec, SchoolSpec, generate_region


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    first = generate_region(tmp_path / "a", students=1500, years=2, seed=7)
    second = generate_region(tmp_path / "b", students=1500, years=2, seed=7)
    other = generate_region(tmp_path / "c", students=1500, years=2, seed=8)
    for a, b, c in zip(first.files, second.files, other.files, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() != c.read_bytes()
    assert (tmp_path / "a" / "region.json").read_text() == (tmp_path / "b" / "region.json").read_text()


def test_the_files_parse_with_the_importer_and_look_like_a_region(tmp_path: Path) -> None:
    region = generate_region(tmp_path, students=4000, years=3, seed=11, first_year=2023)
    assert [f.name for f in region.files] == [f"student_years_{y}.csv" for y in (2023, 2024, 2025)]
    parts = [parse_student_years(f) for f in region.files]
    assert [p.school_years for p in parts] == [[2023], [2024], [2025]]
    for part in parts:
        assert 3600 <= part.n_rows <= 4400  # about `students` rows a year
        assert part.n_rows == region.rows[part.school_years[0]]
    columns = concat_years(parts).columns
    schools = {s.code for s in region.schools}
    assert set(columns["school_code"].tolist()) <= schools
    assert all(len(code) == 12 and code.isdigit() for code in schools)
    assert all(code[:7] == s.district_code for s in region.schools for code in [s.code])
    assert set(columns["district_code"].tolist()) == {code[:7] for code in columns["school_code"].tolist()}
    assert set(columns["race_ethnicity"].tolist()) <= {*RACES, "unknown"}
    share = {sex: float(np.mean(columns["sex"] == sex)) for sex in ("F", "M", "X")}
    assert 0.44 < share["F"] < 0.53 and 0.46 < share["M"] < 0.55 and share["X"] < 0.03
    hispanic = float(np.mean(columns["race_ethnicity"] == "hispanic_latino"))
    assert 0.55 < hispanic < 0.69
    assert set(np.unique(columns["grade_level"]).tolist()) == {9, 10, 11, 12}


def test_rates_are_near_the_documented_ones(tmp_path: Path) -> None:
    region = generate_region(tmp_path, students=8000, years=4, seed=3)
    columns = concat_years([parse_student_years(f) for f in region.files]).columns
    rules = Rules(nontraditional=region.nontraditional)
    cells = compute_indicators(columns, 2025, rules, Units(), consortium_unit="r", levels=["consortium"])
    rate = {c.indicator: c.rate for c in cells if c.subgroup == "all"}
    assert 0.84 < rate["1S1"] < 0.96  # about 90% of concentrators graduate in four years
    assert 0.30 < rate["2S1"] < 0.55 and 0.15 < rate["2S2"] < 0.40
    assert 0.65 < rate["3S1"] < 0.92
    assert 0.05 < rate["4S1"] < 0.30
    assert 0.10 < rate["5S1"] < 0.40 and 0.10 < rate["5S3"] < 0.40
    # about 40% of a cohort become concentrators (cohort 2025, seen from grade 9 in 2022)
    in_cohort = columns["cohort_year"] == 2025
    students = set(columns["student_id"][in_cohort].tolist())
    concentrators = set(columns["student_id"][in_cohort & (columns["cte_courses_in_program"] >= 2)].tolist())
    assert 0.33 < len(concentrators) / len(students) < 0.50


def test_given_schools_and_programs_are_used(tmp_path: Path) -> None:
    schools = [SchoolSpec("350000100011"), SchoolSpec("350000100012"), SchoolSpec("X-HIGH", "D-9")]
    programs = [
        ProgramSpec("51.3902", "healthcare-human-se", frozenset({"M"})),
        ProgramSpec("48.0508", "advanced-manufacturi", frozenset({"F"})),
        ProgramSpec("52.0101", "management-entrepren"),
    ]
    region = generate_region(tmp_path, students=900, years=1, seed=1, schools=schools, programs=programs)
    columns = parse_student_years(region.files[0]).columns
    assert set(columns["school_code"].tolist()) == {"350000100011", "350000100012", "X-HIGH"}
    assert set(columns["program_code"].tolist()) <= {"", "51.3902", "48.0508", "52.0101"}
    assert region.district_of_school == {
        "350000100011": "3500001",
        "350000100012": "3500001",
        "X-HIGH": "D-9",
    }
    assert region.nontraditional == {"51.3902": frozenset({"M"}), "48.0508": frozenset({"F"})}
    manifest = json.loads((tmp_path / "region.json").read_text())
    assert manifest["programs"][0] == {
        "code": "51.3902",
        "cluster_code": "healthcare-human-se",
        "nontraditional_for": ["M"],
    }


def test_the_command_writes_the_files(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "generate_synthetic_region",
        "--students=600",
        "--years=2",
        "--seed=4",
        f"--out={tmp_path}",
        "--schools=3",
        "--first-year=2024",
        stdout=out,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "region.json",
        "student_years_2024.csv",
        "student_years_2025.csv",
    ]
    assert "3 schools" in out.getvalue()
    with pytest.raises(CommandError, match="--years"):
        call_command(
            "generate_synthetic_region", "--students=10", "--years=0", "--seed=1", f"--out={tmp_path}"
        )
