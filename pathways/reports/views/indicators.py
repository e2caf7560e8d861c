"""Pages of the indicators part of the reports app (consortium leaders only; others get 404):

- home: links to every reports page;
- import: upload a student-year CSV (every error listed with line and column, or the counts),
  then start the rollup job and watch its progress (htmx polls a fragment until done);
- indicators: the dashboard (year, level, subgroup; 50 units a page, a search by name or code)
  and one indicator by subgroup with gaps, a chart with its table, CSV/XLSX export of every table
  (every matching unit, not only the page). The cells come from the per-run cache of
  selectors.py and the table of a page of units is cached as HTML under the same run, so a
  region of 1,000,000 student-year rows answers in tens of milliseconds;
- settings: concentrator rule, minimum cell size, performance levels per indicator and year.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import wraps
from typing import IO, Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pathways.core.audit import audit_record
from pathways.core.errors import NotFound
from pathways.orgs.models import Consortium

from .. import selectors
from ..engine import LEVELS
from ..exports import FORMATS, SUPPRESSED, Suppressed, table_response
from ..metrics import SUBGROUP_LABELS, SUBGROUPS
from ..metrics_local import LOCAL_CODES, metric_label
from ..models import PerformanceLevel, RollupRun, StudentYearImport
from ..policies import may_change_report_settings, reports_consortium
from ..services.imports import StudentYearFileError, import_student_years
from ..services.rollups import latest_run, settings_of, start_rollup_run
from ..tasks import compute_rollups

View = Callable[..., HttpResponse]
TENTH = Decimal("0.1")
MAX_UPLOAD_BYTES = 300 * 1024 * 1024


def leaders_view(view: View) -> View:
    """Signed in, then the consortium (slug or public UUID) if the user leads it; else 404."""

    @wraps(view)
    def wrapped(request: HttpRequest, consortium: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            found = reports_consortium(request.user, consortium)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        return view(request, found, *args, **kwargs)

    return login_required(wrapped)


def level_names() -> dict[str, str]:
    return {
        "consortium": _("Consortium"),
        "district": _("District"),
        "school": _("School"),
        "program": _("Program of study"),
        "cluster": _("Career Cluster"),
    }


def school_year_label(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"


def _optional_url(name: str, consortium: Consortium) -> str | None:
    """A page of another part of the reports app, when it exists."""
    try:
        return reverse(name, args=[consortium.slug])
    except NoReverseMatch:
        return None


def _source(consortium: Consortium, year: int | None) -> str:
    files = sorted(
        set(
            StudentYearImport.objects.filter(consortium=consortium, is_current=True).values_list(
                "filename", flat=True
            )
        )
    )
    return _(
        "Source: student-year records imported by %(consortium)s (%(files)s); area: %(consortium)s; "
        "reporting year %(year)s. Stored rollups."
    ) % {
        "consortium": consortium.name,
        "files": ", ".join(f for f in files if f) or _("no file"),
        "year": school_year_label(year) if year else "-",
    }


def _base_context(consortium: Consortium, section: str) -> dict[str, Any]:
    return {"consortium": consortium, "section": section, "min_n": consortium.min_cell_size}


# --- home ------------------------------------------------------------------------------------


@leaders_view
def home(request: HttpRequest, consortium: Consortium) -> HttpResponse:
    imports = StudentYearImport.objects.filter(consortium=consortium, is_current=True).order_by(
        "-school_year"
    )
    insights = [
        (label, url)
        for label, url in (
            (_("Labor-market alignment"), _optional_url("reports:alignment", consortium)),
            (_("Equity and access"), _optional_url("reports:equity", consortium)),
            (_("Needs assessment (CLNA)"), _optional_url("reports:clna", consortium)),
            (_("Impact highlights"), _optional_url("reports:impact", consortium)),
        )
        if url
    ]
    context = {
        **_base_context(consortium, "home"),
        "imports": imports,
        "run": latest_run(consortium),
        "years": selectors.years(consortium),
        "insights": insights,
    }
    return render(request, "reports/home.html", context)


# --- import and compute ----------------------------------------------------------------------


@leaders_view
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, consortium: Consortium) -> HttpResponse:
    context: dict[str, Any] = {
        **_base_context(consortium, "import"),
        "imports": StudentYearImport.objects.filter(consortium=consortium).order_by("-created_at")[:12],
        "run": latest_run(consortium),
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["form_error"] = _("Choose a CSV file to import.")
        elif upload.size and upload.size > MAX_UPLOAD_BYTES:
            context["form_error"] = _("The file is larger than 300 MB; import it with the command instead.")
        else:
            try:
                result = import_student_years(
                    consortium,
                    cast(IO[Any], upload.file),
                    upload.name or "upload.csv",
                    acting_user=request.user,
                )
            except StudentYearFileError as exc:
                context["file_errors"] = exc.errors
                context["more_errors"] = exc.more
                context["total_errors"] = exc.total
                context["filename"] = upload.name
            else:
                context["result"] = result
                context["result_years"] = sorted(result.by_year.items())
        status = 422 if ("file_errors" in context or "form_error" in context) else 200
        return render(request, "reports/import.html", context, status=status)
    return render(request, "reports/import.html", context)


@leaders_view
@require_POST
def compute(request: HttpRequest, consortium: Consortium) -> HttpResponse:
    """Start the rollup job; the page then polls its progress."""
    year_text = request.POST.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    run = start_rollup_run(consortium, acting_user=request.user, school_year=year)
    compute_rollups.enqueue(run.pk)
    if getattr(request, "htmx", False):
        run.refresh_from_db()
        return render(request, "reports/_progress.html", {"consortium": consortium, "run": run})
    messages.info(request, _("The indicators are being computed."))
    return HttpResponseRedirect(reverse("reports:import", args=[consortium.slug]) + "#progress")


@leaders_view
def run_progress(request: HttpRequest, consortium: Consortium, run: str) -> HttpResponse:
    try:
        found = RollupRun.objects.filter(consortium=consortium, public_id=run).first()
    except Exception:  # a malformed id: the same answer as missing
        found = None
    if found is None:
        raise Http404(_("Not found."))
    return render(request, "reports/_progress.html", {"consortium": consortium, "run": found})


# --- the dashboard ---------------------------------------------------------------------------


def _choice(value: str | None, allowed: list[str] | tuple[str, ...], default: str) -> str:
    return value if value is not None and value in allowed else default


def _year_param(request: HttpRequest, consortium: Consortium, version: str) -> tuple[int | None, list[int]]:
    years, default = selectors.cached_years(consortium, version)
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw), years
    return default, years


def _search_param(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:100]


def _cell_value(row: selectors.IndicatorRow, what: str) -> Any:
    cell = row.cell
    if cell.suppressed:
        return SUPPRESSED
    value = getattr(cell, what)
    if what == "rate" and value is not None:
        return round(value * 100, 1)
    return value


class CellText:
    """Numbers as the templates wrote them (`{{ count }}`, `{{ percent|floatformat:"1" }}`: the
    active language's decimal separator, half-up rounding of the float's shortest repr), made here
    in about a microsecond each instead of the filter's ten for a page of hundreds of cells.
    tests/test_dashboard_speed.py (this app's) checks they equal the filter's output, en and es."""

    def __init__(self) -> None:
        self.grouping = bool(settings.USE_THOUSAND_SEPARATOR)
        self.decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
        self.memo: dict[float, str] = {}

    def count(self, value: int | None) -> str | None:
        if value is None:
            return None
        return formats.localize(value) if self.grouping else str(value)

    def tenth(self, value: float | None) -> str | None:
        if value is None:
            return None
        found = self.memo.get(value)
        if found is None:
            if not math.isfinite(value) or self.grouping:
                found = str(floatformat(value, "1"))
            else:
                rounded = Decimal(repr(value)).quantize(TENTH, ROUND_HALF_UP)
                text = f"{rounded if rounded else abs(rounded):f}"  # no "-0.0"
                found = text.replace(".", self.decimal) if self.decimal != "." else text
            self.memo[value] = found
        return found


def _shown(rows: list[selectors.IndicatorRow], text: CellText) -> list[dict[str, Any]]:
    """What a table row shows, resolved here: hundreds of rows render several times faster from
    plain dicts of ready text than through dataclass lookups and filters in the template."""
    return [
        {
            "unit": r.cell.unit,
            "name": r.unit_name,
            "show_code": r.unit_name != r.cell.unit,
            "subgroup": r.cell.subgroup,
            "subgroup_name": r.subgroup_name,
            "suppressed": r.cell.suppressed,
            "numerator": text.count(r.cell.numerator),
            "denominator": text.count(r.cell.denominator),
            "percent": text.tenth(r.cell.percent),
            "gap": r.gap,
            "below": r.below_level,
        }
        for r in rows
    ]


def _pages(table: selectors.UnitTable, request: HttpRequest) -> tuple[Page[tuple[str, str]], dict[str, int]]:
    page = Paginator(table.units, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {
        "first": page.start_index(),
        "last": page.end_index(),
        "matching": len(table.units),
        "total": table.total_units,
    }
    return page, counts


def _export(
    fmt: str,
    consortium: Consortium,
    filename: str,
    title: str,
    source: str,
    headers: list[str],
    rows: list[list[Any]],
) -> HttpResponse:
    return table_response(
        fmt,
        filename=filename,
        headers=headers,
        rows=rows,
        title=title,
        source=source,
        min_n=consortium.min_cell_size,
    )


@leaders_view
def dashboard(request: HttpRequest, consortium: Consortium) -> HttpResponse:
    """Every indicator by unit of a level for one group of students, 50 units a page (a search by
    name or code narrows them). The cells come from the per-run cache (selectors.unit_table)."""
    version = selectors.data_version(consortium)
    year, years = _year_param(request, consortium, version)
    level = _choice(request.GET.get("level"), LEVELS, "consortium")
    subgroup = _choice(request.GET.get("subgroup"), SUBGROUPS, "all")
    search = _search_param(request)
    table = (
        selectors.unit_table(consortium, version, year, level, subgroup=subgroup, search=search)
        if year
        else None
    )
    names = level_names()
    source = _source(consortium, year)
    subgroup_name = str(SUBGROUP_LABELS[subgroup])
    title = _("Perkins V indicators, %(year)s, by %(level)s (%(subgroup)s)") % {
        "year": school_year_label(year) if year else "-",
        "level": names[level].lower(),
        "subgroup": subgroup_name,
    }
    fmt = request.GET.get("format")
    if fmt in FORMATS and year and table is not None:
        headers = [
            _("Indicator"),
            _("Name"),
            names[level],
            _("Code"),
            _("Subgroup"),
            _("Numerator"),
            _("Denominator"),
            _("Rate (%)"),
            _("State level (%)"),
            _("Below 90% of the level"),
        ]
        data = [
            [
                r.cell.indicator,
                r.indicator_name,
                r.unit_name,
                r.cell.unit,
                r.subgroup_name,
                _cell_value(r, "numerator"),
                _cell_value(r, "denominator"),
                _cell_value(r, "rate"),
                r.level_percent,
                r.below_level,
            ]
            for r in table.rows()
        ]
        return _export(
            fmt,
            consortium,
            f"{consortium.slug}-indicators-{year}-{level}-{subgroup}",
            title,
            source,
            headers,
            data,
        )
    context: dict[str, Any] = {
        **_base_context(consortium, "indicators"),
        "year": year,
        "year_label": school_year_label(year) if year else "",
        "years": [(y, school_year_label(y)) for y in years],
        "level": level,
        "levels": list(names.items()),
        "level_name": names[level],
        "subgroup": subgroup,
        "subgroups": [(s, str(SUBGROUP_LABELS[s])) for s in SUBGROUPS],
        "subgroup_name": subgroup_name,
        "search": search,
        "title": title,
        "source": source,
        "query": urlencode({"year": year or "", "level": level, "subgroup": subgroup, "q": search}),
        "flagged": table.flagged if table is not None else 0,
    }
    if table is not None:
        context["table_html"] = _unit_table_html(request, consortium, version, table, context)
    return render(request, "reports/indicators.html", context)


def _unit_table_html(
    request: HttpRequest,
    consortium: Consortium,
    version: str,
    table: selectors.UnitTable,
    context: dict[str, Any],
) -> str:
    """The dashboard's table of one page of units (with its count and page links), from the cache
    when the same rollup run, page, names, levels, language and settings were rendered before."""
    page, counts = _pages(table, request)
    key = (
        "reports:table:"
        + hashlib.sha256(
            repr(
                (
                    str(consortium.public_id),
                    version,
                    consortium.slug,
                    consortium.min_cell_size,
                    get_language(),
                    request.get_full_path(),
                    context["title"],
                    context["source"],
                    context["level_name"],
                    page.object_list,
                    sorted(table.levels.items()),
                    counts,
                )
            ).encode()
        ).hexdigest()
    )
    html: str | None = cache.get(key)
    if html is not None:
        return mark_safe(html)  # noqa: S308  (rendered by our template, below)
    rows = table.rows(code for code, _name in page.object_list)
    groups: list[dict[str, Any]] = []
    text = CellText()
    for r, shown in zip(rows, _shown(rows, text), strict=True):
        if not groups or groups[-1]["code"] != r.cell.indicator:
            groups.append(
                {
                    "code": r.cell.indicator,
                    "name": r.indicator_name,
                    "level_text": "—" if r.level_percent is None else f"{text.tenth(r.level_percent)}%",
                    "local": r.cell.indicator in LOCAL_CODES,
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(shown)
    fragment = {
        **context,
        "groups": groups,
        "page": page,
        "counts": counts,
        "suppressed_text": _suppressed_text(consortium),
    }
    html = render_to_string("reports/indicators.html#unit-table", fragment, request=request)
    cache.set(key, html, selectors.CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308


def _suppressed_text(consortium: Consortium) -> str:
    """The suppressed cell's text, rendered once per page instead of once per cell."""
    return render_to_string("reports/_suppressed.html", {"min_n": consortium.min_cell_size})


@leaders_view
def indicator_detail(request: HttpRequest, consortium: Consortium, indicator: str) -> HttpResponse:
    if indicator not in selectors.INDICATORS:
        raise Http404(_("Not found."))
    version = selectors.data_version(consortium)
    year, years = _year_param(request, consortium, version)
    level = _choice(request.GET.get("level"), LEVELS, "consortium")
    # Every unit of the level with the indicator (the choice of unit), then the search for the table.
    everyone = selectors.unit_table(consortium, version, year, level, indicator=indicator) if year else None
    units = everyone.units if everyone is not None else []
    unit_codes = [code for code, _name in units]
    unit = _choice(request.GET.get("unit"), unit_codes, unit_codes[0] if unit_codes else "")
    names = level_names()
    name = metric_label(indicator)
    unit_name = dict(units).get(unit, unit)
    levels_of_year = everyone.levels if everyone is not None else {}
    rows = (
        selectors.disaggregation(
            consortium,
            year,
            indicator,
            level,
            unit,
            unit_name=unit_name,
            level_percent=levels_of_year.get(indicator),
        )
        if year and unit
        else []
    )
    search = _search_param(request)
    table = everyone
    if year and search:
        table = selectors.unit_table(consortium, version, year, level, indicator=indicator, search=search)
    source = _source(consortium, year)
    fmt = request.GET.get("format")
    export = request.GET.get("table", "subgroups")
    if fmt in FORMATS and year:
        if export == "units":
            title = _("%(code)s %(name)s, %(year)s, by %(level)s") % {
                "code": indicator,
                "name": name,
                "year": school_year_label(year),
                "level": names[level].lower(),
            }
            headers = [
                names[level],
                _("Code"),
                _("Numerator"),
                _("Denominator"),
                _("Rate (%)"),
                _("Below 90% of the level"),
            ]
            data = [
                [
                    r.unit_name,
                    r.cell.unit,
                    _cell_value(r, "numerator"),
                    _cell_value(r, "denominator"),
                    _cell_value(r, "rate"),
                    r.below_level,
                ]
                for r in (table.rows() if table is not None else [])
            ]
            return _export(
                fmt, consortium, f"{consortium.slug}-{indicator}-{year}-{level}", title, source, headers, data
            )
        title = _("%(code)s %(name)s, %(year)s, %(unit)s, by subgroup") % {
            "code": indicator, "name": name, "year": school_year_label(year), "unit": unit_name
        }  # fmt: skip
        headers = [
            _("Subgroup"),
            _("Numerator"),
            _("Denominator"),
            _("Rate (%)"),
            _("Gap to all (points)"),
            _("Below 90% of the level"),
        ]
        data = [
            [
                r.subgroup_name,
                _cell_value(r, "numerator"),
                _cell_value(r, "denominator"),
                _cell_value(r, "rate"),
                None if r.gap is None else round(r.gap, 1),
                r.below_level,
            ]
            for r in rows
        ]
        return _export(
            fmt,
            consortium,
            f"{consortium.slug}-{indicator}-{year}-{level}-{unit}-subgroups",
            title,
            source,
            headers,
            data,
        )
    page = None
    counts: dict[str, int] = {}
    by_unit: list[selectors.IndicatorRow] = []
    if table is not None:
        page, counts = _pages(table, request)
        by_unit = table.rows(code for code, _name in page.object_list)
    chart = {
        "label": _("Rate (%)"),
        "level": levels_of_year.get(indicator),
        "level_label": _("State level"),
        "rows": [
            {"label": r.subgroup_name, "value": round(r.cell.rate * 100, 1), "all": r.cell.subgroup == "all"}
            for r in rows
            if not r.cell.suppressed and r.cell.rate is not None
        ],
    }
    hidden = [r.subgroup_name for r in rows if r.cell.suppressed]
    text = CellText()
    context = {
        **_base_context(consortium, "indicators"),
        "indicator": indicator,
        "indicator_name": name,
        "year": year,
        "year_label": school_year_label(year) if year else "",
        "years": [(y, school_year_label(y)) for y in years],
        "level": level,
        "levels": list(names.items()),
        "level_name": names[level],
        "unit": unit,
        "units": units,
        "unit_name": unit_name,
        "rows": _shown(rows, text),
        "by_unit": _shown(by_unit, text),
        "search": search,
        "page": page,
        "counts": counts,
        "chart": chart,
        "hidden": hidden,
        "source": source,
        "level_percent": text.tenth(levels_of_year.get(indicator)),
        "query": urlencode({"year": year or "", "level": level, "unit": unit}),
        "units_query": urlencode({"year": year or "", "level": level, "unit": unit, "q": search}),
        "suppressed_text": _suppressed_text(consortium),
    }
    return render(request, "reports/indicator_detail.html", context)


# --- settings --------------------------------------------------------------------------------


def _parse_decimal(raw: str, low: Decimal, high: Decimal) -> Decimal | None:
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value < low or value > high:
        return None
    return value


@leaders_view
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, consortium: Consortium) -> HttpResponse:
    report_settings = settings_of(consortium)
    can_change = may_change_report_settings(request.user, consortium)
    years = selectors.years(consortium)
    raw_year = request.GET.get("year") or request.POST.get("year") or ""
    level_year = (
        int(raw_year)
        if raw_year.isdigit() and 1990 <= int(raw_year) <= 2100
        else (years[0] if years else 2025)
    )
    errors: dict[str, str] = {}
    form_values: dict[str, str] = {}
    if request.method == "POST":
        form = request.POST.get("form")
        form_values = {k: str(request.POST.get(k, "")) for k in request.POST if k != "csrfmiddlewaretoken"}
        if form == "rules":
            if not can_change:
                raise Http404(_("Not found."))
            threshold = _parse_decimal(
                request.POST.get("concentrator_courses", ""), Decimal("0.5"), Decimal("20")
            )
            min_text = request.POST.get("min_cell_size", "").strip()
            min_n = int(min_text) if min_text.isdigit() else None
            if threshold is None:
                errors["concentrator_courses"] = _("Enter a number of courses from 0.5 to 20.")
            if min_n is None or not 5 <= min_n <= 100:
                errors["min_cell_size"] = _("Enter a whole number from 5 to 100.")
            if not errors and threshold is not None and min_n is not None:
                with transaction.atomic():
                    report_settings.concentrator_courses = threshold
                    report_settings.save(update_fields=["concentrator_courses", "updated_at"])
                    Consortium.objects.filter(pk=consortium.pk).update(min_cell_size=min_n)
                    audit_record(
                        acting_user=request.user,
                        action="reports.settings_changed",
                        object_type="consortium",
                        object_id=str(consortium.public_id),
                        details={"concentrator_courses": str(threshold), "min_cell_size": min_n},
                    )
                messages.success(request, _("Saved. Compute the indicators again to apply the new rules."))
                return HttpResponseRedirect(reverse("reports:settings", args=[consortium.slug]))
        elif form == "levels":
            values: dict[str, Decimal | None] = {}
            for code in selectors.INDICATORS:
                raw = request.POST.get(f"level_{code}", "").strip()
                if not raw:
                    values[code] = None
                    continue
                parsed = _parse_decimal(raw, Decimal(0), Decimal(100))
                if parsed is None:
                    errors[f"level_{code}"] = _("Enter a percent from 0 to 100, or leave it blank.")
                values[code] = parsed
            if not errors:
                with transaction.atomic():
                    for code, value in values.items():
                        if value is None:
                            PerformanceLevel.objects.filter(
                                consortium=consortium, indicator=code, school_year=level_year
                            ).delete()
                        else:
                            PerformanceLevel.objects.update_or_create(
                                consortium=consortium,
                                indicator=code,
                                school_year=level_year,
                                defaults={"level": value},
                            )
                messages.success(
                    request,
                    _("Performance levels for %(year)s saved.") % {"year": school_year_label(level_year)},
                )
                return HttpResponseRedirect(
                    reverse("reports:settings", args=[consortium.slug]) + f"?year={level_year}#levels"
                )
    current = selectors.performance_levels(consortium, level_year)
    level_rows = [
        {
            "code": code,
            "name": metric_label(code),
            "value": form_values.get(
                f"level_{code}", "" if current.get(code) is None else f"{current[code]:g}"
            ),
            "error": errors.get(f"level_{code}"),
        }
        for code in selectors.INDICATORS
        if code not in LOCAL_CODES
    ]
    year_choices = sorted({*years, level_year, *(y + 1 for y in years[:1])}, reverse=True)
    context = {
        **_base_context(consortium, "settings"),
        "report_settings": report_settings,
        "can_change": can_change,
        "errors": errors,
        "form_values": form_values,
        "level_year": level_year,
        "level_year_label": school_year_label(level_year),
        "year_choices": [(y, school_year_label(y)) for y in year_choices],
        "level_rows": level_rows,
    }
    status = 422 if errors else 200
    return render(request, "reports/settings.html", context, status=status)


__all__ = [
    "Suppressed",
    "compute",
    "dashboard",
    "home",
    "import_page",
    "indicator_detail",
    "run_progress",
    "settings_page",
]
