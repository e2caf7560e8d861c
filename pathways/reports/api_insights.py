"""JSON API of the insight part of reports: labor-market alignment, equity funnel and impact highlights.

Alignment and equity are for the consortium's leaders (401 without a user, the same 404 for a
consortium that does not exist and one that is not theirs). Impact highlights of a public
consortium are public (they are published on its public page); suppressed figures are `null`.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.accounts.auth import API_AUTH, api_user
from pathways.core.errors import InvalidInput, NotFound
from pathways.labor.api import ErrorOut
from pathways.orgs.models import Consortium

from . import selectors_insights as insights
from .policies import may_see_reports

router = Router(tags=["reports"])


class ConsortiumIn(Schema):
    consortium: str = Field(description="The consortium's slug.")


class AlignedOccupationOut(Schema):
    soc_code: str
    title: str
    job_zone: int | None
    annual_openings: int | None = Field(description="Annual openings in the area (estimate, see docs).")
    growth_pct: float | None = Field(description="Projected national change over 2024-2034, percent.")
    median_wage: int | None = Field(description="Annual median wage in the area, BLS OEWS May 2025.")
    high_skill: bool | None
    high_wage: bool | None
    in_demand: bool | None


class CountOut(Schema):
    value: int | None = Field(description="null when suppressed or not computed")
    suppressed: bool


class ProgramAlignmentOut(Schema):
    program: str
    reporting_code: str
    participants: CountOut
    concentrators: CountOut
    occupations: list[AlignedOccupationOut]


class IndustryAlignmentOut(Schema):
    industry: str
    programs: list[str]
    concentrators: int | None = Field(description="null when every feeding cell is suppressed")
    concentrators_lower_bound: bool = Field(description="true when some feeding cells are suppressed")
    annual_openings: int | None


class AlignmentOut(Schema):
    area: str
    school_year: int | None
    family_sustaining_wage: int | None
    sources: list[str]
    programs: list[ProgramAlignmentOut]
    industries: list[IndustryAlignmentOut]


def _count(cell: insights.Cell) -> CountOut:
    return CountOut(value=None if cell.suppressed else cell.value, suppressed=cell.suppressed)


@router.get(
    "/reports/alignment",
    response={200: AlignmentOut, 401: ErrorOut, 404: ErrorOut},
    auth=API_AUTH,
    summary="Labor-market alignment of a consortium's programs of study",
    description="Leaders only. Occupations of each program (CIP-SOC) with openings, growth and wage, "
    "classed high-skill / high-wage / in-demand by the consortium's rule; target industries' supply and demand.",  # noqa: E501
)
def alignment_get(request: HttpRequest, params: Query[ConsortiumIn]) -> AlignmentOut:
    consortium = insights.access_reports(api_user(request), params.consortium)
    a = insights.alignment(consortium)
    return AlignmentOut(
        area=a.area.name,
        school_year=a.year,
        family_sustaining_wage=a.threshold.annual_wage if a.threshold else None,
        sources=[a.wage_source, a.projection_source, str(a.enrolment_source)],
        programs=[
            ProgramAlignmentOut(
                program=r.program.name,
                reporting_code=r.program.reporting_code,
                participants=_count(r.participants),
                concentrators=_count(r.concentrators),
                occupations=[
                    AlignedOccupationOut(
                        soc_code=o.soc_code,
                        title=o.title,
                        job_zone=o.job_zone,
                        annual_openings=o.openings,
                        growth_pct=o.growth_pct,
                        median_wage=o.median_wage,
                        high_skill=o.high_skill,
                        high_wage=o.high_wage,
                        in_demand=o.in_demand,
                    )
                    for o in r.occupations
                ],
            )
            for r in a.programs
        ],
        industries=[
            IndustryAlignmentOut(
                industry=r.industry.label,
                programs=[p.name for p in r.programs],
                concentrators=r.concentrators.value if r.concentrators.any_known else None,
                concentrators_lower_bound=r.concentrators.partial,
                annual_openings=r.openings,
            )
            for r in a.industries
        ],
    )


class FunnelOut(Schema):
    subgroup: str
    label: str
    participants: CountOut
    concentrators: CountOut
    credential: CountOut
    dual_credit: CountOut
    work_based_learning: CountOut


class EquityOut(Schema):
    school_year: int | None
    source: str
    funnel: list[FunnelOut]


@router.get(
    "/reports/equity",
    response={200: EquityOut, 401: ErrorOut, 404: ErrorOut},
    auth=API_AUTH,
    summary="Participants to concentrators to credential, dual credit and work-based learning, by subgroup",
    description="Leaders only. Read from the stored rollups; suppressed cells are null.",
)
def equity_get(request: HttpRequest, params: Query[ConsortiumIn]) -> EquityOut:
    consortium = insights.access_reports(api_user(request), params.consortium)
    e = insights.equity(consortium)
    return EquityOut(
        school_year=e.year,
        source=e.source,
        funnel=[
            FunnelOut(
                subgroup=r.subgroup,
                label=r.label,
                participants=_count(r.steps[0]),
                concentrators=_count(r.steps[1]),
                credential=_count(r.steps[2]),
                dual_credit=_count(r.steps[3]),
                work_based_learning=_count(r.steps[4]),
            )
            for r in e.funnel
        ],
    )


class ImpactIn(Schema):
    consortium: str
    start: datetime.date | None = None
    end: datetime.date | None = None


class FigureOut(Schema):
    key: str
    label: str
    value: float | None = Field(description="null when suppressed or not available")
    suppressed: bool
    source: str


class ImpactHighlightsOut(Schema):
    """A consortium's impact highlights for a period: the figures of its public page (the plan's impact
    section in `/api/v1/consortia/{slug}/plan` keeps only the heading and items as written)."""

    consortium: str
    start: datetime.date
    end: datetime.date
    period: str
    figures: list[FigureOut]


@router.get(
    "/reports/impact",
    response={200: ImpactHighlightsOut, 404: ErrorOut, 422: ErrorOut},
    summary="Impact highlights for a period",
    description="Public for a public consortium (as on its public page); its leaders also read a "
    "non-public one. Figures below the consortium's minimum cell size are suppressed (null).",
)
def impact_get(request: HttpRequest, params: Query[ImpactIn]) -> ImpactHighlightsOut:
    user = api_user(request)
    consortium = Consortium.objects.filter(slug=params.consortium).first()
    if consortium is None or not (consortium.is_public or may_see_reports(user, consortium)):
        raise NotFound(_("Not found."), field="consortium")
    start, end = insights.default_period(consortium)
    start, end = params.start or start, params.end or end
    if end < start:
        raise InvalidInput(_("The end date must be on or after the start date."), field="end")
    result = insights.impact(consortium, start, end)
    return ImpactHighlightsOut(
        consortium=consortium.slug,
        start=start,
        end=end,
        period=result.period_label,
        figures=[
            FigureOut(key=f.key, label=f.label, value=f.value, suppressed=f.suppressed, source=f.source)
            for f in result.figures
        ],
    )
