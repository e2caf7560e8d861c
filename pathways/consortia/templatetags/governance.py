"""Template helpers for governance pages: vote labels and outcome titles, as the seed documents write them."""

from __future__ import annotations

from typing import Any

from django import template

from ..pdf import outcomes_title as _outcomes_title
from ..pdf import vote_label as _vote_label

register = template.Library()


@register.simple_tag
def vote_label(label: str, votes: int) -> str:
    """ "Information Technology (19 votes)"."""
    return _vote_label(label, votes)


@register.simple_tag
def outcomes_title(outcomes: Any) -> str:
    """ "Outcomes – March 2 Region I Consortia Meeting"."""  # noqa: RUF002
    return _outcomes_title(outcomes)


@register.filter
def dots(n: int) -> range:
    return range(max(0, int(n or 0)))
