"""Reads behind the consortium's insight pages: labor-market alignment, equity and access, the
needs-assessment evidence and the impact highlights (docs/reports-alignment.md, docs/reports-clna-impact.md).

Student figures come only from the stored rollups (a suppressed cell stays suppressed: no figure
here is recomputed from student rows in a way that could reveal it) or, for the impact highlights,
from counts that are themselves suppressed below the consortium's minimum cell size.
Labor-market figures come from the public BLS tables (labor app); every figure carries its source,
area and year.
"""

from __future__ import annotations

import datetime
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.accounts.policies import Actor
from pathways.catalog.models import CareerCluster, Occupation
from pathways.consortia.models import StrategicPriority, TargetIndustry
from pathways.consortia.selectors import industry_occupations
from pathways.labor.models import NATIONAL_CODE, Projection, Wage, WageArea
from pathways.labor.selectors import WAGE_PERIOD, WAGE_SOURCE, Threshold, family_sustaining_threshold
from pathways.orgs.models import Consortium, Locale, School
from pathways.programs.models import (
    CollegeTerms,
    DeliveryMode,
    DualCreditCourse,
    ProgramCourse,
    ProgramOfStudy,
    ProgramStatus,
    TeacherAssignment,
    TeacherLicense,
)
from pathways.programs.selectors import haversine_miles, school_point

from .exports import SUPPRESSED, Suppressed
from .models import (
    ClnaElement,
    Consultation,
    EducatorTraining,
    ElementReview,
    Finding,
    NeedsAssessment,
    PerformanceLevel,
    ReportSettings,
    Rollup,
    StudentYear,
)
from .policies import reports_consortium

PROJECTION_SOURCE = "BLS Employment Projections"
PROJECTION_PERIOD = "2024–2034"  # noqa: RUF001
ROLLUP_SOURCE = gettext_lazy("Student-year records imported by the consortium (stored rollups)")
PARTICIPANTS = "PART"
CONCENTRATORS = "CONC"
FUNNEL_STEPS = (PARTICIPANTS, CONCENTRATORS, "5S1", "5S2", "5S3")
INDICATORS = ("1S1", "1S2", "2S1", "2S2", "2S3", "3S1", "4S1", "5S1", "5S2", "5S3")
IMPROVEMENT_SHARE = 0.9


def access_reports(user: Actor, slug: str) -> Consortium:
    """The consortium whose insight pages the user may open (its leaders); else NotFound."""
    return reports_consortium(user, slug)


def school_year_label(year: int) -> str:
    """2025 -> "2024–25" (school years are named by their ending year)."""  # noqa: RUF002
    return f"{year - 1}–{str(year)[-2:]}"  # noqa: RUF001


def report_settings(consortium: Consortium) -> ReportSettings:
    """The consortium's settings, or the documented defaults (an unsaved row)."""
    found = ReportSettings.objects.filter(consortium=consortium).order_by("created_at").first()
    return found if found is not None else ReportSettings(consortium=consortium)


# --- cells read from rollups -----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One count from a stored rollup: a number, or suppressed, or absent (never computed)."""

    value: int | None
    suppressed: bool = False
    denominator: int | None = None
    rate: float | None = None

    @property
    def known(self) -> bool:
        return self.value is not None and not self.suppressed

    @property
    def text(self) -> str:
        if self.suppressed:
            return str(_("Suppressed"))
        if self.value is None:
            return "—"
        return f"{self.value:,}"

    @property
    def export(self) -> int | Suppressed | None:
        """The value for a CSV/XLSX cell (reports.exports writes the marker as text, never a number)."""
        if self.suppressed:
            return SUPPRESSED
        return self.value


ABSENT = Cell(None)


def _cell(row: Rollup | None) -> Cell:
    if row is None:
        return ABSENT
    if row.suppressed:
        return Cell(None, True)
    return Cell(row.numerator, False, row.denominator, row.rate)


@dataclass(frozen=True)
class Total:
    """A sum of cells: `partial` when some were suppressed (the sum is then a lower bound)."""

    value: int
    partial: bool
    any_known: bool

    @property
    def text(self) -> str:
        if not self.any_known:
            return str(_("Suppressed")) if self.partial else "—"
        if self.partial:
            return _("at least %(n)s") % {"n": f"{self.value:,}"}
        return f"{self.value:,}"

    @property
    def export(self) -> int | str | Suppressed | None:
        if not self.any_known:
            return SUPPRESSED if self.partial else None
        return f">={self.value}" if self.partial else self.value


def total(cells: Iterable[Cell]) -> Total:
    value, partial, known = 0, False, False
    for c in cells:
        if c.suppressed:
            partial = True
        elif c.value is not None:
            value += c.value
            known = True
    return Total(value, partial, known)


def rollup_years(consortium: Consortium, indicators: Iterable[str] | None = None) -> list[int]:
    rows = Rollup.objects.filter(consortium=consortium)
    if indicators is not None:
        rows = rows.filter(indicator__in=list(indicators))
    return sorted(set(rows.values_list("school_year", flat=True)), reverse=True)


def latest_year(consortium: Consortium, indicators: Iterable[str] | None = None) -> int | None:
    years = rollup_years(consortium, indicators)
    return years[0] if years else None


def cells(
    consortium: Consortium,
    year: int | None,
    *,
    level: str,
    indicators: Iterable[str],
    subgroups: Iterable[str] | None = ("all",),
) -> dict[tuple[str, str, str], Cell]:
    """{(indicator, unit, subgroup): Cell} for one year and level."""
    if year is None:
        return {}
    rows = Rollup.objects.filter(
        consortium=consortium, school_year=year, level=level, indicator__in=list(indicators)
    )
    if subgroups is not None:
        rows = rows.filter(subgroup__in=list(subgroups))
    return {(r.indicator, r.unit, r.subgroup): _cell(r) for r in rows}


# --- labor-market alignment ------------------------------------------------------------------


@dataclass(frozen=True)
class AlignmentArea:
    area: WageArea
    national: WageArea | None

    @property
    def name(self) -> str:
        return self.area.display_name


def consortium_area(consortium: Consortium) -> AlignmentArea:
    """The consortium's state (its BLS OEWS state area), else the nation."""
    national = WageArea.objects.filter(code=NATIONAL_CODE).first()
    if consortium.state_id:
        state = WageArea.objects.filter(code=f"{consortium.state_id}00000").first()
        if state is not None:
            return AlignmentArea(state, national)
    if national is None:
        national = WageArea(code=NATIONAL_CODE, kind=WageArea.Kind.NATIONAL, name="National")
    return AlignmentArea(national, national)


@dataclass(frozen=True)
class Rule:
    high_wage_ratio: Decimal
    in_demand_openings: int
    in_demand_growth: Decimal
    high_skill_job_zone: int

    @classmethod
    def of(cls, settings: ReportSettings) -> Rule:
        return cls(
            Decimal(settings.high_wage_ratio),
            int(settings.in_demand_openings),
            Decimal(settings.in_demand_growth),
            int(settings.high_skill_job_zone),
        )


@dataclass
class OccupationRow:
    soc_code: str
    title: str
    job_zone: int | None
    openings: int | None  # annual openings in the area (estimate, see docs)
    growth_pct: float | None  # national projected change over the decade
    median_wage: int | None  # annual median in the area
    high_skill: bool | None
    high_wage: bool | None
    in_demand: bool | None

    @property
    def qualifies(self) -> bool:
        """Perkins V: high-skill, high-wage, OR in-demand."""
        return bool(self.high_skill or self.high_wage or self.in_demand)

    @property
    def classes(self) -> list[str]:
        out = []
        if self.high_skill:
            out.append(str(_("High skill")))
        if self.high_wage:
            out.append(str(_("High wage")))
        if self.in_demand:
            out.append(str(_("In demand")))
        return out


def _flag(value: bool | None) -> str:
    if value is None:
        return str(_("Not known"))
    return str(_("Yes")) if value else str(_("No"))


def classify(
    rule: Rule,
    *,
    job_zone: int | None,
    median_wage: int | None,
    threshold: int | None,
    openings: int | None,
    growth_pct: float | None,
) -> tuple[bool | None, bool | None, bool | None]:
    """(high skill, high wage, in demand) by the rule; None where a figure is missing."""
    high_skill = None if job_zone is None else job_zone >= rule.high_skill_job_zone
    high_wage = None
    if median_wage is not None and threshold is not None:
        high_wage = Decimal(median_wage) >= rule.high_wage_ratio * Decimal(threshold)
    in_demand: bool | None = None
    if (openings is not None and openings >= rule.in_demand_openings) or (
        growth_pct is not None and Decimal(str(growth_pct)) > rule.in_demand_growth
    ):
        in_demand = True
    elif openings is not None or growth_pct is not None:
        in_demand = False
    return high_skill, high_wage, in_demand


def occupation_rows(
    soc_codes: Iterable[str], area: AlignmentArea, threshold: Threshold | None, rule: Rule
) -> dict[str, OccupationRow]:
    """One row per SOC code with the area's wage, estimated openings and national growth."""
    codes = sorted(set(soc_codes))
    if not codes:
        return {}
    area_codes = [area.area.code] + ([area.national.code] if area.national else [])
    wages: dict[tuple[str, str], Wage] = {
        (w.area_id, w.soc_code): w for w in Wage.objects.filter(area_id__in=area_codes, soc_code__in=codes)
    }
    projections = {p.soc_code: p for p in Projection.objects.filter(soc_code__in=codes)}
    zones: dict[str, int | None] = {}
    titles: dict[str, str] = {}
    for code, soc, title, zone in (
        Occupation.objects.filter(soc_code__in=codes)
        .order_by("code")
        .values_list("code", "soc_code", "title", "job_zone_id")
    ):
        if soc not in titles or code.endswith(".00"):
            titles[soc] = title
            zones[soc] = zone
    rows = {}
    national_code = area.national.code if area.national else NATIONAL_CODE
    for soc in codes:
        wage = wages.get((area.area.code, soc))
        projection = projections.get(soc)
        openings = _area_openings(
            projection, wage, wages.get((national_code, soc)), national=area.area.code == national_code
        )
        growth = float(projection.change_pct) if projection and projection.change_pct is not None else None
        median = wage.annual_median if wage else None
        hs, hw, dem = classify(
            rule,
            job_zone=zones.get(soc),
            median_wage=median,
            threshold=threshold.annual_wage if threshold else None,
            openings=openings,
            growth_pct=growth,
        )
        title = titles.get(soc) or (projection.title if projection else soc)
        rows[soc] = OccupationRow(soc, title, zones.get(soc), openings, growth, median, hs, hw, dem)
    return rows


def _area_openings(
    projection: Projection | None, area_wage: Wage | None, national_wage: Wage | None, *, national: bool
) -> int | None:
    """Annual openings in the area: BLS's national openings (thousands) scaled by the area's share
    of national employment in the occupation (OEWS). BLS publishes no state projections here."""
    if projection is None or projection.openings_annual is None:
        return None
    national_openings = float(projection.openings_annual) * 1000
    if national:
        return round(national_openings)
    if area_wage is None or area_wage.employment is None:
        return None
    if national_wage is None or not national_wage.employment:
        return None
    return round(national_openings * area_wage.employment / national_wage.employment)


def program_socs(programs: Iterable[ProgramOfStudy]) -> dict[int, list[str]]:
    """{program id: SOC codes of its CIP code (NCES CIP-SOC crosswalk)}."""
    from pathways.catalog.models import CipSoc

    programs = list(programs)
    by_cip: dict[str, list[str]] = defaultdict(list)
    for cip_id, soc in CipSoc.objects.filter(cip_id__in={p.cip_id for p in programs}).values_list(
        "cip_id", "soc_code"
    ):
        by_cip[cip_id].append(soc)
    return {p.pk: sorted(set(by_cip.get(p.cip_id, []))) for p in programs}


@dataclass
class ProgramRow:
    program: ProgramOfStudy
    occupations: list[OccupationRow]
    participants: Cell
    concentrators: Cell

    @property
    def qualifying(self) -> int:
        return sum(1 for o in self.occupations if o.qualifies)

    @property
    def openings(self) -> int | None:
        known = [o.openings for o in self.occupations if o.openings is not None]
        return sum(known) if known else None


@dataclass
class IndustryRow:
    industry: TargetIndustry
    programs: list[ProgramOfStudy]
    participants: Total
    concentrators: Total
    openings: int | None
    occupation_count: int

    @property
    def per_100_openings(self) -> float | None:
        """Concentrators per 100 annual openings (a lower bound when cells are suppressed)."""
        if not self.openings or not self.concentrators.any_known:
            return None
        return round(100 * self.concentrators.value / self.openings, 1)

    @property
    def gap(self) -> int | None:
        """Annual openings not met by this year's concentrators (openings − concentrators)."""  # noqa: RUF002
        if self.openings is None or not self.concentrators.any_known or self.concentrators.partial:
            return None
        return self.openings - self.concentrators.value


@dataclass
class Alternative:
    program: ProgramOfStudy
    place: str
    miles: float | None
    open_to_school: bool


@dataclass
class SchoolGap:
    school: School
    cluster: CareerCluster
    nearest: Alternative | None
    virtual: Alternative | None


@dataclass
class Alignment:
    consortium: Consortium
    area: AlignmentArea
    threshold: Threshold | None
    settings: ReportSettings
    year: int | None
    programs: list[ProgramRow]
    industries: list[IndustryRow]
    gaps: list[SchoolGap]
    target_clusters: list[CareerCluster]

    @property
    def year_label(self) -> str:
        return school_year_label(self.year) if self.year else ""

    @property
    def wage_source(self) -> str:
        return wage_source(self.area.name)

    @property
    def projection_source(self) -> str:
        return projection_source(self.area.name)

    @property
    def enrolment_source(self) -> str:
        return rollup_source(self.consortium, self.year)


def wage_source(area_name: str) -> str:
    """Where wages come from, in the reader's language (computed when shown, never stored)."""
    return _("%(source)s, %(period)s, %(area)s") % {
        "source": WAGE_SOURCE,
        "period": WAGE_PERIOD,
        "area": area_name,
    }


def projection_source(area_name: str) -> str:
    return _(
        "%(source)s %(period)s (national growth; openings for %(area)s estimated from its share of "
        "national employment, %(wages)s %(period2)s)"
    ) % {
        "source": PROJECTION_SOURCE,
        "period": PROJECTION_PERIOD,
        "area": area_name,
        "wages": WAGE_SOURCE,
        "period2": WAGE_PERIOD,
    }


def rollup_source(consortium: Consortium, year: int | None) -> str:
    """The source line of figures read from the stored rollups of one school year."""
    if not year:
        return _("No indicators computed yet: import student-year records and compute them.")
    return _("%(source)s, %(consortium)s, school year %(year)s") % {
        "source": ROLLUP_SOURCE,
        "consortium": consortium.name,
        "year": school_year_label(year),
    }


def active_programs(consortium: Consortium) -> list[ProgramOfStudy]:
    return list(
        ProgramOfStudy.objects.filter(consortium=consortium, status=ProgramStatus.ACTIVE)
        .select_related(
            "cluster",
            "subcluster",
            "cip",
            "school__zip_code",
            "school__county",
            "district",
            "host_school__zip_code",
            "host_school__county",
            "host_partner__zip_code",
        )
        .prefetch_related("eligible_schools")
        .order_by("name")
    )


def alignment(consortium: Consortium) -> Alignment:
    settings = report_settings(consortium)
    rule = Rule.of(settings)
    area = consortium_area(consortium)
    threshold = family_sustaining_threshold(area.area)
    programs = active_programs(consortium)
    socs = program_socs(programs)
    industries = list(
        TargetIndustry.objects.filter(consortium=consortium).prefetch_related("clusters", "subclusters")
    )
    industry_socs = {i.pk: sorted({o.soc_code for o in industry_occupations(i)}) for i in industries}
    all_socs = {s for v in socs.values() for s in v} | {s for v in industry_socs.values() for s in v}
    occ = occupation_rows(all_socs, area, threshold, rule)
    year = latest_year(consortium, [PARTICIPANTS, CONCENTRATORS])
    counts = cells(consortium, year, level="program", indicators=[PARTICIPANTS, CONCENTRATORS])

    def count(indicator: str, program: ProgramOfStudy) -> Cell:
        if not program.reporting_code:
            return ABSENT
        return counts.get((indicator, program.reporting_code, "all"), ABSENT)

    program_rows = [
        ProgramRow(
            p,
            sorted((occ[s] for s in socs[p.pk] if s in occ), key=lambda o: o.title),
            count(PARTICIPANTS, p),
            count(CONCENTRATORS, p),
        )
        for p in programs
    ]
    industry_rows = []
    for industry in industries:
        isocs = set(industry_socs[industry.pk])
        clusters = {c.pk for c in industry.clusters.all()}
        subclusters = {s.pk for s in industry.subclusters.all()}
        feeding = [
            p
            for p in programs
            if isocs.intersection(socs[p.pk]) or p.cluster_id in clusters or p.subcluster_id in subclusters
        ]
        known: list[int] = [o for s in isocs if s in occ and (o := occ[s].openings) is not None]
        industry_rows.append(
            IndustryRow(
                industry,
                feeding,
                total(count(PARTICIPANTS, p) for p in feeding),
                total(count(CONCENTRATORS, p) for p in feeding),
                sum(known) if known else None,
                len(isocs),
            )
        )
    target_clusters = _target_clusters(industries)
    return Alignment(
        consortium,
        area,
        threshold,
        settings,
        year,
        program_rows,
        industry_rows,
        school_gaps(consortium, programs, target_clusters),
        target_clusters,
    )


def _target_clusters(industries: list[TargetIndustry]) -> list[CareerCluster]:
    found: dict[int, CareerCluster] = {}
    for industry in industries:
        for c in industry.clusters.all():
            found[c.pk] = c
        for s in industry.subclusters.select_related("cluster"):
            found[s.cluster_id] = s.cluster
    return sorted(found.values(), key=lambda c: c.name)


def high_schools(consortium: Consortium) -> list[School]:
    """Member schools that serve grade 9 or above (or whose grades are not on record)."""
    return list(
        School.objects.filter(consortium=consortium)
        .filter(Q(grade_high__isnull=True) | Q(grade_high__gte=9))
        .select_related("zip_code", "county", "district")
        .order_by("name")
    )


def school_gaps(
    consortium: Consortium, programs: list[ProgramOfStudy], clusters: list[CareerCluster]
) -> list[SchoolGap]:
    """Schools where no program of a target cluster meets, with the nearest in-person program
    of that cluster (distance between ZIP centroids) and a virtual one."""
    gaps = []
    for school in high_schools(consortium):
        origin = school_point(school)
        for cluster in clusters:
            in_cluster = [p for p in programs if p.cluster_id == cluster.pk]
            here = [
                p for p in in_cluster if p.location_school is not None and p.location_school.pk == school.pk
            ]
            if here:
                continue
            nearest: Alternative | None = None
            virtual: Alternative | None = None
            for p in in_cluster:
                eligible = any(s.pk == school.pk for s in p.eligible_schools.all())
                if p.delivery_mode == DeliveryMode.VIRTUAL:
                    candidate = Alternative(p, str(_("Online")), None, eligible)
                    if virtual is None or (eligible and not virtual.open_to_school):
                        virtual = candidate
                    continue
                place_school = p.location_school
                if place_school is not None:
                    point = school_point(place_school)
                    place = place_school.name
                elif p.host_partner is not None:
                    zip_code = p.host_partner.zip_code
                    point = (
                        (zip_code.latitude, zip_code.longitude)
                        if zip_code and zip_code.latitude is not None and zip_code.longitude is not None
                        else None
                    )
                    place = p.host_partner.name
                else:
                    continue
                miles = haversine_miles(origin, point) if origin and point else None
                candidate = Alternative(p, place, miles, eligible)
                if nearest is None or _closer(candidate, nearest):
                    nearest = candidate
            gaps.append(SchoolGap(school, cluster, nearest, virtual))
    return gaps


def _closer(a: Alternative, b: Alternative) -> bool:
    far = float("inf")
    return (a.miles if a.miles is not None else far) < (b.miles if b.miles is not None else far)


# --- equity and access -----------------------------------------------------------------------


def subgroup_labels() -> dict[str, str]:
    try:
        from .metrics import SUBGROUP_LABELS, SUBGROUPS

        return {code: str(SUBGROUP_LABELS[code]) for code in SUBGROUPS}
    except ImportError:  # the metric registry is not there yet
        return {"all": str(_("All students"))}


@dataclass
class FunnelRow:
    subgroup: str
    label: str
    steps: list[Cell]


@dataclass
class LocaleRow:
    locale: str
    label: str
    schools: int
    programs_reachable: float | None  # mean per school
    cluster_share: float | None  # mean share of the consortium's offered clusters
    virtual_options: float | None  # mean per school


@dataclass
class Equity:
    consortium: Consortium
    year: int | None
    funnel: list[FunnelRow]
    nontrad_by_sex: list[tuple[str, Cell]]
    nontrad_by_program: list[tuple[str, str, Cell]]  # (unit, program name, cell)
    locales: list[LocaleRow]
    clusters_offered: int

    @property
    def year_label(self) -> str:
        return school_year_label(self.year) if self.year else ""

    @property
    def source(self) -> str:
        return rollup_source(self.consortium, self.year)


FUNNEL_LABELS = {
    PARTICIPANTS: gettext_lazy("Participants"),
    CONCENTRATORS: gettext_lazy("Concentrators"),
    "5S1": gettext_lazy("Credential (5S1)"),
    "5S2": gettext_lazy("Dual credit (5S2)"),
    "5S3": gettext_lazy("Work-based learning (5S3)"),
}


def equity(consortium: Consortium, year: int | None = None) -> Equity:
    if year is None:
        year = latest_year(consortium, (*FUNNEL_STEPS, "4S1"))
    labels = subgroup_labels()
    funnel_cells = cells(consortium, year, level="consortium", indicators=FUNNEL_STEPS, subgroups=None)
    present = {sg for (_i, _u, sg) in funnel_cells}
    order = [sg for sg in labels if sg in present] + sorted(present - set(labels))
    funnel = []
    for sg in order:
        steps = [_find(funnel_cells, ind, sg) for ind in FUNNEL_STEPS]
        funnel.append(FunnelRow(sg, labels.get(sg, sg), steps))
    nt = cells(consortium, year, level="consortium", indicators=["4S1"], subgroups=None)
    by_sex = [
        (labels.get(sg, sg), _find(nt, "4S1", sg))
        for sg in [s for s in labels if s.startswith("sex:") or s == "all"]
        if any(k[2] == sg for k in nt)
    ]
    programs = {
        p.reporting_code: p.name
        for p in ProgramOfStudy.objects.filter(consortium=consortium).exclude(reporting_code="")
    }
    by_program = sorted(
        (
            (unit, programs.get(unit, unit), cell)
            for (_i, unit, _sg), cell in cells(consortium, year, level="program", indicators=["4S1"]).items()
        ),
        key=lambda t: t[1].lower(),
    )
    locales, offered = locale_access(consortium)
    return Equity(consortium, year, funnel, by_sex, by_program, locales, offered)


def _find(found: dict[tuple[str, str, str], Cell], indicator: str, subgroup: str) -> Cell:
    for (ind, _unit, sg), cell in found.items():
        if ind == indicator and sg == subgroup:
            return cell
    return ABSENT


def locale_access(consortium: Consortium) -> tuple[list[LocaleRow], int]:
    """Per school locale: programs of study a school's students may take (eligible, active),
    the share of the consortium's offered clusters among them, and the virtual ones."""
    programs = active_programs(consortium)
    offered = {p.cluster_id for p in programs}
    by_school: dict[int, list[ProgramOfStudy]] = defaultdict(list)
    for p in programs:
        for s in p.eligible_schools.all():
            by_school[s.pk].append(p)
    rows = []
    schools = high_schools(consortium)
    for code, label in [*Locale.choices, ("", _("Not on record"))]:
        group = [s for s in schools if s.locale == code]
        if not group:
            continue
        reach = [by_school.get(s.pk, []) for s in group]
        rows.append(
            LocaleRow(
                code,
                str(label),
                len(group),
                statistics.fmean(len(r) for r in reach),
                statistics.fmean(len({p.cluster_id for p in r}) / len(offered) for r in reach)
                if offered
                else None,
                statistics.fmean(sum(1 for p in r if p.delivery_mode == DeliveryMode.VIRTUAL) for r in reach),
            )
        )
    return rows, len(offered)


# --- CLNA ------------------------------------------------------------------------------------
#
# What is stored is facts only: evidence snapshots keep codes (indicators, subgroups, locales,
# Career Cluster slugs, program statuses), numbers, and names that are data (programs', target
# industries', the BLS area's, with their ids); a cycle keeps its first year and, only when a leader
# typed one, a custom title. Every label, sentence and source line is written when the page or the
# document is read, in the reader's language (docs/reports-clna-impact.md).

EVIDENCE_SCHEMA = 2


def default_cycle_title(first_year: int) -> str:
    """ "Comprehensive local needs assessment 2026–2027", in the active language."""  # noqa: RUF002
    return _("Comprehensive local needs assessment %(first)s–%(second)s") % {  # noqa: RUF001
        "first": first_year,
        "second": first_year + 1,
    }


def _in_every_language(text: Callable[[], str]) -> set[str]:
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(text()))
    return found


def cycle_title(cycle: NeedsAssessment) -> str:
    """The custom title a leader gave the cycle, else the default one in the reader's language.
    Cycles started before titles were written on display stored the default title in the language
    of whoever started them: that is not a custom title."""
    custom = (cycle.title or "").strip()
    if custom and custom not in _in_every_language(lambda: default_cycle_title(cycle.first_year)):
        return custom
    return default_cycle_title(cycle.first_year)


@dataclass
class CycleRow:
    cycle: NeedsAssessment
    title: str
    consultation_count: int
    finding_count: int


def cycles(consortium: Consortium) -> list[CycleRow]:
    rows = NeedsAssessment.objects.filter(consortium=consortium).annotate(
        consultation_count=Count("consultations", distinct=True),
        finding_count=Count("findings", distinct=True),
    )
    return [
        CycleRow(c, cycle_title(c), getattr(c, "consultation_count", 0), getattr(c, "finding_count", 0))
        for c in rows
    ]


def access_cycle(user: Actor, public_id: Any) -> NeedsAssessment:
    """A cycle of a consortium whose reports the user may see; else NotFound (also malformed ids)."""
    from pathways.accounts.policies import access, scope_of

    return access(
        NeedsAssessment.objects.select_related("consortium"),
        public_id,
        Q(consortium_id__in=scope_of(user).leader_of),
    )


def access_consultation(user: Actor, public_id: Any) -> Consultation:
    from pathways.accounts.policies import access, scope_of

    return access(
        Consultation.objects.select_related("assessment", "consortium"),
        public_id,
        Q(consortium_id__in=scope_of(user).leader_of),
    )


def access_finding(user: Actor, public_id: Any) -> Finding:
    from pathways.accounts.policies import access, scope_of

    return access(
        Finding.objects.select_related("assessment", "consortium"),
        public_id,
        Q(consortium_id__in=scope_of(user).leader_of),
    )


def access_element(user: Actor, public_id: Any) -> ElementReview:
    from pathways.accounts.policies import access, scope_of

    return access(
        ElementReview.objects.select_related("assessment", "consortium"),
        public_id,
        Q(consortium_id__in=scope_of(user).leader_of),
    )


@dataclass
class ElementView:
    review: ElementReview
    findings: list[Finding]
    form: Any = None  # the page's summary form

    @property
    def title(self) -> str:
        return str(ClnaElement(self.review.element).label)

    @cached_property
    def evidence(self) -> dict[str, Any]:
        """The snapshot, with labels and sources in the reader's language ({} when none yet)."""
        return evidence_view(self.review)

    @property
    def evidence_lines(self) -> list[str]:
        """The same evidence as plain lines (the PDF)."""
        return evidence_lines(self.evidence)


@dataclass
class CycleView:
    cycle: NeedsAssessment
    elements: list[ElementView]
    consultations: list[Consultation]
    priorities: list[StrategicPriority]

    @property
    def title(self) -> str:
        return cycle_title(self.cycle)


def cycle_view(cycle: NeedsAssessment) -> CycleView:
    findings: dict[int, list[Finding]] = defaultdict(list)
    for f in Finding.objects.filter(assessment=cycle).prefetch_related("priorities"):
        findings[f.element].append(f)
    reviews = list(
        ElementReview.objects.filter(assessment=cycle).select_related("consortium").order_by("element")
    )
    return CycleView(
        cycle,
        [ElementView(r, findings.get(r.element, [])) for r in reviews],
        list(Consultation.objects.filter(assessment=cycle).select_related("recorded_by")),
        list(StrategicPriority.objects.filter(consortium_id=cycle.consortium_id)),
    )


# Evidence snapshots (stored) ------------------------------------------------------------------


def clna_evidence(consortium: Consortium, element: int) -> dict[str, Any]:
    """The evidence Pathways computes for one element, as JSON facts (snapshotted into ElementReview):
    no translated text, so that each reader sees it in their own language (`evidence_view`)."""
    builders = {
        ClnaElement.PERFORMANCE: _evidence_performance,
        ClnaElement.SIZE_SCOPE_QUALITY: _evidence_alignment,
        ClnaElement.PROGRESS: _evidence_programs,
        ClnaElement.EDUCATORS: _evidence_educators,
        ClnaElement.EQUAL_ACCESS: _evidence_equity,
    }
    return {"schema": EVIDENCE_SCHEMA, **builders[ClnaElement(element)](consortium)}


def _evidence_performance(consortium: Consortium) -> dict[str, Any]:
    year = latest_year(consortium, INDICATORS)
    found = cells(consortium, year, level="consortium", indicators=INDICATORS)
    levels = {
        p.indicator: float(p.level)
        for p in PerformanceLevel.objects.filter(consortium=consortium, school_year=year or 0)
    }
    rows = []
    for ind in INDICATORS:
        cell = found.get((ind, consortium.slug, "all")) or _find(found, ind, "all")
        rate = (
            None
            if cell.suppressed or cell.rate is None
            else round(cell.rate * 100 if cell.rate <= 1 else cell.rate, 1)
        )
        level = levels.get(ind)
        rows.append(
            {
                "indicator": ind,
                "numerator": None if cell.suppressed else cell.value,
                "denominator": None if cell.suppressed else cell.denominator,
                "rate_pct": rate,
                "suppressed": cell.suppressed,
                "level_pct": level,
                "below_90pct_of_level": (
                    rate < IMPROVEMENT_SHARE * level if rate is not None and level is not None else None
                ),
            }
        )
    return {"kind": "performance", "year": year, "rows": rows}


def _evidence_alignment(consortium: Consortium) -> dict[str, Any]:
    a = alignment(consortium)
    return {
        "kind": "alignment",
        "year": a.year,
        "area_code": a.area.area.code,
        "area_name": a.area.area.name,
        "threshold": a.threshold.annual_wage if a.threshold else None,
        "programs": [
            {
                "program_id": str(r.program.public_id),
                "program": r.program.name,
                "occupations": len(r.occupations),
                "qualifying": r.qualifying,
                "openings": r.openings,
            }
            for r in a.programs
        ],
        "industries": [
            {
                "industry_id": str(r.industry.public_id),
                "industry": r.industry.label,
                "programs": len(r.programs),
                # null when every feeding cell is suppressed; a lower bound when some are
                "concentrators": r.concentrators.value if r.concentrators.any_known else None,
                "concentrators_lower_bound": r.concentrators.partial,
                "openings": r.openings,
            }
            for r in a.industries
        ],
        "schools_without_target_cluster": len(a.gaps),
    }


def _evidence_programs(consortium: Consortium) -> dict[str, Any]:
    programs = list(
        ProgramOfStudy.objects.filter(consortium=consortium)
        .select_related("cluster")
        .annotate(
            courses=Count("program_courses", distinct=True),
            credentials=Count("program_credentials", distinct=True),
        )
    )
    dual = set(
        DualCreditCourse.objects.filter(consortium=consortium).values_list(
            "program_course__program_id", flat=True
        )
    )
    levels: dict[int, set[str]] = defaultdict(set)
    for program_id, level in ProgramCourse.objects.filter(program__in=programs).values_list(
        "program_id", "level"
    ):
        levels[program_id].add(level)
    by_status: dict[str, int] = defaultdict(int)
    for p in programs:
        by_status[p.status] += 1
    return {
        "kind": "programs",
        "by_status": dict(by_status),
        "clusters": len({p.cluster_id for p in programs if p.status == ProgramStatus.ACTIVE}),
        "rows": [
            {
                "program_id": str(p.public_id),
                "program": p.name,
                "cluster": p.cluster.slug,
                "framework": p.cluster.framework,
                "status": p.status,
                "delivery": p.delivery_mode,
                "courses": getattr(p, "courses", 0),
                "credentials": getattr(p, "credentials", 0),
                "dual_credit": p.pk in dual,
                "full_sequence": levels[p.pk] >= {"introductory", "concentrator", "capstone"},
            }
            for p in programs
        ],
    }


def _evidence_educators(consortium: Consortium) -> dict[str, Any]:
    today = timezone.localdate()
    programs = ProgramOfStudy.objects.filter(consortium=consortium, status=ProgramStatus.ACTIVE)
    assigned = TeacherAssignment.objects.filter(consortium=consortium, program__in=programs)
    teachers = set(assigned.values_list("teacher_id", flat=True))
    licenses = TeacherLicense.objects.filter(consortium=consortium, teacher_id__in=teachers)
    soon = today + datetime.timedelta(days=365)
    training = EducatorTraining.objects.filter(consortium=consortium)
    return {
        "kind": "educators",
        "programs": programs.count(),
        "programs_without_teacher": programs.exclude(teacher_assignments__isnull=False).count(),
        "teachers": len(teachers),
        "licenses": licenses.count(),
        "licenses_expiring_within_a_year": licenses.filter(
            expires_on__isnull=False, expires_on__lte=soon, expires_on__gte=today
        ).count(),
        "licenses_expired": licenses.filter(expires_on__lt=today).count(),
        "trainings": training.count(),
        "educators_trained": training.aggregate(n=Sum("educators"))["n"] or 0,
    }


def _evidence_equity(consortium: Consortium) -> dict[str, Any]:
    e = equity(consortium)
    all_row = next((r for r in e.funnel if r.subgroup == "all"), None)

    def share(row: FunnelRow, step: int) -> float | None:
        part, conc = row.steps[0], row.steps[step]
        if not part.known or not conc.known or not part.value:
            return None
        return round(100 * (conc.value or 0) / part.value, 1)

    base = share(all_row, 1) if all_row else None
    gaps = []
    for row in e.funnel:
        if row.subgroup == "all":
            continue
        value = share(row, 1)
        gaps.append(
            {
                "subgroup": row.subgroup,
                "concentrator_share_pct": value,
                "gap_to_all_pts": round(value - base, 1) if value is not None and base is not None else None,
                "suppressed": any(c.suppressed for c in row.steps[:2]),
            }
        )
    return {
        "kind": "equity",
        "year": e.year,
        "all_concentrator_share_pct": base,
        "subgroups": gaps,
        "locales": [
            {
                "locale": r.locale,
                "schools": r.schools,
                "programs_reachable": round(r.programs_reachable, 1)
                if r.programs_reachable is not None
                else None,
                "virtual_options": round(r.virtual_options, 1) if r.virtual_options is not None else None,
            }
            for r in e.locales
        ],
    }


# Evidence as read (labels in the reader's language) -------------------------------------------

EVIDENCE_SOURCES: dict[str, Any] = {
    "performance": gettext_lazy("Stored indicator rollups, consortium level, all students"),
    "programs": gettext_lazy("Programs of study recorded in Pathways"),
    "educators": gettext_lazy("Teacher assignments, licenses and trainings recorded in Pathways"),
}


def _relabel(value: Any, labels: Callable[[], dict[str, str]]) -> str:
    """The label of a stored code in the active language. Snapshots taken before evidence stored
    codes hold a label in some language: it is mapped back to its code when it is one of ours."""
    current = labels()
    if value in current:
        return current[value]
    text = str(value if value is not None else "")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key, label in labels().items():
                if label == text:
                    return current[key]
    return text


def _locale_labels() -> dict[str, str]:
    return {**{code: str(label) for code, label in Locale.choices}, "": str(_("Not on record"))}


def _status_labels() -> dict[str, str]:
    return {code: str(label) for code, label in ProgramStatus.choices}


def _indicator_labels() -> dict[str, str]:
    try:
        from .metrics import REGISTRY

        return {code: str(m.name) for code, m in REGISTRY.items()}
    except ImportError:  # pragma: no cover - the registry ships with the app
        return {}


def _cluster_names(rows: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    slugs = {str(r.get("cluster")) for r in rows if r.get("framework")}
    return {(c.framework, c.slug): c.name for c in CareerCluster.objects.filter(slug__in=slugs)}


def _count_text(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _concentrators_text(row: dict[str, Any]) -> str:
    value, lower_bound = row.get("concentrators"), bool(row.get("concentrators_lower_bound"))
    if value is None:
        return str(_("Suppressed")) if lower_bound else "—"
    if lower_bound and isinstance(value, int):
        return _("at least %(n)s") % {"n": f"{value:,}"}
    return _count_text(value)


def _area_name(ev: dict[str, Any]) -> str:
    code = ev.get("area_code")
    if code == NATIONAL_CODE:
        return str(_("United States"))
    return str(ev.get("area_name") or ev.get("area") or "")


def evidence_view(review: ElementReview) -> dict[str, Any]:
    """The stored snapshot of one element made readable in the active language: each code gets its
    label (`label` keys beside the codes), and `source` is written now. Older snapshots that stored
    labels are shown as they are, with the labels mapped back to codes where possible."""
    stored: dict[str, Any] = review.evidence or {}
    if not stored:
        return {}
    ev = {k: v for k, v in stored.items() if k != "source"}
    kind = ev.get("kind", "")
    if kind == "performance":
        names = _indicator_labels()
        ev["rows"] = [{**r, "label": names.get(str(r.get("indicator")), "")} for r in ev.get("rows", [])]
        ev["source"] = str(EVIDENCE_SOURCES[kind])
    elif kind == "alignment":
        area = _area_name(ev)
        ev["area"] = area
        ev["source"] = f"{wage_source(area)}; {projection_source(area)}"
        ev["industries"] = [
            {**r, "concentrators_text": _concentrators_text(r)} for r in ev.get("industries", [])
        ]
    elif kind == "programs":
        rows = ev.get("rows", [])
        clusters = _cluster_names(rows)
        ev["rows"] = [
            {
                **r,
                "cluster_name": clusters.get(
                    (str(r.get("framework")), str(r.get("cluster"))), str(r.get("cluster", ""))
                ),
                "status_label": _relabel(r.get("status"), _status_labels),
            }
            for r in rows
        ]
        ev["source"] = str(EVIDENCE_SOURCES[kind])
    elif kind == "educators":
        ev["source"] = str(EVIDENCE_SOURCES[kind])
    elif kind == "equity":
        ev["subgroups"] = [
            {**r, "label": _relabel(r.get("subgroup"), subgroup_labels)} for r in ev.get("subgroups", [])
        ]
        ev["locales"] = [
            {**r, "label": _relabel(r.get("locale"), _locale_labels)} for r in ev.get("locales", [])
        ]
        ev["source"] = rollup_source(review.consortium, ev.get("year"))
    return ev


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value}%"


def _yes_no(value: Any) -> str:
    if value is None:
        return "—"
    return str(_("Yes")) if value else str(_("No"))


def evidence_lines(ev: dict[str, Any]) -> list[str]:
    """A readable plain-text rendering of `evidence_view` (the PDF), in the active language."""
    if not ev:
        return [str(_("No evidence attached yet."))]
    lines = [str(ev.get("source", ""))] if ev.get("source") else []
    if ev.get("year"):
        lines.append(_("school year ending %(y)s") % {"y": ev["year"]})
    kind = ev.get("kind")
    if kind == "performance":
        for r in ev.get("rows", []):
            name = f"{r.get('indicator')} {r.get('label')}".strip()
            if r.get("suppressed"):
                lines.append(f"{name}: {_('Suppressed')}")
                continue
            lines.append(
                _("%(indicator)s: %(numerator)s of %(denominator)s (%(rate)s); state level %(level)s; "
                  "below 90%% of the level: %(flag)s")
                % {
                    "indicator": name,
                    "numerator": _count_text(r.get("numerator")),
                    "denominator": _count_text(r.get("denominator")),
                    "rate": _pct(r.get("rate_pct")),
                    "level": _pct(r.get("level_pct")),
                    "flag": _yes_no(r.get("below_90pct_of_level")),
                }
            )  # fmt: skip
    elif kind == "alignment":
        lines.append(
            _(
                "%(n)s active programs of study, with their occupations' openings in %(area)s; "
                "%(g)s school–cluster access gaps."  # noqa: RUF001
            )
            % {
                "n": len(ev.get("programs", [])),
                "area": ev.get("area", ""),
                "g": ev.get("schools_without_target_cluster", 0),
            }
        )
        for r in ev.get("programs", []):
            lines.append(
                _(
                    "%(program)s: %(n)s occupations, %(q)s high-skill, high-wage or in-demand, "
                    "%(o)s annual openings"
                )
                % {
                    "program": r.get("program", ""),
                    "n": r.get("occupations", 0),
                    "q": r.get("qualifying", 0),
                    "o": _count_text(r.get("openings")),
                }
            )
        for r in ev.get("industries", []):
            lines.append(
                f"{r.get('industry', '')}: "
                + _("%(p)s programs, %(c)s concentrators, %(o)s annual openings")
                % {
                    "p": r.get("programs", 0),
                    "c": r.get("concentrators_text", "—"),
                    "o": _count_text(r.get("openings")),
                }
            )
    elif kind == "programs":
        lines.append(
            _("%(n)s programs of study in %(c)s Career Clusters.")
            % {"n": len(ev.get("rows", [])), "c": ev.get("clusters", 0)}
        )
        for r in ev.get("rows", []):
            lines.append(
                _("%(program)s (%(cluster)s): %(status)s; %(courses)s courses; full sequence: %(sequence)s; "
                  "%(credentials)s credentials; dual credit: %(dual)s")
                % {
                    "program": r.get("program", ""),
                    "cluster": r.get("cluster_name", ""),
                    "status": r.get("status_label", ""),
                    "courses": r.get("courses", 0),
                    "sequence": _yes_no(r.get("full_sequence")),
                    "credentials": r.get("credentials", 0),
                    "dual": _yes_no(r.get("dual_credit")),
                }
            )  # fmt: skip
    elif kind == "educators":
        for key, label in EDUCATOR_FACTS:
            lines.append(f"{label}: {_count_text(ev.get(key))}")
    elif kind == "equity":
        for r in ev.get("subgroups", []):
            share = str(_("Suppressed")) if r.get("suppressed") else _pct(r.get("concentrator_share_pct"))
            lines.append(
                _("%(group)s: %(share)s of participants concentrate; gap to all students %(gap)s points")
                % {"group": r.get("label", ""), "share": share, "gap": _count_text(r.get("gap_to_all_pts"))}
            )
        for r in ev.get("locales", []):
            lines.append(
                _("%(l)s: %(s)s schools, %(p)s programs reachable per school, %(v)s virtual")
                % {
                    "l": r.get("label", ""),
                    "s": r.get("schools"),
                    "p": r.get("programs_reachable"),
                    "v": r.get("virtual_options"),
                }
            )
    return lines


EDUCATOR_FACTS: list[tuple[str, Any]] = [
    ("programs", gettext_lazy("Active programs")),
    ("programs_without_teacher", gettext_lazy("Programs with no teacher assigned")),
    ("teachers", gettext_lazy("Teachers assigned")),
    ("licenses", gettext_lazy("Licenses and endorsements on record")),
    ("licenses_expiring_within_a_year", gettext_lazy("Expiring within a year")),
    ("licenses_expired", gettext_lazy("Expired")),
    ("trainings", gettext_lazy("Trainings held")),
    ("educators_trained", gettext_lazy("Educators trained")),
]


# --- impact highlights -----------------------------------------------------------------------

MONTHS = {
    m: i
    for i, m in enumerate(
        ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER",
         "OCTOBER", "NOVEMBER", "DECEMBER"],
        start=1,
    )
}  # fmt: skip
PERIOD_RE = re.compile(r"([A-Za-z]+)\s+(\d{4})\s*[–—-]\s*([A-Za-z]+)\s+(\d{4})")  # noqa: RUF001


def period_from_heading(heading: str) -> tuple[datetime.date, datetime.date] | None:
    """ "Impact Highlights (JULY 2022–DECEMBER 2023):" -> (2022-07-01, 2023-12-31)."""  # noqa: RUF002
    match = PERIOD_RE.search(heading or "")
    if not match:
        return None
    m1, y1, m2, y2 = match.groups()
    a, b = MONTHS.get(m1.upper()), MONTHS.get(m2.upper())
    if a is None or b is None:
        return None
    start = datetime.date(int(y1), a, 1)
    end_next = datetime.date(int(y2) + (b == 12), 1 if b == 12 else b + 1, 1)
    end = end_next - datetime.timedelta(days=1)
    return (start, end) if start <= end else None


def default_period(consortium: Consortium, heading: str | None = None) -> tuple[datetime.date, datetime.date]:
    """The period the consortium's plan names in its impact heading; else the last school year."""
    from pathways.consortia.models import StrategicPlan

    if heading is None:
        heading = (
            StrategicPlan.objects.filter(consortium=consortium)
            .values_list("impact_heading", flat=True)
            .first()
        )
    found = period_from_heading(heading or "")
    if found:
        return found
    today = timezone.localdate()
    end_year = today.year if today.month >= 7 else today.year - 1
    return datetime.date(end_year - 1, 7, 1), datetime.date(end_year, 6, 30)


def school_years_in(start: datetime.date, end: datetime.date) -> list[int]:
    """School years (named by ending year, July–June) that overlap the period."""  # noqa: RUF002
    first = start.year + (1 if start.month >= 7 else 0)
    last = end.year + (1 if end.month >= 7 else 0)
    return list(range(first, last + 1))


@dataclass
class Figure:
    key: str
    label: str
    value: float | None  # None: not available
    suppressed: bool
    source: str
    money: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        if self.suppressed:  # a suppressed figure keeps no number, so nothing can show it
            self.value = None

    @property
    def text(self) -> str:
        if self.suppressed:
            return str(_("Fewer than the minimum shown"))
        if self.value is None:
            return str(_("Not available"))
        if self.money:
            return f"${self.value:,.0f}"
        return f"{self.value:,.0f}"

    @property
    def export(self) -> float | Suppressed | None:
        if self.suppressed:
            return SUPPRESSED
        return self.value


@dataclass
class Impact:
    consortium: Consortium
    start: datetime.date
    end: datetime.date
    figures: list[Figure] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        from django.utils.formats import date_format

        return "%s–%s" % (  # noqa: UP031, RUF001
            date_format(self.start, "YEAR_MONTH_FORMAT").upper(),
            date_format(self.end, "YEAR_MONTH_FORMAT").upper(),
        )

    @property
    def shown(self) -> list[Figure]:
        """Figures worth a line on the public page: not missing."""
        return [f for f in self.figures if f.value is not None or f.suppressed]


def _min_cell(consortium: Consortium) -> int:
    return max(1, int(consortium.min_cell_size or 10))


def impact(consortium: Consortium, start: datetime.date, end: datetime.date) -> Impact:
    """The impact highlights for a period. Every figure under the minimum cell size is suppressed."""
    from pathways.wbl.models import HoursEntry, Opportunity, Placement, Registration

    n_min = _min_cell(consortium)
    years = school_years_in(start, end)
    years_text = ", ".join(school_year_label(y) for y in years)
    rollup_source = _("%(source)s, %(consortium)s, school years %(years)s") % {
        "source": ROLLUP_SOURCE,
        "consortium": consortium.name,
        "years": years_text,
    }
    figures: list[Figure] = []

    def small(value: float | None) -> bool:
        return value is not None and 0 < value < n_min

    # Students in CTE and concentrators: the latest school year of the period with rollups
    # (students are not added up over years: one student counts once).
    counts = Rollup.objects.filter(
        consortium=consortium,
        school_year__in=years,
        level="consortium",
        subgroup="all",
        indicator__in=[PARTICIPANTS, CONCENTRATORS, "5S1"],
    )
    by_year: dict[tuple[str, int], Rollup] = {(r.indicator, r.school_year): r for r in counts}
    for indicator, label in ((PARTICIPANTS, _("Students in CTE")), (CONCENTRATORS, _("CTE concentrators"))):
        present = sorted((y for (i, y) in by_year if i == indicator), reverse=True)
        if present:
            row = by_year[(indicator, present[0])]
            value = None if row.suppressed else row.numerator
            figures.append(
                Figure(
                    indicator.lower(),
                    str(label),
                    value,
                    row.suppressed or small(value),
                    _("%(source)s, %(consortium)s, school year %(year)s")
                    % {
                        "source": ROLLUP_SOURCE,
                        "consortium": consortium.name,
                        "year": school_year_label(present[0]),
                    },
                )
            )
        else:
            figures.append(Figure(indicator.lower(), str(label), None, False, rollup_source))

    # Work-based learning in the period: attended events and placements that started in it.
    # One read each (the public page keeps to a fixed, small number of queries).
    registrations = list(
        Registration.objects.filter(
            consortium=consortium,
            status="attended",
            opportunity__starts_on__gte=start,
            opportunity__starts_on__lte=end,
        ).values_list("student_id", "hours")
    )
    placements = list(
        Placement.objects.filter(consortium=consortium, starts_on__gte=start, starts_on__lte=end)
        .exclude(status="withdrawn")
        .values_list("student_id", "opportunity__partner_id")
    )
    experiences = len(registrations) + len(placements)
    students = len({r[0] for r in registrations} | {p[0] for p in placements})
    wbl_source = _("Work-based learning recorded in Pathways, %(consortium)s, %(start)s to %(end)s") % {
        "consortium": consortium.name,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    hidden = 0 < students < n_min
    figures.append(
        Figure(
            "wbl_experiences",
            str(_("Work-based learning experiences")),
            experiences,
            hidden or small(experiences),
            wbl_source,
        )
    )
    hours = sum((h for _s, h in registrations if h is not None), Decimal(0)) + (
        HoursEntry.objects.filter(
            consortium=consortium, status="approved", worked_on__gte=start, worked_on__lte=end
        ).aggregate(h=Sum("hours"))["h"]
        or Decimal(0)
    )
    figures.append(
        Figure(
            "wbl_hours",
            str(_("Hours of work-based learning")),
            float(hours),
            hidden or small(float(hours)),
            wbl_source + " " + str(_("(attended events and supervisor-approved hours)")),
        )
    )

    # Credentials: 5S1 numerators (graduates in the year who earned one), summed over the years.
    cred = [by_year[("5S1", y)] for y in years if ("5S1", y) in by_year]
    if cred:
        if any(r.suppressed for r in cred):
            figures.append(
                Figure("credentials", str(_("Industry credentials earned")), None, True, rollup_source)
            )
        else:
            value = sum(r.numerator or 0 for r in cred)
            figures.append(
                Figure(
                    "credentials", str(_("Industry credentials earned")), value, small(value), rollup_source
                )
            )
    else:
        figures.append(
            Figure("credentials", str(_("Industry credentials earned")), None, False, rollup_source)
        )

    # Dual credit: credits on student-year rows of the period's years, times the college's tuition.
    grouped = list(
        StudentYear.objects.filter(consortium=consortium, school_year__in=years, postsecondary_credits__gt=0)
        .values("program_code")
        .annotate(c=Sum("postsecondary_credits"), n=Count("id"))
        .values_list("program_code", "c", "n")
    )
    by_program = {code: c for code, c, _n in grouped}
    credit_students = sum(n for _c, _s, n in grouped)
    credits = float(sum(by_program.values(), Decimal(0)))
    rates = _tuition_rates(consortium) if grouped else TuitionRates({}, None, "")
    saved: float | None = None
    if rates.default is not None or rates.by_program:
        saved = 0.0
        for code, c in by_program.items():
            rate = rates.by_program.get(code, rates.default)
            if rate is not None:
                saved += float(c) * rate
    few = 0 < credit_students < n_min
    credit_source = _(
        "Student-year records, postsecondary credits, %(consortium)s, school years %(years)s"
    ) % {
        "consortium": consortium.name,
        "years": years_text,
    }
    figures.append(
        Figure(
            "dual_credits",
            str(_("Dual-credit college credits earned")),
            credits if credit_students else None,
            few or small(credits),
            credit_source,
        )
    )
    figures.append(
        Figure(
            "tuition_saved",
            str(_("Tuition saved by families")),
            saved if credit_students else None,
            few,
            credit_source + "; " + rates.source,
            money=True,
        )
    )

    # Partners engaged: partners with an opportunity starting, or a placement, in the period.
    partner_ids = set(
        Opportunity.objects.filter(
            consortium=consortium, status__in=["approved", "closed"], starts_on__gte=start, starts_on__lte=end
        ).values_list("partner_id", flat=True)
    ) | {p[1] for p in placements}
    partners = len(partner_ids)
    figures.append(Figure("partners", str(_("Partners engaged")), partners, small(partners), wbl_source))

    trained = EducatorTraining.objects.filter(
        consortium=consortium, held_on__gte=start, held_on__lte=end
    ).aggregate(n=Sum("educators"))["n"]
    figures.append(
        Figure(
            "educators_trained",
            str(_("Educators trained")),
            trained,
            small(trained),
            _("Professional development recorded in Pathways, %(consortium)s, %(start)s to %(end)s")
            % {"consortium": consortium.name, "start": start.isoformat(), "end": end.isoformat()},
        )
    )
    return Impact(consortium, start, end, figures)


@dataclass
class TuitionRates:
    by_program: dict[str, float]  # reporting code -> dollars per credit
    default: float | None
    source: str


def _tuition_rates(consortium: Consortium) -> TuitionRates:
    """Per-credit tuition: the college of each program's dual-credit courses (programs.CollegeTerms);
    for other rows, the median of the consortium's partner colleges on record."""
    terms = {
        t.partner_id: float(t.tuition_per_credit or 0)
        for t in CollegeTerms.objects.filter(consortium=consortium, tuition_per_credit__isnull=False)
    }
    per_program: dict[str, list[float]] = defaultdict(list)
    for code, college in DualCreditCourse.objects.filter(consortium=consortium).values_list(
        "program_course__program__reporting_code", "college_id"
    ):
        if code and college in terms:
            per_program[code].append(terms[college])
    default = statistics.median(terms.values()) if terms else None
    source = (
        _(
            "tuition per credit of the partner colleges on record (median $%(rate)s where the program names no college)"  # noqa: E501
        )
        % {"rate": f"{default:,.2f}"}
        if default is not None
        else _("no college tuition on record")
    )
    return TuitionRates({k: statistics.fmean(v) for k, v in per_program.items()}, default, source)


def public_impact(consortium: Consortium, heading: str | None = None) -> Impact | None:
    """The highlights shown on the public page: the default period; None when nothing to show."""
    start, end = default_period(consortium, heading)
    result = impact(consortium, start, end)
    return result if any(f.value for f in result.figures) else None


# --- exports: every table of the insight pages as headers + rows ------------------------------


def _yes_no_unknown(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _t_alignment_occupations(consortium: Consortium, **_kw: Any) -> tuple[list[str], list[list[Any]]]:
    a = alignment(consortium)
    headers = [
        "program", "reporting_code", "soc_code", "occupation", "job_zone", "annual_openings_area",
        "growth_pct_national", "median_wage_area", "high_skill", "high_wage", "in_demand", "area", "source",
    ]  # fmt: skip
    rows = [
        [
            r.program.name,
            r.program.reporting_code,
            o.soc_code,
            o.title,
            o.job_zone or "",
            "" if o.openings is None else o.openings,
            "" if o.growth_pct is None else o.growth_pct,
            "" if o.median_wage is None else o.median_wage,
            _yes_no_unknown(o.high_skill),
            _yes_no_unknown(o.high_wage),
            _yes_no_unknown(o.in_demand),
            a.area.name,
            f"{a.wage_source}; {a.projection_source}",
        ]
        for r in a.programs
        for o in r.occupations
    ]
    return headers, rows


def _t_alignment_industries(consortium: Consortium, **_kw: Any) -> tuple[list[str], list[list[Any]]]:
    a = alignment(consortium)
    headers = [
        "target_industry", "programs", "participants", "concentrators", "annual_openings_area",
        "concentrators_per_100_openings", "gap", "school_year", "area", "source",
    ]  # fmt: skip
    rows = [
        [
            r.industry.label,
            "; ".join(p.name for p in r.programs),
            r.participants.export,
            r.concentrators.export,
            "" if r.openings is None else r.openings,
            "" if r.per_100_openings is None else r.per_100_openings,
            "" if r.gap is None else r.gap,
            a.year_label,
            a.area.name,
            f"{a.enrolment_source}; {a.projection_source}",
        ]
        for r in a.industries
    ]
    return headers, rows


def _t_alignment_gaps(consortium: Consortium, **_kw: Any) -> tuple[list[str], list[list[Any]]]:
    a = alignment(consortium)
    headers = [
        "school", "locale", "target_cluster", "nearest_in_person_program", "where", "miles",
        "open_to_school", "virtual_program", "virtual_open_to_school",
    ]  # fmt: skip
    rows = []
    for g in a.gaps:
        n, v = g.nearest, g.virtual
        rows.append(
            [
                g.school.name,
                g.school.locale,
                g.cluster.name,
                n.program.name if n else "",
                n.place if n else "",
                "" if n is None or n.miles is None else round(n.miles, 1),
                _yes_no_unknown(n.open_to_school if n else None),
                v.program.name if v else "",
                _yes_no_unknown(v.open_to_school if v else None),
            ]
        )
    return headers, rows


def _t_equity_funnel(consortium: Consortium, **_kw: Any) -> tuple[list[str], list[list[Any]]]:
    e = equity(consortium)
    headers = ["subgroup", "code", *[s.lower() for s in FUNNEL_STEPS], "school_year", "source"]
    rows = [[r.label, r.subgroup, *[c.export for c in r.steps], e.year_label, e.source] for r in e.funnel]
    return headers, rows


def _t_equity_nontraditional(consortium: Consortium, **_kw: Any) -> tuple[list[str], list[list[Any]]]:
    e = equity(consortium)
    headers = ["by", "group", "numerator", "denominator", "school_year", "source"]

    def den(c: Cell) -> int | str | Suppressed:
        return SUPPRESSED if c.suppressed else ("" if c.denominator is None else c.denominator)

    rows = [["sex", label, c.export, den(c), e.year_label, e.source] for label, c in e.nontrad_by_sex]
    rows += [
        ["program", name, c.export, den(c), e.year_label, e.source] for _u, name, c in e.nontrad_by_program
    ]
    return headers, rows


def _t_equity_locale(consortium: Consortium, **_kw: Any) -> tuple[list[str], list[list[Any]]]:
    e = equity(consortium)
    headers = [
        "locale",
        "schools",
        "programs_reachable_per_school",
        "share_of_clusters_offered",
        "virtual_options_per_school",
    ]
    rows = [
        [
            r.label,
            r.schools,
            _round(r.programs_reachable),
            _round(r.cluster_share, 3),
            _round(r.virtual_options),
        ]
        for r in e.locales
    ]
    return headers, rows


def _round(value: float | None, digits: int = 1) -> float | str:
    return "" if value is None else round(value, digits)


def _t_impact(
    consortium: Consortium, *, start: datetime.date, end: datetime.date, **_kw: Any
) -> tuple[list[str], list[list[Any]]]:
    result = impact(consortium, start, end)
    headers = ["figure", "value", "period_start", "period_end", "source"]
    rows = [[f.label, f.export, start.isoformat(), end.isoformat(), f.source] for f in result.figures]
    return headers, rows


ExportTable = Callable[..., tuple[list[str], list[list[Any]]]]
EXPORT_TABLES: dict[str, ExportTable] = {
    "alignment-occupations": _t_alignment_occupations,
    "alignment-industries": _t_alignment_industries,
    "alignment-gaps": _t_alignment_gaps,
    "equity-funnel": _t_equity_funnel,
    "equity-nontraditional": _t_equity_nontraditional,
    "equity-locale": _t_equity_locale,
    "impact": _t_impact,
}


def export_table(
    consortium: Consortium, table: str, *, start: datetime.date, end: datetime.date
) -> tuple[list[str], list[list[Any]]]:
    return EXPORT_TABLES[table](consortium, start=start, end=end)
