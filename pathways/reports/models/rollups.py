"""Configuration of the indicators and the stored rollups every dashboard reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class ReportSettings(ConsortiumOwned):
    """Per-consortium choices with documented defaults (docs/reports-indicators.md).
    The minimum cell size is the consortium's `min_cell_size`."""

    concentrator_courses = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=2,
        help_text=_("Courses completed in one program that make a student a concentrator."),
    )
    # High-skill, high-wage, in-demand rule for labor-market alignment (docs/reports-alignment.md).
    high_wage_ratio = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=1,
        help_text=_("High wage: median at least this multiple of the family-sustaining wage."),
    )
    in_demand_openings = models.PositiveIntegerField(
        default=50, help_text=_("In demand: at least this many annual openings in the area.")
    )
    in_demand_growth = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("…or growth above this percent over the projection decade."),
    )
    high_skill_job_zone = models.PositiveSmallIntegerField(
        default=3, help_text=_("High skill: O*NET job zone at least this.")
    )


class PerformanceLevel(ConsortiumOwned):
    """A state-determined performance level for one indicator and year (percent)."""

    indicator = models.CharField(max_length=10)
    school_year = models.PositiveSmallIntegerField()
    level = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["school_year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "indicator", "school_year"], name="reports_level_unique"
            ),
        ]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RollupRun(ConsortiumOwned):
    """One background computation of the rollups, with its progress."""

    school_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("Empty = every year."))
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class Rollup(models.Model):
    """One cell: an indicator for a year, level, unit and subgroup. Suppressed cells store no numbers."""

    consortium = models.ForeignKey("orgs.Consortium", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(RollupRun, on_delete=models.CASCADE, related_name="cells")
    school_year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=10)
    level = models.CharField(max_length=10)
    unit = models.CharField(max_length=40)
    subgroup = models.CharField(max_length=60)
    numerator = models.PositiveIntegerField(null=True)
    denominator = models.PositiveIntegerField(null=True)
    rate = models.FloatField(null=True)
    suppressed = models.BooleanField(default=False)

    class Meta:
        # The pages read one year, level and subgroup (the dashboard: "all" or the chosen group),
        # then one indicator, then units (the indicator page, one unit by every subgroup: a seek
        # per subgroup). The cells' numbers are fetched for the matching entries only.
        indexes = [
            models.Index(
                fields=["consortium", "school_year", "level", "subgroup", "indicator", "unit"],
                name="reports_rollup_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.school_year} {self.level}:{self.unit} {self.subgroup}"
