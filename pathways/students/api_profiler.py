"""API: profiler.

- `POST /interest-profiler/score` (public, stores nothing): the six scores of 60 answers and the
  careers ranked by fit, with wages for an area.
- `GET /me/profiler` and `GET /me/matches` (signed in, `API_AUTH`): the student's own attempts,
  and the career matches of their latest finished attempt.

Scoring and ranking are `pathways.matching.interests` (method: docs/matching/career-matching.md);
endpoints call `selectors_profiler` only, and the wage block is `pathways.labor.api.wages_out`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Response

from pathways.accounts.auth import API_AUTH
from pathways.accounts.models import User
from pathways.core.errors import DomainError, NotFound
from pathways.labor.api import (
    AREA_DESCRIPTION,
    AreaOut,
    ErrorOut,
    OutlookSummaryOut,
    WagesOut,
    outlook_summary_out,
    resolved_area_out,
    wages_out,
)
from pathways.labor.selectors import ResolvedArea, area_resolve, family_sustaining_threshold
from pathways.matching.interests import (
    ANSWER_LABELS,
    AREAS,
    FLAT_SPREAD,
    ITEM_COUNT,
    is_flat,
    score_answers,
    top_areas,
)

from . import selectors_profiler as selectors
from .models import AttemptStatus, ProfilerAttempt

router = Router()

MatchSort = Literal["fit", "wage", "openings"]
EXAMPLE_ANSWERS = "554433221154" * 5


# --- schemas ---------------------------------------------------------------------------------


class ScoreIn(Schema):
    answers: str = Field(
        description=(
            "The 60 answers in item order (data/public/interest_profiler), one digit each: 1 Strongly "
            "Dislike, 2 Dislike, 3 Unsure, 4 Like, 5 Strongly Like. No spaces or separators."
        ),
        examples=[EXAMPLE_ANSWERS],
    )
    job_zone: int | list[int] | None = Field(
        None,
        description=(
            "Only careers in this O*NET Job Zone (1-5), or in any of a list of them. "
            "Default: every career with interest data, whatever its zone."
        ),
        examples=[3, [1, 2, 3]],
    )
    area: str | None = Field(None, description=AREA_DESCRIPTION + " Wages in `matches` are for this area.")
    limit: int = Field(20, ge=1, le=1000, description="How many matches to return, best fit first.")


class ScoresOut(Schema):
    R: int = Field(description="Realistic, 0-40.")
    I: int = Field(description="Investigative, 0-40.")  # noqa: E741  (the RIASEC letter)
    A: int = Field(description="Artistic, 0-40.")
    S: int = Field(description="Social, 0-40.")
    E: int = Field(description="Enterprising, 0-40.")
    C: int = Field(description="Conventional, 0-40.")


class ProgramReachOut(Schema):
    id: UUID = Field(description="Public id of the program of study (see /programs).")
    name: str
    how: str = Field(description="`here`, `other_school`, `virtual` or `college`.")
    how_label: str
    place: str


class MatchOut(Schema):
    rank: int = Field(description="1 = best fit, in the order of the documented ranking.")
    code: str = Field(examples=["29-1141.00"])
    soc_code: str
    title: str
    fit: str = Field(
        description="Fit band: `best` (r >= 0.80), `great` (>= 0.65), `good` (>= 0.50) or `other`."
    )
    similarity: float = Field(
        description="Pearson correlation of the six scores with the occupation's six O*NET interest ratings."
    )
    job_zone: int | None
    top: str = Field(description="The occupation's three highest interest areas, e.g. `SIC`.")
    why: str = Field(description="Why it matches, in one sentence (in the request's language).")
    wage: WagesOut = Field(description="The wage block of the catalog API, for `area`.")
    outlook: OutlookSummaryOut | None
    family_sustaining: bool | None = Field(
        description="Whether the median wage in the area reaches the family-sustaining wage; null if unknown."
    )


class ScoreOut(Schema):
    scores: ScoresOut
    top: str = Field(description="The three highest areas, highest first; ties in R, I, A, S, E, C order.")
    area: AreaOut
    job_zones: list[int] = Field(
        description="The job zones the matches were filtered to (all five: no filter)."
    )
    count: int = Field(description="How many careers were ranked (after the job-zone filter).")
    matches: list[MatchOut]


class ConsentOut(Schema):
    possibly_under_13: bool
    required: bool = Field(description="The consortium requires consent for students under 13.")
    status: str = Field(description="`not_needed`, `pending`, `granted` or `withdrawn`.")
    stored: bool = Field(description="Whether Pathways stores this student's attempts now.")


class AttemptOut(Schema):
    id: UUID
    status: str = Field(description="`in_progress` or `completed`.")
    answered: int = Field(description="How many of the 60 items are answered.")
    started_at: datetime
    completed_at: datetime | None
    scores: ScoresOut | None
    top: str | None


class MyProfilerOut(Schema):
    is_student: bool
    consent: ConsentOut | None
    attempts: list[AttemptOut] = Field(description="Newest first.")


class MyMatchesIn(Schema):
    job_zone: list[int] = Field(
        default_factory=list,
        description="Job Zone(s) 1-5, repeat for several. Default: the zones saved in the student's profile.",
    )
    area: str = Field(
        "", description=AREA_DESCRIPTION + " Default: the student's chosen area, else their school's."
    )
    sort: MatchSort = Field(
        "fit", description="`fit` (best first), `wage` (highest median first) or `openings`."
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


class MyMatchOut(MatchOut):
    programs: list[ProgramReachOut] = Field(
        description="Programs of study the student can reach that lead to this career (CIP-SOC)."
    )
    college_programs: int = Field(description="How many CIP programs lead to it (college and training).")


class MyMatchesOut(Schema):
    attempt: UUID
    completed_at: datetime | None
    scores: ScoresOut
    top: str
    area: AreaOut
    job_zones: list[int]
    sort: str
    flat: bool = Field(description="All six scores equal: no list (the student is asked to explore instead).")
    near_flat: bool = Field(description=f"Scores within {FLAT_SPREAD} points: a list, to read as ideas.")
    weak: bool = Field(description="No career reached the `good` band: the closest few are listed.")
    count: int
    matches: list[MyMatchOut]


# --- helpers ---------------------------------------------------------------------------------


def _error(status: int, loc: list[str | int], message: str, kind: str) -> Response:
    return Response({"detail": [{"loc": loc, "msg": message, "type": kind}]}, status=status)


def _answers_problem(answers: str) -> str | None:
    """What is wrong with the answers, in words that name `answers`; None when they are fine."""
    if len(answers) != ITEM_COUNT:
        return _("answers must be exactly %(count)s digits from 1 to 5; got %(n)s characters.") % {
            "count": ITEM_COUNT,
            "n": len(answers),
        }
    for position, char in enumerate(answers, start=1):
        if char not in ANSWER_LABELS:
            return _(
                "answers: character %(position)s is %(char)s; each answer must be a digit from "
                "1 (Strongly Dislike) to 5 (Strongly Like)."
            ) % {"position": position, "char": repr(char)}
    return None


def _flat_problem(scores: dict[str, int]) -> str:
    low, high = min(scores.values()), max(scores.values())
    if low == high:
        return _(
            "answers give a flat profile: all six area scores are %(score)s, so no interest area stands "
            "out to rank careers by."
        ) % {"score": low}
    return _(
        "answers give a flat profile: the six area scores are within %(spread)s points of each other "
        "(%(low)s to %(high)s), too close to tell the areas apart and rank careers by."
    ) % {"spread": FLAT_SPREAD, "low": low, "high": high}


def _scores_out(scores: dict[str, int]) -> ScoresOut:
    return ScoresOut(**{area: int(scores[area]) for area in AREAS})


def _match_out(row: selectors.MatchRow, area: ResolvedArea, cls: type[MatchOut] = MatchOut) -> MatchOut:
    fields: dict[str, Any] = {
        "rank": row.rank,
        "code": row.occupation.code,
        "soc_code": row.occupation.soc_code,
        "title": row.occupation.title,
        "fit": row.band,
        "similarity": row.similarity,
        "job_zone": row.occupation.job_zone_id,
        "top": row.top,
        "why": row.why,
        "wage": wages_out(area.area, row.wage),
        "outlook": outlook_summary_out(row.projection),
        "family_sustaining": row.family_sustaining,
    }
    if cls is MyMatchOut:
        fields["programs"] = [
            ProgramReachOut(id=p.program_id, name=p.name, how=p.how, how_label=p.how_label, place=p.place)
            for p in row.programs
        ]
        fields["college_programs"] = row.cip_count
    return cls(**fields)


# --- endpoints -------------------------------------------------------------------------------


@router.post(
    "/interest-profiler/score",
    response={200: ScoreOut, 404: ErrorOut, 422: ErrorOut},
    summary="Score Interest Profiler answers and rank careers",
    description=(
        "Scores the 60 answers of the O*NET Interest Profiler Short Form (each area 0-40: the sum of "
        "answer - 1 over its ten items) and ranks every occupation with O*NET interest ratings by the "
        "Pearson correlation of its six ratings with the six scores (ties by O*NET-SOC code), "
        "optionally only in some job zones. Stores nothing. Wrong length, a character other than "
        "1-5, or a flat profile (all six scores within 2 points) is a 422 naming `answers`; an "
        "unknown `area` is a 404. Method: docs/matching/career-matching.md."
    ),
    openapi_extra={"security": []},
)
def score(request: HttpRequest, payload: ScoreIn) -> HttpResponse:
    problem = _answers_problem(payload.answers)
    if problem is not None:
        return _error(422, ["body", "answers"], problem, "invalid_input")
    scores = score_answers(payload.answers)
    if is_flat(scores):
        return _error(422, ["body", "answers"], _flat_problem(scores), "flat_profile")
    zones_in = payload.job_zone
    zones_list = [zones_in] if isinstance(zones_in, int) else list(zones_in or [])
    try:
        zones = selectors.zones_clean(zones_list)
    except DomainError as exc:
        return _error(422, ["body", "job_zone"], exc.message, "invalid_input")
    try:
        resolved = area_resolve(payload.area)
    except DomainError as exc:
        return _error(
            exc.status_code,
            ["body", "area"],
            exc.message,
            "not_found" if isinstance(exc, NotFound) else "invalid_input",
        )
    matrix, ranking = selectors.occupations_ranked(scores, zones=zones)
    positions = [int(p) for p in ranking.order[: payload.limit]]
    rows = selectors.match_rows(
        matrix,
        positions,
        student_top=top_areas(scores),
        area=resolved.area,
        threshold=family_sustaining_threshold(resolved.area),
        school=None,
        rank_of={p: i + 1 for i, p in enumerate(positions)},
        similarity={
            int(p): float(s) for p, s in zip(ranking.order[: payload.limit], ranking.similarity, strict=False)
        },
        band={int(p): str(b) for p, b in zip(ranking.order[: payload.limit], ranking.band, strict=False)},
        what_next=False,
    )
    body = ScoreOut(
        scores=_scores_out(scores),
        top="".join(top_areas(scores)),
        area=resolved_area_out(resolved),
        job_zones=list(zones),
        count=len(ranking.order),
        matches=[_match_out(row, resolved) for row in rows],
    )
    return Response(body.model_dump(mode="json"))


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # API_AUTH
    return user


@router.get(
    "/me/profiler",
    response={200: MyProfilerOut},
    auth=API_AUTH,
    summary="Your Interest Profiler attempts",
    description=(
        "The signed-in student's attempts, newest first, with scores for finished ones, and the "
        "consent rule that applies to them (nothing is stored for a student who may be under 13 "
        "until a parent, guardian or the school consents). Other users get an empty list."
    ),
)
def my_profiler(request: HttpRequest) -> MyProfilerOut:
    user = _user(request)
    membership = selectors.student_membership(user)
    if membership is None:
        return MyProfilerOut(is_student=False, consent=None, attempts=[])
    profile = selectors.profile_of(user)
    state = selectors.consent_state(user, profile, membership.consortium_id)
    attempts = ProfilerAttempt.objects.filter(student=user).order_by("-created_at", "-pk")
    return MyProfilerOut(
        is_student=True,
        consent=ConsentOut(
            possibly_under_13=state.under_13,
            required=state.required,
            status=state.status,
            stored=state.may_store,
        ),
        attempts=[
            AttemptOut(
                id=a.public_id,
                status=a.status,
                answered=a.answered,
                started_at=a.created_at,
                completed_at=a.completed_at,
                scores=_scores_out(a.scores) if a.status == AttemptStatus.COMPLETED else None,
                top=a.top or None,
            )
            for a in attempts
        ],
    )


@router.get(
    "/me/matches",
    response={200: MyMatchesOut, 404: ErrorOut, 422: ErrorOut},
    auth=API_AUTH,
    summary="Your career matches",
    description=(
        "Careers that fit the signed-in student's latest finished Interest Profiler (bands best, "
        "great and good), with pay for their area, the programs of study they can reach and why "
        "each one fits. 404 when they have not finished one."
    ),
)
def my_matches(request: HttpRequest, params: Query[MyMatchesIn]) -> HttpResponse:
    user = _user(request)
    attempt = selectors.attempt_latest_completed(user)
    if attempt is None:
        return _error(
            404,
            [],
            _("You have not finished the Interest Profiler yet: there are no matches to show."),
            "not_found",
        )
    profile = selectors.profile_of(user)
    school = selectors.student_school(user, profile)
    zones = selectors.zones_clean(params.job_zone or (profile.job_zones if profile is not None else []))
    if params.area:
        resolved = area_resolve(params.area)
    else:
        resolved = selectors.student_area(
            chosen=profile.area_code if profile is not None else "", school=school, visitor=area_resolve(None)
        ).resolved
    result = selectors.matches_list(
        scores=attempt.scores,
        area=resolved.area,
        zones=zones,
        sort=params.sort,
        limit=params.limit,
        offset=params.offset,
        school=school,
    )
    body = MyMatchesOut(
        attempt=attempt.public_id,
        completed_at=attempt.completed_at,
        scores=_scores_out(attempt.scores),
        top=attempt.top,
        area=resolved_area_out(resolved),
        job_zones=list(result.zones),
        sort=result.sort,
        flat=result.flat,
        near_flat=result.near_flat,
        weak=result.weak,
        count=result.count,
        matches=[_match_out(row, resolved, MyMatchOut) for row in result.rows],  # type: ignore[misc]
    )
    return Response(body.model_dump(mode="json"))
