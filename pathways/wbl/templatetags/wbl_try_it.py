"""`{% load wbl_try_it %}{% wbl_try_it occupation_codes student %}`: "Try it: job shadow at …" links
to approved, current opportunities the student may see that lead to any of these careers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from pathways.wbl.selectors_partners import opportunities_for_occupations

register = template.Library()


@register.inclusion_tag("wbl/_try_it.html")
def wbl_try_it(occupation_codes: Iterable[str] | str, student: Any, limit: int = 3) -> dict[str, Any]:
    codes = [occupation_codes] if isinstance(occupation_codes, str) else list(occupation_codes or [])
    if student is None or not getattr(student, "is_authenticated", False):
        return {"opportunities": []}
    return {"opportunities": opportunities_for_occupations(student, codes, limit)}
