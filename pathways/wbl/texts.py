"""Sentences rendered at display time, in the viewer's language, from facts stored as JSON.

Matching rounds and placements are computed or created by one person (the coordinator) and read
by others (students, guardians, partners) who may speak another language. So what is stored is
the facts — the outcome, the choice ranks, the opportunities by public id and title, seats, rule
codes, the lottery position, group keys, the agreement's terms — and the words are produced here
with gettext when a page or API response is rendered (see docs/wbl-matching-rounds.md).

The agreement's standard clauses are versioned (`AGREEMENT_VERSION`): an agreement keeps the
version it was created with, so rewording the clauses later means adding a new version, never
editing the words of an old one (the signed terms do not change after signing).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import EngagementType, PriorityRule, RankingMethod

# --- the student's "why" ---------------------------------------------------------------------

# Outcome of an opportunity the student ranked above the one they got (or every one, unplaced).
NOT_RANKED = "not_ranked"  # the partner ranked its applicants and left this student out
FULL = "full"  # its seats went to students ranked ahead


def rule_names(rules: list[str]) -> str:
    """Short names of the priority rules, in order (reserved seats are explained apart)."""
    short = {
        PriorityRule.RELATED_CONCENTRATOR: _("concentrators in a related program first"),
        PriorityRule.SENIORS: _("seniors first"),
        PriorityRule.NO_TRANSPORT_NEARBY: _("students without transportation first"),
    }
    return "; ".join(str(short[r]) for r in rules if r in short)  # type: ignore[index]


def _why_not(passed: Mapping[str, Any]) -> str:
    place = ordinal(passed["rank"])
    title = passed["title"]
    if passed["outcome"] == NOT_RANKED:
        return _(
            "Your %(n)s choice, %(title)s: the partner did not rank you among the applicants it could take."
        ) % {"n": place, "title": title}
    if passed.get("method") == RankingMethod.PARTNER:
        how = _("the partner's ranking")
    else:
        names = rule_names(list(passed.get("rules") or []))
        how = (
            _("its priority rules (%(rules)s), then the lottery") % {"rules": names}
            if names
            else _("the lottery")
        )
    filled = int(passed.get("filled") or 0)
    text = ngettext(
        "Your %(n)s choice, %(title)s: it filled its %(seats)s seat with a student ranked ahead "
        "of you by %(how)s.",
        "Your %(n)s choice, %(title)s: it filled its %(seats)s seats with students ranked ahead "
        "of you by %(how)s.",
        filled,
    ) % {"n": place, "title": title, "seats": filled, "how": how}
    reserved = int(passed.get("reserved_seats") or 0)
    if reserved and passed.get("reserved_school"):
        text += " " + ngettext(
            "%(r)s seat was reserved for students of %(school)s first.",
            "%(r)s seats were reserved for students of %(school)s first.",
            reserved,
        ) % {"r": reserved, "school": passed["reserved_school"]}
    return text


def explanation_lines(facts: Mapping[str, Any]) -> list[str]:
    """Why a student got what they got, one sentence a line, in the active language."""
    if not facts:
        return []
    placed = facts.get("placed")
    if placed:
        head = _("You were placed at your %(n)s choice, %(title)s.") % {
            "n": ordinal(placed["rank"]),
            "title": placed["title"],
        }
    else:
        head = _(
            "You were not placed: every opportunity you chose filled its seats with students ranked "
            "ahead of you. You may claim a seat that is still free in the vacancy scramble."
        )
    lines = [head, *(_why_not(p) for p in facts.get("passed") or [])]
    if facts.get("lottery") is not None:
        lines.append(
            _(
                "Your lottery number is %(k)s of %(n)s (lower goes first); it only decides between "
                "students the rules rank equally."
            )
            % {"k": facts["lottery"], "n": facts.get("applicants")}
        )
    scramble = facts.get("scramble")
    if scramble:
        lines.append(
            _("You then claimed a free seat at %(title)s in the vacancy scramble.")
            % {"title": scramble["title"]}
        )
    return [str(line) for line in lines]


def explanation_text(facts: Mapping[str, Any]) -> str:
    return "\n".join(explanation_lines(facts))


# --- statistics ------------------------------------------------------------------------------


def _population_labels() -> dict[str, str]:
    return {
        "economically_disadvantaged": _("Economically disadvantaged"),
        "disability": _("Students with disabilities"),
        "english_learner": _("English learners"),
        "homeless": _("Experiencing homelessness"),
        "foster_care": _("In foster care"),
        "military_parent": _("Parent in active military service"),
        "single_parent": _("Single parents"),
    }


def group_label(row: Mapping[str, Any]) -> str:
    """The label of a statistics row, from its group and value (a school's name is data)."""
    group, value = row.get("group"), row.get("value")
    if group == "school":
        return str(value) if value else _("No school on record")
    if group == "grade":
        return _("Grade %(g)s") % {"g": value} if value is not None else _("Grade unknown")
    if group == "population":
        return _population_labels().get(str(value), str(value))
    return str(row.get("label", ""))


def population_source(year: int | None) -> str:
    if not year:
        return ""
    return _("Student-year records imported for %(y1)s-%(y2)s") % {"y1": year - 1, "y2": str(year)[-2:]}


def statistics_for_display(stats: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A round's stored statistics with their labels in the active language."""
    if not stats:
        return None
    out = dict(stats)
    for key in ("by_school", "by_grade", "by_population"):
        out[key] = [{**row, "label": group_label(row)} for row in stats.get(key) or []]
    out["population_source"] = population_source(stats.get("population_year"))
    return out


# --- the training agreement ------------------------------------------------------------------

AGREEMENT_VERSION = 1


def _clauses_v1() -> list[str]:
    return [
        _(
            "The student will attend as scheduled, follow the host's safety and conduct rules, log their "
            "hours truthfully and tell the coordinator about any problem."
        ),
        _(
            "The host will provide a safe workplace and a supervisor who guides the student, approves "
            "their hours and evaluates their employability skills at the midpoint and the end."
        ),
        _(
            "The school's coordinator will check in with the student and the supervisor and may end "
            "the placement if the student's safety or learning requires it."
        ),
        _("A parent or guardian of a student under 18 agrees to the student taking part."),
    ]


CLAUSES: dict[int, Callable[[], list[str]]] = {1: _clauses_v1}


def _day(value: str | None) -> str:
    if not value:
        return "—"
    return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")


def agreement_text(facts: Mapping[str, Any]) -> str:
    """The training agreement in the active language, from the terms stored on the placement."""
    if not facts:
        return ""
    kinds = dict(EngagementType.choices)
    where = _("Virtual") if facts.get("is_virtual") else (facts.get("where") or "")
    kind = str(facts.get("engagement") or "")
    lines: list[str] = [
        _("Training agreement"),
        "",
        _("Student: %(name)s") % {"name": facts["student"]},
        _("Host: %(partner)s") % {"partner": facts["partner"]},
        _("Opportunity: %(title)s (%(kind)s)") % {"title": facts["title"], "kind": kinds.get(kind, kind)},
        _("Where: %(where)s") % {"where": where},
        _("Dates: from %(start)s to %(end)s")
        % {"start": _day(facts.get("starts_on")), "end": _day(facts.get("ends_on"))},
    ]
    if facts.get("schedule"):
        lines.append(_("Schedule: %(s)s") % {"s": facts["schedule"]})
    if facts.get("hours_target"):
        lines.append(_("Expected hours: %(h)s") % {"h": facts["hours_target"]})
    if facts.get("is_paid"):
        wage = facts.get("hourly_wage")
        lines.append(_("Pay: %(w)s an hour") % {"w": f"${wage}"} if wage else _("Pay: paid"))
    else:
        lines.append(_("Pay: unpaid"))
    if facts.get("transportation_notes"):
        lines.append(_("Transportation: %(t)s") % {"t": facts["transportation_notes"]})
    lines += ["", _("What it is about: %(d)s") % {"d": facts.get("description", "")}, ""]
    lines += CLAUSES[int(facts.get("version") or AGREEMENT_VERSION)]()
    return "\n".join(str(line) for line in lines)
