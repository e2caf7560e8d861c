"""Plain-language words for O*NET codes: education levels, job zones, interest areas.

O*NET's own labels are long and in English ("Post-Secondary Certificate - awarded for training
completed after high school (for example, ...)"). Pages show these short, translated labels
instead, keyed by O*NET's category numbers, so they read the same in English and Spanish.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pathways.catalog.models import Occupation
from pathways.catalog.selectors import riasec_labels

register = template.Library()

# O*NET "Required Level of Education" (scale RL) categories 1-12.
EDUCATION_LEVELS: dict[int, Promise] = {
    1: _("Less than a high school diploma"),
    2: _("High school diploma or GED"),
    3: _("Certificate after high school"),
    4: _("Some college courses"),
    5: _("Associate's degree (2 years)"),
    6: _("Bachelor's degree (4 years)"),
    7: _("Certificate after a bachelor's degree"),
    8: _("Master's degree"),
    9: _("Certificate after a master's degree"),
    10: _("Professional degree (law, medicine, ...)"),
    11: _("Doctoral degree"),
    12: _("Post-doctoral training"),
}

# O*NET Job Zones 1-5: how much preparation a job needs.
JOB_ZONES: dict[int, Promise] = {
    1: _("Little or no preparation"),
    2: _("Some preparation"),
    3: _("Medium preparation"),
    4: _("Considerable preparation"),
    5: _("Extensive preparation"),
}
JOB_ZONE_HELP: dict[int, Promise] = {
    1: _(
        "Some of these jobs need a high school diploma. You can learn the work in a few days to a few months."
    ),
    2: _("Usually a high school diploma, plus some training on the job or a little work experience."),
    3: _(
        "Usually training at a career or technical school, an apprenticeship, on-the-job experience, "
        "or an associate's degree."
    ),
    4: _("Most of these jobs need a four-year bachelor's degree and some years of work experience."),
    5: _(
        "Most of these jobs need a degree after college: a master's, a doctorate, or a law or medical degree."
    ),
}

# The six O*NET interest areas (Holland's RIASEC), in words a 13-year-old uses.
INTEREST_NICKNAMES: dict[str, Promise] = {
    "R": _("Doers"),
    "I": _("Thinkers"),
    "A": _("Creators"),
    "S": _("Helpers"),
    "E": _("Persuaders"),
    "C": _("Organizers"),
}
INTEREST_HELP: dict[str, Promise] = {
    "R": _("Hands-on work with tools, machines, plants or animals, often outdoors."),
    "I": _("Solving problems, doing science and research, finding out how things work."),
    "A": _("Creating art, music, writing or designs; expressing ideas."),
    "S": _("Helping, teaching, caring for and serving people."),
    "E": _("Leading people, persuading, selling, starting projects."),
    "C": _("Working with information, numbers and records; following clear steps."),
}


# How O*NET's RL category labels begin (`Occupation.typical_education` holds the whole label).
ONET_LEVEL_PREFIXES = {
    "Less than a High School Diploma": 1,
    "High School Diploma": 2,
    "Post-Secondary Certificate": 3,
    "Some College Courses": 4,
    "Associate's Degree": 5,
    "Bachelor's Degree": 6,
    "Post-Baccalaureate Certificate": 7,
    "Master's Degree": 8,
    "Post-Master's Certificate": 9,
    "First Professional Degree": 10,
    "Doctoral Degree": 11,
    "Post-Doctoral Training": 12,
}


@register.simple_tag
def education_level(occupation: Occupation) -> str:
    """The education most workers in this job say it needs (O*NET's most-named RL category).

    Reads `typical_education` only, so that lists need not load the whole education data.
    """
    label = occupation.typical_education or ""
    if not label:
        return str(_("Not available"))
    for prefix, category in ONET_LEVEL_PREFIXES.items():
        if label.startswith(prefix):
            return str(EDUCATION_LEVELS[category])
    return label


@register.simple_tag
def education_rows(occupation: Occupation) -> list[dict[str, Any]]:
    """The share of workers per education level, leaving out levels nobody named."""
    levels = (occupation.education or {}).get("RL") or []
    return [
        {"label": str(EDUCATION_LEVELS.get(int(row["category"]), row["label"])), "pct": row["pct"]}
        for row in sorted(levels, key=lambda r: r["category"])
        if row["pct"] and row["pct"] > 0
    ]


@register.simple_tag
def job_zone_label(number: int | None) -> str:
    if number is None or number not in JOB_ZONES:
        return str(_("Not available"))
    return str(JOB_ZONES[number])


@register.simple_tag
def job_zone_help(number: int | None) -> str:
    if number is None or number not in JOB_ZONE_HELP:
        return ""
    return str(JOB_ZONE_HELP[number])


@register.simple_tag
def interest_rows(interests: dict[str, float] | None) -> list[dict[str, Any]]:
    """RIASEC ratings (1-7) with names and help, highest first."""
    if not interests:
        return []
    names = riasec_labels()
    rows = [
        {
            "code": code,
            "name": _("%(name)s (%(nickname)s)")
            % {"name": names[code], "nickname": INTEREST_NICKNAMES[code]},
            "help": str(INTEREST_HELP[code]),
            "score": score,
        }
        for code, score in interests.items()
        if code in names
    ]
    return sorted(rows, key=lambda row: -row["score"])


@register.filter
def one_decimal(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}"
