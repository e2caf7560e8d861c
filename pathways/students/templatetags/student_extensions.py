"""`{% load student_extensions %}{% try_it occupation_codes %}`: "Try it" links from other apps
(work-based learning) toward these careers, for the signed-in user."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from pathways.students.extensions import try_it_for

register = template.Library()


@register.inclusion_tag("students/_try_it.html", takes_context=True)
def try_it(context: dict[str, Any], occupation_codes: Iterable[str] | str, limit: int = 3) -> dict[str, Any]:
    codes = [occupation_codes] if isinstance(occupation_codes, str) else list(occupation_codes or [])
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"items": try_it_for(user, codes, limit)}


@register.simple_tag(takes_context=True)
def try_it_list(context: dict[str, Any], occupation_codes: Iterable[str] | str, limit: int = 3) -> list[Any]:
    """The same links as a list: `{% try_it_list codes as items %}{% if items %}…{% endif %}`."""
    return list(try_it(context, occupation_codes, limit)["items"])
