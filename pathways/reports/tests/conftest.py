"""Fixtures of the reports tests: a tiny hand-made student-year file for Alpha."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from pathways.reports.studentyears import REQUIRED_COLUMNS

SCHOOL_A = "350001000001"  # Alpha High
SCHOOL_B = "350001000002"  # Alpha Middle (used as a second high school here)
DISTRICT = "3500010"

DEFAULTS: dict[str, str] = {
    "grade_level": "12",
    "sex": "F",
    "race_ethnicity": "hispanic_latino",
    "economically_disadvantaged": "N",
    "disability": "N",
    "english_learner": "N",
    "homeless": "N",
    "foster_care": "N",
    "military_parent": "N",
    "single_parent": "N",
    "out_of_workforce": "N",
    "program_code": "WELD",
    "cte_courses_in_program": "2",
    "cohort_year": "2025",
    "graduated_4yr": "N",
    "graduated_extended": "N",
    "reading_proficient": "",
    "math_proficient": "",
    "science_proficient": "",
    "exited_secondary": "N",
    "placement": "",
    "credential_attained": "N",
    "postsecondary_credits": "0",
    "wbl_participated": "N",
}


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...] = REQUIRED_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        full = {**DEFAULTS, **{k: str(v) for k, v in row.items()}}
        writer.writerow([full.get(c, "") for c in columns])
    return out.getvalue()


def small_region() -> list[dict[str, Any]]:
    """2025: 12 concentrators at school A (9 graduate in four years, 6 of 10 tested proficient in
    reading, 2 are male) and 3 at school B (2 graduate); 4 participants with 1 course at A."""
    rows: list[dict[str, Any]] = []
    for i in range(12):
        rows.append(
            {
                "student_id": f"A{i}",
                "school_code": SCHOOL_A,
                "school_year": 2025,
                "sex": "M" if i < 2 else "F",
                "graduated_4yr": "Y" if i < 9 else "N",
                "reading_proficient": ("Y" if i < 6 else "N") if i < 10 else "",
                "wbl_participated": "Y" if i < 3 else "N",
            }
        )
    for i in range(3):
        rows.append(
            {
                "student_id": f"B{i}",
                "school_code": SCHOOL_B,
                "school_year": 2025,
                "graduated_4yr": "Y" if i < 2 else "N",
            }
        )
    for i in range(4):
        rows.append(
            {
                "student_id": f"P{i}",
                "school_code": SCHOOL_A,
                "school_year": 2025,
                "grade_level": 10,
                "cohort_year": 2027,
                "cte_courses_in_program": "1",
            }
        )
    return rows


@pytest.fixture
def alpha_codes(cast: Any) -> Any:
    cast.district.nces_id = DISTRICT
    cast.district.save()
    cast.school.nces_id = SCHOOL_A
    cast.school.save()
    cast.other_school.nces_id = SCHOOL_B
    cast.other_school.save()
    return cast
