"""API: matching rounds and placements — the signed-in student's choices, results and placements,
and a placement's hours (read by anyone who may see the placement; logged by its student).

A round or placement the user may not see is a 404, like a missing one (house error shape).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from pathways.accounts.auth import API_AUTH
from pathways.labor.api import ErrorOut

from . import policies_rounds as pol
from . import selectors_rounds as sel
from .models import Placement
from .services import placements as services

router = Router(tags=["wbl"])


class OpportunityRef(Schema):
    public_id: UUID
    title: str
    partner: str


class ChoiceOut(Schema):
    rank: int
    opportunity: OpportunityRef
    has_transportation: bool
    statement: str


class ResultOut(Schema):
    round: UUID
    round_name: str
    placed_at: OpportunityRef | None
    choice_rank: int | None
    lottery_number: int | None
    from_scramble: bool
    # Rendered from the stored facts in the request's language (Accept-Language or the cookie).
    explanation: str


class PlacementOut(Schema):
    public_id: UUID
    opportunity: OpportunityRef
    status: str
    starts_on: date
    ends_on: date | None
    hours_approved: Decimal
    completed_on: date | None
    badge_url: str | None


class HoursOut(Schema):
    public_id: UUID
    worked_on: date
    hours: Decimal
    activity: str
    status: str
    review_note: str
    reviewed_at: datetime | None


class HoursIn(Schema):
    worked_on: date = Field(description="The day worked: not in the future, not before the start.")
    hours: Decimal = Field(description="More than 0 and at most 12 (the day's entries together).")
    activity: str = Field(description="What the student did (at most 300 characters).")


def _ref(opp: object) -> OpportunityRef:
    return OpportunityRef(public_id=opp.public_id, title=opp.title, partner=opp.partner.name)  # type: ignore[attr-defined]


def _placement_out(request: HttpRequest, p: Placement) -> PlacementOut:
    from .badges import badge_url

    return PlacementOut(
        public_id=p.public_id,
        opportunity=_ref(p.opportunity),
        status=p.status,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        hours_approved=services.hours_approved(p),
        completed_on=p.completed_on,
        badge_url=badge_url(p, request.build_absolute_uri("/")),
    )


@router.get(
    "/wbl/rounds/{round_id}/my-choices",
    auth=API_AUTH,
    response={200: list[ChoiceOut], 404: ErrorOut},
    summary="My choices in a round",
)
def my_choices(request: HttpRequest, round_id: UUID) -> list[ChoiceOut]:
    rnd = pol.access_round(request.user, round_id)
    return [
        ChoiceOut(
            rank=c.rank,
            opportunity=_ref(c.entry.opportunity),
            has_transportation=c.has_transportation,
            statement=c.statement,
        )
        for c in sel.my_choices(request.user, rnd)
    ]


@router.get(
    "/wbl/me/results", auth=API_AUTH, response={200: list[ResultOut]}, summary="My published round results"
)
def my_results(request: HttpRequest) -> list[ResultOut]:
    return [
        ResultOut(
            round=r.round.public_id,
            round_name=r.round.name,
            placed_at=_ref(r.entry.opportunity) if r.entry else None,
            choice_rank=r.choice_rank,
            lottery_number=r.lottery_number,
            from_scramble=r.from_scramble,
            explanation=r.explanation,
        )
        for r in sel.my_results(request.user)
    ]


@router.get("/wbl/me/placements", auth=API_AUTH, response={200: list[PlacementOut]}, summary="My placements")
def my_placements(request: HttpRequest) -> list[PlacementOut]:
    uid = request.user.pk
    return [_placement_out(request, p) for p in sel.placements_for(request.user).filter(student_id=uid)]


@router.get(
    "/wbl/placements/{placement_id}/hours",
    auth=API_AUTH,
    response={200: list[HoursOut], 404: ErrorOut},
    summary="A placement's hours",
)
def placement_hours(request: HttpRequest, placement_id: UUID) -> list[HoursOut]:
    p = pol.access_placement(request.user, placement_id)
    sel.placement_view(request.user, p)  # audits a read of someone else's placement
    return [
        HoursOut(
            public_id=h.public_id,
            worked_on=h.worked_on,
            hours=h.hours,
            activity=h.activity,
            status=h.status,
            review_note=h.review_note,
            reviewed_at=h.reviewed_at,
        )
        for h in p.hours.all()
    ]


@router.post(
    "/wbl/placements/{placement_id}/hours",
    auth=API_AUTH,
    response={201: HoursOut, 404: ErrorOut, 422: ErrorOut},
    summary="Log hours (the placement's student)",
)
def log_hours(request: HttpRequest, placement_id: UUID, body: HoursIn) -> tuple[int, HoursOut]:
    p = pol.access_placement(request.user, placement_id)
    h = services.log_hours(
        request.user, p, worked_on=body.worked_on, hours=body.hours, activity=body.activity
    )
    return 201, HoursOut(
        public_id=h.public_id,
        worked_on=h.worked_on,
        hours=h.hours,
        activity=h.activity,
        status=h.status,
        review_note=h.review_note,
        reviewed_at=h.reviewed_at,
    )
