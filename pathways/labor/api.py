"""JSON API for labor-market reference data: wage areas, and the wage block every endpoint shares.

Endpoints call selectors only; the functions here just turn selector results into schemas.
`wages_out` is also used by the catalog API, so that a wage looks the same wherever it appears.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.labor import selectors
from pathways.labor.models import Projection, Wage, WageArea, ZipCode
from pathways.labor.selectors import WAGE_PERIOD, WAGE_SOURCE, ResolvedArea, Threshold

router = Router(tags=["areas"])

AREA_DESCRIPTION = (
    "A BLS OEWS area code (`0000000` the nation, `3500000` New Mexico, `0010740` Albuquerque) or a "
    "five-digit ZIP code, resolved to its metro or nonmetro wage area. Default: the nation."
)
PROJECTIONS_PERIOD = "2024-34"
PROJECTIONS_SOURCE = "BLS Employment Projections"

# BLS OEWS footnote codes that explain a missing or bounded figure (see bls/oews_may2025_footnotes.csv).
TOP_CODED, ANNUAL_ONLY, NOT_RELEASED = "5", "4", "8"
NO_ESTIMATE = "no_estimate"
WAGE_FIELD_ORDER = (
    "employment",
    "annual_mean",
    "annual_p10",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "annual_p90",
    "hourly_mean",
    "hourly_p10",
    "hourly_p25",
    "hourly_median",
    "hourly_p75",
    "hourly_p90",
)


# --- schemas ---------------------------------------------------------------------------------


class ErrorItem(Schema):
    loc: list[str | int] = Field(
        description='Where the problem is: ["query", "<parameter>"] or ["path", "<parameter>"].'
    )
    msg: str = Field(description="What is wrong, for a person to read.")
    type: str = Field(
        description="A machine-readable kind, e.g. `not_found`, `invalid_input`, `less_than_equal`."
    )


class ErrorOut(Schema):
    detail: list[ErrorItem]


class AreaRef(Schema):
    code: str
    name: str


class StateOut(Schema):
    fips: str
    usps: str
    name: str


class CountyOut(Schema):
    geoid: str
    name: str


class ZipOut(Schema):
    code: str = Field(description="The five-digit ZIP code that was looked up.")
    city: str | None
    county: CountyOut


class AreaOut(Schema):
    code: str = Field(description="BLS OEWS area code.")
    name: str
    kind: str = Field(description="`national`, `state`, `metro` or `nonmetro`.")
    kind_label: str
    state: StateOut | None
    zip: ZipOut | None = Field(description="The ZIP code the area was reached from, if any.")


class AreaListOut(Schema):
    count: int
    items: list[AreaOut]


class WageNote(Schema):
    code: str = Field(
        description=(
            "BLS OEWS footnote code (`4` paid only yearly or only hourly, `5` top-coded, `8` not released), "
            "or `no_estimate` when BLS has no figures for the occupation in the area."
        )
    )
    fields: list[str] = Field(description="The wage fields the note applies to.")
    text: str


class WagesOut(Schema):
    area: AreaRef
    period: str = Field(examples=[WAGE_PERIOD])
    source: str = Field(examples=[WAGE_SOURCE])
    employment: int | None
    annual_mean: int | None
    annual_p10: int | None
    annual_p25: int | None
    annual_median: int | None
    annual_p75: int | None
    annual_p90: int | None
    hourly_mean: float | None
    hourly_p10: float | None
    hourly_p25: float | None
    hourly_median: float | None
    hourly_p75: float | None
    hourly_p90: float | None
    notes: list[WageNote] = Field(
        description="Why a figure is null or bounded; empty when every figure is exact."
    )


class ThresholdOut(Schema):
    annual_wage: int
    basis: str
    is_default: bool = Field(
        description="True when this is the default rule (the area's median wage of all jobs)."
    )


class OutlookSummaryOut(Schema):
    period: str = Field(examples=[PROJECTIONS_PERIOD])
    change_pct: float | None = Field(description="Projected change in national employment, percent.")
    openings_annual: int | None = Field(description="Projected openings a year, nationally.")
    entry_education: str | None


class OutlookOut(OutlookSummaryOut):
    source: str = Field(examples=[PROJECTIONS_SOURCE])
    employment_2024: int | None
    employment_2034: int | None
    work_experience: str | None
    on_the_job_training: str | None
    median_wage_2024: int | None
    median_wage_2024_top_coded: bool


# --- converters ------------------------------------------------------------------------------


def area_out(area: WageArea, zip_code: ZipCode | None = None) -> AreaOut:
    state = area.state
    return AreaOut(
        code=area.code,
        name=area.name,
        kind=area.kind,
        kind_label=str(WageArea.Kind(area.kind).label),
        state=StateOut(fips=state.fips, usps=state.usps, name=state.name) if state else None,
        zip=(
            ZipOut(
                code=zip_code.zip,
                city=zip_code.city or None,
                county=CountyOut(geoid=zip_code.county.geoid, name=zip_code.county.name),
            )
            if zip_code is not None
            else None
        ),
    )


def resolved_area_out(resolved: ResolvedArea) -> AreaOut:
    return area_out(resolved.area, resolved.zip_code)


def _note_text(code: str, fields: list[str]) -> str:
    if code == TOP_CODED:
        return _("≥ $239,200 a year (≥ $115.00 an hour): BLS does not publish wages above this amount.")
    if code == ANNUAL_ONLY and all(f.startswith("hourly_") for f in fields):
        return _("BLS reports only annual wages for this occupation, because it is usually paid by the year.")
    if code == ANNUAL_ONLY and all(f.startswith("annual_") for f in fields):
        return _(
            "BLS reports only hourly wages for this occupation, because it is not usually worked "
            "year-round full time."
        )
    if code == ANNUAL_ONLY:
        return _("BLS reports wages for this occupation either hourly or yearly, as it is usually paid.")
    if code == NOT_RELEASED:
        return _("Estimate not released by BLS.")
    return _("BLS footnote %(code)s.") % {"code": code}


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def wages_out(area: WageArea, wage: Wage | None) -> WagesOut:
    """The wage block for one occupation in one area. BLS-suppressed figures are null, never 0.

    `area` is passed in (rather than read from `wage.area`) so that lists cost no query per row.
    """
    ref = AreaRef(code=area.code, name=area.name)
    if wage is None:
        empty = dict.fromkeys(WAGE_FIELD_ORDER)
        note = WageNote(
            code=NO_ESTIMATE,
            fields=list(WAGE_FIELD_ORDER),
            text=_("BLS publishes no estimate for this occupation in %(area)s.") % {"area": area.name},
        )
        return WagesOut(area=ref, period=WAGE_PERIOD, source=WAGE_SOURCE, notes=[note], **empty)
    by_code: dict[str, list[str]] = {}
    for name in WAGE_FIELD_ORDER:
        code = (wage.footnotes or {}).get(name)
        if code:
            by_code.setdefault(str(code), []).append(name)
    notes = [
        WageNote(code=code, fields=fields, text=_note_text(code, fields))
        for code, fields in sorted(by_code.items())
    ]
    return WagesOut(
        area=ref,
        period=WAGE_PERIOD,
        source=WAGE_SOURCE,
        employment=wage.employment,
        annual_mean=wage.annual_mean,
        annual_p10=wage.annual_p10,
        annual_p25=wage.annual_p25,
        annual_median=wage.annual_median,
        annual_p75=wage.annual_p75,
        annual_p90=wage.annual_p90,
        hourly_mean=_float(wage.hourly_mean),
        hourly_p10=_float(wage.hourly_p10),
        hourly_p25=_float(wage.hourly_p25),
        hourly_median=_float(wage.hourly_median),
        hourly_p75=_float(wage.hourly_p75),
        hourly_p90=_float(wage.hourly_p90),
        notes=notes,
    )


def threshold_out(threshold: Threshold | None) -> ThresholdOut | None:
    if threshold is None:
        return None
    return ThresholdOut(
        annual_wage=threshold.annual_wage, basis=threshold.basis, is_default=threshold.is_default
    )


def _jobs(thousands: Decimal | None) -> int | None:
    """BLS projections count jobs in thousands; the API counts jobs."""
    return None if thousands is None else round(thousands * 1000)


def outlook_summary_out(projection: Projection | None) -> OutlookSummaryOut | None:
    if projection is None:
        return None
    return OutlookSummaryOut(
        period=PROJECTIONS_PERIOD,
        change_pct=_float(projection.change_pct),
        openings_annual=_jobs(projection.openings_annual),
        entry_education=projection.entry_education or None,
    )


def outlook_out(projection: Projection | None) -> OutlookOut | None:
    if projection is None:
        return None
    return OutlookOut(
        period=PROJECTIONS_PERIOD,
        source=PROJECTIONS_SOURCE,
        employment_2024=_jobs(projection.employment_2024),
        employment_2034=_jobs(projection.employment_2034),
        change_pct=_float(projection.change_pct),
        openings_annual=_jobs(projection.openings_annual),
        entry_education=projection.entry_education or None,
        work_experience=projection.work_experience or None,
        on_the_job_training=projection.on_the_job_training or None,
        median_wage_2024=projection.median_wage_2024,
        median_wage_2024_top_coded=projection.median_wage_2024_top_coded,
    )


# --- endpoints -------------------------------------------------------------------------------


class AreaSearchIn(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="Words of an area or state name (`albuquerque`, `new mexico`, `NM`), or a ZIP code.",
    )
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/areas",
    response={200: AreaListOut, 422: ErrorOut},
    summary="Search wage areas",
    description=(
        "States, metro and nonmetro areas whose name matches `q` (the nation and states first), or, for a "
        "five-digit ZIP code, the wage area it belongs to, with its county. An unknown ZIP: an empty list."
    ),
)
def areas_list(request: HttpRequest, params: Query[AreaSearchIn]) -> AreaListOut:
    found = selectors.areas_search(params.q, limit=params.limit)
    return AreaListOut(count=len(found), items=[area_out(area, zip_code) for area, zip_code in found])


@router.get(
    "/areas/{area}",
    response={200: AreaOut, 404: ErrorOut, 422: ErrorOut},
    summary="Resolve an area code or ZIP code",
    description=AREA_DESCRIPTION,
)
def area_detail(request: HttpRequest, area: str) -> AreaOut:
    return resolved_area_out(selectors.area_resolve(area))
