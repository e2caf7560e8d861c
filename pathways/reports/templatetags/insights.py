"""Template tags of the insight pages: the impact highlights on the public consortium page."""

from __future__ import annotations

from typing import Any

from django import template

from pathways.orgs.models import Consortium

from ..selectors_insights import public_impact as public_impact_figures

register = template.Library()


@register.inclusion_tag("reports/insights/_public_impact_block.html")
def public_impact(consortium: Consortium, plan: Any = None) -> dict[str, Any]:
    """The highlights of the consortium's default period (suppressed below its minimum cell size)."""
    if consortium is None or not getattr(consortium, "is_public", False):
        return {"impact": None}
    heading = getattr(plan, "impact_heading", None) if plan is not None else ""
    return {"impact": public_impact_figures(consortium, heading)}
