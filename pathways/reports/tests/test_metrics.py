"""Each indicator's numerator and denominator on a small hand-computed fixture, read through
the documented CSV format. Reporting year 2025 unless said otherwise.

Students (C = concentrator: a row with cte_courses_in_program >= 2; first such year in brackets):

- A (F, school S1, WELD, C 2024, cohort 2025): 2024 grade 11; 2025 graduated in four years, exited
  to postsecondary, credential, 3 dual credits, work-based learning; economically disadvantaged.
- B (M, S1, WELD, C 2025, cohort 2025): 2025 not graduated; reading N, math Y.
- C (F, S1, NURS, never C, cohort 2025): graduated 2025; not in any denominator.
- D (M, S2 in 2023, WELD, C 2023, cohort 2025): only a 2023 row (left the region).
- E (M, S1, NURS, C 2023, cohort 2024): fifth year in 2025, graduated (extended), exited,
  employed; disability.
- F (F, S1, WELD, C 2023, cohort 2024): graduated 2024 (both flags), exited, placement none.
- G (M, S1, WELD, C 2024, cohort 2024): graduated 2024, exited, placement unknown.
- H (F, S2 in 2024, NURS, C 2023, cohort 2024): dropped out 2024 (exited, no diploma), military.
- I (M, S1, WELD, never C, cohort 2024): exited 2024, employed.
- J (X, S1, NURS, C 2025, cohort 2026): 2025 grade 11; math Y, science N, reading blank.

WELD is non-traditional for women, NURS for men.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pathways.reports.engine import Cell, Units, compute_indicators, compute_years, gaps
from pathways.reports.metrics import (
    PERKINS_SECONDARY,
    REGISTRY,
    SUBGROUPS,
    Metric,
    Rules,
    flag_below_level,
    register,
    unregister,
)
from pathways.reports.studentyears import BOOLEAN_COLUMNS, REQUIRED_COLUMNS, parse_student_years

S1, S2 = "350000100001", "350000200002"
UNITS = Units(cluster_of_program={"WELD": "advanced-manufacturi", "NURS": "healthcare-human-se"})
RULES = Rules(nontraditional={"WELD": frozenset({"F"}), "NURS": frozenset({"M"})})


def row(student: str, year: int, **values: Any) -> dict[str, str]:
    base = {c: "" for c in REQUIRED_COLUMNS}
    base.update({c: "N" for c in BOOLEAN_COLUMNS if not c.endswith("_proficient")})  # not tested: blank
    base.update(
        student_id=student,
        school_code=S1,
        school_year=str(year),
        grade_level="12",
        sex="F",
        race_ethnicity="white",
        cte_courses_in_program="0",
        postsecondary_credits="0",
    )
    base.update({k: str(v) for k, v in values.items()})
    return base


FIXTURE = [
    row("A", 2024, grade_level=11, program_code="WELD", cte_courses_in_program=2, cohort_year=2025,
        reading_proficient="Y", math_proficient="N", economically_disadvantaged="Y"),
    row("A", 2025, program_code="WELD", cte_courses_in_program=3, cohort_year=2025, graduated_4yr="Y",
        graduated_extended="Y", exited_secondary="Y", placement="postsecondary", credential_attained="Y",
        postsecondary_credits=3, wbl_participated="Y", economically_disadvantaged="Y"),
    row("B", 2024, grade_level=11, sex="M", program_code="WELD", cte_courses_in_program=1, cohort_year=2025),
    row("B", 2025, sex="M", program_code="WELD", cte_courses_in_program=2, cohort_year=2025,
        reading_proficient="N", math_proficient="Y"),
    row("C", 2024, grade_level=11, program_code="NURS", cte_courses_in_program=1, cohort_year=2025),
    row("C", 2025, program_code="NURS", cte_courses_in_program=1, cohort_year=2025, graduated_4yr="Y",
        graduated_extended="Y", exited_secondary="Y", placement="employed"),
    row("D", 2023, grade_level=10, sex="M", school_code=S2, program_code="WELD", cte_courses_in_program=2,
        cohort_year=2025),
    row("E", 2023, grade_level=11, sex="M", program_code="NURS", cte_courses_in_program=2, cohort_year=2024,
        disability="Y"),
    row("E", 2024, sex="M", program_code="NURS", cte_courses_in_program=2, cohort_year=2024, disability="Y"),
    row("E", 2025, sex="M", program_code="NURS", cte_courses_in_program=2, cohort_year=2024,
        graduated_extended="Y", exited_secondary="Y", placement="employed", disability="Y"),
    row("F", 2023, grade_level=11, program_code="WELD", cte_courses_in_program=2, cohort_year=2024),
    row("F", 2024, program_code="WELD", cte_courses_in_program=2, cohort_year=2024, graduated_4yr="Y",
        graduated_extended="Y", exited_secondary="Y", placement="none"),
    row("G", 2024, sex="M", program_code="WELD", cte_courses_in_program=3, cohort_year=2024,
        graduated_4yr="Y", graduated_extended="Y", exited_secondary="Y", placement=""),
    row("H", 2023, grade_level=11, program_code="NURS", cte_courses_in_program=2, cohort_year=2024),
    row("H", 2024, school_code=S2, program_code="NURS", cte_courses_in_program=2, cohort_year=2024,
        exited_secondary="Y", placement="military"),
    row("I", 2024, sex="M", program_code="WELD", cte_courses_in_program=1, cohort_year=2024,
        exited_secondary="Y", placement="employed"),
    row("J", 2025, grade_level=11, sex="X", program_code="NURS", cte_courses_in_program=2, cohort_year=2026,
        reading_proficient="", math_proficient="Y", science_proficient="N"),
]  # fmt: skip


def write(tmp_path: Path, rows: list[dict[str, str]], name: str = "fixture.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(REQUIRED_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def columns(tmp_path: Path) -> dict[str, Any]:
    return parse_student_years(write(tmp_path, FIXTURE)).columns


def figures(
    cells: list[Cell], level: str = "consortium", unit: str = "alpha", subgroup: str = "all"
) -> dict[str, tuple[int | None, int | None]]:
    return {
        c.indicator: (c.numerator, c.denominator)
        for c in cells
        if c.level == level and c.unit == unit and c.subgroup == subgroup
    }


def test_every_indicator_matches_the_hand_count(columns: dict[str, Any]) -> None:
    cells = compute_indicators(columns, 2025, RULES, UNITS, consortium_unit="alpha")
    assert figures(cells) == {
        "1S1": (1, 3),  # cohort 2025 concentrators A, B, D (latest row up to 2025); A graduated
        "1S2": (3, 4),  # cohort 2024 concentrators E, F, G, H; E (2025 row), F, G extended graduates
        "2S1": (0, 1),  # 2025 rows with a reading result: B (not proficient)
        "2S2": (2, 2),  # math: B and J, both proficient
        "2S3": (0, 1),  # science: J, not proficient
        "3S1": (1, 2),  # exited 2024 with a known placement: F (none), H (military); G unknown, I not C
        "4S1": (2, 4),  # 2025 concentrators A, B, E, J; A (WELD, F) and E (NURS, M) non-traditional
        "5S1": (1, 2),  # graduated on their 2025 row: A and E; A has a credential
        "5S2": (1, 2),  # A earned 3 postsecondary credits
        "5S3": (1, 2),  # A took part in work-based learning
    }


def test_the_indicators_follow_the_registry_and_levels(columns: dict[str, Any]) -> None:
    cells = compute_indicators(columns, 2025, RULES, UNITS, consortium_unit="alpha")
    assert [c for c in dict.fromkeys(c.indicator for c in cells)] == list(PERKINS_SECONDARY)
    assert {c.level for c in cells} == {"consortium", "district", "school", "program", "cluster"}
    assert all(c.denominator and c.denominator > 0 and c.rate == c.numerator / c.denominator for c in cells)
    assert {c.subgroup for c in cells} <= set(SUBGROUPS)


def test_attributes_come_from_the_row_each_indicator_is_measured_on(columns: dict[str, Any]) -> None:
    cells = compute_indicators(columns, 2025, RULES, UNITS, consortium_unit="alpha")
    # D's latest row up to 2025 is at S2 (2023): 1S1 counts D there.
    assert figures(cells, "school", S2)["1S1"] == (0, 1)
    assert figures(cells, "school", S1)["1S1"] == (1, 2)
    # H's exit row (2024) is at S2: 3S1 counts H there.
    assert figures(cells, "school", S2)["3S1"] == (1, 1)
    assert figures(cells, "school", S1)["3S1"] == (0, 1)
    # districts from the 12-digit NCES school codes, parents named
    district = [c for c in cells if c.level == "district" and c.indicator == "1S1" and c.subgroup == "all"]
    assert {(c.unit, c.parent, c.denominator) for c in district} == {
        ("3500001", "alpha", 2),
        ("3500002", "alpha", 1),
    }
    school = next(c for c in cells if c.level == "school" and c.unit == S2)
    assert school.parent == "3500002"
    # programs and clusters
    assert figures(cells, "program", "WELD")["4S1"] == (1, 2)  # A (F) and B (M)
    assert figures(cells, "program", "NURS")["4S1"] == (1, 2)  # E (M) and J (X)
    assert figures(cells, "cluster", "healthcare-human-se")["4S1"] == (1, 2)
    nurs = next(c for c in cells if c.level == "program" and c.unit == "NURS")
    assert nurs.parent == "healthcare-human-se"


def test_subgroups(columns: dict[str, Any]) -> None:
    cells = compute_indicators(columns, 2025, RULES, UNITS, consortium_unit="alpha")
    assert figures(cells, subgroup="sex:F")["4S1"] == (1, 1)  # A
    assert figures(cells, subgroup="sex:M")["4S1"] == (1, 2)  # B, E
    assert figures(cells, subgroup="sex:X")["4S1"] == (0, 1)  # J
    assert figures(cells, subgroup="race:white")["4S1"] == (2, 4)
    assert "race:asian" not in {c.subgroup for c in cells}  # no one: no cell
    assert figures(cells, subgroup="nontraditional_field")["4S1"] == (2, 2)
    assert figures(cells, subgroup="nontraditional_field")["5S1"] == (1, 2)  # A and E
    assert figures(cells, subgroup="economically_disadvantaged")["5S1"] == (1, 1)  # A
    assert figures(cells, subgroup="disability")["5S1"] == (0, 1)  # E
    assert figures(cells, subgroup="disability")["1S2"] == (1, 1)  # E, by the latest row


def test_gap_is_the_subgroup_rate_minus_all(columns: dict[str, Any]) -> None:
    cells = compute_indicators(columns, 2025, RULES, UNITS, consortium_unit="alpha")
    found = gaps(cells)
    assert found[("4S1", 2025, "consortium", "alpha", "sex:F")] == pytest.approx(1.0 - 0.5)
    assert found[("4S1", 2025, "consortium", "alpha", "sex:X")] == pytest.approx(0.0 - 0.5)
    assert ("4S1", 2025, "consortium", "alpha", "all") not in found


def test_the_concentrator_threshold_is_configurable(columns: dict[str, Any]) -> None:
    three = Rules(concentrator_courses=3, nontraditional=RULES.nontraditional)
    cells = compute_indicators(columns, 2025, three, UNITS, consortium_unit="alpha")
    # only A (3 courses in 2025) and G (3 in 2024) reach 3
    assert figures(cells)["4S1"] == (1, 1)
    assert figures(cells)["1S1"] == (1, 1)
    assert figures(cells)["1S2"] == (1, 1)  # G
    assert "3S1" not in figures(cells)  # G's placement is unknown


def test_non_traditional_programs_are_configurable(columns: dict[str, Any]) -> None:
    cells = compute_indicators(columns, 2025, Rules(nontraditional={"NURS": {"male", "X"}}), UNITS)
    assert figures(cells, unit="")["4S1"] == (2, 4)  # E (M) and J (X) in NURS
    cells = compute_indicators(columns, 2025, Rules(), UNITS)
    assert figures(cells, unit="")["4S1"] == (0, 4)


def test_other_years_and_levels(columns: dict[str, Any]) -> None:
    cells = compute_years(columns, [2024, 2025], RULES, UNITS, consortium_unit="alpha", levels=["consortium"])
    assert {c.year for c in cells} == {2024, 2025}
    y2024 = figures([c for c in cells if c.year == 2024])
    # 2024: cohort 2024 concentrators E, F, G, H (latest rows up to 2024); F and G graduated
    assert y2024["1S1"] == (2, 4)
    # 2024 rows: A's reading Y (A is a concentrator since 2024)
    assert y2024["2S1"] == (1, 1)
    assert {c.level for c in cells} == {"consortium"}


def test_a_local_metric_is_one_registration(columns: dict[str, Any]) -> None:
    register(
        Metric(
            code="LWBL",
            name="Work-based learning, all concentrators",
            description="",
            basis="year",
            denominator=lambda rows: rows.concentrator,
            numerator=lambda rows: rows["wbl_participated"] == 1,
        )
    )
    try:
        with pytest.raises(ValueError, match="already registered"):
            register(REGISTRY["LWBL"])
        cells = compute_indicators(columns, 2025, RULES, UNITS, consortium_unit="alpha")
        assert figures(cells)["LWBL"] == (1, 4)
        only = compute_indicators(columns, 2025, Rules(indicators=("LWBL",)), UNITS, consortium_unit="alpha")
        assert {c.indicator for c in only} == {"LWBL"}
    finally:
        unregister("LWBL")
    assert "LWBL" not in REGISTRY


def test_rules_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        Rules(concentrator_courses=0)
    with pytest.raises(ValueError):
        Rules(nontraditional={"WELD": {"purple"}})
    with pytest.raises(ValueError, match="unknown indicator"):
        Rules(indicators=("9Z9",))
    assert Rules(nontraditional={"WELD": "female", "X": "none"}).nontraditional == {"WELD": frozenset({"F"})}


def test_flag_below_ninety_percent_of_the_level() -> None:
    assert flag_below_level(0.80, 0.90) is True  # 0.80 < 0.81
    assert flag_below_level(0.81, 0.90) is False
    assert flag_below_level(None, 0.90) is None


def test_a_year_without_rows_gives_no_cells(columns: dict[str, Any]) -> None:
    assert compute_indicators(columns, 2030, RULES, UNITS) == []
    assert compute_indicators(columns, 2010, RULES, UNITS) == []


def test_values_read_back_from_a_database_give_the_same_cells(columns: dict[str, Any]) -> None:
    """Plain Python lists with booleans True/False/None and None for blank numbers and years."""

    def python(name: str, value: Any) -> Any:
        if name in BOOLEAN_COLUMNS:
            return None if value == -1 else value == 1
        if isinstance(value, float) and np.isnan(value):
            return None
        if name == "cohort_year" and value == 0:
            return None
        return value

    as_lists = {name: [python(name, v) for v in values.tolist()] for name, values in columns.items()}
    assert None in as_lists["reading_proficient"] and True in as_lists["graduated_4yr"]
    a = compute_indicators(columns, 2025, RULES, UNITS, consortium_unit="alpha")
    b = compute_indicators(as_lists, 2025, RULES, UNITS, consortium_unit="alpha")
    assert a == b
