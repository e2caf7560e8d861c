"""The public thank-you page of a consortium's partners: what each gave, in counts only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pathways.consortia.selectors import public_consortium
from pathways.core.errors import NotFound

from .. import selectors_partners as selectors


def partners_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        consortium = public_consortium(slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    rows = selectors.recognition(consortium)
    return render(
        request,
        "wbl/recognition/thanks.html",
        {
            "consortium": consortium,
            "rows": rows,
            "totals": {
                "partners": len(rows),
                "opportunities": sum(r.opportunities for r in rows),
                "students": sum(r.students for r in rows),
                "hours": sum((r.hours for r in rows), start=0),
            },
            "as_of": timezone.localdate(),
        },
    )
