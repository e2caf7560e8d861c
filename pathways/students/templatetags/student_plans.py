"""Template tags of the plans part: the favourite button's state, and labels for plan snapshots.

`{% include "students/plans/_favourite_button.html" with occupation_code=occupation.code %}` (or
`with program_id=program.public_id`) puts a Save/Remove favourite button on any page; the include
loads this library itself.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pathways.catalog.templatetags.careers import JOB_ZONES
from pathways.programs.models import CourseLevel, DeliveryMode

from .. import selectors_plans as sel
from ..models import PlanStatus, PostsecondaryStep

register = template.Library()

CACHE_ATTR = "_pathways_favourite_sets"


def favourite_sets_for(request: Any) -> sel.FavouriteSets | None:
    """The signed-in student's favourites (one query per request), or None for anyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not sel.is_student(user):
        return None
    cached = getattr(request, CACHE_ATTR, None)
    if cached is None:
        cached = sel.favourite_sets(user)
        setattr(request, CACHE_ATTR, cached)
    return cached


def forget_favourite_sets(request: Any) -> None:
    if hasattr(request, CACHE_ATTR):
        delattr(request, CACHE_ATTR)


@register.simple_tag(takes_context=True)
def favourite_state(
    context: template.Context, occupation_code: Any = "", program_id: Any = ""
) -> dict[str, Any]:
    """What the favourite button shows: nothing for staff and guardians, a sign-in link for
    visitors, Save or Remove for students."""
    request = context.get("request")
    occupation_code = str(occupation_code or "")
    program_id = str(program_id or "")
    kind = "occupation" if occupation_code else "program"
    value = occupation_code or program_id
    state: dict[str, Any] = {"show": False, "kind": kind, "value": value, "anonymous": False, "saved": False}
    if not value or request is None:
        return state
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        state.update(show=True, anonymous=True)
        return state
    sets = favourite_sets_for(request)
    if sets is None:
        return state
    saved = value in (sets.occupations if kind == "occupation" else sets.programs)
    state.update(show=True, saved=saved, dom_id=f"fav-{kind}-{value}".replace(".", "-"))
    return state


@register.filter
def step_label(value: str) -> str:
    return str(dict(PostsecondaryStep.choices).get(value, value)) if value else ""


@register.filter
def step_help(value: str) -> str:
    return str(sel.STEP_HELP.get(value, "")) if value else ""


@register.filter
def activity_label(value: str) -> str:
    return sel.ActivityKind.label(value)


@register.filter
def level_label(value: str) -> str:
    return str(dict(CourseLevel.choices).get(value, value)) if value else ""


@register.filter
def status_label(value: str) -> str:
    return str(dict(PlanStatus.choices).get(value, value)) if value else ""


@register.filter
def status_help(value: str) -> str:
    return str(sel.STATUS_HELP.get(value, "")) if value else ""


@register.filter
def delivery_label(value: str) -> str:
    return str(dict(DeliveryMode.choices).get(value, value)) if value else ""


@register.filter
def job_zone_name(value: int | None) -> str:
    return str(JOB_ZONES.get(value, _("Not available"))) if value else _("Not available")


@register.filter
def usd(value: Decimal | int | float | str | None) -> str:
    """Dollars in U.S. notation; cents only when there are any: 168 -> $168, 10.5 -> $10.50."""
    if value is None or value == "":
        return _("Not available")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return f"${number:,.0f}"
    return f"${number:,.2f}"


@register.filter
def credits_text(value: Decimal | str | None) -> str:
    """College credits without a trailing .0: 3.0 -> 3, 1.5 -> 1.5."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    return f"{number:.0f}" if number == number.to_integral_value() else f"{number.normalize()}"


@register.filter
def years_text(value: Decimal | str | None) -> str:
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    return f"{number:.0f}" if number == number.to_integral_value() else f"{number.normalize()}"


@register.filter
def grade_name(value: int | str | None) -> str:
    """ "Grade 9" (or the middle-school grades), in the reader's language."""
    if value is None or value == "":
        return ""
    return _("Grade %(n)s") % {"n": value}


@register.filter
def courses_in_grade(courses: list[dict[str, Any]], grade: int) -> list[dict[str, Any]]:
    """A snapshot's courses of one grade."""
    return [c for c in courses if c.get("grade") == grade]


@register.filter
def anchor(value: str) -> str:
    """An error key (a section name with underscores) as the section's id: next_step -> next-step."""
    return str(value).replace("_", "-")


@register.filter
def about_years(value: Decimal | str | None) -> str:
    """ "about 1 year", "about 1.5 years", "about 4 years" (empty for none)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    count = int(number) if number == number.to_integral_value() else 2
    return ngettext("about %(n)s year", "about %(n)s years", count) % {"n": years_text(number)}


@register.filter
def outlook_short(projection: Any) -> str:
    """The 10-year change in a few words: "+4.9% (more jobs)", "-3.0% (fewer jobs)", "about the same"."""
    change = getattr(projection, "change_pct", None)
    if change is None:
        return _("Not available")
    number = Decimal(change)
    text = f"{'+' if number > 0 else ''}{number:.1f}%"
    if number >= 1:
        return _("%(pct)s (more jobs)") % {"pct": text}
    if number <= -1:
        return _("%(pct)s (fewer jobs)") % {"pct": text}
    return _("%(pct)s (about the same)") % {"pct": text}
