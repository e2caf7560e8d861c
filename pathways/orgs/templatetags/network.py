"""Small formatting helpers for the network pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from pathways.orgs.forms import grade_label
from pathways.orgs.models import School

register = template.Library()


@register.filter
def grade_range(school: School) -> str:
    """Grades served, with an en dash: "9\u201312", "K\u20135"; empty when not known."""
    low, high = grade_label(school.grade_low), grade_label(school.grade_high)
    if low and high:
        return low if low == high else f"{low}\u2013{high}"
    return low or high


@register.filter
def grade_name(grade: int | None) -> str:
    """A student's grade as words: "Grade 10", "Kindergarten"."""
    if grade is None:
        return ""
    if grade == -1:
        return _("Pre-kindergarten")
    if grade == 0:
        return _("Kindergarten")
    return _("Grade %(n)s") % {"n": grade}
