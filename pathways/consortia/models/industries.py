"""Target industries for investment (a tree) and workforce boards' sector strategies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class TargetIndustry(ConsortiumOwned):
    """An industry the consortium invests in; children refine it ("Agriculture, to include: Welding").

    `qualifier` is the phrase that follows the name in the consortium's documents, kept as written
    (", to include:", "including application to:"); `label` joins the two the way the document does.
    Occupations come from the linked sub-clusters and clusters (`selectors.industry_occupations`).
    """

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(max_length=200)
    qualifier = models.CharField(max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)
    meeting = models.ForeignKey(
        "consortia.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="target_industries",
        help_text=_("The meeting where the consortium named this industry."),
    )
    clusters = models.ManyToManyField("catalog.CareerCluster", blank=True, related_name="+")
    subclusters = models.ManyToManyField("catalog.SubCluster", blank=True, related_name="+")
    naics_codes = models.JSONField(
        default=list, blank=True, help_text=_('NAICS sector codes, e.g. ["11", "31-33"].')
    )

    class Meta:
        ordering = ["consortium_id", "position", "id"]
        verbose_name_plural = "target industries"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if not self.qualifier:
            return self.name
        joiner = "" if self.qualifier[0] in ",:;" else " "
        return f"{self.name}{joiner}{self.qualifier}"


class SectorStrategy(ConsortiumOwned):
    """A workforce board's sector strategy, kept beside the consortium's own target industries."""

    partner = models.ForeignKey("orgs.Partner", on_delete=models.CASCADE, related_name="+")
    statement = models.TextField(blank=True)
    # Sectors the board shares with the consortium's target industries, and the others it covers.
    shared_sectors = models.JSONField(default=list, blank=True)
    other_sectors = models.JSONField(default=list, blank=True)
    meeting = models.ForeignKey(
        "consortia.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sector_strategies",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consortium_id", "position", "id"]
        verbose_name_plural = "sector strategies"

    def __str__(self) -> str:
        return f"Sector strategy of {self.partner_id}"

    @property
    def sectors(self) -> list[str]:
        return [*self.shared_sectors, *self.other_sectors]
