"""Pages for families and school staff (see students/urls_family.py).

- `/family/`: a parent's or guardian's home: each linked student's interests, favourites and plan,
  with a plain-language explainer; `/family/students/<id>/` one of them.
- `/caseload/`: a counselor's, teacher's, district's or consortium's students, with who needs
  attention, filters, counts and a CSV export; `/caseload/students/<id>/` one student;
  `/caseload/interests/` the interest distribution of a school, small cells suppressed.

Views are thin: they fetch through `selectors_family.access_*` (one 404 for missing and not
yours), and every read of a student's record is written to the audit log by `services.family`.
"""

from __future__ import annotations

import csv
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pathways.accounts.models import User
from pathways.core.errors import InvalidInput, NotFound
from pathways.labor.templatetags.wages import wage_label

from .. import selectors_family as selectors
from ..models import ConsentSource, ConsentStatus
from ..services import family as services


def _links(student: User) -> dict[str, str]:
    return {page: selectors.part_url(page, student.public_id) for page in selectors.OTHER_PAGES}


def _render(request: HttpRequest, template: str, context: dict[str, Any], fragment: str) -> HttpResponse:
    """The whole page, or only `fragment` (a partialdef) when HTMX asks for it."""
    htmx = getattr(request, "htmx", None)
    wants_fragment = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {**context, "fragment": wants_fragment}
    response = render(request, f"{template}#{fragment}" if wants_fragment else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _get(fetch: Any, user: Any, public_id: UUID | str) -> Any:
    try:
        return fetch(user, public_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


# --- families ----------------------------------------------------------------------------------


def _family_entry(record: selectors.StudentRecord) -> dict[str, Any]:
    return {"record": record, "links": _links(record.student), "wage_label": wage_label(record.area)}


@login_required
@require_GET
def family_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    students = selectors.family_students(user)
    entries = []
    for student in students:
        record = selectors.student_record(student, explainer=True)
        services.student_view_record(acting_user=user, student=student, via="family-home")
        entries.append(_family_entry(record))
    return render(request, "students/family/home.html", {"entries": entries})


@login_required
@require_GET
def family_student(request: HttpRequest, public_id: UUID) -> HttpResponse:
    student = _get(selectors.access_family_student, request.user, public_id)
    record = selectors.student_record(student, explainer=True)
    services.student_view_record(acting_user=request.user, student=student, via="family-student")
    return render(request, "students/family/student.html", {"entry": _family_entry(record)})


# --- staff: the caseload -----------------------------------------------------------------------

FILTER_PARAMS = ("school", "grade", "program", "status", "q", "sort")


def _filters(request: HttpRequest, schools: list[Any], programs: list[Any]) -> selectors.CaseloadFilters:
    """The caseload's filters from the query string. A school outside the caseload is a 404; any
    other value that does not fit is dropped (a stale bookmark still opens the page)."""
    values = {key: request.GET.get(key, "").strip() for key in FILTER_PARAMS}
    for _attempt in range(len(FILTER_PARAMS) + 1):
        try:
            return selectors.caseload_filters(
                request.user,
                school=values["school"],
                grade=values["grade"],
                program=values["program"],
                focus=values["status"],
                q=values["q"],
                sort=values["sort"],
                programs=programs,
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except InvalidInput as exc:
            values[exc.field if exc.field in values else "status"] = ""
    return selectors.CaseloadFilters()


def _caseload_schools(request: HttpRequest) -> list[Any]:
    schools = selectors.caseload_schools(request.user)
    if not schools:  # students, families, partners and strangers have no caseload
        raise Http404(_("Not found."))
    return schools


def _grades(schools: list[Any]) -> range:
    """Grades 6-12 that the schools teach (a high school's list starts at 9)."""
    low = min((s.grade_low if s.grade_low is not None else 6 for s in schools), default=6)
    high = max((s.grade_high if s.grade_high is not None else 12 for s in schools), default=12)
    return range(max(6, min(low, 12)), min(12, max(high, 6)) + 1)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    schools = _caseload_schools(request)
    programs = selectors.caseload_programs(schools)
    filters = _filters(request, schools, programs)
    result = selectors.caseload(request.user, filters, page=_page_number(request))
    services.caseload_list_record(
        acting_user=request.user, filters=filters.as_dict(), count=result.total, via="caseload-page"
    )
    acting = selectors.acting_school_ids(request.user)
    chosen = filters.as_dict()
    focus_links = [
        (key, selectors.Focus.LABELS[key], result.counts[key])
        for key in (
            selectors.Focus.NO_PROFILER,
            selectors.Focus.NO_PLAN,
            selectors.Focus.SUBMITTED,
            selectors.Focus.CHANGES,
            selectors.Focus.CONSENT,
        )
    ]
    return _render(
        request,
        "students/family/caseload.html",
        {
            "result": result,
            "chosen": chosen,
            "schools": schools,
            "several_schools": len(schools) > 1,
            "programs": programs,
            "grades": _grades(schools),
            "focus_choices": list(selectors.Focus.LABELS.items()),
            "focus_links": focus_links,
            "sort_choices": [(key, label) for key, (label, _order) in selectors.SORTS.items()],
            "may_export": bool(acting),
            "read_only": not acting,
            "rows": [(row, _links(row.student)) for row in result.rows],
        },
        "caseload-results",
    )


def _csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
@require_GET
def caseload_export(request: HttpRequest) -> HttpResponse:
    schools = _caseload_schools(request)
    if not selectors.acting_school_ids(request.user):  # teachers read the caseload; they do not export it
        raise Http404(_("Not found."))
    filters = _filters(request, schools, selectors.caseload_programs(schools))
    rows = [row for row in selectors.caseload_all(request.user, filters) if row.may_act]
    services.caseload_export_record(
        acting_user=request.user, filters=filters.as_dict(), students=[str(r.student.public_id) for r in rows]
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="caseload-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8 (ñ, á)
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Student"),
            _("Username"),
            _("Grade"),
            _("School"),
            _("Interest Profiler completed"),
            _("Top interest areas"),
            _("Plan status"),
            _("Program of study"),
            _("Consent (under 13)"),
        ]
    )
    for row in rows:
        done = row.profiler_done_at
        profiler = (
            done.date().isoformat()
            if done
            else (_("In progress") if row.profiler_in_progress else _("Not taken"))
        )
        consent = (
            ConsentStatus(row.consent_status).label if row.consent_status in ConsentStatus.values else ""
        )
        writer.writerow(
            [
                _csv_cell(v)
                for v in (
                    row.student.display_name,
                    row.student.username,
                    row.student.grade_level if row.student.grade_level is not None else "",
                    row.school.name,
                    profiler,
                    row.profiler_top,
                    row.plan_status_label or _("No plan yet"),
                    row.plan_program,
                    consent,
                )
            ]
        )
    return response


@login_required
@require_GET
def caseload_student(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _caseload_schools(request)
    student = _get(selectors.access_caseload_student, request.user, public_id)
    record = selectors.student_record(student, nudges=True)
    services.student_view_record(acting_user=request.user, student=student, via="caseload-student")
    return render(
        request,
        "students/family/caseload_student.html",
        {
            "record": record,
            "links": _links(student),
            "may_act": selectors.may_act_for(request.user, record.school),
            "wage_label": wage_label(record.area),
            "band_labels": selectors.BAND_LABELS,
            "nontraditional_explained": selectors.NONTRADITIONAL_EXPLAINED,
            "consent_sources": ConsentSource.choices,
        },
    )


@login_required
@require_GET
def caseload_interests(request: HttpRequest) -> HttpResponse:
    schools = _caseload_schools(request)
    chosen = request.GET.get("school", "").strip()
    school = _get(selectors.access_caseload_school, request.user, chosen) if chosen else None
    if school is None and len(schools) == 1:
        school = schools[0]
    distribution = selectors.interest_distribution(request.user, school)
    suppressed = _("fewer than %(n)s") % {"n": distribution.min_cell_size}
    chart = {
        "counts": [
            {
                "label": f"{row.nickname} ({row.name})"
                + ("" if row.count is not None else f": {suppressed}"),
                "value": row.count,
            }
            for row in distribution.rows
        ],
        "averages": [
            {"label": f"{row.nickname} ({row.name})", "value": row.average} for row in distribution.rows
        ],
        "countLabel": _("Students"),
        "averageLabel": _("Average score (0 to 40)"),
        "suppressedText": suppressed,
    }
    return render(
        request,
        "students/family/interests.html",
        {
            "schools": schools,
            "school": school,
            "distribution": distribution,
            "chart_data": chart,
        },
    )
