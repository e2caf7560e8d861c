"""Writes to target industries (a tree linked to Career Clusters and NAICS) and sector strategies."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from pathways.accounts.policies import Actor
from pathways.catalog.models import CareerCluster, SubCluster
from pathways.core.errors import InvalidInput
from pathways.core.models import ensure_same_consortium
from pathways.orgs.models import Consortium, Partner

from .. import naics
from ..models import Meeting, SectorStrategy, TargetIndustry
from ._common import audit, clean_lines, clean_text, move, next_position, require_leader

MAX_DEPTH = 3  # "Skilled Trades including application to:" > "Green Technology" > one more level


def naics_from_links(clusters: Iterable[CareerCluster], subclusters: Iterable[SubCluster]) -> list[str]:
    """The NAICS sectors the linked sub-clusters (and the clusters' sub-clusters) name."""
    codes: set[str] = set()
    sources = list(subclusters)
    for cluster in clusters:
        sources.extend(cluster.subclusters.all())
    for subcluster in sources:
        for entry in subcluster.naics or []:
            code = naics.normalize(str(entry.get("code", "")))
            if code:
                codes.add(code)
    return sorted(codes, key=naics.sort_key)


def clean_naics(codes: Iterable[str]) -> list[str]:
    out: list[str] = []
    for raw in codes:
        if not raw.strip():
            continue
        code = naics.normalize(raw)
        if code is None:
            raise InvalidInput(
                _("%(code)s is not a NAICS sector code (two digits, such as 11, 23 or 31-33).")
                % {"code": raw.strip()},
                field="naics_codes",
            )
        if code not in out:
            out.append(code)
    return sorted(out, key=naics.sort_key)


def _depth(parent: TargetIndustry | None) -> int:
    depth = 0
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _check_parent(industry: TargetIndustry, parent: TargetIndustry | None) -> None:
    ensure_same_consortium(industry, parent)
    node = parent
    while node is not None:
        if industry.pk and node.pk == industry.pk:
            raise InvalidInput(
                _("An industry cannot sit under itself or under one of its own sub-items."), field="parent"
            )
        node = node.parent
    if _depth(parent) >= MAX_DEPTH:
        raise InvalidInput(_("Target industries nest at most three levels deep."), field="parent")


@transaction.atomic
def target_industry_create(
    *,
    acting_user: Actor,
    consortium: Consortium,
    name: str,
    qualifier: str = "",
    parent: TargetIndustry | None = None,
    meeting: Meeting | None = None,
    clusters: Iterable[CareerCluster] = (),
    subclusters: Iterable[SubCluster] = (),
    naics_codes: Iterable[str] | None = None,
) -> TargetIndustry:
    """Add a target industry. Without `naics_codes`, its sectors come from the linked sub-clusters."""
    require_leader(acting_user, consortium.pk)
    clusters, subclusters = list(clusters), list(subclusters)
    industry = TargetIndustry(
        consortium=consortium,
        name=clean_text(name, field="name", label=_("Name"), max_length=200),
        qualifier=_clean_qualifier(qualifier),
        parent=parent,
        meeting=meeting,
        position=next_position(TargetIndustry.objects.filter(consortium=consortium, parent=parent)),
        naics_codes=clean_naics(naics_codes)
        if naics_codes is not None
        else naics_from_links(clusters, subclusters),
    )
    _check_parent(industry, parent)
    ensure_same_consortium(industry, meeting)
    industry.save()
    industry.clusters.set(clusters)
    industry.subclusters.set(subclusters)
    audit(acting_user, "target_industry_create", industry, name=industry.name)
    return industry


def _clean_qualifier(value: str) -> str:
    # Kept as written, leading comma included (", to include:"); only outer spaces go.
    return clean_text(
        value, field="qualifier", label=_("Words after the name"), max_length=120, required=False
    )


@transaction.atomic
def target_industry_update(
    *,
    acting_user: Actor,
    industry: TargetIndustry,
    name: str,
    qualifier: str = "",
    parent: TargetIndustry | None = None,
    meeting: Meeting | None = None,
    clusters: Iterable[CareerCluster] = (),
    subclusters: Iterable[SubCluster] = (),
    naics_codes: Iterable[str] | None = None,
) -> TargetIndustry:
    require_leader(acting_user, industry.consortium_id)
    clusters, subclusters = list(clusters), list(subclusters)
    industry.name = clean_text(name, field="name", label=_("Name"), max_length=200)
    industry.qualifier = _clean_qualifier(qualifier)
    _check_parent(industry, parent)
    if parent != industry.parent:
        industry.parent = parent
        industry.position = next_position(
            TargetIndustry.objects.filter(consortium_id=industry.consortium_id, parent=parent).exclude(
                pk=industry.pk
            )
        )
    industry.naics_codes = (
        clean_naics(naics_codes) if naics_codes is not None else naics_from_links(clusters, subclusters)
    )
    industry.meeting = meeting
    ensure_same_consortium(industry, meeting)
    industry.save(
        update_fields=["name", "qualifier", "parent", "meeting", "position", "naics_codes", "updated_at"]
    )
    industry.clusters.set(clusters)
    industry.subclusters.set(subclusters)
    audit(acting_user, "target_industry_update", industry, name=industry.name)
    return industry


@transaction.atomic
def target_industry_delete(*, acting_user: Actor, industry: TargetIndustry) -> None:
    """Delete an industry and its sub-items."""
    require_leader(acting_user, industry.consortium_id)
    audit(acting_user, "target_industry_delete", industry, name=industry.name)
    industry.delete()


@transaction.atomic
def target_industry_move(*, acting_user: Actor, industry: TargetIndustry, direction: str) -> None:
    require_leader(acting_user, industry.consortium_id)
    move(
        industry,
        TargetIndustry.objects.filter(consortium_id=industry.consortium_id, parent_id=industry.parent_id),
        direction,
    )
    audit(acting_user, "target_industry_move", industry, direction=direction)


# --- sector strategies -------------------------------------------------------------------------


@transaction.atomic
def sector_strategy_save(
    *,
    acting_user: Actor,
    consortium: Consortium,
    partner: Partner,
    statement: str = "",
    shared_sectors: list[str] | None = None,
    other_sectors: list[str] | None = None,
    meeting: Meeting | None = None,
    strategy: SectorStrategy | None = None,
) -> SectorStrategy:
    """Create (or, given `strategy`, update) a workforce board's sector strategy."""
    require_leader(acting_user, consortium.pk)
    shared = clean_lines(
        shared_sectors or [], field="shared_sectors", label=_("Shared sectors"), max_length=200
    )
    other = clean_lines(other_sectors or [], field="other_sectors", label=_("Other sectors"), max_length=200)
    if not shared and not other:
        raise InvalidInput(_("Name at least one sector."), field="other_sectors")
    row = strategy or SectorStrategy(
        consortium=consortium, position=next_position(SectorStrategy.objects.filter(consortium=consortium))
    )
    row.partner = partner
    row.statement = clean_text(
        statement, field="statement", label=_("Statement"), max_length=4000, required=False
    )
    row.shared_sectors = shared
    row.other_sectors = other
    row.meeting = meeting
    ensure_same_consortium(row, partner, meeting)
    row.save()
    audit(acting_user, "sector_strategy_save", row, partner=partner.name)
    return row


@transaction.atomic
def sector_strategy_delete(*, acting_user: Actor, strategy: SectorStrategy) -> None:
    require_leader(acting_user, strategy.consortium_id)
    audit(acting_user, "sector_strategy_delete", strategy)
    strategy.delete()
