"""The comprehensive local needs assessment (Perkins V §134(c)): a biennial cycle, the five
elements with evidence attached, a stakeholder consultation log and findings linked to priorities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class ClnaElement(models.IntegerChoices):
    PERFORMANCE = 1, _("Student performance on the core indicators")
    SIZE_SCOPE_QUALITY = 2, _("Size, scope and quality; alignment with labor-market needs")
    PROGRESS = 3, _("Progress toward programs of study")
    EDUCATORS = 4, _("Recruitment, retention and training of educators")
    EQUAL_ACCESS = 5, _("Equal access for special populations")


class NeedsAssessment(ConsortiumOwned):
    """One biennial cycle, e.g. 2026-2028."""

    first_year = models.PositiveSmallIntegerField(help_text=_("The cycle covers this year and the next."))
    # Empty = the default title, written in the reader's language ("Comprehensive local needs
    # assessment 2026-2027"); see `selectors_insights.cycle_title`.
    title = models.CharField(max_length=200, blank=True)
    is_closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-first_year"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "first_year"], name="reports_clna_cycle_unique"),
        ]

    def __str__(self) -> str:
        return self.title or f"CLNA {self.first_year}-{self.first_year + 1}"


class ElementReview(ConsortiumOwned):
    """The consortium's narrative for one element, with the evidence Pathways computed (a snapshot)."""

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="elements")
    element = models.PositiveSmallIntegerField(choices=ClnaElement.choices)
    summary = models.TextField(blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    evidence_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "element"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "element"], name="reports_clna_element_unique"),
        ]


class Consultation(ConsortiumOwned):
    """A stakeholder consultation (§134(d) lists who must be consulted)."""

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField()
    stakeholder_group = models.CharField(max_length=60)
    participants = models.PositiveIntegerField(default=0)
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]


class Finding(ConsortiumOwned):
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="findings")
    element = models.PositiveSmallIntegerField(choices=ClnaElement.choices)
    text = models.TextField()
    priorities = models.ManyToManyField("consortia.StrategicPriority", blank=True, related_name="+")

    class Meta:
        ordering = ["assessment", "element", "id"]


class EducatorTraining(ConsortiumOwned):
    """Professional development the consortium ran: counted in impact highlights (educators trained)."""

    held_on = models.DateField()
    title = models.CharField(max_length=200)
    educators = models.PositiveIntegerField()

    class Meta:
        ordering = ["-held_on"]
