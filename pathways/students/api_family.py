"""API: families and school staff.

- `GET /caseload`: the students of the caller's caseload (counselors and teachers: their
  school; district administrators: their district's schools; consortium leaders: every school of
  the consortium), filtered like the caseload page, with the "who needs attention" counts.
  Audited (`student.list`).
- `GET /family/students`: a parent's or guardian's linked students, each with a summary of their
  interests, favourites and plan. Every student returned is audited (`student.view`).

Endpoints call selectors only; the functions here turn their results into schemas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pathways.accounts.auth import API_AUTH
from pathways.core.errors import NotFound
from pathways.labor.api import ErrorOut

from . import selectors_family as selectors
from .services import family as services

router = Router()

FocusName = Literal[
    "no_profiler", "no_plan", "submitted", "changes_requested", "consent", "draft", "approved"
]
SortName = Literal["name", "grade", "school", "plan", "profiler"]
PlanStatusName = Literal["draft", "submitted", "changes_requested", "approved"]


class FamilyRef(Schema):
    id: UUID
    name: str


class FamilyOccupationRef(Schema):
    code: str = Field(description="O*NET-SOC code, e.g. 29-1141.00.")
    title: str


class ProfilerSummary(Schema):
    completed_at: datetime | None = Field(description="The latest completed attempt; null: none yet.")
    top: str = Field(
        description="The three strongest RIASEC areas, strongest first (e.g. `SIA`); empty: none."
    )
    in_progress: bool = Field(description="An attempt is started and not finished.")


class CaseloadPlan(Schema):
    status: PlanStatusName
    label: str = Field(description="The status in the caller's language.")
    program: str = Field(description="The name of the plan's program of study; empty: none chosen.")


class CaseloadStudentOut(Schema):
    id: UUID
    name: str
    username: str
    grade: int | None
    school: FamilyRef
    profiler: ProfilerSummary
    plan: CaseloadPlan | None = Field(description="null: the student has no plan.")
    consent_status: str | None = Field(
        description="`pending` for a student under 13 waiting for consent; null: no profile yet."
    )
    may_act: bool = Field(description="The caller may review this student's plan and record consent.")


class CaseloadCounts(Schema):
    total: int
    no_profiler: int
    no_plan: int
    submitted: int
    changes_requested: int
    consent: int
    draft: int
    approved: int


class CaseloadOut(Schema):
    count: int = Field(description="Students matching every filter, status included.")
    counts: CaseloadCounts = Field(
        description="Counts by status over the school, grade, program and name filters (before `status`)."
    )
    items: list[CaseloadStudentOut]


class CaseloadIn(Schema):
    school: str = Field("", max_length=40, description="A school of the caller's caseload (its id, a UUID).")
    grade: int | None = Field(None, ge=6, le=12)
    program: str = Field("", max_length=40, description="Only plans with this program of study (its id).")
    status: FocusName | None = Field(
        None,
        description=(
            "`no_profiler`: no completed Interest Profiler; `no_plan`; `submitted`: plan waiting for "
            "review; `changes_requested`; `consent`: under 13, waiting for consent; `draft`; `approved`."
        ),
    )
    q: str = Field("", max_length=100, description="Words of the student's name or username.")
    sort: SortName = "name"
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


def _caseload_plan(row: selectors.CaseloadRow) -> CaseloadPlan | None:
    if not row.plan_status:
        return None
    return CaseloadPlan(
        status=row.plan_status,  # type: ignore[arg-type]  # a PlanStatus value, from the database
        label=row.plan_status_label,
        program=row.plan_program,
    )


@router.get(
    "/caseload",
    auth=API_AUTH,
    response={200: CaseloadOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="List the students of the caller's caseload",
    description=(
        "Students of the schools the caller works with, with their Interest Profiler, plan and consent "
        "status. Anybody without a caseload (students, families, partners) gets 404, as does a school "
        "outside the caller's caseload. Every call is recorded in the audit log."
    ),
)
def caseload_list(request: HttpRequest, params: Query[CaseloadIn]) -> CaseloadOut:
    schools = selectors.caseload_schools(request.user)
    if not schools:
        raise NotFound(_("Not found."))
    try:
        filters = selectors.caseload_filters(
            request.user,
            school=params.school,
            grade=params.grade,
            program=params.program,
            focus=params.status or "",
            q=params.q,
            sort=params.sort,
            programs=selectors.caseload_programs(schools),
        )
    except NotFound as exc:
        raise NotFound(exc.message, field="school") from exc
    rows, counts = selectors.caseload_rows(request.user, filters)
    count = counts[filters.focus] if filters.focus else counts["total"]
    acting = selectors.acting_school_ids(request.user)
    page = [selectors.caseload_row(m, acting) for m in rows[params.offset : params.offset + params.limit]]
    services.caseload_list_record(acting_user=request.user, filters=filters.as_dict(), count=count, via="api")
    return CaseloadOut(
        count=count,
        counts=CaseloadCounts(**counts),
        items=[
            CaseloadStudentOut(
                id=row.student.public_id,
                name=row.student.display_name,
                username=row.student.username,
                grade=row.student.grade_level,
                school=FamilyRef(id=row.school.public_id, name=row.school.name),
                profiler=ProfilerSummary(
                    completed_at=row.profiler_done_at,
                    top=row.profiler_top,
                    in_progress=row.profiler_in_progress,
                ),
                plan=_caseload_plan(row),
                consent_status=row.consent_status or None,
                may_act=row.may_act,
            )
            for row in page
        ],
    )


# --- families -----------------------------------------------------------------------------------


class AreaScoreOut(Schema):
    letter: Literal["R", "I", "A", "S", "E", "C"]
    name: str = Field(description="The area's name in the caller's language, e.g. Social.")
    nickname: str = Field(description="The area in plain words, e.g. Helpers.")
    score: int = Field(description="0-40.")


class FamilyInterestsOut(Schema):
    completed_at: datetime | None
    scores: dict[str, int] = Field(description='{"R": 0-40, "I": .., "A": .., "S": .., "E": .., "C": ..}')
    top: str = Field(description="The three strongest areas, strongest first.")
    top_areas: list[AreaScoreOut]
    flat: bool = Field(description="No area stands out (scores within two points): careers are not ranked.")


class FavouritesOut(Schema):
    careers: list[FamilyOccupationRef]
    programs: list[FamilyRef]


class FamilyPlanOut(Schema):
    status: PlanStatusName
    status_label: str
    version: int
    program: FamilyRef | None
    careers: list[FamilyOccupationRef]
    postsecondary_step: str = Field(
        description="certificate, two_year, apprenticeship, four_year, military, work; empty: not chosen."
    )
    next_year: list[str] = Field(description="Course titles planned for the student's next grade.")
    college_credits: float = Field(description="College credits of the plan's dual-credit courses.")
    acknowledged: bool = Field(description="A guardian acknowledged the current version.")
    url: str = Field(description="The plan page (read, acknowledge, comment).")


class FamilyStudentOut(Schema):
    id: UUID
    name: str
    grade: int | None
    school: FamilyRef | None
    consent_pending: bool
    interests: FamilyInterestsOut | None
    favourites: FavouritesOut
    plan: FamilyPlanOut | None
    portfolio_url: str


def family_student_out(record: selectors.StudentRecord) -> FamilyStudentOut:
    result, pv, student = record.result, record.plan, record.student
    interests = None
    if result is not None:
        interests = FamilyInterestsOut(
            completed_at=result.attempt.completed_at,
            scores={a.letter: a.score for a in result.scores},
            top=result.code,
            top_areas=[
                AreaScoreOut(letter=a.letter, name=a.name, nickname=a.nickname, score=a.score)  # type: ignore[arg-type]  # RIASEC
                for a in result.top
            ],
            flat=result.flat,
        )
    plan = None
    if pv is not None:
        plan = FamilyPlanOut(
            status=pv.plan.status,  # type: ignore[arg-type]  # one of PlanStatus
            status_label=str(pv.plan.get_status_display()),
            version=pv.plan.version,
            program=FamilyRef(id=pv.program.public_id, name=pv.program.name) if pv.program else None,
            careers=[FamilyOccupationRef(code=o.code, title=o.title) for o in pv.careers],
            postsecondary_step=pv.plan.postsecondary_step,
            next_year=[c.title for c in pv.next_year],
            college_credits=float(pv.college_credits),
            acknowledged=pv.acknowledged_current,
            url=selectors.part_url("plan", student.public_id),
        )
    return FamilyStudentOut(
        id=student.public_id,
        name=student.display_name,
        grade=student.grade_level,
        school=FamilyRef(id=record.school.public_id, name=record.school.name) if record.school else None,
        consent_pending=record.consent_pending,
        interests=interests,
        favourites=FavouritesOut(
            careers=[
                FamilyOccupationRef(code=f.occupation.code, title=f.occupation.title)
                for f in record.favourite_careers
                if f.occupation is not None
            ],
            programs=[
                FamilyRef(id=f.program.public_id, name=f.program.name)
                for f in record.favourite_programs
                if f.program
            ],
        ),
        plan=plan,
        portfolio_url=selectors.part_url("portfolio", student.public_id),
    )


class FamilyStudentsOut(Schema):
    items: list[FamilyStudentOut]


@router.get(
    "/family/students",
    auth=API_AUTH,
    response={200: FamilyStudentsOut, 401: ErrorOut},
    summary="The caller's linked students (parents and guardians)",
    description=(
        "Each student linked to the caller as their parent or guardian, with their latest Interest "
        "Profiler results, saved careers and programs, and plan. Anybody else gets an empty list. "
        "Every student returned is recorded in the audit log."
    ),
)
def family_students(request: HttpRequest) -> FamilyStudentsOut:
    items = []
    for student in selectors.family_students(request.user):
        record = selectors.student_record(student)
        services.student_view_record(acting_user=request.user, student=student, via="api")
        items.append(family_student_out(record))
    return FamilyStudentsOut(items=items)
