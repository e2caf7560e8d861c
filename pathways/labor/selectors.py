"""Reads of the labor-market reference data: areas, wages, projections, thresholds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from pathways.core.errors import InvalidInput, NotFound

from .models import NATIONAL_CODE, FamilySustainingWage, Projection, Wage, WageArea, ZipCode

AREA_CODE_RE = re.compile(r"^\d{7}$")
ZIP_RE = re.compile(r"^\d{5}$")
ALL_OCCUPATIONS = "00-0000"
WAGE_PERIOD = "May 2025"
WAGE_SOURCE = "BLS OEWS"


@dataclass(frozen=True)
class ResolvedArea:
    """A wage area, and the ZIP code it was reached from (if any)."""

    area: WageArea
    zip_code: ZipCode | None = None

    @property
    def label(self) -> str:
        if self.zip_code is not None:
            return _("%(area)s (ZIP %(zip)s)") % {"area": self.area.name, "zip": self.zip_code.zip}
        return self.area.name


@lru_cache(maxsize=1024)
def _area_by_code(code: str) -> WageArea | None:
    return WageArea.objects.select_related("state").filter(code=code).first()


def area_cache_clear() -> None:
    _area_by_code.cache_clear()


def area_resolve(value: str | None, *, param: str = "area") -> ResolvedArea:
    """An OEWS area code ("0000000", "3500000", "0010740") or a five-digit ZIP code.

    Empty means the nation. Raises InvalidInput for a malformed value, NotFound for an unknown one.
    """
    value = (value or "").strip()
    if not value:
        value = NATIONAL_CODE
    if AREA_CODE_RE.match(value):
        area = _area_by_code(value)
        if area is None:
            raise NotFound(_("No wage area has the code %(code)s.") % {"code": value}, field=param)
        return ResolvedArea(area)
    if ZIP_RE.match(value):
        zip_code = (
            ZipCode.objects.select_related("county__wage_area__state", "county__state")
            .filter(zip=value)
            .first()
        )
        if zip_code is None:
            raise NotFound(
                _("ZIP code %(zip)s is not in our list of U.S. ZIP codes.") % {"zip": value}, field=param
            )
        return ResolvedArea(zip_code.county.wage_area, zip_code)
    raise InvalidInput(
        _("%(param)s must be a 7-digit BLS area code (like 3500000) or a 5-digit ZIP code.")
        % {"param": param},
        field=param,
    )


def areas_search(query: str, *, limit: int = 20) -> list[tuple[WageArea, ZipCode | None]]:
    """States and metro/nonmetro areas whose name matches, or the area of a ZIP code."""
    query = query.strip()
    if ZIP_RE.match(query):
        try:
            resolved = area_resolve(query)
        except NotFound:
            return []
        return [(resolved.area, resolved.zip_code)]
    areas = WageArea.objects.select_related("state")
    if query:
        words = query.split()
        condition = Q()
        for word in words:
            # A word of the state's name ("new mexico") also finds the state's metro and nonmetro areas.
            in_state = Q(state__name__icontains=word) | Q(state__usps__iexact=word)
            condition &= Q(name__icontains=word) | in_state
        areas = areas.filter(condition)
    kind_order = {
        WageArea.Kind.NATIONAL: 0,
        WageArea.Kind.STATE: 1,
        WageArea.Kind.METRO: 2,
        WageArea.Kind.NONMETRO: 3,
    }
    # Ordered in the database, so that the nation and the states come first even among 600 areas.
    rank = Case(*(When(kind=k, then=Value(i)) for k, i in kind_order.items()), output_field=IntegerField())
    return [(a, None) for a in areas.annotate(kind_rank=rank).order_by("kind_rank", "name")[:limit]]


def wages_by_soc(area: WageArea, soc_codes: list[str] | None = None) -> dict[str, Wage]:
    wages = Wage.objects.filter(area=area)
    if soc_codes is not None:
        wages = wages.filter(soc_code__in=soc_codes)
    return {w.soc_code: w for w in wages}


def wage_comparison(soc_code: str, area: WageArea) -> list[tuple[WageArea, Wage | None]]:
    """The wage in the area, then in its state, then in the nation (as far as they differ)."""
    codes = [area.code, *area.comparison_areas]
    wages = {w.area_id: w for w in Wage.objects.filter(soc_code=soc_code, area_id__in=codes)}
    areas = {a.code: a for a in WageArea.objects.filter(code__in=codes)}
    return [(areas[c], wages.get(c)) for c in codes if c in areas]


def projections_by_soc(soc_codes: list[str]) -> dict[str, Projection]:
    return {p.soc_code: p for p in Projection.objects.filter(soc_code__in=soc_codes)}


@dataclass(frozen=True)
class Threshold:
    annual_wage: int
    basis: str
    is_default: bool


def family_sustaining_threshold(area: WageArea) -> Threshold | None:
    """The area's family-sustaining wage: an administrator's figure, else the default rule.

    Default rule: the annual median wage of all occupations in the area (BLS OEWS May 2025),
    i.e. a job that pays more than half of all jobs here. None when BLS publishes no median.
    """
    override = FamilySustainingWage.objects.filter(area=area).first()
    if override is not None:
        return Threshold(override.annual_wage, override.basis, is_default=False)
    median = (
        Wage.objects.filter(area=area, soc_code=ALL_OCCUPATIONS)
        .values_list("annual_median", flat=True)
        .first()
    )
    if median is None:
        return None
    return Threshold(
        median,
        _("Median wage of all jobs in %(area)s, %(source)s, %(period)s")
        % {"area": area.display_name, "source": WAGE_SOURCE, "period": WAGE_PERIOD},
        is_default=True,
    )
