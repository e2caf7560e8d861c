"""`GET /api/v1/reports/indicators`: the stored indicator rollups of a consortium.

    GET /api/v1/reports/indicators?consortium=SLUG&year=2025&level=school[&indicator=1S1][&subgroup=sex:F]
    {"items": [{"indicator": "1S1", "level": "school", "unit": "350006000123", "subgroup": "all",
                "numerator": 40, "denominator": 50, "rate": 0.8, "suppressed": false}, ...]}

Only the consortium's leaders (administrators, staff; by session or API token) see it; anyone
else, including another consortium's leaders, gets the same 404 as for an unknown consortium.
Suppressed cells have `numerator`, `denominator` and `rate` null. Reads rollups only.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from pathways.accounts.auth import API_AUTH
from pathways.core.errors import InvalidInput
from pathways.labor.api import ErrorOut

from . import selectors
from .engine import LEVELS
from .metrics import SUBGROUPS
from .policies import reports_consortium

router = Router(tags=["reports"])


class IndicatorsQuery(Schema):
    consortium: str
    year: str
    level: str = "consortium"
    indicator: str | None = None
    subgroup: str | None = None


class CellOut(Schema):
    indicator: str
    level: str
    unit: str
    subgroup: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    suppressed: bool


class IndicatorsOut(Schema):
    items: list[CellOut]


def _year(raw: str) -> int:
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        raise InvalidInput(_("The year must be a school year's ending year, such as 2025."), field="year")
    return year


@router.get(
    "/reports/indicators",
    auth=API_AUTH,
    response={200: IndicatorsOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Perkins V indicators of a consortium",
    description=(
        "Numerator, denominator and rate of each indicator (1S1 ... 5S3, and the local PART and CONC) "
        "for every unit of one level (consortium, district, school, program, cluster) and every "
        "subgroup ('all', 'sex:F', 'race:white', 'economically_disadvantaged', ...), from the stored "
        "rollups. Cells below the consortium's minimum size, and the cells that would reveal them, are "
        "suppressed: their numbers are null. For the consortium's leaders only; others get 404."
    ),
)
def indicators(request: HttpRequest, query: Query[IndicatorsQuery]) -> HttpResponse:
    consortium = reports_consortium(request.user, query.consortium)
    year = _year(query.year)
    if query.level not in LEVELS:
        raise InvalidInput(
            _("The level must be one of: %(levels)s.") % {"levels": ", ".join(LEVELS)}, field="level"
        )
    if query.indicator is not None and query.indicator not in selectors.INDICATORS:
        raise InvalidInput(
            _("Unknown indicator. Use one of: %(codes)s.") % {"codes": ", ".join(selectors.INDICATORS)},
            field="indicator",
        )
    if query.subgroup is not None and query.subgroup not in SUBGROUPS:
        raise InvalidInput(
            _("Unknown subgroup. Use one of: %(codes)s.") % {"codes": ", ".join(SUBGROUPS)}, field="subgroup"
        )
    found = selectors.cells(consortium, year, query.level, indicator=query.indicator, subgroup=query.subgroup)
    # Built as plain dicts (the IndicatorsOut shape): a school level holds ~100,000 cells for a
    # large region, and validating each through pydantic cost seconds.
    items = [
        {
            "indicator": c.indicator,
            "level": c.level,
            "unit": c.unit,
            "subgroup": c.subgroup,
            "numerator": None if c.suppressed else c.numerator,
            "denominator": None if c.suppressed else c.denominator,
            "rate": None if c.suppressed else c.rate,
            "suppressed": c.suppressed,
        }
        for c in found
    ]
    return JsonResponse({"items": items})
