"""The indicator engine: every registered metric for a reporting year, at five levels
(consortium, district, school, program of study, Career Cluster), for every subgroup, as
numerator/denominator cells. Pure and vectorised: no Django models, no database.

    cells = compute_indicators(columns, 2025, Rules(), Units(...), consortium_unit="alpha")
    cells = suppress(cells, rules.min_n)          # suppression.py, before anything is shown

`columns` is `ParsedYears.columns` (or `studentyears.to_columns(...)` of stored rows), holding
every school year the indicators look at (Y for most, up to Y for 1S1/1S2, Y - 1 for 3S1).

Units of a row (the indicator's basis row, see metrics.py):
- school: `school_code`;
- district: the row's `district_code` when the file has one, else `Units.district_of_school`,
  else the first 7 characters of a 12-digit NCES school code (its LEA ID), else none;
- program: `program_code` (none when blank);
- cluster: the row's `cluster_code` when given, else `Units.cluster_of_program`, else none;
- consortium: every row, unit `consortium_unit`.
A row with no unit at a level is left out of that level only.

Only cells with a denominator above 0 are produced. Each cell names its `parent`: the unit one
level up that it is part of (school -> district -> consortium, program -> cluster ->
consortium), which complementary suppression needs.

Speed: student ids are factorised once; each student's first concentrator / graduation year is
one `np.minimum.at`; per year and basis the metric masks and the subgroup masks become one 0/1
matrix whose rows are summed per unit with `np.add.reduceat` over rows sorted by unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from .metrics import (
    NEVER,
    SUBGROUPS,
    Basis,
    Metric,
    RowSet,
    Rules,
    metrics,
    subgroup_masks,
)
from .studentyears import BOOLEAN_COLUMNS, NO, REQUIRED_COLUMNS, SEXES, UNKNOWN, YES, factorize

LEVELS: Final[tuple[str, ...]] = ("consortium", "district", "school", "program", "cluster")
PARENT_LEVEL: Final[Mapping[str, str]] = {
    "district": "consortium",
    "school": "district",
    "cluster": "consortium",
    "program": "cluster",
}
# Every column of the documented format but the grade (no indicator needs it).
ENGINE_COLUMNS: Final[tuple[str, ...]] = tuple(c for c in REQUIRED_COLUMNS if c != "grade_level")

CellKey = tuple[str, int, str, str, str]  # indicator, year, level, unit, subgroup
# Metrics counted together: 16 bits of pattern, at most 65,536 patterns (in practice a few hundred).
_METRICS_PER_PASS: Final = 8
_DENSE_BINS: Final = 4_000_000


@dataclass(frozen=True)
class Units:
    """Where a school's district and a program's cluster come from when the rows do not say."""

    district_of_school: Mapping[str, str] = field(default_factory=dict)
    cluster_of_program: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    indicator: str
    year: int
    level: str
    unit: str
    subgroup: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    suppressed: bool = False
    parent: str = ""  # the unit one level up (PARENT_LEVEL) this unit is part of; "" at the top

    @property
    def key(self) -> CellKey:
        return (self.indicator, self.year, self.level, self.unit, self.subgroup)


@dataclass
class _Level:
    codes: NDArray[np.int32]  # per row, -1 = no unit at this level
    labels: list[str]
    parents: list[str]  # per unit
    rank: NDArray[np.intp] = field(init=False)  # per unit: its position in the sorted labels

    def __post_init__(self) -> None:
        self.rank = np.argsort(np.argsort(np.array(self.labels, dtype=str), kind="stable"))


def _drop_blank(codes: NDArray[np.int32], labels: list[Any]) -> tuple[NDArray[np.int32], list[str]]:
    """Turn the label "" into code -1."""
    if "" not in labels:
        return codes, [str(x) for x in labels]
    blank = labels.index("")
    remap = np.arange(len(labels), dtype=np.int32)
    remap[blank] = -1
    remap[blank + 1 :] -= 1
    return remap[codes], [str(x) for i, x in enumerate(labels) if i != blank]


def _nces_district(school: str) -> str:
    return school[:7] if len(school) == 12 and school.isdigit() else ""


def _first_of(codes: NDArray[np.int32], n_units: int) -> NDArray[np.intp]:
    """The first row of each unit (every unit 0..n_units-1 occurs in `codes`)."""
    first = np.full(n_units, len(codes), dtype=np.intp)
    valid = np.flatnonzero(codes >= 0)
    np.minimum.at(first, codes[valid], valid)
    return first


_NUMBER_COLUMNS: Final = frozenset({"cte_courses_in_program", "postsecondary_credits"})
_YEAR_COLUMNS: Final = frozenset({"school_year", "cohort_year"})


def _normalise(name: str, values: NDArray[Any] | Sequence[Any]) -> NDArray[Any]:
    """The parser's dtypes from any array or list (e.g. values read back from a database):
    booleans True/False/None -> 1/0/-1, numbers None -> NaN, years None -> 0, text None -> ""."""
    array = np.asarray(values)
    if name in _NUMBER_COLUMNS:
        return array if array.dtype.kind == "f" else np.array(values, dtype=np.float64)
    if array.dtype.kind not in "OUb":
        return array
    listed = array.tolist()
    if name in BOOLEAN_COLUMNS:
        return np.array([UNKNOWN if v is None else YES if v else NO for v in listed], dtype=np.int8)
    if name in _YEAR_COLUMNS:
        return np.array([v or 0 for v in listed], dtype=np.int32)
    if array.dtype.kind == "O":
        blank = "unknown" if name in ("placement", "race_ethnicity") else ""
        return np.array([blank if v is None else str(v) for v in listed], dtype=str)
    return array


class Prepared:
    """Columns with the year-independent work done: reuse it for several reporting years."""

    def __init__(
        self,
        columns: Mapping[str, NDArray[Any] | Sequence[Any]],
        rules: Rules,
        units: Units | None = None,
        *,
        consortium_unit: str = "",
    ) -> None:
        missing = [c for c in ENGINE_COLUMNS if c not in columns]
        if missing:
            raise ValueError(f"missing column(s): {', '.join(missing)}")
        units = units or Units()
        self.rules = rules
        self.consortium_unit = consortium_unit
        data = {name: _normalise(name, values) for name, values in columns.items()}
        self.n = len(data["student_id"])
        student, labels = factorize(data["student_id"])
        n_students = len(labels)
        year = data["school_year"].astype(np.int32)
        self.year = year
        self.student = student

        def first_year(mask: NDArray[np.bool_]) -> NDArray[np.int32]:
            first = np.full(n_students, NEVER, dtype=np.int32)
            np.minimum.at(first, student[mask], year[mask])
            return first[student]

        courses = data["cte_courses_in_program"].astype(np.float64)
        data["concentrator_since"] = first_year(courses >= rules.concentrator_courses)
        data["graduated_4yr_since"] = first_year(data["graduated_4yr"] == 1)
        data["graduated_extended_since"] = first_year(data["graduated_extended"] == 1)

        self.levels: dict[str, _Level] = {}
        n = self.n
        self.levels["consortium"] = _Level(np.zeros(n, dtype=np.int32), [consortium_unit], [""])

        school_codes, school_labels = factorize(data["school_code"])
        program_codes, program_labels = _drop_blank(*factorize(data["program_code"]))
        fallback_district = np.array(
            [units.district_of_school.get(s, _nces_district(s)) for s in school_labels] or [""], dtype=str
        )
        district = fallback_district[school_codes]
        if "district_code" in data:
            given = data["district_code"].astype(str)
            district = np.where(given != "", given, district)
        district_codes, district_labels = _drop_blank(*factorize(district))
        fallback_cluster = np.array(
            [units.cluster_of_program.get(p, "") for p in program_labels] + [""], dtype=str
        )
        cluster = fallback_cluster[program_codes]  # -1 (no program) takes the last, blank
        if "cluster_code" in data:
            given = data["cluster_code"].astype(str)
            cluster = np.where((given != "") & (program_codes >= 0), given, cluster)
        cluster_codes, cluster_labels = _drop_blank(*factorize(cluster))

        def parents(child: NDArray[np.int32], n_child: int, parent: _Level) -> list[str]:
            first = _first_of(child, n_child)
            found = parent.codes[first]
            return [parent.labels[p] if p >= 0 else "" for p in found.tolist()]

        top = [consortium_unit]
        district_level = _Level(district_codes, district_labels, top * len(district_labels))
        cluster_level = _Level(cluster_codes, cluster_labels, top * len(cluster_labels))
        self.levels["district"] = district_level
        self.levels["school"] = _Level(
            school_codes,
            [str(s) for s in school_labels],
            parents(school_codes, len(school_labels), district_level),
        )
        self.levels["cluster"] = cluster_level
        self.levels["program"] = _Level(
            program_codes, program_labels, parents(program_codes, len(program_labels), cluster_level)
        )

        # The ninth special population: the row's program is non-traditional for the row's sex.
        sex = data["sex"].astype(str)
        sex_index = np.full(n, -1, dtype=np.int8)
        for i, code in enumerate(SEXES):
            sex_index[sex == code] = i
        table = np.zeros((len(program_labels) + 1, len(SEXES)), dtype=bool)  # last row: no program
        for p, label in enumerate(program_labels):
            for s in rules.nontraditional.get(label, ()):
                table[p, SEXES.index(s)] = True
        data["nontraditional"] = (sex_index >= 0) & table[program_codes, np.maximum(sex_index, 0)]
        self.data = data

        self._by_year = np.argsort(year, kind="stable")
        self._year_sorted = year[self._by_year]
        self._by_student = np.lexsort((year, student))

    # -- basis rows --------------------------------------------------------------------------

    def rows_in(self, year: int) -> NDArray[np.intp]:
        lo, hi = np.searchsorted(self._year_sorted, [year, year + 1])
        return np.sort(self._by_year[lo:hi])

    def latest_rows(self, year: int) -> NDArray[np.intp]:
        """Each student's latest row in a school year up to `year`."""
        order = self._by_student
        up_to = order[self.year[order] <= year]
        if not up_to.size:
            return up_to
        student = self.student[up_to]
        last = np.empty(len(up_to), dtype=bool)
        last[:-1] = student[1:] != student[:-1]
        last[-1] = True
        return np.sort(up_to[last])

    def basis_rows(self, basis: Basis, year: int) -> NDArray[np.intp]:
        if basis == "year":
            return self.rows_in(year)
        if basis == "previous_year":
            return self.rows_in(year - 1)
        return self.latest_rows(year)

    def row_set(self, basis: Basis, year: int) -> RowSet:
        return RowSet(year, basis, self.basis_rows(basis, year), self.data)

    # -- cells -------------------------------------------------------------------------------

    def compute(
        self, year: int, *, levels: Sequence[str] = LEVELS, indicators: Iterable[str] | None = None
    ) -> list[Cell]:
        """Every cell with a denominator above 0 for reporting year `year` (unsuppressed), ordered
        by indicator (registry order), level (LEVELS order), unit code and subgroup (SUBGROUPS
        order)."""
        chosen = metrics(indicators if indicators is not None else self.rules.indicators)
        unknown = [level for level in levels if level not in LEVELS]
        if unknown:
            raise ValueError(f"unknown level(s): {', '.join(unknown)}")
        wanted = [level for level in LEVELS if level in levels]
        blocks: dict[tuple[str, str], list[Cell]] = {}
        by_basis: dict[Basis, list[Metric]] = {}
        for metric in chosen:
            by_basis.setdefault(metric.basis, []).append(metric)
        for basis, group in by_basis.items():
            for start in range(0, len(group), _METRICS_PER_PASS):
                blocks.update(
                    self._compute_basis(basis, group[start : start + _METRICS_PER_PASS], year, wanted)
                )
        cells: list[Cell] = []
        for metric in chosen:
            for level in wanted:
                cells.extend(blocks.get((metric.code, level), ()))
        return cells

    def _compute_basis(
        self, basis: Basis, group: list[Metric], year: int, levels: Sequence[str]
    ) -> dict[tuple[str, str], list[Cell]]:
        """Cells of some metrics sharing a basis: {(metric code, level): cells}.

        Each kept row has a bit pattern (denominator and numerator of each metric); the rows are
        counted per (unit, subgroup, pattern) with one bincount per level, and the patterns are
        expanded back into per-metric counts with a small matrix product."""
        rows = self.row_set(basis, year)
        if not len(rows):
            return {}
        denominators = [np.asarray(m.denominator(rows), dtype=bool) for m in group]
        numerators = [
            d & np.asarray(m.numerator(rows), dtype=bool) for d, m in zip(denominators, group, strict=True)
        ]
        keep = np.flatnonzero(np.logical_or.reduce(denominators))
        if not keep.size:
            return {}
        n_metrics, n_sub = len(group), len(SUBGROUPS)
        bits = np.zeros(len(keep), dtype=np.int64)
        for k in range(n_metrics):
            bits |= denominators[k][keep].astype(np.int64) << (2 * k)
            bits |= numerators[k][keep].astype(np.int64) << (2 * k + 1)
        patterns, pattern_of = np.unique(bits, return_inverse=True)
        n_pat = len(patterns)
        # expand[p, 2k] = pattern p counts in metric k's denominator, [p, 2k + 1] in its numerator
        expand = (patterns[:, None] >> np.arange(2 * n_metrics)) & 1
        masks = subgroup_masks(rows)
        member = np.stack([masks[s][keep] for s in SUBGROUPS], axis=1)  # (kept rows, subgroups)
        in_row, in_sub = np.nonzero(member)
        pair_pattern = pattern_of.reshape(-1)[in_row]
        base_rows = rows.rows[keep]
        codes_ = [m.code for m in group]
        out: dict[tuple[str, str], list[Cell]] = {}
        for level in levels:
            unit_level = self.levels[level]
            codes = unit_level.codes[base_rows]
            if not (codes >= 0).any():
                continue
            present, compact = np.unique(codes, return_inverse=True)  # -1 (no unit) sorts first
            compact = compact.reshape(-1)
            pair_unit = compact[in_row]
            valid = codes[in_row] >= 0
            key = (pair_unit[valid] * n_sub + in_sub[valid]) * n_pat + pair_pattern[valid]
            bins = len(present) * n_sub * n_pat
            if bins <= _DENSE_BINS:
                counts = np.bincount(key, minlength=bins).reshape(-1, n_pat)
                flat_sums = counts @ expand
            else:  # many patterns: count only the (unit, subgroup, pattern) triples that occur
                found, found_count = np.unique(key, return_counts=True)
                flat_sums = np.zeros((len(present) * n_sub, 2 * n_metrics), dtype=np.int64)
                np.add.at(flat_sums, found // n_pat, found_count[:, None] * expand[found % n_pat])
            sums = flat_sums.reshape(len(present), n_sub, n_metrics, 2)
            if present[0] < 0:
                present, sums = present[1:], sums[1:]
            # order units by their code, then subgroup
            by_label = np.argsort(unit_level.rank[present], kind="stable")
            present, sums = present[by_label], sums[by_label]
            labels, parent_labels = unit_level.labels, unit_level.parents
            for k in range(n_metrics):
                den, num = sums[:, :, k, 0], sums[:, :, k, 1]
                u_idx, s_idx = np.nonzero(den)
                dens = den[u_idx, s_idx].tolist()
                nums = num[u_idx, s_idx].tolist()
                units = present[u_idx].tolist()
                count = len(dens)
                out[(codes_[k], level)] = list(
                    map(
                        Cell,
                        repeat(codes_[k], count),
                        repeat(year, count),
                        repeat(level, count),
                        [labels[u] for u in units],
                        [SUBGROUPS[s] for s in s_idx.tolist()],
                        nums,
                        dens,
                        [n / d for n, d in zip(nums, dens, strict=True)],
                        repeat(False, count),
                        [parent_labels[u] for u in units],
                    )
                )
        return out


def prepare(
    columns: Mapping[str, NDArray[Any] | Sequence[Any]],
    rules: Rules,
    units: Units | None = None,
    *,
    consortium_unit: str = "",
) -> Prepared:
    return Prepared(columns, rules, units, consortium_unit=consortium_unit)


def compute_indicators(
    columns: Mapping[str, NDArray[Any] | Sequence[Any]],
    year: int,
    rules: Rules,
    units: Units | None = None,
    *,
    consortium_unit: str = "",
    levels: Sequence[str] = LEVELS,
) -> list[Cell]:
    """Every registered indicator (or `rules.indicators`) for reporting year `year`, at `levels`,
    for every subgroup: unsuppressed cells with a denominator above 0."""
    return Prepared(columns, rules, units, consortium_unit=consortium_unit).compute(year, levels=levels)


def compute_years(
    columns: Mapping[str, NDArray[Any] | Sequence[Any]],
    years: Iterable[int],
    rules: Rules,
    units: Units | None = None,
    *,
    consortium_unit: str = "",
    levels: Sequence[str] = LEVELS,
) -> list[Cell]:
    """`compute_indicators` for several reporting years, preparing the columns once."""
    prepared = Prepared(columns, rules, units, consortium_unit=consortium_unit)
    cells: list[Cell] = []
    for year in years:
        cells.extend(prepared.compute(year, levels=levels))
    return cells


def gap(cell: Cell, all_cell: Cell | None) -> float | None:
    """The subgroup's rate minus the "all" rate of the same indicator, year, level and unit;
    None when either rate is missing (suppressed or no cell)."""
    if all_cell is None or cell.rate is None or all_cell.rate is None:
        return None
    return cell.rate - all_cell.rate


def gaps(cells: Iterable[Cell]) -> dict[CellKey, float | None]:
    """The gap of every cell that is not "all", keyed like `Cell.key`."""
    listed = list(cells)
    everyone = {c.key[:4]: c for c in listed if c.subgroup == "all"}
    return {c.key: gap(c, everyone.get(c.key[:4])) for c in listed if c.subgroup != "all"}
