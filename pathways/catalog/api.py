"""JSON API for the career catalog: Career Clusters and occupations with their wages and outlook.

Endpoints call selectors only (`pathways.catalog.selectors`, `pathways.labor.selectors`); the
functions here turn selector results into the response schemas. Wage, area and outlook blocks
come from `pathways.labor.api` so they look the same everywhere.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Response

from pathways.labor import selectors as labor_selectors
from pathways.labor.api import (
    AREA_DESCRIPTION,
    AreaOut,
    ErrorOut,
    OutlookOut,
    OutlookSummaryOut,
    ThresholdOut,
    WagesOut,
    outlook_out,
    outlook_summary_out,
    resolved_area_out,
    threshold_out,
    wages_out,
)
from pathways.labor.models import WageArea

from . import selectors
from .models import CareerCluster, Occupation, OccupationDescriptor, SubCluster

router = Router(tags=["catalog"])

# The values of `selectors.SORTS` and `models.Framework` (a test keeps them in step).
SortOrder = Literal["title", "-wage", "wage", "-openings", "-growth", "job_zone", "relevance"]
FrameworkName = Literal["2024", "legacy"]


# --- clusters --------------------------------------------------------------------------------


class ClusterListIn(Schema):
    framework: FrameworkName = Field(
        "2024",
        description="`2024`: the National Career Clusters Framework; `legacy`: the 16 legacy clusters.",
    )


class SubClusterOut(Schema):
    slug: str
    name: str
    occupation_count: int


class ClusterOut(Schema):
    slug: str
    name: str
    framework: str
    cross_cutting: bool
    occupation_count: int
    subclusters: list[SubClusterOut]


class ClusterListOut(Schema):
    framework: str
    count: int
    items: list[ClusterOut]


class OccupationBrief(Schema):
    code: str
    title: str
    job_zone: int | None


class SubClusterDetailOut(SubClusterOut):
    occupations: list[OccupationBrief]


class ClusterDetailOut(Schema):
    slug: str
    name: str
    framework: str
    cross_cutting: bool
    occupation_count: int
    subclusters: list[SubClusterDetailOut]
    occupations: list[OccupationBrief] = Field(description="Every occupation of the cluster once, by title.")


def _brief(occupation: Occupation) -> OccupationBrief:
    return OccupationBrief(code=occupation.code, title=occupation.title, job_zone=occupation.job_zone_id)


def _cluster_out(cluster: CareerCluster) -> ClusterOut:
    return ClusterOut(
        slug=cluster.slug,
        name=cluster.name,
        framework=cluster.framework,
        cross_cutting=cluster.cross_cutting,
        occupation_count=cluster.occupation_count,  # type: ignore[attr-defined]  # annotated by the selector
        subclusters=[
            SubClusterOut(slug=s.slug, name=s.name, occupation_count=s.occupation_count)  # type: ignore[attr-defined]
            for s in cluster.subclusters.all()
        ],
    )


@router.get(
    "/clusters",
    response={200: ClusterListOut, 422: ErrorOut},
    summary="List Career Clusters",
    description="The Career Clusters of a framework, with their sub-clusters and occupation counts.",
)
def clusters_list(request: HttpRequest, params: Query[ClusterListIn]) -> ClusterListOut:
    items = [_cluster_out(c) for c in selectors.clusters(params.framework)]
    return ClusterListOut(framework=params.framework, count=len(items), items=items)


@router.get(
    "/clusters/{slug}",
    response={200: ClusterDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="One Career Cluster",
    description="A Career Cluster with its sub-clusters (legacy framework: pathways) and their occupations.",
)
def cluster_detail(request: HttpRequest, slug: str, params: Query[ClusterListIn]) -> ClusterDetailOut:
    cluster = selectors.cluster_get(slug, params.framework, param="slug")
    subclusters: list[SubCluster] = selectors.cluster_subclusters(cluster)
    occupations = {o.code: o for s in subclusters for o in s.occupations.all()}
    return ClusterDetailOut(
        slug=cluster.slug,
        name=cluster.name,
        framework=cluster.framework,
        cross_cutting=cluster.cross_cutting,
        occupation_count=len(occupations),
        subclusters=[
            SubClusterDetailOut(
                slug=s.slug,
                name=s.name,
                occupation_count=s.occupation_count,  # type: ignore[attr-defined]  # annotated by the selector
                occupations=[_brief(o) for o in s.occupations.all()],
            )
            for s in subclusters
        ],
        occupations=[_brief(o) for o in sorted(occupations.values(), key=lambda o: (o.title, o.code))],
    )


# --- occupations -----------------------------------------------------------------------------


class OccupationListIn(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="Words of a job title (official, alternate or reported); forgives plurals and typos.",
    )
    cluster: str = Field(
        "", description="Slug of a Career Cluster of the 2024 framework, e.g. `digital-technology`."
    )
    subcluster: str = Field("", description="Slug of a sub-cluster of `cluster` (ignored without `cluster`).")
    job_zone: list[int] = Field(
        default_factory=list, description="O*NET Job Zone(s) 1-5; repeat the parameter for several."
    )
    area: str = Field("", description=AREA_DESCRIPTION)
    family_sustaining: bool = Field(
        False, description="Only occupations whose median wage in `area` is family-sustaining."
    )
    sort: SortOrder | None = Field(
        None, description="Default: `relevance` when `q` is given, else `title`. `-` means descending."
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


class OccupationItem(Schema):
    code: str = Field(examples=["29-1141.00"])
    soc_code: str = Field(examples=["29-1141"])
    title: str
    job_zone: int | None
    typical_education: str | None = Field(
        description="The education level most workers say the job requires (O*NET)."
    )
    matched_title: str | None = Field(
        description="The alternate or reported title `q` matched, if not the official one."
    )
    wage: WagesOut
    outlook: OutlookSummaryOut | None
    family_sustaining: bool | None = Field(
        description="Whether the median wage in the area reaches the family-sustaining wage; null if unknown."
    )


class OccupationListOut(Schema):
    count: int = Field(description="How many occupations match, over all pages.")
    limit: int
    offset: int
    area: AreaOut
    family_sustaining_wage: ThresholdOut | None
    items: list[OccupationItem]


def _item(row: selectors.OccupationRow, area: WageArea) -> OccupationItem:
    occupation = row.occupation
    return OccupationItem(
        code=occupation.code,
        soc_code=occupation.soc_code,
        title=occupation.title,
        job_zone=occupation.job_zone_id,
        typical_education=occupation.typical_education or None,
        matched_title=row.matched_title or None,
        wage=wages_out(area, row.wage),
        outlook=outlook_summary_out(row.projection),
        family_sustaining=row.family_sustaining,
    )


@router.get(
    "/occupations",
    response={200: OccupationListOut, 404: ErrorOut, 422: ErrorOut},
    summary="Search and filter occupations",
    description=(
        "O*NET occupations with their BLS OEWS wages in `area` and their national outlook. "
        "An unknown `area` or `cluster` is a 404."
    ),
)
def occupations_list(request: HttpRequest, params: Query[OccupationListIn]) -> HttpResponse:
    resolved = labor_selectors.area_resolve(params.area)
    result = selectors.occupations_list(
        area=resolved.area,
        q=params.q,
        cluster=params.cluster,
        subcluster=params.subcluster,
        job_zones=params.job_zone or None,
        family_sustaining_only=params.family_sustaining,
        sort=params.sort or "",
        limit=params.limit,
        offset=params.offset,
    )
    body = OccupationListOut(
        count=result.count,
        limit=params.limit,
        offset=params.offset,
        area=resolved_area_out(resolved),
        family_sustaining_wage=threshold_out(result.threshold),
        items=[_item(row, result.area) for row in result.rows],
    )
    # The body was validated as it was built; skip ninja's second pass over it (a third of the
    # request time on search-as-you-type).
    return Response(body.model_dump())


class OccupationDetailIn(Schema):
    area: str = Field("", description=AREA_DESCRIPTION)


class JobZoneOut(Schema):
    number: int
    name: str
    education: str
    experience: str
    training: str


class InterestsOut(Schema):
    """O*NET occupational interest ratings (scale OI, 1-7), by RIASEC letter."""

    R: float
    I: float  # noqa: E741  (the RIASEC letter)
    A: float
    S: float
    E: float
    C: float


class EducationLevel(Schema):
    category: int
    label: str
    pct: float = Field(description="Share of workers who say the job requires this level, percent.")


class EducationOut(Schema):
    typical: str | None
    distribution: list[EducationLevel] = Field(
        description="O*NET Required Level of Education (RL), by category."
    )


class ClusterRef(Schema):
    slug: str
    name: str
    framework: str
    cross_cutting: bool


class SubClusterRef(Schema):
    slug: str
    name: str
    cluster: ClusterRef


class CipOut(Schema):
    code: str = Field(examples=["51.3801"])
    title: str


class DescriptorOut(Schema):
    element_id: str
    name: str
    importance: float = Field(description="O*NET importance, 1-5.")
    level: float | None = Field(description="O*NET level, 0-7.")


class OccupationOut(Schema):
    code: str = Field(examples=["29-1141.00"])
    soc_code: str = Field(examples=["29-1141"])
    title: str
    description: str
    job_zone: JobZoneOut | None
    interests: InterestsOut | None = Field(
        description="Null when O*NET has no interest ratings for the occupation."
    )
    high_point: str | None = Field(
        description="O*NET interest high-point code, up to three RIASEC letters, e.g. `SIC`."
    )
    area: AreaOut
    wages: WagesOut
    comparison: list[WagesOut] = Field(
        description="The same wages in the wider areas: the state, then the nation."
    )
    family_sustaining: bool | None
    family_sustaining_wage: ThresholdOut | None
    outlook: OutlookOut | None = Field(description="BLS Employment Projections 2024-34 (national).")
    education: EducationOut
    clusters: list[SubClusterRef] = Field(
        description="Sub-clusters of the 2024 framework, with their cluster."
    )
    legacy_clusters: list[SubClusterRef] = Field(
        description="Pathways of the legacy 16 clusters, with their cluster."
    )
    related: list[OccupationItem]
    cip_programs: list[CipOut] = Field(description="CIP 2020 programs that prepare for it (NCES crosswalk).")
    alternate_titles: list[str]
    skills: list[DescriptorOut] = Field(description="The most important skills, most important first.")
    knowledge: list[DescriptorOut]


def _subcluster_ref(subcluster: SubCluster) -> SubClusterRef:
    cluster = subcluster.cluster
    return SubClusterRef(
        slug=subcluster.slug,
        name=subcluster.name,
        cluster=ClusterRef(
            slug=cluster.slug,
            name=cluster.name,
            framework=cluster.framework,
            cross_cutting=cluster.cross_cutting,
        ),
    )


def _descriptor(descriptor: OccupationDescriptor) -> DescriptorOut:
    return DescriptorOut(
        element_id=descriptor.element_id,
        name=descriptor.name,
        importance=descriptor.importance,
        level=descriptor.level,
    )


@router.get(
    "/occupations/{code}",
    response={200: OccupationOut, 404: ErrorOut, 422: ErrorOut},
    summary="One occupation",
    description=(
        "An O*NET occupation (code like `29-1141.00`) with its wages in `area` and in the wider areas, "
        "outlook, education, interests, clusters, related occupations, programs, titles, skills, knowledge."
    ),
)
def occupation_detail(request: HttpRequest, code: str, params: Query[OccupationDetailIn]) -> OccupationOut:
    resolved = labor_selectors.area_resolve(params.area)
    profile = selectors.occupation_profile(code, resolved.area)
    occupation = profile.occupation
    zone = occupation.job_zone
    interests = profile.interests
    return OccupationOut(
        code=occupation.code,
        soc_code=occupation.soc_code,
        title=occupation.title,
        description=occupation.description,
        job_zone=(
            JobZoneOut(
                number=zone.number,
                name=zone.name,
                education=zone.education,
                experience=zone.experience,
                training=zone.training,
            )
            if zone is not None
            else None
        ),
        interests=InterestsOut(**interests) if interests is not None else None,
        high_point=occupation.high_point or None,
        area=resolved_area_out(resolved),
        wages=wages_out(profile.area, profile.wage),
        comparison=[wages_out(area, wage) for area, wage in profile.comparison[1:]],
        family_sustaining=profile.family_sustaining,
        family_sustaining_wage=threshold_out(profile.threshold),
        outlook=outlook_out(profile.projection),
        education=EducationOut(
            typical=occupation.typical_education or None,
            distribution=[EducationLevel(**level) for level in (occupation.education or {}).get("RL", [])],
        ),
        clusters=[_subcluster_ref(s) for s in profile.subclusters],
        legacy_clusters=[_subcluster_ref(s) for s in profile.legacy_subclusters],
        related=[_item(row, profile.area) for row in profile.related],
        cip_programs=[CipOut(code=p.code, title=p.title) for p in profile.cip_programs],
        alternate_titles=profile.alternate_titles,
        skills=[_descriptor(d) for d in profile.skills],
        knowledge=[_descriptor(d) for d in profile.knowledge],
    )
