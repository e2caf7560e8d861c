"""Career catalog pages: home, Career Clusters, a cluster, an occupation, search.

Views are thin: they read the request, call `selectors`, and pick a template (or, for an HTMX
request, the fragment of it that changed). The rules (what matches, what counts as
family-sustaining, which wage applies) live in the selectors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.core.errors import DomainError, NotFound
from pathways.labor.models import Wage, WageArea
from pathways.labor.selectors import ResolvedArea
from pathways.labor.templatetags.wages import Figure, area_name, figure, wage_label

from . import selectors
from .models import Framework, SubCluster
from .templatetags.careers import JOB_ZONES, interest_rows

PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 20
# Searches to try, shown on the empty search page. Occupation titles are English (O*NET),
# so the examples stay in English on Spanish pages too.
SEARCH_EXAMPLES = (
    "nurse",
    "welder",
    "software developer",
    "electrician",
    "diesel mechanic",
    "teacher",
    "chef",
)
# The wage-detail table of the occupation page: label, annual field, hourly field.
PERCENTILE_ROWS = [
    (gettext_lazy("1 in 10 workers earns less than"), "annual_p10", "hourly_p10"),
    (gettext_lazy("1 in 4 workers earns less than"), "annual_p25", "hourly_p25"),
    (gettext_lazy("Median (the middle)"), "annual_median", "hourly_median"),
    (gettext_lazy("1 in 4 workers earns more than"), "annual_p75", "hourly_p75"),
    (gettext_lazy("1 in 10 workers earns more than"), "annual_p90", "hourly_p90"),
    (gettext_lazy("Average (mean)"), "annual_mean", "hourly_mean"),
]
SORT_CHOICES = [
    ("title", gettext_lazy("Name (A to Z)")),
    ("-wage", gettext_lazy("Highest median wage")),
    ("wage", gettext_lazy("Lowest median wage")),
    ("-openings", gettext_lazy("Most openings each year")),
    ("-growth", gettext_lazy("Fastest growing")),
    ("job_zone", gettext_lazy("Least preparation first")),
]


def _area(request: HttpRequest) -> ResolvedArea:
    return request.area  # type: ignore[attr-defined]  # set by AreaMiddleware


def _render(request: HttpRequest, template: str, context: dict[str, Any], fragment: str) -> HttpResponse:
    """The whole page, or only `fragment` (a partialdef) when HTMX asks for it."""
    htmx = getattr(request, "htmx", None)
    wants_fragment = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {**context, "fragment": wants_fragment}
    response = render(request, f"{template}#{fragment}" if wants_fragment else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _framework(request: HttpRequest) -> str:
    value = request.GET.get("framework", Framework.MODERN)
    return value if value in Framework.values else Framework.MODERN


def _pages(count: int, page: int, size: int) -> dict[str, Any]:
    pages = max(1, math.ceil(count / size))
    page = min(max(1, page), pages)
    return {
        "number": page,
        "count": pages,
        "offset": (page - 1) * size,
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < pages else None,
        "first_row": (page - 1) * size + 1 if count else 0,
        "last_row": min(page * size, count),
    }


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/home.html",
        {"clusters": selectors.clusters(Framework.MODERN), "examples": SEARCH_EXAMPLES},
    )


def cluster_list(request: HttpRequest) -> HttpResponse:
    framework = _framework(request)
    return render(
        request,
        "catalog/cluster_list.html",
        {
            "clusters": selectors.clusters(framework),
            "framework": framework,
            "legacy": framework == Framework.LEGACY,
        },
    )


class OccupationFilterForm(forms.Form):
    """The cluster page's filters; a value that does not validate is ignored, not an error page."""

    subcluster = forms.ChoiceField(required=False)
    job_zone = forms.TypedMultipleChoiceField(
        required=False, coerce=int, choices=[(n, label) for n, label in JOB_ZONES.items()]
    )
    family = forms.BooleanField(required=False)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, subclusters: list[SubCluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subcluster"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", ""), *((s.slug, s.name) for s in subclusters)]

    def values(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "subcluster": cleaned.get("subcluster") or "",
            "job_zones": cleaned.get("job_zone") or [],
            "family": bool(cleaned.get("family")),
            "sort": cleaned.get("sort") or "title",
            "page": cleaned.get("page") or 1,
        }


def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = _framework(request)
    try:
        cluster = selectors.cluster_get(slug, framework)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if framework == Framework.LEGACY:
        # The legacy framework is an alternate view: its pathways and their occupations.
        return render(
            request,
            "catalog/cluster_legacy.html",
            {"cluster": cluster, "pathways": selectors.cluster_subclusters(cluster)},
        )
    subclusters = selectors.cluster_subclusters(cluster)
    form = OccupationFilterForm(request.GET, subclusters=subclusters)
    chosen = form.values()
    area = _area(request)

    def fetch(offset: int) -> selectors.OccupationList:
        return selectors.occupations_list(
            area=area.area,
            cluster=cluster.slug,
            subcluster=chosen["subcluster"],
            job_zones=chosen["job_zones"],
            family_sustaining_only=chosen["family"],
            sort=chosen["sort"],
            limit=PAGE_SIZE,
            offset=offset,
        )

    result = fetch((chosen["page"] - 1) * PAGE_SIZE)
    pages = _pages(result.count, chosen["page"], PAGE_SIZE)
    if pages["number"] != chosen["page"]:  # past the last page: show the last one
        result = fetch(pages["offset"])
    context = {
        "cluster": cluster,
        "subclusters": subclusters,
        "chosen": chosen,
        "sort_choices": SORT_CHOICES,
        "job_zones": list(JOB_ZONES.items()),
        "result": result,
        "pages": pages,
        "subcluster_name": next((s.name for s in subclusters if s.slug == chosen["subcluster"]), ""),
    }
    return _render(request, "catalog/cluster_detail.html", context, "occupation-results")


@dataclass(frozen=True)
class WageRow:
    """One area of the occupation page's wage comparison."""

    area: WageArea
    wage: Wage | None
    yearly: Figure
    hourly: Figure
    low: Figure
    high: Figure


def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request)
    try:
        profile = selectors.occupation_profile(code, area.area)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    wage_rows = [
        WageRow(
            area=row_area,
            wage=wage,
            yearly=figure(wage, "annual_median"),
            hourly=figure(wage, "hourly_median"),
            low=figure(wage, "annual_p25"),
            high=figure(wage, "annual_p75"),
        )
        for row_area, wage in profile.comparison
    ]
    interests = interest_rows(profile.interests)
    chart_data = {
        "wages": {
            "label": _("Median yearly wage"),
            "rows": [
                {"label": area_name(row.area), "value": row.yearly.value, "text": row.yearly.text}
                for row in wage_rows
            ],
        },
        "interests": {
            "label": _("Interest rating (1 to 7)"),
            "rows": [{"label": row["name"], "value": row["score"]} for row in interests],
        },
    }
    return render(
        request,
        "catalog/occupation_detail.html",
        {
            "profile": profile,
            "occupation": profile.occupation,
            "wage_rows": wage_rows,
            "wage_source_label": wage_label(area.area),
            "interests": interests,
            "chart_data": chart_data,
            "featured_titles": (profile.reported_titles or profile.alternate_titles)[:5],
            "percentile_rows": PERCENTILE_ROWS,
            "job_zones": list(JOB_ZONES.items()),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    result = None
    error = ""
    pages = _pages(0, 1, SEARCH_PAGE_SIZE)
    if query:
        area = _area(request).area
        try:
            result = selectors.occupations_list(
                area=area, q=query, limit=SEARCH_PAGE_SIZE, offset=(page - 1) * SEARCH_PAGE_SIZE
            )
            pages = _pages(result.count, page, SEARCH_PAGE_SIZE)
            if pages["number"] != page:  # past the last page: show the last one
                result = selectors.occupations_list(
                    area=area, q=query, limit=SEARCH_PAGE_SIZE, offset=pages["offset"]
                )
        except DomainError as exc:
            error = exc.message
    return _render(
        request,
        "catalog/search.html",
        {"q": query, "result": result, "error": error, "pages": pages, "examples": SEARCH_EXAMPLES},
        "results",
    )
