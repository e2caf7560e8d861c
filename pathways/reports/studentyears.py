"""Student-year records: the documented CSV format (docs/reports-indicators.md), parsed and
validated into columns. Pure: no Django models, no database.

One row per student per school year. `parse_student_years` reads a whole file and either returns
its columns (`ParsedYears`: NumPy arrays aligned by row) or raises `StudentYearFileError` listing
every bad row (file, line, column, reason; the first `MAX_ERRORS` and a count of the rest), so a
file with one bad row imports nothing.

Columns (dtypes of `ParsedYears.columns`):

- `student_id`, `school_code`, `program_code` and the optional `district_code`, `cluster_code`:
  NumPy unicode (`<U…`), stripped; "" when blank (only the optional ones may be blank).
- `school_year`, `cohort_year`: int16 ending year (2025 is 2024-25); `cohort_year` 0 when blank.
- `grade_level`: int8, 6-13, -1 when blank.
- `sex`: `<U1`, "F", "M", "X" or "" (unknown).
- `race_ethnicity`: unicode, one of `RACES` or "unknown".
- `placement`: unicode, one of `PLACEMENTS` ("unknown" when blank).
- the booleans (`BOOLEAN_COLUMNS`): int8, 1 yes, 0 no, -1 blank (unknown).
- `cte_courses_in_program`, `postsecondary_credits`: float64, NaN when blank.

Speed: the file is read with the csv module in chunks, each chunk transposed into columns, and
every column validated through a table of its distinct values, so the per-value work is a dict
lookup done in C (`map`), never a Python function call per row.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice, repeat
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import IO, Any, Final, cast

import numpy as np
from numpy.typing import NDArray

REQUIRED_COLUMNS: Final[tuple[str, ...]] = (
    "student_id",
    "school_code",
    "school_year",
    "grade_level",
    "sex",
    "race_ethnicity",
    "economically_disadvantaged",
    "disability",
    "english_learner",
    "homeless",
    "foster_care",
    "military_parent",
    "single_parent",
    "out_of_workforce",
    "program_code",
    "cte_courses_in_program",
    "cohort_year",
    "graduated_4yr",
    "graduated_extended",
    "reading_proficient",
    "math_proficient",
    "science_proficient",
    "exited_secondary",
    "placement",
    "credential_attained",
    "postsecondary_credits",
    "wbl_participated",
)
OPTIONAL_COLUMNS: Final[tuple[str, ...]] = ("district_code", "cluster_code")
ALL_COLUMNS: Final[tuple[str, ...]] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# The eight special populations that are columns; the ninth (individuals preparing for
# non-traditional fields) is derived from program and sex (see metrics.py).
SPECIAL_POPULATION_COLUMNS: Final[tuple[str, ...]] = (
    "economically_disadvantaged",
    "disability",
    "english_learner",
    "homeless",
    "foster_care",
    "military_parent",
    "single_parent",
    "out_of_workforce",
)
BOOLEAN_COLUMNS: Final[tuple[str, ...]] = (
    *SPECIAL_POPULATION_COLUMNS,
    "graduated_4yr",
    "graduated_extended",
    "reading_proficient",
    "math_proficient",
    "science_proficient",
    "exited_secondary",
    "credential_attained",
    "wbl_participated",
)
CODE_COLUMNS: Final[tuple[str, ...]] = (
    "student_id",
    "school_code",
    "program_code",
    "district_code",
    "cluster_code",
)
# Longest value accepted, matching the columns that store them.
MAX_LENGTHS: Final[Mapping[str, int]] = {
    "student_id": 40,
    "school_code": 20,
    "district_code": 20,
    "program_code": 30,
    "cluster_code": 20,
}

SEXES: Final[tuple[str, ...]] = ("F", "M", "X")
RACES: Final[tuple[str, ...]] = (
    "hispanic_latino",
    "american_indian_alaska_native",
    "asian",
    "black_african_american",
    "native_hawaiian_pacific_islander",
    "white",
    "two_or_more",
)
RACE_UNKNOWN: Final = "unknown"
PLACEMENTS: Final[tuple[str, ...]] = (
    "postsecondary",
    "advanced_training",
    "military",
    "service",
    "employed",
    "none",
    "unknown",
)
GRADE_MIN: Final = 6
GRADE_MAX: Final = 13
YEAR_MIN: Final = 1990
YEAR_MAX: Final = 2100
MAX_COURSES: Final = 100.0
MAX_CREDITS: Final = 1000.0
MAX_ERRORS: Final = 1000
CHUNK_ROWS: Final = 65_536

YES, NO, UNKNOWN = 1, 0, -1


@dataclass(frozen=True)
class RowError:
    """One problem in a file. `line` is the physical line (the header is line 1); 0 for the file."""

    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        column = f", column {self.column!r}" if self.column else ""
        return f"{self.file}, {where}{column}: {self.reason}"


class StudentYearFileError(ValueError):
    """The file was refused; `errors` lists every bad row found (up to MAX_ERRORS), `more` counts
    the ones not listed."""

    def __init__(self, errors: list[RowError], more: int = 0) -> None:
        self.errors = errors
        self.more = more
        total = len(errors) + more
        shown = "\n  ".join(str(e) for e in errors[:20])
        tail = f"\n  ... and {total - min(20, len(errors))} more" if total > 20 else ""
        super().__init__(f"{total} problem(s), nothing imported:\n  {shown}{tail}")

    @property
    def total(self) -> int:
        return len(self.errors) + self.more


@dataclass(frozen=True)
class ParsedYears:
    """A validated file: `columns` maps each column name to a NumPy array (see the module
    docstring for dtypes); the optional columns are present only when the file had them."""

    filename: str
    columns: dict[str, NDArray[Any]]
    school_years: list[int]

    @property
    def n_rows(self) -> int:
        return len(self.columns["student_id"])


# --- value parsers: raw text -> canonical value, or ValueError(reason) -----------------------

_BOOLEANS: Final[Mapping[str, int]] = {
    "": UNKNOWN,
    "y": YES,
    "yes": YES,
    "true": YES,
    "1": YES,
    "n": NO,
    "no": NO,
    "false": NO,
    "0": NO,
}
_SEX_ALIASES: Final[Mapping[str, str]] = {
    "": "",
    "u": "",
    "unknown": "",
    "f": "F",
    "female": "F",
    "m": "M",
    "male": "M",
    "x": "X",
    "notselected": "X",  # Ed-Fi SexDescriptor "Not Selected"
    "nonbinary": "X",
}


def _squash(raw: str) -> str:
    """Lowercase letters and digits only: "Black - African American" -> "blackafricanamerican"."""
    return re.sub(r"[^0-9a-z]", "", raw.lower())


# Ed-Fi RaceDescriptor and CEDS spellings, EDFacts abbreviations, and a few common ones.
_RACE_ALIASES: Final[Mapping[str, str]] = {
    **{_squash(code): code for code in (*RACES, RACE_UNKNOWN)},
    "hispanic": "hispanic_latino",
    "latino": "hispanic_latino",
    "latina": "hispanic_latino",
    "latinx": "hispanic_latino",
    "hispanicorlatino": "hispanic_latino",
    "hispanicorlatinoethnicity": "hispanic_latino",
    "mhl": "hispanic_latino",
    "americanindianoralaskanative": "american_indian_alaska_native",
    "americanindian": "american_indian_alaska_native",
    "nativeamerican": "american_indian_alaska_native",
    "man": "american_indian_alaska_native",
    "ma": "asian",
    "blackorafricanamerican": "black_african_american",
    "black": "black_african_american",
    "africanamerican": "black_african_american",
    "mb": "black_african_american",
    "nativehawaiianorotherpacificislander": "native_hawaiian_pacific_islander",
    "nativehawaiianotherpacificislander": "native_hawaiian_pacific_islander",
    "pacificislander": "native_hawaiian_pacific_islander",
    "mnp": "native_hawaiian_pacific_islander",
    "mw": "white",
    "twoormoreraces": "two_or_more",
    "twoormore": "two_or_more",
    "multiracial": "two_or_more",
    "mm": "two_or_more",
    "": RACE_UNKNOWN,
    "choosenottorespond": RACE_UNKNOWN,
    "notselected": RACE_UNKNOWN,
}
_GRADE_WORDS: Final[Mapping[str, int]] = {
    "sixthgrade": 6,
    "seventhgrade": 7,
    "eighthgrade": 8,
    "ninthgrade": 9,
    "tenthgrade": 10,
    "eleventhgrade": 11,
    "twelfthgrade": 12,
    "grade13": 13,
}
_YEAR_RE = re.compile(r"(\d{4})(?:\s*[-/\u2013]\s*(\d{4}|\d{2}))?")


def parse_boolean(raw: str) -> int:
    value = _BOOLEANS.get(raw.strip().lower())
    if value is None:
        raise ValueError(f"{raw!r} is not Y, N or blank (also accepted: yes/no, true/false, 1/0)")
    return value


def parse_sex(raw: str) -> str:
    value = _SEX_ALIASES.get(_squash(raw)) if _squash(raw) or not raw.strip() else None
    if value is None:
        raise ValueError(f"{raw!r} is not F, M, X or blank (Ed-Fi Female, Male, Not Selected accepted)")
    return value


def parse_race(raw: str) -> str:
    value = _RACE_ALIASES.get(_squash(raw)) if _squash(raw) or not raw.strip() else None
    if value is None:
        raise ValueError(f"{raw!r} is not one of {', '.join(RACES)}, {RACE_UNKNOWN} or blank")
    return value


def parse_placement(raw: str) -> str:
    value = re.sub(r"[\s\-]+", "_", raw.strip().lower()) or "unknown"
    if value not in PLACEMENTS:
        raise ValueError(f"{raw!r} is not one of {', '.join(PLACEMENTS)} or blank")
    return value


def parse_year(raw: str) -> int:
    """`2025`, `2024-25` and `2024-2025` all mean the school year ending in 2025."""
    text = raw.strip()
    match = _YEAR_RE.fullmatch(text)
    if not match:
        raise ValueError(f"{raw!r} is not a school year such as 2025 (for 2024-25) or 2024-25")
    first, second = int(match[1]), match[2]
    year = first
    if second is not None:
        end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if len(second) == 2 and end <= first:
            end += 100  # 1999-00
        if end != first + 1:
            expected = f"{first}-{(first + 1) % 100:02d}"
            raise ValueError(f"{raw!r} does not span one school year (expected {expected})")
        year = end
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"{raw!r} is outside {YEAR_MIN}-{YEAR_MAX}")
    return year


def parse_optional_year(raw: str) -> int:
    return parse_year(raw) if raw.strip() else 0


def parse_grade(raw: str) -> int:
    text = raw.strip()
    if not text:
        return -1
    word = _GRADE_WORDS.get(_squash(text))
    if word is not None:
        return word
    try:
        grade = int(text)
    except ValueError:
        raise ValueError(f"{raw!r} is not a grade level ({GRADE_MIN}-{GRADE_MAX} or blank)") from None
    if not GRADE_MIN <= grade <= GRADE_MAX:
        raise ValueError(f"grade level {grade} is outside {GRADE_MIN}-{GRADE_MAX}")
    return grade


def _number_parser(highest: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        text = raw.strip()
        if not text:
            return math.nan
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{raw!r} is not a number of zero or more")
        if value > highest:
            raise ValueError(f"{raw!r} is more than {highest:g}")
        return value

    return parse


def _code_parser(column: str, *, required: bool) -> Callable[[str], str]:
    longest = MAX_LENGTHS[column]

    def parse(raw: str) -> str:
        text = raw.strip()
        if required and not text:
            raise ValueError("required, left blank")
        if len(text) > longest:
            raise ValueError(f"{text[:20]!r}... is longer than {longest} characters")
        return text

    return parse


# column -> (parser, NumPy dtype of the result; None = unicode sized to fit)
_PARSERS: Final[dict[str, tuple[Callable[[str], Any], Any]]] = {
    "student_id": (_code_parser("student_id", required=True), None),
    "school_code": (_code_parser("school_code", required=True), None),
    "program_code": (_code_parser("program_code", required=False), None),
    "district_code": (_code_parser("district_code", required=False), None),
    "cluster_code": (_code_parser("cluster_code", required=False), None),
    "school_year": (parse_year, np.int16),
    "cohort_year": (parse_optional_year, np.int16),
    "grade_level": (parse_grade, np.int8),
    "sex": (parse_sex, "<U1"),
    "race_ethnicity": (parse_race, None),
    "placement": (parse_placement, None),
    "cte_courses_in_program": (_number_parser(MAX_COURSES), np.float64),
    "postsecondary_credits": (_number_parser(MAX_CREDITS), np.float64),
    **{name: (parse_boolean, np.int8) for name in BOOLEAN_COLUMNS},
}
assert set(_PARSERS) == set(ALL_COLUMNS)


_SPACES = np.array([9, 10, 11, 12, 13, 32, 133, 160], dtype=np.uint32)


def _plain_text(column: str, values: Sequence[str]) -> NDArray[np.str_] | None:
    """The column as a NumPy string array when no value needs a change or a complaint (none
    longer than allowed, blank where required, or with surrounding spaces); else None. One pass
    over the Python strings, the checks on the array's code points."""
    width = MAX_LENGTHS[column] + 1  # one more than allowed: a longer value shows as full width
    text = np.array(values, dtype=f"<U{width}")
    points = text.view(np.uint32).reshape(len(text), width)
    length = np.count_nonzero(points, axis=1)
    longest = int(length.max())
    if longest >= width or (column in _REQUIRED_TEXT and not length.min()):
        return None
    if longest:
        rows = np.arange(len(text))
        edges = np.concatenate([points[:, 0], points[rows, np.maximum(length - 1, 0)]])
        if np.isin(edges, _SPACES).any():
            return None
    return text.astype(f"<U{max(1, longest)}")


_REQUIRED_TEXT: Final = frozenset({"student_id", "school_code"})


def _encode(column: str, values: Sequence[str]) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """(parsed column, positions of bad values), with no Python-level work per row.

    Text columns that need no change (no surrounding spaces, none too long, none blank where
    required) become a NumPy string array directly. Otherwise each distinct value is parsed once
    and the rows are mapped to it: through a one-character code per distinct value (itemgetter +
    join + frombuffer) when there are at most 256, else by binary search."""
    parse, dtype = _PARSERS[column]
    if not values:
        return np.zeros(0, dtype=dtype or "<U1"), np.zeros(0, dtype=np.intp)
    if column in MAX_LENGTHS:
        fast = _plain_text(column, values)
        if fast is not None:
            return fast, np.zeros(0, dtype=np.intp)
    distinct = sorted(set(values))
    parsed: list[Any] = []
    bad_value = np.zeros(len(distinct), dtype=bool)
    for i, raw in enumerate(distinct):
        try:
            parsed.append(parse(raw))
        except ValueError:
            bad_value[i] = True
            parsed.append(None)
    filler = next((v for v in parsed if v is not None), "" if dtype is None else 0)
    table = np.array([filler if v is None else v for v in parsed], dtype=dtype)
    if len(distinct) <= 256:
        letters = {raw: chr(i) for i, raw in enumerate(distinct)}
        picked = itemgetter(*values)(letters) if len(values) > 1 else (letters[values[0]],)
        at: NDArray[Any] = np.frombuffer("".join(picked).encode("latin-1"), dtype=np.uint8)
    else:
        at = np.searchsorted(np.array(distinct, dtype=str), np.array(values, dtype=str))
    bad = np.flatnonzero(bad_value[at]) if bad_value.any() else np.zeros(0, dtype=np.intp)
    return table[at], bad


def _reason(column: str, raw: str) -> str:
    try:
        _PARSERS[column][0](raw)
    except ValueError as error:
        return str(error)
    return "invalid"  # pragma: no cover


# --- reading --------------------------------------------------------------------------------


@contextmanager
def _open_text(source: str | Path | IO[Any]) -> Iterator[IO[str]]:
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            yield handle
        return
    if isinstance(source, io.TextIOBase):
        yield cast(IO[str], source)
        return
    wrapper = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        yield wrapper
    finally:
        wrapper.detach()


class _Errors:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[RowError] = []
        self.more = 0

    def add(self, line: int, column: str, reason: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(RowError(self.file, line, column, reason))
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.items or self.more:
            order = {name: i for i, name in enumerate(ALL_COLUMNS)}
            self.items.sort(key=lambda e: (e.line, order.get(e.column, -1)))
            raise StudentYearFileError(self.items, self.more)


def _check_header(header: list[str], errors: _Errors) -> list[str]:
    names = [h.replace("\ufeff", "").strip().lower() for h in header]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            errors.add(1, name, "this column appears twice in the header")
        seen.add(name)
    unknown = [h for h, n in zip(header, names, strict=True) if n not in ALL_COLUMNS]
    for raw in unknown:
        errors.add(1, raw, "unknown column (see docs/reports-indicators.md for the format)")
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            errors.add(1, column, "required column missing from the header")
    return names


def parse_student_years(source: str | Path | IO[Any], filename: str | None = None) -> ParsedYears:
    """Read and validate a whole student-year CSV (a path, or a text or binary file object).

    Returns its columns, or raises StudentYearFileError naming file, line, column and reason of
    every bad value, unknown or missing header columns, and duplicate (student_id, school_year)."""
    name = filename or (Path(source).name if isinstance(source, str | Path) else "upload.csv")
    errors = _Errors(name)
    with _open_text(source) as handle:
        reader = _ChunkReader(handle, errors)
        try:
            header = reader.header()
            if header is None:
                raise StudentYearFileError([RowError(name, 0, "", "the file is empty")])
            names = _check_header(header, errors)
            errors.raise_if_any()
            present = [c for c in ALL_COLUMNS if c in names]
            position = {c: names.index(c) for c in present}
            parts: dict[str, list[NDArray[Any]]] = {c: [] for c in present}
            lines: list[NDArray[np.int64]] = []
            for chunk, chunk_lines in reader.chunks(len(names)):
                for column, at in position.items():
                    values = chunk[at]
                    encoded, bad = _encode(column, values)
                    for i in bad.tolist():
                        errors.add(int(chunk_lines[i]), column, _reason(column, values[i]))
                    parts[column].append(encoded)
                lines.append(chunk_lines)
        except UnicodeDecodeError as error:
            errors.add(reader.line + 1, "", f"not UTF-8 text near this line ({error.reason})")
        except csv.Error as error:
            errors.add(reader.line, "", f"malformed CSV ({error})")
    errors.raise_if_any()
    if not lines:
        raise StudentYearFileError([RowError(name, 0, "", "the file has a header but no rows")])
    columns = {c: np.concatenate(chunks) for c, chunks in parts.items()}
    line_of = np.concatenate(lines)
    _check_rows(columns, line_of, errors)
    errors.raise_if_any()
    years = sorted({int(y) for y in np.unique(columns["school_year"])})
    return ParsedYears(filename=name, columns=columns, school_years=years)


class _ChunkReader:
    """Rows in chunks of columns. Fast path: a chunk of lines with no quote character is split
    with str.split (every line one record, every comma a delimiter). From the first quote on,
    the rest of the file goes through the csv module (quoted fields, embedded newlines)."""

    def __init__(self, handle: IO[str], errors: _Errors) -> None:
        self.handle = handle
        self.errors = errors
        self.line = 0  # physical lines consumed

    def header(self) -> list[str] | None:
        first = self.handle.readline()
        if not first:
            return None
        self.line = 1
        if '"' in first:  # a quoted header: let the csv module read it (and any continuation)
            reader = csv.reader(chain([first], self.handle))
            row = next(reader)
            self.line = reader.line_num
            return row
        return first.rstrip("\r\n").split(",")

    def chunks(self, width: int) -> Iterator[tuple[list[Sequence[str]], NDArray[np.int64]]]:
        while True:
            lines = list(islice(self.handle, CHUNK_ROWS))
            if not lines:
                return
            text = "".join(lines)
            if '"' in text:
                yield from self._csv_chunks(lines, width)
                return
            first = self.line + 1
            self.line += len(lines)
            records = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if records and records[-1] == "":
                records.pop()
            line_of = np.arange(first, first + len(records), dtype=np.int64)
            commas = np.fromiter(map(methodcaller("count", ","), records), dtype=np.int64, count=len(records))
            wrong = np.flatnonzero(commas != width - 1)
            if wrong.size:
                for i in wrong.tolist():
                    if records[i].strip(" ,\t"):  # blank lines are skipped
                        self.errors.add(
                            int(line_of[i]), "", f"expected {width} fields, found {commas[i] + 1}"
                        )
                keep = np.ones(len(records), dtype=bool)
                keep[wrong] = False
                records = [r for r, k in zip(records, keep.tolist(), strict=True) if k]
                line_of = line_of[keep]
            if not records:
                continue
            flat = ",".join(records).split(",")
            yield [flat[j::width] for j in range(width)], line_of

    def _csv_chunks(
        self, lines: list[str], width: int
    ) -> Iterator[tuple[list[Sequence[str]], NDArray[np.int64]]]:
        reader = csv.reader(chain(lines, self.handle))
        offset = self.line
        rows: list[list[str]] = []
        row_lines: list[int] = []
        for row in reader:
            self.line = offset + reader.line_num
            if len(row) != width:
                if row and any(cell.strip() for cell in row):  # blank lines are skipped
                    self.errors.add(self.line, "", f"expected {width} fields, found {len(row)}")
                continue
            rows.append(row)
            row_lines.append(self.line)
            if len(rows) == CHUNK_ROWS:
                yield list(zip(*rows, strict=True)), np.asarray(row_lines, dtype=np.int64)
                rows, row_lines = [], []
        if rows:
            yield list(zip(*rows, strict=True)), np.asarray(row_lines, dtype=np.int64)


def _check_rows(columns: Mapping[str, NDArray[Any]], line_of: NDArray[np.int64], errors: _Errors) -> None:
    """Checks across columns and rows: courses need a program; one row per student and year;
    one district per school and one cluster per program (when those columns are given)."""
    courses = columns["cte_courses_in_program"]
    orphan = np.flatnonzero((courses > 0) & (columns["program_code"] == ""))
    for i in orphan.tolist():
        errors.add(int(line_of[i]), "program_code", "required when cte_courses_in_program is above 0")
    student = columns["student_id"]
    codes, _ = factorize(student)
    key = codes.astype(np.int64) * 10_000 + columns["school_year"].astype(np.int64)
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    dup = np.flatnonzero(ordered[1:] == ordered[:-1])
    for k in dup.tolist():
        first, again = int(order[k]), int(order[k + 1])
        errors.add(
            int(line_of[again]),
            "student_id",
            f"student {student[again]} already has a row for school year "
            f"{int(columns['school_year'][again])} (line {int(line_of[first])})",
        )
    for child, parent in (("school_code", "district_code"), ("program_code", "cluster_code")):
        if parent not in columns:
            continue
        _check_one_parent(columns[child], columns[parent], line_of, child, parent, errors)


def _check_one_parent(
    child: NDArray[Any],
    parent: NDArray[Any],
    line_of: NDArray[np.int64],
    child_name: str,
    parent_name: str,
    errors: _Errors,
) -> None:
    given = np.flatnonzero((parent != "") & (child != ""))
    if not given.size:
        return
    pairs = set(zip(child[given].tolist(), parent[given].tolist(), strict=True))
    if len(pairs) == len({c for c, _ in pairs}):
        return
    first: dict[str, tuple[str, int]] = {}
    for i in given.tolist():
        c, p = str(child[i]), str(parent[i])
        seen = first.setdefault(c, (p, int(line_of[i])))
        if seen[0] != p:
            errors.add(
                int(line_of[i]),
                parent_name,
                f"{child_name} {c} has {parent_name} {seen[0]} on line {seen[1]}; one {child_name} "
                f"belongs to one {parent_name}",
            )


# --- helpers shared with the engine and the Django side -------------------------------------


def factorize(values: NDArray[Any] | Sequence[Any]) -> tuple[NDArray[np.int32], list[Any]]:
    """(codes, labels): labels in order of first appearance, values == labels[codes]."""
    index: dict[Any, int] = {}
    setdefault = index.setdefault
    listed = values.tolist() if isinstance(values, np.ndarray) else list(values)
    # map() takes the value, then len(index), then calls setdefault(value, len(index)): all in C.
    codes = np.fromiter(map(setdefault, listed, map(len, repeat(index))), dtype=np.int32, count=len(listed))
    return codes, list(index)


def concat_years(parts: Sequence[ParsedYears]) -> ParsedYears:
    """One set of columns from several files. A later part replaces the school years it holds
    (re-importing a year replaces that year). Optional columns missing from a part are blank."""
    if not parts:
        raise ValueError("nothing to concatenate")
    present = [c for c in ALL_COLUMNS if any(c in p.columns for p in parts)]
    chosen: list[tuple[ParsedYears, NDArray[np.bool_]]] = []
    later: set[int] = set()
    for part in reversed(parts):
        keep = ~np.isin(part.columns["school_year"], sorted(later))
        chosen.append((part, keep))
        later |= set(part.school_years)
    chosen.reverse()
    columns: dict[str, NDArray[Any]] = {}
    for column in present:
        pieces = []
        for part, keep in chosen:
            values = part.columns.get(column)
            if values is None:
                values = np.full(part.n_rows, "", dtype="<U1")
            pieces.append(values[keep])
        columns[column] = np.concatenate(pieces)
    years = sorted({y for p in parts for y in p.school_years})
    return ParsedYears(filename="+".join(p.filename for p in parts), columns=columns, school_years=years)


def to_columns(records: Iterable[Mapping[str, Any]]) -> dict[str, NDArray[Any]]:
    """Columns in the parser's dtypes from Python records (e.g. database rows): booleans as
    True/False/None, numbers as int/float/Decimal/None, codes as str. For the rollup job, which
    reads stored rows rather than files. Values are taken as already validated."""
    listed = list(records)
    present = [c for c in ALL_COLUMNS if listed and c in listed[0]]
    columns: dict[str, NDArray[Any]] = {}
    for column in present:
        values = [r[column] for r in listed]
        if column in BOOLEAN_COLUMNS:
            columns[column] = np.array(
                [UNKNOWN if v is None else (YES if v else NO) for v in values], dtype=np.int8
            )
        elif column in ("cte_courses_in_program", "postsecondary_credits"):
            columns[column] = np.array(
                [math.nan if v is None else float(v) if isinstance(v, Decimal) else v for v in values],
                dtype=np.float64,
            )
        elif column in ("school_year", "cohort_year"):
            columns[column] = np.array([v or 0 for v in values], dtype=np.int16)
        elif column == "grade_level":
            columns[column] = np.array([-1 if v is None else v for v in values], dtype=np.int8)
        elif column == "placement":
            columns[column] = np.array([v or "unknown" for v in values], dtype=str)
        elif column == "race_ethnicity":
            columns[column] = np.array([v or RACE_UNKNOWN for v in values], dtype=str)
        else:
            columns[column] = np.array([v or "" for v in values], dtype=str)
    return columns
