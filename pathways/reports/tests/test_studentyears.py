"""The student-year CSV format: what is accepted, and bad files refused whole with every bad row
named (file, line, column, reason)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from pathways.reports.studentyears import (
    BOOLEAN_COLUMNS,
    MAX_ERRORS,
    REQUIRED_COLUMNS,
    StudentYearFileError,
    concat_years,
    parse_student_years,
    to_columns,
)

HEADER = ",".join(REQUIRED_COLUMNS)
# student_id,school_code,school_year,grade_level,sex,race_ethnicity,econ,disab,el,homeless,foster,
# military,single,oow,program_code,courses,cohort_year,g4,gx,read,math,sci,exited,placement,cred,credits,wbl
GOOD = "S1,350000100001,2025,12,F,white,Y,N,,N,N,N,N,N,WELD,2,2025,Y,Y,,,,Y,postsecondary,Y,3.5,Y"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def parse(text: str, name: str = "years.csv") -> dict[str, np.ndarray]:
    return parse_student_years(io.StringIO(text), name).columns


def refused(text: str) -> StudentYearFileError:
    with pytest.raises(StudentYearFileError) as caught:
        parse_student_years(io.StringIO(text), "bad.csv")
    return caught.value


def with_value(column: str, value: str, student: str = "S1") -> str:
    fields = GOOD.split(",")
    fields[REQUIRED_COLUMNS.index(column)] = value
    fields[0] = student
    return ",".join(fields)


def test_a_good_row_becomes_typed_columns() -> None:
    columns = parse(csv_text(GOOD))
    assert columns["student_id"].tolist() == ["S1"]
    assert columns["school_year"].dtype == np.int16 and columns["school_year"][0] == 2025
    assert columns["grade_level"].dtype == np.int8 and columns["grade_level"][0] == 12
    assert columns["economically_disadvantaged"].dtype == np.int8
    assert columns["economically_disadvantaged"][0] == 1
    assert columns["disability"][0] == 0
    assert columns["english_learner"][0] == -1  # blank = unknown
    assert columns["reading_proficient"][0] == -1
    assert columns["placement"][0] == "postsecondary"
    assert columns["postsecondary_credits"].dtype == np.float64 and columns["postsecondary_credits"][0] == 3.5
    assert "district_code" not in columns


@pytest.mark.parametrize(
    ("column", "raw", "value"),
    [
        ("school_year", "2024-25", 2025),
        ("school_year", "2024-2025", 2025),
        ("school_year", "1999-00", 2000),
        ("cohort_year", "", 0),
        ("grade_level", "09", 9),
        ("grade_level", "Ninth grade", 9),
        ("grade_level", "", -1),
        ("sex", "Female", "F"),
        ("sex", "male", "M"),
        ("sex", "Not Selected", "X"),
        ("sex", "", ""),
        ("race_ethnicity", "Black - African American", "black_african_american"),
        ("race_ethnicity", "Hispanic or Latino", "hispanic_latino"),
        ("race_ethnicity", "AmericanIndianorAlaskaNative", "american_indian_alaska_native"),
        ("race_ethnicity", "Two or More Races", "two_or_more"),
        ("race_ethnicity", "", "unknown"),
        ("placement", "", "unknown"),
        ("placement", "Advanced Training", "advanced_training"),
        ("homeless", "yes", 1),
        ("homeless", "FALSE", 0),
        ("homeless", "1", 1),
        ("homeless", " n ", 0),
        ("postsecondary_credits", "", "nan"),
        ("cte_courses_in_program", "2.0", 2.0),
        ("program_code", "  WELD ", "WELD"),
    ],
)
def test_accepted_spellings(column: str, raw: str, value: object) -> None:
    parsed = parse(csv_text(with_value(column, raw)))[column][0]
    if value == "nan":
        assert np.isnan(parsed)
    else:
        assert parsed == value


def test_every_bad_row_is_named_and_nothing_is_returned() -> None:
    text = csv_text(
        GOOD,
        with_value("school_year", "2025-27", "S2"),
        with_value("homeless", "maybe", "S3"),
        with_value("placement", "college", "S4"),
        with_value("grade_level", "3", "S5"),
        with_value("sex", "Q", "S6"),
        with_value("race_ethnicity", "martian", "S7"),
        with_value("cte_courses_in_program", "-1", "S8"),
        with_value("postsecondary_credits", "lots", "S9"),
        with_value("school_code", "", "S10"),
    )
    error = refused(text)
    found = [(e.file, e.line, e.column) for e in error.errors]
    assert found == [
        ("bad.csv", 3, "school_year"),
        ("bad.csv", 4, "homeless"),
        ("bad.csv", 5, "placement"),
        ("bad.csv", 6, "grade_level"),
        ("bad.csv", 7, "sex"),
        ("bad.csv", 8, "race_ethnicity"),
        ("bad.csv", 9, "cte_courses_in_program"),
        ("bad.csv", 10, "postsecondary_credits"),
        ("bad.csv", 11, "school_code"),
    ]
    reasons = {e.column: e.reason for e in error.errors}
    assert "maybe" in reasons["homeless"] and "Y, N or blank" in reasons["homeless"]
    assert "college" in reasons["placement"]
    assert "required" in reasons["school_code"]
    assert "bad.csv, line 4, column 'homeless'" in str(error)


def test_header_problems_are_named() -> None:
    header = HEADER.replace("homeless,", "").replace("wbl_participated", "wbl_participated,favourite_color")
    error = refused(csv_text(header=header))
    assert {(e.line, e.column) for e in error.errors} == {(1, "homeless"), (1, "favourite_color")}
    assert any("missing" in e.reason for e in error.errors)
    assert any("unknown column" in e.reason for e in error.errors)
    twice = refused(csv_text(header=HEADER + ",sex"))
    assert twice.errors[0].column == "sex" and "twice" in twice.errors[0].reason


def test_columns_are_found_by_name_in_any_order_with_optional_ones() -> None:
    names = ["cluster_code", *reversed(REQUIRED_COLUMNS), "district_code"]
    values = dict(zip(REQUIRED_COLUMNS, GOOD.split(","), strict=True))
    values.update(cluster_code="advanced-manufacturi", district_code="3500001")
    columns = parse(csv_text(",".join(values[n] for n in names), header=",".join(names).upper()))
    assert columns["cluster_code"][0] == "advanced-manufacturi"
    assert columns["district_code"][0] == "3500001"
    assert columns["student_id"][0] == "S1"


def test_duplicate_student_year_is_refused_with_both_lines() -> None:
    error = refused(csv_text(GOOD, with_value("sex", "M", "S2"), GOOD))
    assert [(e.line, e.column) for e in error.errors] == [(4, "student_id")]
    assert "line 2" in error.errors[0].reason and "2025" in error.errors[0].reason


def test_wrong_field_counts_and_blank_lines() -> None:
    error = refused(csv_text(GOOD, "S2,350000100001,2025", "", with_value("sex", "M", "S3") + ",extra"))
    assert [(e.line, e.reason) for e in error.errors] == [
        (3, "expected 27 fields, found 3"),
        (5, "expected 27 fields, found 28"),
    ]
    assert len(parse(csv_text(GOOD, "", with_value("sex", "M", "S2")))["sex"]) == 2


def test_cross_column_rules() -> None:
    orphan = refused(csv_text(with_value("program_code", "")))
    assert orphan.errors[0].column == "program_code" and "cte_courses_in_program" in orphan.errors[0].reason
    header = HEADER + ",district_code"
    error = refused(csv_text(GOOD + ",3500001", with_value("sex", "M", "S2") + ",3500002", header=header))
    assert [(e.line, e.column) for e in error.errors] == [(3, "district_code")]
    assert "one school_code belongs to one district_code" in error.errors[0].reason


def test_quoted_fields_crlf_bom_and_binary_files_parse_the_same(tmp_path: Path) -> None:
    plain = parse(csv_text(GOOD, with_value("sex", "M", "S2")))
    quoted_row = (
        '"S2",350000100001,"2025",12,M,"white",Y,N,,N,N,N,N,N,"WELD",2,2025,Y,Y,,,,Y,postsecondary,Y,3.5,Y'
    )
    quoted = csv_text(GOOD, quoted_row).replace("\n", "\r\n")
    path = tmp_path / "quoted.csv"
    path.write_bytes(b"\xef\xbb\xbf" + quoted.encode())
    for columns in (
        parse_student_years(path).columns,
        parse_student_years(io.BytesIO(path.read_bytes()), "upload.csv").columns,
    ):
        assert columns.keys() == plain.keys()
        for name in plain:
            assert columns[name].tolist() == plain[name].tolist(), name


def test_a_quoted_code_may_hold_a_comma_and_lines_stay_right() -> None:
    text = csv_text(GOOD, with_value("program_code", '"WELD, ADV"', "S2"), with_value("sex", "?", "S3"))
    error = refused(text)
    assert [(e.line, e.column) for e in error.errors] == [(4, "sex")]
    columns = parse(csv_text(GOOD, with_value("program_code", '"WELD, ADV"', "S2")))
    assert columns["program_code"].tolist() == ["WELD", "WELD, ADV"]


def test_errors_are_capped_with_a_count_of_the_rest() -> None:
    rows = [with_value("homeless", "maybe", f"S{i}") for i in range(MAX_ERRORS + 500)]
    error = refused(csv_text(*rows))
    assert len(error.errors) == MAX_ERRORS
    assert error.more == 500 and error.total == MAX_ERRORS + 500
    assert "1500 problem(s)" in str(error)


def test_empty_and_header_only_files_are_refused() -> None:
    assert "empty" in refused("").errors[0].reason
    assert "no rows" in refused(HEADER + "\n").errors[0].reason


def test_not_utf8_is_refused() -> None:
    data = (csv_text(GOOD).replace("white", "wh\u00efte")).encode("latin-1")
    with pytest.raises(StudentYearFileError) as caught:
        parse_student_years(io.BytesIO(data), "latin.csv")
    assert "UTF-8" in caught.value.errors[0].reason


def test_concat_replaces_the_years_a_later_file_holds() -> None:
    first = parse_student_years(io.StringIO(csv_text(GOOD, with_value("school_year", "2024", "S1"))), "a.csv")
    again = parse_student_years(io.StringIO(csv_text(with_value("sex", "M", "S9"))), "b.csv")
    merged = concat_years([first, again])
    assert merged.school_years == [2024, 2025]
    pairs = zip(merged.columns["student_id"].tolist(), merged.columns["school_year"].tolist(), strict=True)
    assert sorted(pairs) == [
        ("S1", 2024),
        ("S9", 2025),
    ]


def test_to_columns_matches_the_parser() -> None:
    """Database rows (booleans True/False/None, numbers or None) give the parser's columns."""
    parsed = parse(csv_text(GOOD, with_value("placement", "", "S2")))

    def python_value(name: str, value: object) -> object:
        if name in BOOLEAN_COLUMNS:
            return None if value == -1 else value == 1
        if name == "cohort_year" and value == 0:
            return None
        return value

    records = [
        {name: python_value(name, values[i].item()) for name, values in parsed.items()} for i in range(2)
    ]
    rebuilt = to_columns(records)
    for name, values in parsed.items():
        assert rebuilt[name].dtype.kind == values.dtype.kind, name
        assert np.array_equal(rebuilt[name], values, equal_nan=values.dtype.kind == "f"), name


def test_a_million_rows_are_not_needed_to_see_speed() -> None:
    """Big enough to cross chunk boundaries (65,536 rows): the columns stay aligned."""
    rows = [with_value("cohort_year", str(2025 + i % 3), f"S{i}") for i in range(70_000)]
    columns = parse(csv_text(*rows))
    assert len(columns["student_id"]) == 70_000
    assert columns["student_id"][69_999] == "S69999" and columns["cohort_year"][69_999] == 2025 + 69_999 % 3


def test_many_distinct_values_that_need_cleaning() -> None:
    """Over 256 distinct values take the binary-search path: still trimmed, parsed and checked."""
    rows = [with_value("postsecondary_credits", f"{i / 8:.3f}", f" S{i} ") for i in range(600)]
    rows.append(with_value("postsecondary_credits", "x", "S-bad"))
    error = refused(csv_text(*rows))
    assert [(e.line, e.column) for e in error.errors] == [(602, "postsecondary_credits")]
    columns = parse(csv_text(*rows[:-1]))
    assert columns["student_id"][:2].tolist() == ["S0", "S1"]
    assert columns["postsecondary_credits"][599] == pytest.approx(599 / 8)
