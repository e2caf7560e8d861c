"""Helpers shared by the partner, opportunity, registration, discovery and recognition tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.labor.models import ZipCode
from pathways.orgs.models import Partner, School
from pathways.wbl.models import (
    EngagementType,
    Opportunity,
    OpportunityStatus,
    PartnerLocation,
)
from tests.cast import Cast

SANTA_FE = "87501"
LOS_ALAMOS = "87544"
CLOVIS = "88101"


def soon(days: int = 14) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def site(partner: Partner, zip_code: str = LOS_ALAMOS, name: str = "Main site") -> PartnerLocation:
    return PartnerLocation.objects.create(
        consortium_id=partner.consortium_id,
        partner=partner,
        name=name,
        zip_code=ZipCode.objects.get(zip=zip_code),
    )


def opportunity(
    cast: Cast,
    *,
    status: str = OpportunityStatus.APPROVED,
    partner: Partner | None = None,
    capacity: int = 10,
    virtual: bool = False,
    zip_code: str = LOS_ALAMOS,
    occupations: tuple[str, ...] = (),
    **extra: Any,
) -> Opportunity:
    partner = partner or cast.partner
    location = None if virtual else site(partner, zip_code)
    row = Opportunity.objects.create(
        consortium_id=partner.consortium_id,
        partner=partner,
        title=extra.pop("title", "Workplace tour"),
        description="See the shop floor.",
        engagement=extra.pop("engagement", EngagementType.WORKPLACE_TOUR),
        is_virtual=virtual,
        location=location,
        starts_on=extra.pop("starts_on", soon()),
        capacity=capacity,
        status=status,
        **extra,
    )
    if occupations:
        row.occupations.set(occupations)
    return row


def student(cast: Cast, username: str, grade: int = 11, school: School | None = None) -> User:
    user = User.objects.create_user(
        username, password="x" * 12, first_name=username.title(), last_name="Test"
    )
    user.grade_level = grade
    user.save()
    Membership.objects.create(
        user=user, role=Role.STUDENT, consortium=cast.alpha, school=school or cast.school
    )
    return user


def place_school(school: School, zip_code: str = SANTA_FE) -> None:
    school.zip_code = ZipCode.objects.get(zip=zip_code)
    school.save()
