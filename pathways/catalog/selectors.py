"""Reads of the career catalog, joined with wages and outlook for an area.

Both the pages (`views.py`) and the JSON API (`api.py`) call these; neither has rules of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from pathways.core.errors import InvalidInput, NotFound
from pathways.labor.models import Projection, Wage, WageArea
from pathways.labor.selectors import (
    Threshold,
    family_sustaining_threshold,
    projections_by_soc,
    wage_comparison,
    wages_by_soc,
)

from . import search as occupation_search
from .models import (
    RIASEC,
    CareerCluster,
    CipProgram,
    Framework,
    Occupation,
    OccupationDescriptor,
    OccupationTitle,
    RelatedOccupation,
    SubCluster,
)

LIST_DEFERRED = (
    "description",
    "education",
    "job_zone__experience",
    "job_zone__education",
    "job_zone__training",
    "job_zone__examples",
)
SORTS = ("title", "-wage", "wage", "-openings", "-growth", "job_zone", "relevance")


@dataclass
class OccupationRow:
    """One occupation in a list, with its figures for the chosen area."""

    occupation: Occupation
    wage: Wage | None
    projection: Projection | None
    family_sustaining: bool | None  # None: no wage or no threshold to compare
    matched_title: str = ""

    @property
    def code(self) -> str:
        return self.occupation.code

    @property
    def annual_median(self) -> int | None:
        return self.wage.annual_median if self.wage else None


@dataclass
class OccupationList:
    count: int
    rows: list[OccupationRow]
    area: WageArea
    threshold: Threshold | None


def clusters(framework: str = Framework.MODERN) -> QuerySet[CareerCluster]:
    if framework not in Framework.values:
        raise InvalidInput(
            _("framework must be one of: %(values)s") % {"values": ", ".join(Framework.values)},
            field="framework",
        )
    return (
        CareerCluster.objects.filter(framework=framework)
        .annotate(occupation_count=Count("subclusters__occupations", distinct=True))
        .prefetch_related(
            Prefetch(
                "subclusters", queryset=SubCluster.objects.annotate(occupation_count=Count("occupations"))
            )
        )
        .order_by("name")
    )


def cluster_get(slug: str, framework: str = Framework.MODERN, *, param: str = "cluster") -> CareerCluster:
    """`param` names the request parameter the slug came from, for the error."""
    cluster = CareerCluster.objects.filter(framework=framework, slug=slug).first()
    if cluster is None:
        raise NotFound(_("No Career Cluster is called %(slug)s.") % {"slug": slug}, field=param)
    return cluster


def cluster_subclusters(cluster: CareerCluster) -> list[SubCluster]:
    """The cluster's sub-clusters (pathways, in the legacy framework), each with its occupations by title."""
    return list(
        cluster.subclusters.annotate(occupation_count=Count("occupations", distinct=True))
        .prefetch_related(Prefetch("occupations", queryset=Occupation.objects.order_by("title")))
        .order_by("name")
    )


def occupation_get(code: str) -> Occupation:
    occupation = Occupation.objects.select_related("job_zone").filter(code=code).first()
    if occupation is None:
        raise NotFound(_("No occupation has the code %(code)s.") % {"code": code}, field="code")
    return occupation


_UNSET: Any = object()


def _rows(
    occupations: list[Occupation],
    area: WageArea,
    matched: dict[str, str] | None = None,
    *,
    threshold: Threshold | None = _UNSET,
) -> list[OccupationRow]:
    socs = sorted({o.soc_code for o in occupations})
    wages = wages_by_soc(area, socs)
    projections = projections_by_soc(socs)
    if threshold is _UNSET:
        threshold = family_sustaining_threshold(area)
    rows = []
    for occupation in occupations:
        wage = wages.get(occupation.soc_code)
        flag = None
        if threshold is not None and wage is not None and wage.annual_median is not None:
            flag = wage.annual_median >= threshold.annual_wage
        rows.append(
            OccupationRow(
                occupation,
                wage,
                projections.get(occupation.soc_code),
                flag,
                (matched or {}).get(occupation.code, ""),
            )
        )
    return rows


@dataclass(frozen=True)
class _SortKey:
    """What sorting and filtering a list needs, read as plain values for every candidate."""

    code: str
    title: str
    job_zone: int | None
    annual_median: int | None
    openings: float | None
    growth: float | None


def _sort_keys(keys: list[_SortKey], sort: str) -> list[_SortKey]:
    if sort not in SORTS:
        raise InvalidInput(_("sort must be one of: %(values)s") % {"values": ", ".join(SORTS)}, field="sort")
    if sort == "relevance":
        return keys
    last = float("inf")  # unknown figures go last, whichever the direction

    def number(value: float | int | None, descending: bool) -> float:
        if value is None:
            return last
        return -float(value) if descending else float(value)

    orders: dict[str, Callable[[_SortKey], tuple[Any, ...]]] = {
        "title": lambda k: (k.title.lower(),),
        "-wage": lambda k: (number(k.annual_median, True), k.title),
        "wage": lambda k: (number(k.annual_median, False), k.title),
        "-openings": lambda k: (number(k.openings, True), k.title),
        "-growth": lambda k: (number(k.growth, True), k.title),
        "job_zone": lambda k: (number(k.job_zone, False), k.title),
    }
    return sorted(keys, key=orders[sort])


def occupations_list(
    *,
    area: WageArea,
    q: str = "",
    cluster: str = "",
    subcluster: str = "",
    job_zones: list[int] | None = None,
    family_sustaining_only: bool = False,
    sort: str = "",
    limit: int = 50,
    offset: int = 0,
) -> OccupationList:
    """Occupations filtered by a search, a 2024 cluster (slug) and job zones, with figures for `area`.

    Filtering and sorting run on plain values of every candidate (a few hundred tuples); model
    rows with wages and outlook are built for the requested page only.
    """
    if sort and sort not in SORTS:
        raise InvalidInput(_("sort must be one of: %(values)s") % {"values": ", ".join(SORTS)}, field="sort")
    if job_zones and any(z not in range(1, 6) for z in job_zones):
        raise InvalidInput(_("job_zone must be between 1 and 5."), field="job_zone")
    candidates = Occupation.objects.all()
    matched: dict[str, str] = {}
    order: list[str] | None = None
    if q.strip():
        hits = occupation_search.search(q, limit=300)
        order = [h.code for h in hits]
        matched = {h.code: h.matched_title for h in hits if h.matched_kind != "title"}
        candidates = candidates.filter(code__in=order)
    if cluster:
        found = cluster_get(cluster)
        candidates = candidates.filter(subclusters__cluster=found)
        if subcluster:
            candidates = candidates.filter(subclusters__slug=subcluster)
    if job_zones:
        candidates = candidates.filter(job_zone_id__in=job_zones)
    values = list(candidates.distinct().values_list("code", "soc_code", "title", "job_zone_id"))
    socs = {soc for _, soc, _, _ in values}
    medians = dict(Wage.objects.filter(area=area, soc_code__in=socs).values_list("soc_code", "annual_median"))
    outlook = {
        soc: (openings, growth)
        for soc, openings, growth in Projection.objects.filter(soc_code__in=socs).values_list(
            "soc_code", "openings_annual", "change_pct"
        )
    }
    threshold = family_sustaining_threshold(area)
    keys = [
        _SortKey(
            code,
            title,
            zone,
            medians.get(soc),
            *(float(v) if v is not None else None for v in outlook.get(soc, (None, None))),
        )
        for code, soc, title, zone in values
    ]
    if family_sustaining_only:
        keys = [
            k
            for k in keys
            if threshold is not None
            and k.annual_median is not None
            and k.annual_median >= threshold.annual_wage
        ]
    if order is not None:
        position = {code: i for i, code in enumerate(order)}
        keys.sort(key=lambda k: position[k.code])
    keys = _sort_keys(keys, sort or ("relevance" if order is not None else "title"))
    page = [k.code for k in keys[offset : offset + limit]]
    # Lists never show the description or the education distribution: do not load their text and JSON.
    by_code = Occupation.objects.select_related("job_zone").defer(*LIST_DEFERRED).in_bulk(page)
    rows = _rows([by_code[c] for c in page], area, matched, threshold=threshold)
    return OccupationList(len(keys), rows, area, threshold)


@dataclass
class OccupationProfile:
    occupation: Occupation
    area: WageArea
    wage: Wage | None
    comparison: list[tuple[WageArea, Wage | None]]
    projection: Projection | None
    threshold: Threshold | None
    family_sustaining: bool | None
    alternate_titles: list[str]
    reported_titles: list[str]
    skills: list[OccupationDescriptor]
    knowledge: list[OccupationDescriptor]
    related: list[OccupationRow]
    subclusters: list[SubCluster]
    legacy_subclusters: list[SubCluster]
    cip_programs: list[CipProgram]
    interests: dict[str, float] | None = field(default=None)


def occupation_profile(code: str, area: WageArea) -> OccupationProfile:
    occupation = occupation_get(code)
    comparison = wage_comparison(occupation.soc_code, area)
    wage = comparison[0][1] if comparison else None
    threshold = family_sustaining_threshold(area)
    flag = None
    if threshold is not None and wage is not None and wage.annual_median is not None:
        flag = wage.annual_median >= threshold.annual_wage
    titles = list(OccupationTitle.objects.filter(occupation=occupation).values_list("kind", "title"))
    descriptors = list(OccupationDescriptor.objects.filter(occupation=occupation).order_by("kind", "rank"))
    related_codes = list(
        RelatedOccupation.objects.filter(occupation=occupation)
        .order_by("rank")
        .values_list("related_id", flat=True)[:10]
    )
    related_occupations = {
        o.code: o for o in Occupation.objects.select_related("job_zone").filter(code__in=related_codes)
    }
    subclusters = list(occupation.subclusters.select_related("cluster").order_by("cluster__name", "name"))
    cip_programs = list(
        CipProgram.objects.filter(soc_links__soc_code=occupation.soc_code).order_by("code").distinct()
    )
    return OccupationProfile(
        occupation=occupation,
        area=area,
        wage=wage,
        comparison=comparison,
        projection=Projection.objects.filter(soc_code=occupation.soc_code).first(),
        threshold=threshold,
        family_sustaining=flag,
        alternate_titles=sorted({t for k, t in titles if k == OccupationTitle.Kind.ALTERNATE}),
        reported_titles=sorted({t for k, t in titles if k == OccupationTitle.Kind.REPORTED}),
        skills=[d for d in descriptors if d.kind == OccupationDescriptor.Kind.SKILL],
        knowledge=[d for d in descriptors if d.kind == OccupationDescriptor.Kind.KNOWLEDGE],
        related=_rows([related_occupations[c] for c in related_codes if c in related_occupations], area),
        subclusters=[s for s in subclusters if s.cluster.framework == Framework.MODERN],
        legacy_subclusters=[s for s in subclusters if s.cluster.framework == Framework.LEGACY],
        cip_programs=cip_programs,
        interests=occupation.interests,
    )


def riasec_labels() -> dict[str, str]:
    return {
        "R": _("Realistic"),
        "I": _("Investigative"),
        "A": _("Artistic"),
        "S": _("Social"),
        "E": _("Enterprising"),
        "C": _("Conventional"),
    }


__all__ = ["RIASEC", "OccupationList", "OccupationProfile", "OccupationRow"]
