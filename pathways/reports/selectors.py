"""Reads of the indicators: ONLY the stored rollups (services/rollups.py computes them), so every
dashboard and the API answer in milliseconds whatever the number of student-year rows.

Callers check `policies.may_see_reports` first; these functions take a consortium they trust.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.db.models import Q

from pathways.catalog.models import CareerCluster
from pathways.orgs.models import Consortium, District, School
from pathways.programs.models import ProgramOfStudy

from .engine import LEVELS
from .metrics import IMPROVEMENT_SHARE, PERKINS_SECONDARY, SUBGROUP_LABELS, SUBGROUPS
from .metrics_local import LOCAL_CODES, metric_label
from .models import PerformanceLevel, Rollup

INDICATORS: Final[tuple[str, ...]] = (*PERKINS_SECONDARY, *LOCAL_CODES)


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
    """Reporting years with rollups, newest first."""
    # DISTINCT in the database (the read index starts with consortium, school_year).
    return list(
        Rollup.objects.filter(consortium=consortium)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .distinct()
    )


def default_year(consortium: Consortium) -> int | None:
    """The newest year with "all" 1S1 or 2S1 cells (the year after the last rows holds only the
    indicators measured later, 3S1 and graduation), else the newest year with rollups."""
    newest = (
        Rollup.objects.filter(consortium=consortium, level="consortium", subgroup="all")
        .filter(Q(indicator="2S1") | Q(indicator="5S1") | Q(indicator="4S1"))
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .first()
    )
    if newest is not None:
        return newest
    found = years(consortium)
    return found[0] if found else None


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


def dashboard(
    consortium: Consortium, year: int, level: str, *, subgroup: str = "all", indicator: str | None = None
) -> list[IndicatorRow]:
    """Every indicator (or one) x unit at a level for one subgroup, with names, levels and flags."""
    found = cells(consortium, year, level, subgroup=subgroup, indicator=indicator)
    names = unit_names(consortium, level, {c.unit for c in found})
    levels = performance_levels(consortium, year)
    return [
        IndicatorRow(
            cell=c,
            indicator_name=metric_label(c.indicator),
            unit_name=names.get(c.unit, c.unit),
            subgroup_name=str(SUBGROUP_LABELS.get(c.subgroup, c.subgroup)),
            level_percent=levels.get(c.indicator),
            below_level=below_level(c.rate, levels.get(c.indicator)),
        )
        for c in found
    ]


def disaggregation(
    consortium: Consortium, year: int, indicator: str, level: str = "consortium", unit: str | None = None
) -> list[IndicatorRow]:
    """One indicator for one unit (default: the consortium) by every subgroup, with the gap of each
    group's rate to the "all" rate (None when either is suppressed)."""
    found = cells(consortium, year, level, indicator=indicator)
    if unit is None:
        units = sorted({c.unit for c in found})
        unit = units[0] if units else None
    found = [c for c in found if c.unit == unit]
    everyone = next((c for c in found if c.subgroup == "all"), None)
    names = unit_names(consortium, level, {c.unit for c in found})
    level_percent = performance_levels(consortium, year).get(indicator)
    rows = []
    for c in found:
        gap = None
        if c.subgroup != "all" and everyone is not None and c.rate is not None and everyone.rate is not None:
            gap = (c.rate - everyone.rate) * 100
        rows.append(
            IndicatorRow(
                cell=c,
                indicator_name=metric_label(c.indicator),
                unit_name=names.get(c.unit, c.unit),
                subgroup_name=str(SUBGROUP_LABELS.get(c.subgroup, c.subgroup)),
                level_percent=level_percent,
                below_level=below_level(c.rate, level_percent),
                gap=gap,
            )
        )
    return rows


def units_of(consortium: Consortium, year: int, level: str, indicator: str) -> list[tuple[str, str]]:
    """(code, name) of the units with a cell for the indicator, by name."""
    codes = set(
        Rollup.objects.filter(
            consortium=consortium, school_year=year, level=level, indicator=indicator, subgroup="all"
        ).values_list("unit", flat=True)
    )
    names = unit_names(consortium, level, codes)
    return sorted(((code, names[code]) for code in codes), key=lambda pair: pair[1].lower())


__all__ = [
    "INDICATORS",
    "LEVELS",
    "CellRow",
    "IndicatorRow",
    "below_level",
    "cells",
    "dashboard",
    "default_year",
    "disaggregation",
    "performance_levels",
    "unit_names",
    "units_of",
    "years",
]
