"""Site-wide pages that belong to no domain app: About (data sources and credits)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")
