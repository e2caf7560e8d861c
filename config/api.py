"""The versioned JSON API (`/api/v1/`): each app's router, and one shape for every error."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from pathways.accounts.api import router as accounts_router
from pathways.catalog.api import router as catalog_router
from pathways.consortia.api import router as consortia_router
from pathways.core.errors import DomainError, InvalidInput, NotFound
from pathways.labor.api import router as labor_router
from pathways.orgs.api import router as orgs_router
from pathways.programs.api import router as programs_router
from pathways.reports.api import router as reports_router
from pathways.students.api import router as students_router
from pathways.wbl.api import router as wbl_router

DESCRIPTION = """
Public career and labor-market data: Career Clusters, O*NET occupations, BLS OEWS wages
(May 2025) and BLS Employment Projections (2024-34).

**Areas.** Wherever `area` is taken it is a BLS OEWS area code (`0000000` the nation,
`3500000` New Mexico, `0010740` Albuquerque) or a five-digit ZIP code, resolved to its metro or
nonmetro wage area. The default is the nation.

**Wages.** A figure BLS did not publish is `null`, never `0`; the `notes` list of a wage block
says why (top-coded at $239,200 a year, annual wages only, not released).

**Errors.** Every error, whatever its status, has one shape:

    {"detail": [{"loc": ["query", "limit"], "msg": "...", "type": "..."}]}

`loc` names where the problem is: `["query", "<parameter>"]` or `["path", "<parameter>"]`.
Invalid parameters get **422** (`type` is `invalid_input`, or pydantic's kind such as
`less_than_equal`); unknown codes, areas, ZIP codes or cluster slugs get **404**
(`type` `not_found`).
"""

api = NinjaAPI(title="Pathways API", version="1.0.0", description=DESCRIPTION, urls_namespace="api")
api.add_router("", catalog_router)
api.add_router("", labor_router)
api.add_router("", orgs_router)
api.add_router("", accounts_router)
api.add_router("", consortia_router)
api.add_router("", programs_router)
api.add_router("", students_router)
api.add_router("", wbl_router)
api.add_router("", reports_router)


def _errors(request: HttpRequest, items: list[dict[str, Any]], status: int) -> HttpResponse:
    return api.create_response(request, {"detail": items}, status=status)


def _loc(request: HttpRequest, field: str | None) -> list[str]:
    if not field:
        return []
    match = request.resolver_match
    if match is not None and field in match.kwargs:
        return ["path", field]
    return ["query", field]


def _kind(exc: DomainError) -> str:
    if isinstance(exc, NotFound):
        return "not_found"
    if isinstance(exc, InvalidInput):
        return "invalid_input"
    return "domain_error"


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    item = {"loc": _loc(request, exc.field), "msg": exc.message, "type": _kind(exc)}
    return _errors(request, [item], exc.status_code)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    items = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors]
    return _errors(request, items, 422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _errors(request, [{"loc": [], "msg": _("Not found."), "type": "not_found"}], 404)
