from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from pathways.core.errors import DomainError

from .selectors import ResolvedArea, area_resolve

AREA_COOKIE = "pathways_area"


def _visitor_area(request: HttpRequest) -> ResolvedArea:
    try:
        return area_resolve(request.COOKIES.get(AREA_COOKIE))
    except DomainError:
        return area_resolve(None)


class AreaMiddleware:
    """Puts the visitor's chosen wage area (remembered in a cookie) on `request.area`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.area = SimpleLazyObject(lambda: _visitor_area(request))  # type: ignore[attr-defined]
        return self.get_response(request)
