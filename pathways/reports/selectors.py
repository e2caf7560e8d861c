"""Reads of the indicators: ONLY the stored rollups (services/rollups.py computes them), so every
dashboard and the API answer in milliseconds whatever the number of student-year rows.

Callers check `policies.may_see_reports` first; these functions take a consortium they trust.

Speed (a region of ~1,000,000 student-year rows stores ~400,000 cells; a school level holds
~4,300 "all" cells a year): every read goes through the index (consortium, school_year, level,
subgroup, indicator, unit), so a page reads only the subgroup it shows; the dashboard pages cache
their cells in Django's cache under the consortium's `data_version` (the latest rollup run, its
status and progress), so repeats cost no query and a new run invalidates them naturally. Names of
units and performance levels are read fresh (they change without a run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from django.core.cache import cache
from django.db.models import Max

from pathways.catalog.models import CareerCluster
from pathways.orgs.models import Consortium, District, School
from pathways.programs.models import ProgramOfStudy

from .engine import LEVELS
from .metrics import IMPROVEMENT_SHARE, PERKINS_SECONDARY, SUBGROUP_LABELS, SUBGROUPS
from .metrics_local import LOCAL_CODES, metric_label
from .models import PerformanceLevel, Rollup, RollupRun

INDICATORS: Final[tuple[str, ...]] = (*PERKINS_SECONDARY, *LOCAL_CODES)
CACHE_SECONDS: Final = 60 * 60
PAGE_SIZE: Final = 50  # units per page of the dashboard and of an indicator's table of units
# The default year holds these "all" consortium cells (see default_year).
DEFAULT_YEAR_INDICATORS: Final = ("2S1", "5S1", "4S1")

T = TypeVar("T")
# (indicator, unit, numerator, denominator, rate, suppressed): one stored cell of a known level and
# subgroup, as cached (plain tuples pickle small and fast).
RawCell = tuple[str, str, int | None, int | None, float | None, bool]


@dataclass(frozen=True)
class CellRow:
    indicator: str
    level: str
    unit: str
    subgroup: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    suppressed: bool

    @property
    def percent(self) -> float | None:
        return None if self.rate is None or self.suppressed else self.rate * 100


@dataclass(frozen=True)
class IndicatorRow:
    """One cell as a dashboard shows it: with its unit's name, the performance level and flag."""

    cell: CellRow
    indicator_name: str
    unit_name: str
    subgroup_name: str
    level_percent: float | None  # the state-determined level for the indicator and year
    below_level: bool | None  # rate below 90% of the level (None: no level or suppressed)
    gap: float | None = None  # subgroup rate minus "all" rate, in points


def cells(
    consortium: Consortium,
    year: int,
    level: str,
    *,
    indicator: str | None = None,
    subgroup: str | None = None,
    unit: str | None = None,
) -> list[CellRow]:
    query = Rollup.objects.filter(consortium=consortium, school_year=year, level=level)
    if indicator:
        query = query.filter(indicator=indicator)
    if subgroup:
        query = query.filter(subgroup=subgroup)
    if unit:
        query = query.filter(unit=unit)
    order = {code: i for i, code in enumerate(INDICATORS)}
    sub_order = {s: i for i, s in enumerate(SUBGROUPS)}
    rows = [
        CellRow(*values)
        for values in query.values_list(
            "indicator", "level", "unit", "subgroup", "numerator", "denominator", "rate", "suppressed"
        )
    ]
    rows.sort(key=lambda c: (order.get(c.indicator, 99), c.unit, sub_order.get(c.subgroup, 99)))
    return rows


def years(consortium: Consortium) -> list[int]:
    """Reporting years with rollups, newest first. One index seek per year (MAX below the last
    found): a DISTINCT would walk every stored cell of the consortium."""
    found: list[int] = []
    query = Rollup.objects.filter(consortium=consortium)
    newest = query.aggregate(newest=Max("school_year"))["newest"]
    while newest is not None:
        found.append(newest)
        newest = query.filter(school_year__lt=newest).aggregate(newest=Max("school_year"))["newest"]
    return found


def default_year(consortium: Consortium, known: Sequence[int] | None = None) -> int | None:
    """The newest year with "all" 2S1, 5S1 or 4S1 cells (the year after the last rows holds only
    the indicators measured later, 3S1 and graduation), else the newest year with rollups."""
    found = list(known) if known is not None else years(consortium)
    for year in found:
        if Rollup.objects.filter(
            consortium=consortium,
            school_year=year,
            level="consortium",
            subgroup="all",
            indicator__in=DEFAULT_YEAR_INDICATORS,
        ).exists():
            return year
    return found[0] if found else None


def data_version(consortium: Consortium) -> str:
    """A token that changes whenever the consortium's stored rollups may have: the latest run's
    public id, status and steps done (a run replaces a year's cells, then counts the step)."""
    latest = (
        RollupRun.objects.filter(consortium=consortium)
        .order_by("-created_at", "-pk")
        .values_list("public_id", "status", "steps_done")
        .first()
    )
    return "none" if latest is None else f"{latest[0].hex}.{latest[1]}.{latest[2]}"


def _cached(consortium: Consortium, version: str, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per consortium, data version and name (the parameters of the read)."""
    key = f"reports:rollups:{consortium.public_id.hex}:{version}:{name}"
    hit: tuple[T] | None = cache.get(key)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.set(key, (value,), CACHE_SECONDS)
    return value


def cached_years(consortium: Consortium, version: str) -> tuple[list[int], int | None]:
    """(years newest first, the default year) for the version."""

    def compute() -> tuple[list[int], int | None]:
        found = years(consortium)
        return found, default_year(consortium, found)

    return _cached(consortium, version, "years", compute)


def level_cells(consortium: Consortium, version: str, year: int, level: str, subgroup: str) -> list[RawCell]:
    """Every cell of a year, level and subgroup (each indicator x unit), in indicator order then
    unit code: what the dashboard and an indicator's table of units show. Cached per version."""

    def compute() -> list[RawCell]:
        order = {code: i for i, code in enumerate(INDICATORS)}
        rows: list[RawCell] = list(
            Rollup.objects.filter(
                consortium=consortium, school_year=year, level=level, subgroup=subgroup
            ).values_list("indicator", "unit", "numerator", "denominator", "rate", "suppressed")
        )
        rows.sort(key=lambda r: (order.get(r[0], 99), r[1]))
        return rows

    return _cached(consortium, version, f"cells:{year}:{level}:{subgroup}", compute)


def performance_levels(consortium: Consortium, year: int) -> dict[str, float]:
    """Indicator -> state-determined level (percent) for the year."""
    return {
        indicator: float(level)
        for indicator, level in PerformanceLevel.objects.filter(
            consortium=consortium, school_year=year
        ).values_list("indicator", "level")
    }


def below_level(rate: float | None, level_percent: float | None) -> bool | None:
    """Minnesota's improvement-plan trigger: a result below 90% of the performance level."""
    if rate is None or level_percent is None:
        return None
    return rate * 100 < IMPROVEMENT_SHARE * level_percent


def unit_names(consortium: Consortium, level: str, codes: Iterable[str]) -> dict[str, str]:
    """Readable names of unit codes (schools and districts by NCES id, programs by reporting code,
    clusters by catalog slug); a code Pathways does not know stays as it is."""
    wanted = set(codes)
    names: dict[str, str] = {}
    if level == "consortium":
        names = {code: consortium.name for code in wanted}
    elif level == "school":
        names = dict(
            School.objects.filter(consortium=consortium, nces_id__in=wanted).values_list("nces_id", "name")
        )
    elif level == "district":
        names = dict(
            District.objects.filter(consortium=consortium, nces_id__in=wanted).values_list("nces_id", "name")
        )
        for school_nces, district_name in (
            School.objects.filter(consortium=consortium)
            .exclude(nces_id="")
            .values_list("nces_id", "district__name")
        ):
            names.setdefault(school_nces[:7], district_name)
    elif level == "program":
        for code, name, school, district in ProgramOfStudy.objects.filter(
            consortium=consortium, reporting_code__in=wanted
        ).values_list("reporting_code", "name", "school__name", "district__name"):
            names.setdefault(code, f"{name} ({school or district})")
    elif level == "cluster":
        for slug, name in CareerCluster.objects.filter(framework="2024").values_list("slug", "name"):
            names[slug[:20]] = name
    return {code: names.get(code, code) for code in wanted}


@dataclass(frozen=True)
class UnitTable:
    """The cells of one year, level and subgroup (every indicator, or one) for the units that
    match a search: `units` by name then code, the performance levels of the year, and `rows()`
    building the shown rows of some units only (a page)."""

    level: str
    subgroup: str
    units: list[tuple[str, str]]  # (code, name) of the matching units, by name
    total_units: int  # units with a cell at the level, before the search
    cells: list[RawCell]  # of the matching units, indicator order then unit code
    levels: dict[str, float]

    @property
    def flagged(self) -> int:
        """Results below 90% of the performance level, over every matching unit."""
        return sum(
            1
            for indicator, _unit, _n, _d, rate, suppressed in self.cells
            if not suppressed and below_level(rate, self.levels.get(indicator))
        )

    def rows(self, codes: Iterable[str] | None = None) -> list[IndicatorRow]:
        """The rows of `codes` (default: every matching unit), by indicator, then in `units` order."""
        position = {code: i for i, (code, _name) in enumerate(self.units)}
        wanted = position if codes is None else {code: position[code] for code in codes if code in position}
        names = dict(self.units)
        labels: dict[str, str] = {}
        subgroup_name = str(SUBGROUP_LABELS.get(self.subgroup, self.subgroup))
        order = {code: i for i, code in enumerate(INDICATORS)}
        shown = [c for c in self.cells if c[1] in wanted]
        shown.sort(key=lambda c: (order.get(c[0], 99), wanted[c[1]]))
        rows = []
        for indicator, unit, numerator, denominator, rate, suppressed in shown:
            if indicator not in labels:
                labels[indicator] = metric_label(indicator)
            level_percent = self.levels.get(indicator)
            rows.append(
                IndicatorRow(
                    cell=CellRow(
                        indicator, self.level, unit, self.subgroup, numerator, denominator, rate, suppressed
                    ),
                    indicator_name=labels[indicator],
                    unit_name=names[unit],
                    subgroup_name=subgroup_name,
                    level_percent=level_percent,
                    below_level=below_level(rate, level_percent),
                )
            )
        return rows


def _matches(search: str, code: str, name: str) -> bool:
    return not search or search in name.casefold() or search in code.casefold()


def unit_table(
    consortium: Consortium,
    version: str,
    year: int,
    level: str,
    *,
    subgroup: str = "all",
    indicator: str | None = None,
    search: str = "",
) -> UnitTable:
    """The dashboard's cells (or one indicator's table of units): cached cells of the subgroup,
    names and levels read fresh, units filtered by `search` (part of a name or a code)."""
    found = level_cells(consortium, version, year, level, subgroup)
    if indicator is not None:
        found = [c for c in found if c[0] == indicator]
    codes = {c[1] for c in found}
    names = unit_names(consortium, level, codes)
    needle = search.strip().casefold()
    units = sorted(
        ((code, names[code]) for code in codes if _matches(needle, code, names[code])),
        key=lambda pair: (pair[1].casefold(), pair[0]),
    )
    matching = {code for code, _name in units}
    return UnitTable(
        level=level,
        subgroup=subgroup,
        units=units,
        total_units=len(codes),
        cells=found if len(matching) == len(codes) else [c for c in found if c[1] in matching],
        levels=performance_levels(consortium, year),
    )


def dashboard(
    consortium: Consortium, year: int, level: str, *, subgroup: str = "all", indicator: str | None = None
) -> list[IndicatorRow]:
    """Every indicator (or one) x unit at a level for one subgroup, with names, levels and flags
    (every unit, by indicator then unit name: the exports)."""
    table = unit_table(
        consortium, data_version(consortium), year, level, subgroup=subgroup, indicator=indicator
    )
    return table.rows()


def disaggregation(
    consortium: Consortium,
    year: int,
    indicator: str,
    level: str = "consortium",
    unit: str | None = None,
    *,
    unit_name: str | None = None,
    level_percent: float | None = None,
) -> list[IndicatorRow]:
    """One indicator for one unit (default: the consortium) by every subgroup, with the gap of each
    group's rate to the "all" rate (None when either is suppressed). Reads the unit's cells only
    (a seek per subgroup); `unit_name` and `level_percent`, when the caller has them, save a query."""
    if unit is None:
        unit = (
            Rollup.objects.filter(
                consortium=consortium, school_year=year, level=level, subgroup="all", indicator=indicator
            )
            .order_by("unit")
            .values_list("unit", flat=True)
            .first()
        )
        if unit is None:
            return []
    sub_order = {s: i for i, s in enumerate(SUBGROUPS)}
    found = [
        CellRow(indicator, level, unit, *values)
        for values in Rollup.objects.filter(
            consortium=consortium,
            school_year=year,
            level=level,
            subgroup__in=SUBGROUPS,
            indicator=indicator,
            unit=unit,
        ).values_list("subgroup", "numerator", "denominator", "rate", "suppressed")
    ]
    found.sort(key=lambda c: sub_order.get(c.subgroup, 99))
    everyone = next((c for c in found if c.subgroup == "all"), None)
    name = unit_name if unit_name is not None else unit_names(consortium, level, {unit})[unit]
    if level_percent is None:
        level_percent = performance_levels(consortium, year).get(indicator)
    label = metric_label(indicator)
    rows = []
    for c in found:
        gap = None
        if c.subgroup != "all" and everyone is not None and c.rate is not None and everyone.rate is not None:
            gap = (c.rate - everyone.rate) * 100
        rows.append(
            IndicatorRow(
                cell=c,
                indicator_name=label,
                unit_name=name,
                subgroup_name=str(SUBGROUP_LABELS.get(c.subgroup, c.subgroup)),
                level_percent=level_percent,
                below_level=below_level(c.rate, level_percent),
                gap=gap,
            )
        )
    return rows


def units_of(consortium: Consortium, year: int, level: str, indicator: str) -> list[tuple[str, str]]:
    """(code, name) of the units with a cell for the indicator, by name."""
    return unit_table(consortium, data_version(consortium), year, level, indicator=indicator).units


__all__ = [
    "INDICATORS",
    "LEVELS",
    "PAGE_SIZE",
    "CellRow",
    "IndicatorRow",
    "RawCell",
    "UnitTable",
    "below_level",
    "cached_years",
    "cells",
    "dashboard",
    "data_version",
    "default_year",
    "disaggregation",
    "level_cells",
    "performance_levels",
    "unit_names",
    "unit_table",
    "units_of",
    "years",
]
