"""Reads: matching rounds and placements, for pages, the API and other apps.

For other apps:
- `completed_placements(student)`: what the student's portfolio lists (partner, title, hours
  approved, completed_on, badge URL).
- `wbl_participants(consortium, school_year)`: Perkins 5S3 — the students of a consortium who
  completed a placement or attended a registered event in the school year (July 1 - June 30,
  `school_year` is the ending year). Ids are the student's OneRoster sourcedId when it has one
  (what the imported student-year records use as `student_id`), else the account's public UUID.

Reads of another person's student data (a partner reading applicants, staff or a partner
reading a placement) are audited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from pathways.accounts.models import Membership, User
from pathways.accounts.policies import Actor, scope_of
from pathways.accounts.roles import Role
from pathways.core.audit import audit_record
from pathways.orgs.models import Consortium

from . import policies_rounds as pol
from .badges import badge_url
from .models import (
    Choice,
    HoursStatus,
    MatchingRound,
    PartnerRanking,
    Placement,
    PlacementStatus,
    Registration,
    RegistrationStatus,
    RoundOpportunity,
    RoundResult,
    RoundStatus,
    SignerRole,
)
from .services.placements import hours_approved, required_roles, roles_of, signing_language

PUBLISHED = (RoundStatus.PUBLISHED, RoundStatus.SCRAMBLE, RoundStatus.FINISHED)


def rounds_for(user: Actor) -> QuerySet[MatchingRound]:
    return MatchingRound.objects.filter(pol.rounds_visible_to(user)).distinct().order_by("-deadline")


def entries_of(rnd: MatchingRound) -> list[RoundOpportunity]:
    return list(
        rnd.entries.select_related("opportunity__partner", "opportunity__location", "reserved_school")
    )


def partner_entries(user: Actor, rnd: MatchingRound) -> list[RoundOpportunity]:
    ids = scope_of(user).partner_contact_of
    return [e for e in entries_of(rnd) if e.opportunity.partner_id in ids]


def my_choices(student: Actor, rnd: MatchingRound) -> list[Choice]:
    uid = scope_of(student).user_id
    return list(
        Choice.objects.filter(round=rnd, student_id=uid)
        .select_related("entry__opportunity__partner")
        .order_by("rank")
    )


def my_result(student: Actor, rnd: MatchingRound) -> RoundResult | None:
    """The student's result, once published."""
    if rnd.status not in PUBLISHED:
        return None
    uid = scope_of(student).user_id
    return (
        RoundResult.objects.filter(round=rnd, student_id=uid)
        .select_related("entry__opportunity__partner")
        .first()
    )


def my_results(student: Actor) -> list[RoundResult]:
    uid = scope_of(student).user_id
    return list(
        RoundResult.objects.filter(student_id=uid, round__status__in=PUBLISHED)
        .select_related("round", "entry__opportunity__partner")
        .order_by("-round__published_at")
    )


@dataclass
class ApplicantRow:
    """What a partner sees of an applicant: only what ranking needs."""

    public_id: str
    name: str
    school: str
    grade: int | None
    program: str
    statement: str
    choice_rank: int
    position: int | None


def applicants(user: Actor, entry: RoundOpportunity) -> list[ApplicantRow]:
    """The entry's applicants, in the partner's current order (unranked last, by name). Audited."""
    from pathways.students.models import Plan

    choices = list(Choice.objects.filter(entry=entry).select_related("student"))
    ids = [c.student_id for c in choices]
    schools = {
        m.user_id: m.school.name
        for m in Membership.objects.filter(
            user_id__in=ids, role=Role.STUDENT, consortium_id=entry.consortium_id
        )
        .select_related("school")
        .order_by("-pk")
        if m.school
    }
    programs = {
        p.student_id: p.program.name
        for p in Plan.objects.filter(student_id__in=ids, program__isnull=False).select_related("program")
        if p.program
    }
    positions = dict(PartnerRanking.objects.filter(entry=entry).values_list("student_id", "position"))
    rows = [
        ApplicantRow(
            public_id=str(c.student.public_id),
            name=c.student.get_full_name() or c.student.username,
            school=schools.get(c.student_id, ""),
            grade=c.student.grade_level,
            program=programs.get(c.student_id, ""),
            statement=c.statement,
            choice_rank=c.rank,
            position=positions.get(c.student_id),
        )
        for c in choices
    ]
    rows.sort(key=lambda r: (r.position is None, r.position or 0, r.name))
    audit_record(
        acting_user=user,
        action="wbl.round.applicants_read",
        object_type="RoundOpportunity",
        object_id=str(entry.public_id),
        details={"consortium": entry.consortium_id, "students": [r.public_id for r in rows]},
    )
    return rows


def round_results(user: Actor, rnd: MatchingRound) -> list[RoundResult]:
    """Every result of a round, for its coordinator (audited)."""
    rows = list(
        rnd.results.select_related("student", "entry__opportunity").order_by(
            "student__last_name", "student__first_name"
        )
    )
    audit_record(
        acting_user=user,
        action="wbl.round.results_read",
        object_type="MatchingRound",
        object_id=str(rnd.public_id),
        details={"consortium": rnd.consortium_id, "count": len(rows)},
    )
    return rows


def choice_counts(rnd: MatchingRound) -> dict[int, int]:
    out: dict[int, int] = {}
    for entry_id in Choice.objects.filter(round=rnd).values_list("entry_id", flat=True):
        out[entry_id] = out.get(entry_id, 0) + 1
    return out


# --- placements ------------------------------------------------------------------------------


def placements_for(user: Actor) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(pol.placements_visible_to(user))
        .select_related("student", "opportunity__partner")
        .distinct()
        .order_by("status", "-starts_on")
    )


@dataclass
class PlacementView:
    placement: Placement
    required: list[str]
    signed: dict[str, Any]
    my_roles: list[str]
    unsigned_mine: list[str]
    hours_approved: Decimal
    hours_pending: Decimal
    is_student: bool
    is_supervisor: bool
    is_coordinator: bool
    # The agreement in the reader's language, and as read by signers who signed in another
    # language: (language code, language name, signers' roles, text).
    agreement: str = ""
    agreement_as_signed: list[tuple[str, str, list[str], str]] = field(default_factory=list)


def agreement_versions(
    placement: Placement, signed: dict[str, Any]
) -> tuple[str, list[tuple[str, str, list[str], str]]]:
    """The agreement in the active language, and the same terms in each other language someone
    signed it in (so everyone can read exactly what each signer read)."""
    current = signing_language()
    names = dict(settings.LANGUAGES)
    labels = dict(SignerRole.choices)
    by_language: dict[str, list[str]] = {}
    for role, signature in signed.items():
        if signature.language and signature.language != current and signature.language in names:
            by_language.setdefault(signature.language, []).append(str(labels.get(role, role)))
    others = []
    for code, roles in by_language.items():
        with translation.override(code):
            text = placement.agreement_text
        others.append((code, str(names[code]), roles, text))
    return placement.agreement_text, others


def placement_view(user: Actor, placement: Placement) -> PlacementView:
    """Everything the placement page shows; reading someone else's placement is audited."""
    if not pol.is_student_of(user, placement):
        audit_record(
            acting_user=user,
            action="wbl.placement.read",
            object_type="Placement",
            object_id=str(placement.public_id),
            details={"consortium": placement.consortium_id, "student": str(placement.student.public_id)},
        )
    signed = {s.role: s for s in placement.signatures.select_related("signer")}
    mine = roles_of(user, placement)
    required = required_roles(placement)
    pending = sum((h.hours for h in placement.hours.filter(status=HoursStatus.SUBMITTED)), Decimal("0"))
    agreement, as_signed = agreement_versions(placement, signed)
    return PlacementView(
        placement=placement,
        required=required,
        signed=signed,
        my_roles=mine,
        unsigned_mine=[r for r in mine if r in required and r not in signed]
        if placement.status == PlacementStatus.AGREEMENT
        else [],
        hours_approved=hours_approved(placement),
        hours_pending=pending,
        is_student=pol.is_student_of(user, placement),
        is_supervisor=pol.is_supervisor_of(user, placement),
        is_coordinator=pol.is_coordinator_of(user, placement),
        agreement=agreement,
        agreement_as_signed=as_signed,
    )


def completed_placements(student: User, base_url: str = "") -> list[dict[str, Any]]:
    """For the portfolio: each completed placement of the student, newest first."""
    rows = (
        Placement.objects.filter(student=student, status=PlacementStatus.COMPLETED)
        .select_related("opportunity__partner")
        .order_by("-completed_on")
    )
    return [
        {
            "partner": p.opportunity.partner.name,
            "title": p.opportunity.title,
            "engagement": p.opportunity.get_engagement_display(),
            "hours_approved": hours_approved(p),
            "completed_on": p.completed_on,
            "badge_url": badge_url(p, base_url),
        }
        for p in rows
    ]


def school_year_bounds(school_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(school_year - 1, 7, 1), datetime.date(school_year, 6, 30)


def wbl_participants(consortium: Consortium, school_year: int) -> set[str]:
    """Perkins 5S3: students who completed a placement or attended an event in the school year."""
    start, end = school_year_bounds(school_year)
    placed = Placement.objects.filter(
        consortium=consortium, status=PlacementStatus.COMPLETED, completed_on__range=(start, end)
    ).values_list("student__sourced_id", "student__public_id")
    attended = Registration.objects.filter(
        consortium=consortium,
        status=RegistrationStatus.ATTENDED,
        opportunity__starts_on__range=(start, end),
    ).values_list("student__sourced_id", "student__public_id")
    return {sourced or str(public_id) for sourced, public_id in [*placed, *attended]}


def supervisor_candidates(placement: Placement) -> QuerySet[User]:
    """The host partner's contacts, who may supervise the placement (for the coordinator's choice)."""
    return (
        User.objects.filter(
            memberships__role=Role.PARTNER_CONTACT,
            memberships__partner_id=placement.opportunity.partner_id,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
