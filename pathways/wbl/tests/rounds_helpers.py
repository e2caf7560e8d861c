"""Shared builders for the rounds and placements tests (students, opportunities, a ready round)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.orgs.models import School
from pathways.wbl.models import (
    Allocation,
    EngagementType,
    MatchingRound,
    Opportunity,
    OpportunityStatus,
    RoundOpportunity,
)
from pathways.wbl.services import rounds as services
from tests.cast import Cast


def opportunity(cast: Cast, title: str, capacity: int = 1, **extra: Any) -> Opportunity:
    values: dict[str, Any] = {
        "consortium": cast.alpha,
        "partner": cast.partner,
        "title": title,
        "description": f"{title}: learn on the job.",
        "engagement": EngagementType.INTERNSHIP,
        "is_virtual": True,
        "starts_on": timezone.localdate() - datetime.timedelta(days=10),
        "capacity": capacity,
        "allocation": Allocation.ROUND,
        "status": OpportunityStatus.APPROVED,
        "hours_expected": 40,
    }
    values.update(extra)
    return Opportunity.objects.create(**values)


def student(cast: Cast, username: str, grade: int = 11, school: School | None = None, **extra: Any) -> User:
    user = User.objects.create_user(
        username, password="x", first_name=username.title(), last_name="Test", grade_level=grade, **extra
    )
    Membership.objects.create(
        user=user, role=Role.STUDENT, consortium=cast.alpha, school=school or cast.school
    )
    return user


def new_round(cast: Cast, name: str = "Spring internships", k: int = 3) -> MatchingRound:
    return services.create_round(
        cast.staff,
        cast.alpha,
        name=name,
        deadline=timezone.now() + datetime.timedelta(days=7),
        max_choices=k,
    )


def add(cast: Cast, rnd: MatchingRound, opp: Opportunity, **kw: Any) -> RoundOpportunity:
    return services.add_opportunity(cast.staff, rnd, opp, **kw)
