"""Discovery: students find approved opportunities by type, Career Cluster, distance and virtual,
with the ones linked to their career matches, favourites and plan first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from pathways.accounts.policies import scope_of
from pathways.core.errors import NotFound

from .. import selectors_partners as selectors
from ..forms_partners import DiscoveryForm
from ..models import EngagementType
from .partners import user_of, wbl_page


@wbl_page
def discover(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    s = scope_of(user)
    if not (s.student_at or s.staff_of):
        raise NotFound(_("Not found."))
    filters, zip_problem = DiscoveryForm(request.GET).filters()
    result = selectors.discover(user, filters)
    return render(
        request,
        "wbl/discovery/discover.html",
        {
            "result": result,
            "filters": filters,
            "zip_problem": zip_problem or result.origin_problem,
            "typed_zip": (request.GET.get("zip") or "").strip()[:5],
            "engagements": EngagementType.choices,
            "clusters": selectors.clusters(),
            "distances": selectors.DISTANCE_CHOICES,
            "is_student": bool(s.student_at),
            "mine": selectors.my_registrations(user) if s.student_at else [],
        },
    )
