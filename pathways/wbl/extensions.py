"""What work-based learning adds to the students app through its extension points
(`pathways.students.extensions`): "try it" links and completed experiences. Registered in
`WblConfig.ready`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.students.extensions import Experience, TryIt, register_experiences, register_try_it

from .selectors_partners import opportunities_for_occupations
from .selectors_rounds import completed_placements


def try_it(user: Any, occupation_codes: Sequence[str], limit: int) -> list[TryIt]:
    return [
        TryIt(
            label=_("%(kind)s at %(partner)s")
            % {"kind": o.get_engagement_display(), "partner": o.partner.name},
            url=reverse("wbl:opportunity-detail", args=[o.public_id]),
            when=o.starts_on,
            is_virtual=o.is_virtual,
        )
        for o in opportunities_for_occupations(user, occupation_codes, limit)
    ]


def experiences(student: Any) -> list[Experience]:
    return [
        Experience(
            title=row["title"],
            organisation=row["partner"],
            kind=str(row["engagement"]),
            hours=row["hours_approved"],
            completed_on=row["completed_on"],
            url=row["badge_url"] or "",
        )
        for row in completed_placements(student)
    ]


def register() -> None:
    register_try_it(try_it)
    register_experiences(experiences)
