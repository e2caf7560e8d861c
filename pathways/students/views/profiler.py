"""Pages: profiler (see students/urls.py).

The Interest Profiler for a signed-in student: one activity per screen (or all 60 on one page),
each answer saved as it is given, resume, results with a chart and a table, career matches with
why and what next, and history. Consent pages for school staff and guardians.

A *take* is what the pages work on: a stored `ProfilerAttempt`, or, for a student who needs
consent (under 13, docs/students-profiler.md) or a signed-in adult trying it out, a *preview*
kept only in the session: answers while taking it, then only the six scores, gone at sign-out
(or after PREVIEW_HOURS). Views are thin: rules live in `selectors_profiler` and
`services.profiler`.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.accounts.models import User
from pathways.catalog.templatetags.careers import INTEREST_HELP, INTEREST_NICKNAMES, JOB_ZONES
from pathways.core.audit import audit_record
from pathways.core.errors import DomainError, InvalidInput, NotFound
from pathways.labor.selectors import ResolvedArea
from pathways.labor.templatetags.wages import wage_label
from pathways.matching.interests import (
    AREAS,
    ITEM_COUNT,
    MAX_AREA_SCORE,
    FlatProfileError,
    is_flat,
    score_answers,
    top_areas,
)
from pathways.orgs.models import Consortium

from .. import selectors_profiler as selectors
from ..models import AttemptStatus, ConsentSource, ConsentStatus, ProfilerAttempt
from ..profiler_items import ANSWERS, ITEMS
from ..services import profiler as services

PREVIEW_KEY = "profiler_preview"
PREFERENCES_KEY = "profiler_preferences"
PREVIEW_HOURS = 24
PAGE_SIZE = 20
MATCHES_CACHE_SECONDS = 120
RESULTS_CACHE_SECONDS = 600
#: What cached forms hold in place of the CSRF token (letters only: never escaped or changed).
CSRF_STAND_IN = "PathwaysCsrfTokenStandIn"
GRID_GROUP = 12

SORT_CHOICES: list[tuple[str, Promise]] = [
    ("fit", gettext_lazy("Best fit first")),
    ("wage", gettext_lazy("Highest pay first")),
    ("openings", gettext_lazy("Most job openings first")),
]
BAND_LABELS: dict[str, Promise] = {
    "best": gettext_lazy("Best fit"),
    "great": gettext_lazy("Great fit"),
    "good": gettext_lazy("Good fit"),
    "other": gettext_lazy("Weaker fit"),
}
# The six areas for a 13-year-old: what liking each one says about you.
AREA_EXPLAINED: dict[str, Promise] = {
    "R": gettext_lazy(
        "You like hands-on work: building, fixing and making things, using tools and machines, "
        "growing plants or working with animals, often outdoors. You like to see a real result you "
        "can touch."
    ),
    "I": gettext_lazy(
        "You like figuring things out: asking questions, doing experiments, solving puzzles and "
        "problems, and learning how nature, bodies, machines or computers work."
    ),
    "A": gettext_lazy(
        "You like making something new that is your own: art, music, writing, acting, dance or "
        "design. You like room to use your imagination, without too many fixed rules."
    ),
    "S": gettext_lazy(
        "You like working with people: helping, teaching, coaching and caring for others, and "
        "making a difference in their lives."
    ),
    "E": gettext_lazy(
        "You like leading and convincing: starting projects, making decisions, selling an idea, "
        "being in charge and taking a chance to reach a goal."
    ),
    "C": gettext_lazy(
        "You like order and getting things right: keeping information organized, working with "
        "numbers and records, and following clear steps."
    ),
}


# --- the take: a stored attempt or a session preview -----------------------------------------


@dataclass
class Take:
    id: UUID
    answers: str
    completed: bool
    scores: dict[str, int] = field(default_factory=dict)
    top: str = ""
    completed_at: datetime | None = None
    attempt: ProfilerAttempt | None = None
    student: User | None = None  # whose it is (None: a preview of the signed-in user)

    @property
    def stored(self) -> bool:
        return self.attempt is not None

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a != "0")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


def _preview_data(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(PREVIEW_KEY)
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(data["started_at"])
    except (KeyError, TypeError, ValueError):
        started = None
    if started is None or timezone.now() - started > timedelta(hours=PREVIEW_HOURS):
        request.session.pop(PREVIEW_KEY, None)
        return None
    return data


def _preview_take(data: dict[str, Any]) -> Take:
    completed_at = data.get("completed_at")
    return Take(
        id=UUID(data["id"]),
        answers=data.get("answers") or "0" * ITEM_COUNT,
        completed=bool(data.get("scores")),
        scores=dict(data.get("scores") or {}),
        top=data.get("top", ""),
        completed_at=datetime.fromisoformat(completed_at) if completed_at else None,
    )


def _preview_start(request: HttpRequest) -> Take:
    data = _preview_data(request)
    if data is None or data.get("scores"):
        data = {
            "id": str(uuid.uuid4()),
            "answers": "0" * ITEM_COUNT,
            "started_at": timezone.now().isoformat(),
        }
        request.session[PREVIEW_KEY] = data
    return _preview_take(data)


def _preview_save(request: HttpRequest, answers: dict[int, str]) -> Take:
    data = _preview_data(request)
    if data is None or data.get("scores"):
        raise Http404
    chars = list(data["answers"])
    for position, answer in answers.items():
        chars[position - 1] = answer
    data["answers"] = "".join(chars)
    request.session[PREVIEW_KEY] = data
    return _preview_take(data)


def _preview_complete(request: HttpRequest) -> Take:
    """Score the preview, then forget the answers: only the six scores stay in the session."""
    data = _preview_data(request)
    if data is None:
        raise Http404
    if not data.get("scores"):
        if "0" in data["answers"]:
            raise InvalidInput(_("Answer every activity first."), field="answers")
        scores = score_answers(data["answers"])
        data.update(
            answers="",
            scores=scores,
            top="".join(top_areas(scores)),
            completed_at=timezone.now().isoformat(),
        )
        request.session[PREVIEW_KEY] = data
    return _preview_take(data)


def _attempt_take(attempt: ProfilerAttempt) -> Take:
    return Take(
        id=attempt.public_id,
        answers=attempt.answers,
        completed=attempt.status == AttemptStatus.COMPLETED,
        scores=dict(attempt.scores or {}),
        top=attempt.top,
        completed_at=attempt.completed_at,
        attempt=attempt,
        student=attempt.student,
    )


def _take_to_answer(request: HttpRequest, take_id: UUID) -> Take:
    """A take the signed-in user may answer: their session preview or their own attempt."""
    data = _preview_data(request)
    if data is not None and data.get("id") == str(take_id):
        return _preview_take(data)
    try:
        return _attempt_take(selectors.access_own_attempt(request.user, take_id))
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _take_to_read(request: HttpRequest, take_id: UUID) -> Take:
    """A take the user may read: their preview, their own attempt, or the attempt of a student
    they may see (which is written to the audit log)."""
    data = _preview_data(request)
    if data is not None and data.get("id") == str(take_id):
        return _preview_take(data)
    try:
        attempt = selectors.access_attempt(request.user, take_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if attempt.student_id != request.user.pk:
        if attempt.status != AttemptStatus.COMPLETED:
            raise Http404
        audit_record(
            acting_user=request.user,
            action="student.view",
            object_type="profiler_attempt",
            object_id=str(attempt.public_id),
            details={
                "student": str(attempt.student.public_id),
                "page": request.resolver_match.url_name if request.resolver_match else "",
            },
        )
    return _attempt_take(attempt)


@dataclass
class Who:
    """The signed-in user as the profiler sees them."""

    user: User
    is_student: bool
    consent: selectors.ConsentState | None
    profile: Any  # StudentProfile | None

    @property
    def stores(self) -> bool:
        return self.is_student and self.consent is not None and self.consent.may_store


def _who(user: User) -> Who:
    membership = selectors.student_membership(user)
    if membership is None:
        return Who(user, False, None, None)
    profile = selectors.profile_of(user)
    return Who(user, True, selectors.consent_state(user, profile, membership.consortium_id), profile)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], fragment: str, status: int = 200
) -> HttpResponse:
    """The whole page, or only `fragment` (a partialdef) when HTMX asks for it."""
    htmx = getattr(request, "htmx", None)
    wants_fragment = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {**context, "fragment": wants_fragment}
    response = render(
        request, f"{template}#{fragment}" if wants_fragment else template, context, status=status
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Navigate: a 303 for a plain form post, HX-Redirect for HTMX (a full page load)."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url, status=303)


def _item_url(take: Take, position: int) -> str:
    return reverse("students:profiler-item", args=[take.id, position])


def _results_url(take: Take) -> str:
    return reverse("students:profiler-results", args=[take.id])


# --- start, history --------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    who = _who(user)
    current = selectors.attempt_in_progress(user) if who.stores else None
    preview = _preview_data(request)
    preview_take = _preview_take(preview) if preview is not None else None
    history = list(selectors.attempts_completed(user)[:50]) if who.is_student else []
    names = selectors.area_names()
    resumable = current if current is not None else None
    resume_take = _attempt_take(resumable) if resumable is not None else None
    if resume_take is None and preview_take is not None and not preview_take.completed and not who.stores:
        resume_take = preview_take
    return render(
        request,
        "students/profiler/home.html",
        {
            "who": who,
            "resume": resume_take,
            "resume_position": selectors.first_unanswered(resume_take.answers) if resume_take else None,
            "preview": preview_take if preview_take is not None and not who.stores else None,
            "history": [
                {
                    "attempt": a,
                    "top_names": [names[c] for c in a.top],
                }
                for a in history
            ],
            "item_count": ITEM_COUNT,
        },
    )


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start (or resume) the Interest Profiler; `mode=grid` opens the one-page version."""
    user = _user(request)
    who = _who(user)
    if who.stores:
        try:
            take = _attempt_take(services.attempt_start(acting_user=user, student=user))
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("students:profiler-home"), status=303)
    else:
        take = _preview_start(request)
    if request.POST.get("mode") == "grid":
        return HttpResponseRedirect(reverse("students:profiler-grid", args=[take.id]), status=303)
    position = selectors.first_unanswered(take.answers) or ITEM_COUNT
    return HttpResponseRedirect(_item_url(take, position), status=303)


@login_required
@require_POST
def forget(request: HttpRequest) -> HttpResponse:
    """Forget a preview now (answers and scores kept only in the session)."""
    request.session.pop(PREVIEW_KEY, None)
    request.session.pop(PREFERENCES_KEY, None)
    messages.success(request, _("Your answers and results have been cleared."))
    return HttpResponseRedirect(reverse("students:profiler-home"), status=303)


# --- one item per screen ---------------------------------------------------------------------


def _item_context(take: Take, position: int, error: str = "") -> dict[str, Any]:
    return {
        "take": take,
        "position": position,
        "item_text": ITEMS[position - 1],
        "answers": ANSWERS,
        "current": take.answers[position - 1] if take.answers[position - 1] != "0" else "",
        "item_count": ITEM_COUNT,
        "answered": take.answered,
        "previous": position - 1 if position > 1 else None,
        "is_last": position == ITEM_COUNT,
        "error": error,
    }


def _save(request: HttpRequest, take: Take, answers: dict[int, str]) -> Take:
    if take.stored:
        assert take.attempt is not None
        if len(answers) == 1:
            ((position, answer),) = answers.items()
            attempt = services.attempt_answer(
                acting_user=request.user, attempt=take.attempt, position=position, answer=answer
            )
        else:
            attempt = services.attempt_answers_save(
                acting_user=request.user, attempt=take.attempt, answers=answers
            )
        return _attempt_take(attempt)
    return _preview_save(request, answers)


def _complete(request: HttpRequest, take: Take) -> Take:
    if take.stored:
        assert take.attempt is not None
        return _attempt_take(services.attempt_complete(acting_user=request.user, attempt=take.attempt))
    return _preview_complete(request)


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, take_id: UUID, position: int) -> HttpResponse:
    if not 1 <= position <= ITEM_COUNT:
        raise Http404
    take = _take_to_answer(request, take_id)
    if take.completed:
        return _go(request, _results_url(take))
    if request.method == "GET":
        return _render(request, "students/profiler/item.html", _item_context(take, position), "profiler-item")
    answer = request.POST.get("answer", "")
    going_back = request.POST.get("go") == "back"
    if answer and answer not in dict(ANSWERS):
        answer = ""
    try:
        if answer:
            take = _save(request, take, {position: answer})
    except DomainError as exc:
        return _render(
            request,
            "students/profiler/item.html",
            _item_context(take, position, exc.message),
            "profiler-item",
            status=422,
        )
    if going_back:
        return _next_item(request, take, max(1, position - 1))
    if take.answers[position - 1] == "0":
        error = _("Choose one of the five answers, then select Next.")
        return _render(
            request,
            "students/profiler/item.html",
            _item_context(take, position, error),
            "profiler-item",
            status=422,
        )
    if position < ITEM_COUNT:
        return _next_item(request, take, position + 1)
    missing = selectors.first_unanswered(take.answers)
    if missing is not None:
        messages.info(request, _("One more step: a few activities still need an answer."))
        return _go(request, _item_url(take, missing))
    try:
        take = _complete(request, take)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _go(request, reverse("students:profiler-home"))
    return _go(request, _results_url(take))


def _next_item(request: HttpRequest, take: Take, position: int) -> HttpResponse:
    """The next screen: for HTMX, its fragment (and the address bar follows); else a redirect."""
    if getattr(request, "htmx", False):
        response = _render(
            request, "students/profiler/item.html", _item_context(take, position), "profiler-item"
        )
        response["HX-Push-Url"] = _item_url(take, position)
        return response
    return HttpResponseRedirect(_item_url(take, position), status=303)


# --- all items on one page -------------------------------------------------------------------


def _grid_context(
    take: Take, missing: list[int] | None = None, errors: dict[int, str] | None = None
) -> dict[str, Any]:
    groups = []
    for start in range(0, ITEM_COUNT, GRID_GROUP):
        groups.append(
            {
                "first": start + 1,
                "last": start + GRID_GROUP,
                "items": [
                    {
                        "position": p,
                        "text": ITEMS[p - 1],
                        "current": take.answers[p - 1] if take.answers[p - 1] != "0" else "",
                        "error": (errors or {}).get(p, ""),
                    }
                    for p in range(start + 1, start + GRID_GROUP + 1)
                ],
            }
        )
    return {
        "take": take,
        "groups": groups,
        "answers": ANSWERS,
        "item_count": ITEM_COUNT,
        "answered": take.answered,
        "missing": missing or [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def grid(request: HttpRequest, take_id: UUID) -> HttpResponse:
    take = _take_to_answer(request, take_id)
    if take.completed:
        return _go(request, _results_url(take))
    if request.method == "GET":
        return render(request, "students/profiler/grid.html", _grid_context(take))
    given: dict[int, str] = {}
    for position in range(1, ITEM_COUNT + 1):
        value = request.POST.get(f"item-{position}", "")
        if value in dict(ANSWERS):
            given[position] = value
    if given:
        take = _save(request, take, given)
    if getattr(request, "htmx", False):  # saved as the student goes: only the status line changes
        return _render(request, "students/profiler/grid.html", _grid_context(take), "grid-status")
    missing = [p for p in range(1, ITEM_COUNT + 1) if take.answers[p - 1] == "0"]
    if missing:
        context = _grid_context(take, missing)
        return render(request, "students/profiler/grid.html", context, status=422)
    take = _complete(request, take)
    return HttpResponseRedirect(_results_url(take), status=303)


@login_required
@require_POST
def finish(request: HttpRequest, take_id: UUID) -> HttpResponse:
    take = _take_to_answer(request, take_id)
    missing = selectors.first_unanswered(take.answers) if not take.completed else None
    if missing is not None:
        return HttpResponseRedirect(_item_url(take, missing), status=303)
    take = _complete(request, take)
    return HttpResponseRedirect(_results_url(take), status=303)


# --- results ---------------------------------------------------------------------------------


def _area_rows(scores: dict[str, int], top: str) -> list[dict[str, Any]]:
    names = selectors.area_names()
    return [
        {
            "code": code,
            "name": names[code],
            "nickname": INTEREST_NICKNAMES[code],
            "help": INTEREST_HELP[code],
            "explained": AREA_EXPLAINED[code],
            "score": scores[code],
            "top_rank": top.index(code) + 1 if code in top else None,
        }
        for code in AREAS
    ]


def _flatness(scores: dict[str, int]) -> tuple[bool, bool]:
    values = list(scores.values())
    flat = max(values) == min(values)
    return flat, (not flat) and is_flat(scores)


@login_required
@require_GET
def results(request: HttpRequest, take_id: UUID) -> HttpResponse:
    take = _take_to_read(request, take_id)
    if not take.completed:
        position = selectors.first_unanswered(take.answers) or ITEM_COUNT
        return HttpResponseRedirect(_item_url(take, position))
    rows = _area_rows(take.scores, take.top)
    top_rows = sorted((r for r in rows if r["top_rank"]), key=lambda r: r["top_rank"])
    flat, near_flat = _flatness(take.scores)
    chart = {
        "label": _("Your score (0 to 40)"),
        "max": MAX_AREA_SCORE,
        "rows": [
            {
                "label": f"{r['name']} ({r['nickname']})",
                "short": r["name"],
                "value": r["score"],
                "top": bool(r["top_rank"]),
            }
            for r in rows
        ],
    }
    mine = take.student is None or take.student.pk == request.user.pk
    context = {
        "take": take,
        "rows": rows,
        "top_rows": top_rows,
        "flat": flat,
        "near_flat": near_flat,
        "chart_data": chart,
        "mine": mine,
        "max_score": MAX_AREA_SCORE,
    }
    context["results_body"] = _results_body(request, take, mine, context)
    return render(request, "students/profiler/results.html", context)


def _results_body(request: HttpRequest, take: Take, mine: bool, context: dict[str, Any]) -> SafeString:
    """The HTML of the results page's own part (partial `results-body`: no form and no token in
    it), cached for RESULTS_CACHE_SECONDS under everything it shows: the language, the take, its
    scores and date, and whose it is."""
    key = _cache_key(
        "profiler-results",
        get_language() or "",
        str(take.id),
        ",".join(f"{a}{take.scores.get(a)}" for a in AREAS),
        take.top,
        take.completed_at.isoformat() if take.completed_at else "",
        "stored" if take.stored else "preview",
        "mine" if mine else take.student.display_name if take.student is not None else "",
    )
    html = cache.get(key)
    if not isinstance(html, str):
        html = render_to_string("students/profiler/results.html#results-body", context, request=request)
        cache.set(key, html, RESULTS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308  (rendered by our own template, just now or earlier)


def _cache_key(prefix: str, *parts: str) -> str:
    """A cache key of fixed length (names and paths can be long or hold any character)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return f"{prefix}:{digest}"


# --- matches ---------------------------------------------------------------------------------


def _session_preferences(request: HttpRequest) -> dict[str, Any]:
    data = request.session.get(PREFERENCES_KEY)
    return data if isinstance(data, dict) else {}


def _zones_from_get(request: HttpRequest) -> list[int] | None:
    if "zone" not in request.GET:
        return None
    zones = []
    for value in request.GET.getlist("zone"):
        if value.isdigit() and int(value) in selectors.ALL_ZONES:
            zones.append(int(value))
    return zones


@dataclass
class MatchSetting:
    """Whose matches, with which job zones and area."""

    student: User | None
    profile: Any
    zones: tuple[int, ...]
    area: selectors.StudentArea
    school: Any
    mine: bool
    may_save: bool


def _match_setting(request: HttpRequest, take: Take, version: str = "") -> MatchSetting:
    viewer = _user(request)
    student = take.student or viewer
    mine = student.pk == viewer.pk
    profile = selectors.profile_for_matches(student)
    school = selectors.student_school(student, profile)
    if take.stored:
        saved_zones = profile.job_zones if profile is not None else []
        chosen_area = profile.area_code if profile is not None else ""
    else:  # a preview: choices live in the session, like the answers
        session = _session_preferences(request)
        saved_zones = session.get("job_zones") or []
        chosen_area = session.get("area", "")
    from_get = _zones_from_get(request)
    zones = selectors.zones_clean(from_get if from_get is not None else saved_zones)
    visitor: ResolvedArea = request.area  # type: ignore[attr-defined]  # AreaMiddleware
    area = selectors.student_area(chosen=chosen_area, school=school, visitor=visitor, version=version)
    return MatchSetting(student, profile, zones, area, school, mine, mine)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_required
@require_GET
def matches_latest(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    latest = selectors.attempt_latest_completed(user)
    preview = _preview_data(request)
    take_id: UUID | None = latest.public_id if latest is not None else None
    if preview is not None and preview.get("scores") and (latest is None or not _who(user).stores):
        take_id = UUID(preview["id"])
    if take_id is None:
        messages.info(
            request, _("Finish the Interest Profiler first: your career matches come from your answers.")
        )
        return HttpResponseRedirect(reverse("students:profiler-home"))
    query = request.GET.urlencode()
    url = reverse("students:profiler-matches", args=[take_id])
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


@login_required
@require_GET
def matches(request: HttpRequest, take_id: UUID) -> HttpResponse:
    take = _take_to_read(request, take_id)
    if not take.completed:
        return HttpResponseRedirect(_item_url(take, selectors.first_unanswered(take.answers) or ITEM_COUNT))
    matrix = selectors.ratings_matrix()  # its version (the public data's load) keys the caches
    setting = _match_setting(request, take, matrix.version)
    sort = request.GET.get("sort", "fit")
    if sort not in selectors.MATCH_SORTS:
        sort = "fit"
    page = _page_number(request)
    query_zones = "".join(f"&zone={z}" for z in setting.zones) if "zone" in request.GET else ""
    flat, html = _match_results(request, take, setting, sort, page, query_zones, matrix)
    if getattr(request, "htmx", False) and not request.htmx.history_restore_request:  # type: ignore[attr-defined]
        response = HttpResponse(html)
        patch_vary_headers(response, ["HX-Request"])
        return response
    names = selectors.area_names()
    context = {
        "take": take,
        "setting": setting,
        "flat": flat,
        "results_html": mark_safe(html),  # noqa: S308  (rendered by our own template just now, or cached)
        "sort": sort,
        "sort_choices": SORT_CHOICES,
        "job_zones": list(JOB_ZONES.items()),
        "top_names": [names[c] for c in take.top],
        "query_zones": query_zones,
        "all_zones": setting.zones == selectors.ALL_ZONES,
    }
    context["match_head"] = _match_head(request, take, setting, context, matrix.version)
    response = render(request, "students/profiler/matches.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _match_head(
    request: HttpRequest, take: Take, setting: MatchSetting, context: dict[str, Any], version: str
) -> SafeString:
    """The HTML of the matches page's header and choices (partial `match-head`), cached for
    MATCHES_CACHE_SECONDS under everything it shows. Its forms carry a stand-in for the CSRF
    token, replaced on every request by the visitor's own token (as `{% csrf_token %}` gives)."""
    key = _cache_key(
        "profiler-match-head",
        get_language() or "",
        request.path,
        take.top,
        "stored" if take.stored else "preview",
        "mine" if setting.mine else setting.student.display_name if setting.student is not None else "",
        "may-save" if setting.may_save else "",
        "flat" if context["flat"] else "",
        ",".join(map(str, setting.zones)),
        context["query_zones"],
        context["sort"],
        setting.area.area.code,
        setting.area.source,
        version,  # area names come with the public data
    )
    html = cache.get(key)
    if not isinstance(html, str):
        fragment = {**context, "csrf_token": CSRF_STAND_IN}  # over the context processor's token
        html = render_to_string("students/profiler/matches.html#match-head", fragment, request=request)
        cache.set(key, html, MATCHES_CACHE_SECONDS)
    if CSRF_STAND_IN in html:
        html = html.replace(CSRF_STAND_IN, get_token(request))
    return mark_safe(html)  # noqa: S308  (rendered by our own template; a token is letters and digits)


def _match_results(
    request: HttpRequest,
    take: Take,
    setting: MatchSetting,
    sort: str,
    page: int,
    query_zones: str,
    matrix: selectors.RatingsMatrix,
) -> tuple[bool, str]:
    """Whether the profile is flat, and the HTML of the list of matches.

    The list is the same for everyone who may see it (no form, no token in it), so it is cached
    for MATCHES_CACHE_SECONDS under everything it depends on: the language, the attempt (finished
    attempts never change; a retake is a new attempt), the area, job zones, sort, page, school
    and the version of the public data (`ratings_matrix().version`: occupations, wages,
    projections, CIP). What administrators edit (a program of study, an area's family-sustaining
    wage) shows up on the list within that time. The ranked list itself is cached apart, by
    `selectors.matches_list`, so other pages, sorts by the same key and other viewers reuse it.
    """
    key = ":".join(
        [
            "profiler-matches",
            get_language() or "",
            str(take.id),
            setting.area.area.code,
            ",".join(map(str, setting.zones)),
            sort,
            str(page),
            str(setting.school.pk if setting.school is not None else ""),
            "mine" if setting.mine else "other",
            query_zones,
            matrix.version,
        ]
    )
    cached = cache.get(key)
    if cached is not None:
        return bool(cached["flat"]), str(cached["html"])

    def fetch(number: int) -> selectors.MatchList:
        return selectors.matches_list(
            scores=take.scores,
            area=setting.area.area,
            zones=setting.zones,
            sort=sort,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            school=setting.school,
            matrix=matrix,
        )

    result = fetch(page)
    pages = max(1, math.ceil(result.count / PAGE_SIZE))
    if page > pages:
        page = pages
        result = fetch(page)
    context = {
        "take": take,
        "result": result,
        "setting": setting,
        "sort": sort,
        "band_labels": BAND_LABELS,
        "pages": {
            "number": page,
            "count": pages,
            "previous": page - 1 if page > 1 else None,
            "next": page + 1 if page < pages else None,
            "first_row": (page - 1) * PAGE_SIZE + 1 if result.count else 0,
            "last_row": min(page * PAGE_SIZE, result.count),
        },
        "query_zones": query_zones,
        "wage_source": wage_label(result.area),
    }
    html = render_to_string("students/profiler/matches.html#match-results", context, request=request)
    cache.set(key, {"flat": result.flat, "html": html}, MATCHES_CACHE_SECONDS)
    return result.flat, html


@login_required
@require_GET
def match(request: HttpRequest, take_id: UUID, code: str) -> HttpResponse:
    take = _take_to_read(request, take_id)
    if not take.completed:
        raise Http404
    setting = _match_setting(request, take)
    try:
        detail = selectors.match_detail(
            scores=take.scores, code=code, area=setting.area.area, zones=setting.zones, school=setting.school
        )
    except (NotFound, FlatProfileError) as exc:
        raise Http404(str(exc)) from exc
    names = selectors.area_names()
    groups: dict[str, list[selectors.ProgramReach]] = {}
    for program in detail.row.programs:
        groups.setdefault(program.how, []).append(program)
    return render(
        request,
        "students/profiler/match.html",
        {
            "take": take,
            "detail": detail,
            "row": detail.row,
            "setting": setting,
            "band_labels": BAND_LABELS,
            "student_top": [names[c] for c in take.top],
            "occupation_top": [names[c] for c in detail.row.top],
            "program_groups": [(programs[0].how_label, programs) for programs in groups.values()],
        },
    )


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """Save the job zones and the area the student's matches use, then go back to the matches."""
    user = _user(request)
    who = _who(user)
    back = request.POST.get("next", "")
    if not back or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("students:profiler-matches-latest")
    zones = [int(v) for v in request.POST.getlist("zone") if v.isdigit() and int(v) in selectors.ALL_ZONES]
    area = request.POST.get("area")
    if request.POST.get("reset_area"):
        area = ""
    try:
        if who.stores:
            services.profile_preferences_set(
                acting_user=user,
                student=user,
                job_zones=zones if "zones" in request.POST else None,
                area=area.strip() if area is not None else None,
            )
        else:
            data = _session_preferences(request)
            if "zones" in request.POST:
                data["job_zones"] = list(selectors.zones_clean(zones))
            if area is not None:
                if area.strip():
                    from pathways.labor.selectors import area_resolve

                    data["area"] = area_resolve(area.strip()).area.code
                else:
                    data.pop("area", None)
            request.session[PREFERENCES_KEY] = data
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your choices were saved."))
    return HttpResponseRedirect(back.split("?")[0], status=303)


# --- consent ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, student_id: UUID) -> HttpResponse:
    """A student's consent for the profiler: record it (school staff or a linked guardian, as the
    consortium allows) or withdraw it (deletes the stored attempts, after a confirmation)."""
    user = _user(request)
    try:
        student = selectors.access_consent_student(user, student_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    membership = selectors.student_membership(student)
    if membership is None:
        raise Http404
    profile = selectors.profile_of(student)
    state = selectors.consent_state(student, profile, membership.consortium_id)
    school = selectors.student_school(student, profile)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "record":
                services.consent_record(
                    acting_user=user, student=student, source=request.POST.get("source", "")
                )
                messages.success(
                    request,
                    _("Consent is recorded. The student's Interest Profiler answers will now be saved."),
                )
            elif action == "withdraw":
                deleted = services.consent_withdraw(
                    acting_user=user, student=student, confirm=bool(request.POST.get("confirm"))
                )
                messages.success(
                    request,
                    _("Consent is withdrawn. Saved Interest Profiler results deleted: %(n)s.")
                    % {"n": deleted},
                )
            else:
                raise InvalidInput(_("Choose what to do."), field="action")
        except DomainError as exc:
            error = exc.message
        else:
            return HttpResponseRedirect(request.path, status=303)
    else:
        audit_record(
            acting_user=user,
            action="student.view",
            object_type="student",
            object_id=str(student.public_id),
            details={"page": "profiler-consent"},
        )
    return render(
        request,
        "students/profiler/consent.html",
        {
            "student": student,
            "state": state,
            "school": school,
            "as_school": selectors.may_consent_as_school(user, student, school, state),
            "as_guardian": selectors.may_consent_as_guardian(user, student, state),
            "may_withdraw": selectors.may_withdraw_consent(user, student, school),
            "attempt_count": ProfilerAttempt.objects.filter(student=student).count(),
            "sources": ConsentSource,
            "statuses": ConsentStatus,
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, slug: str) -> HttpResponse:
    """A consortium leader's consent rule for students under 13."""
    user = _user(request)
    consortium = Consortium.objects.filter(slug=slug).first()
    from pathways.accounts import policies

    if consortium is None or not policies.is_leader(user, consortium.pk):
        raise Http404
    rules = selectors.student_settings(consortium.pk)
    error = ""
    if request.method == "POST":
        try:
            rules = services.student_settings_update(
                acting_user=user,
                consortium=consortium,
                require_consent_under_13=bool(request.POST.get("require_consent_under_13")),
                school_may_consent=bool(request.POST.get("school_may_consent")),
                guardian_may_consent=bool(request.POST.get("guardian_may_consent")),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("The consent rule was saved."))
            return HttpResponseRedirect(request.path, status=303)
    return render(
        request,
        "students/profiler/policy.html",
        {"consortium": consortium, "rules": rules, "error": error},
        status=422 if error else 200,
    )
