"""The area picker: which place's wages a visitor sees, remembered in a cookie.

`area_choose` shows the picker (GET) and remembers a choice (POST): a state, a metro or
nonmetro area, or a ZIP code. A choice that does not resolve shows a clear message and changes
nothing. `area_suggest` returns the matches for what has been typed so far (an HTMX fragment).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pathways.core.errors import DomainError

from .middleware import AREA_COOKIE
from .models import WageArea, ZipCode
from .selectors import AREA_CODE_RE, ZIP_RE, ResolvedArea, area_resolve, areas_search
from .templatetags.wages import area_name

COOKIE_MAX_AGE = 365 * 24 * 60 * 60
MAX_QUERY = 80
SUGGESTIONS = 8


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after choosing: a same-site path, never another site."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def _choices(matches: list[tuple[WageArea, ZipCode | None]]) -> list[dict[str, Any]]:
    """Matches as buttons: the value sent back, and what the visitor reads."""
    return [
        {
            "value": zip_code.zip if zip_code else area.code,
            "name": area_name(area),
            "zip": zip_code.zip if zip_code else "",
            "kind": area.get_kind_display(),
        }
        for area, zip_code in matches
    ]


def _is_exact(area: WageArea, query: str) -> bool:
    """ "New Mexico" or "NM" means the state, not every area whose name contains it."""
    folded = query.casefold()
    if area.name.casefold() == folded:
        return True
    return (
        area.kind == WageArea.Kind.STATE and area.state is not None and area.state.usps.casefold() == folded
    )


def _remember(response: HttpResponse, resolved: ResolvedArea) -> HttpResponse:
    value = resolved.zip_code.zip if resolved.zip_code else resolved.area.code
    response.set_cookie(
        AREA_COOKIE,
        value,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@require_http_methods(["GET", "POST"])
def area_choose(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    next_url = _safe_next(request, data.get("next"))
    query = data.get("q", "").strip()[:MAX_QUERY]
    context: dict[str, Any] = {"next": next_url, "q": query, "error": "", "choices": []}
    if request.method == "GET":
        if query:
            context["choices"] = _choices(areas_search(query, limit=20))
        return render(request, "labor/area_choose.html", context)

    # A suggestion button sends `area` (a code or a ZIP); the text box sends `q`.
    value = data.get("area", "").strip()[:MAX_QUERY]
    try:
        if value:
            resolved = area_resolve(value)
        elif AREA_CODE_RE.match(query) or ZIP_RE.match(query):
            resolved = area_resolve(query)
        elif query:
            matches = areas_search(query, limit=20)
            exact = [area for area, _zip in matches if _is_exact(area, query)]
            if len(matches) == 1 or len(exact) == 1:
                resolved = area_resolve((exact or [matches[0][0]])[0].code)
            elif matches:
                context["choices"] = _choices(matches)
                context["several"] = True
                return render(request, "labor/area_choose.html", context)
            else:
                context["error"] = _(
                    "We could not find a place called “%(query)s”. "
                    "Try a state, a city, or a 5-digit ZIP code."
                ) % {"query": query}
                return render(request, "labor/area_choose.html", context, status=422)
        else:
            context["error"] = _("Type a state, a city, or a 5-digit ZIP code.")
            return render(request, "labor/area_choose.html", context, status=422)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "labor/area_choose.html", context, status=422)
    return _remember(HttpResponseRedirect(next_url), resolved)


@require_GET
def area_suggest(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    hint = ""
    choices: list[dict[str, Any]] = []
    if query.isdigit() and len(query) < 5:
        hint = _("Type all 5 digits of the ZIP code.")
    elif len(query) >= 2:
        choices = _choices(areas_search(query, limit=SUGGESTIONS))
        if not choices:
            hint = (
                _("ZIP code %(zip)s is not in our list of U.S. ZIP codes.") % {"zip": query}
                if ZIP_RE.match(query)
                else _("No place matches “%(query)s”. Try a state, a city, or a 5-digit ZIP code.")
                % {"query": query}
            )
    return render(
        request,
        "labor/area_choose.html#suggestions",
        {"choices": choices, "hint": hint, "q": query, "fragment": True},
    )
