"""Pages anyone may read: the public consortium pages and the printable meeting outcomes (and PDF)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

from .. import selectors
from ..pdf import outcomes_pdf
from ._base import public_view, render_page


@public_view
def consortium_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, "consortia/public_list.html", {"consortia": selectors.public_consortia()})


@public_view
def consortium_public(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.public_consortium(slug)
    page = selectors.public_page(consortium)
    return render_page(
        request,
        "consortia/public_detail.html",
        {
            "consortium": consortium,
            "page": page,
            "industries": selectors.flatten(page.industries),
            "is_participant": selectors.is_participant(request.user, consortium.pk),
        },
    )


def _meeting_for(request: HttpRequest, slug: str, public_id: UUID) -> selectors.Outcomes:
    meeting = selectors.access_meeting(request.user, public_id)
    if meeting.consortium.slug != slug:
        raise Http404
    return selectors.meeting_outcomes(meeting, include_open_ballots=False)


@public_view
def outcomes(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    record = _meeting_for(request, slug, public_id)
    return render_page(
        request,
        "consortia/outcomes_print.html",
        {
            "consortium": record.meeting.consortium,
            "outcomes": record,
            "industries": selectors.flatten(record.industries),
            "is_participant": selectors.is_participant(request.user, record.meeting.consortium_id),
        },
    )


@public_view
def outcomes_pdf_download(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    record = _meeting_for(request, slug, public_id)
    meeting = record.meeting
    response = HttpResponse(outcomes_pdf(record), content_type="application/pdf")
    filename = f"outcomes-{meeting.date:%Y-%m-%d}-{slugify(meeting.title)[:60] or 'meeting'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if not meeting.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
