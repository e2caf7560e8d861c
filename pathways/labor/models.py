"""Global labor-market reference data: areas, BLS OEWS wages, BLS projections.

No tenant key: this is public data, read-only to users, loaded by `load_public_data`.
Natural codes are the primary keys so that re-imports upsert in place.
A figure that BLS suppressed is stored as NULL ("not available"), never as zero; the reason
is kept in `Wage.footnotes`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import TimeStampedModel

NATIONAL_CODE = "0000000"


class State(models.Model):
    fips = models.CharField(max_length=2, primary_key=True)
    usps = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WageArea(models.Model):
    """A BLS OEWS area: the nation, a state or territory, a metro or a nonmetro area."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Nation")
        STATE = "state", _("State")
        METRO = "metro", _("Metropolitan area")
        NONMETRO = "nonmetro", _("Nonmetropolitan area")

    code = models.CharField(max_length=7, primary_key=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, db_index=True)
    name = models.CharField(max_length=160)
    # The state this area is reported under by BLS (for a multistate metro: its first state).
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name as people say it: BLS calls the nation "National"."""
        return str(_("United States")) if self.code == NATIONAL_CODE else self.name

    @property
    def comparison_areas(self) -> list[str]:
        """Codes of the wider areas to compare against: its state, then the nation."""
        codes = []
        if self.kind in (self.Kind.METRO, self.Kind.NONMETRO) and self.state_id:
            codes.append(f"{self.state_id}00000")
        if self.kind != self.Kind.NATIONAL:
            codes.append(NATIONAL_CODE)
        return codes


class County(models.Model):
    geoid = models.CharField(max_length=5, primary_key=True)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="counties")
    name = models.CharField(max_length=100)
    wage_area = models.ForeignKey(WageArea, on_delete=models.PROTECT, related_name="counties")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["state_id", "name"]
        verbose_name_plural = "counties"

    def __str__(self) -> str:
        return f"{self.name}, {self.state_id}"


class ZipCode(models.Model):
    """A USPS ZIP code with its dominant county (HUD crosswalk) and ZCTA centroid if known."""

    zip = models.CharField(max_length=5, primary_key=True)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="zip_codes")
    city = models.CharField(max_length=60, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["zip"]

    def __str__(self) -> str:
        return self.zip


class Wage(models.Model):
    """BLS OEWS May 2025 estimates for one occupation (6-digit SOC 2018) in one area."""

    area = models.ForeignKey(WageArea, on_delete=models.CASCADE, related_name="wages")
    soc_code = models.CharField(max_length=7)
    employment = models.IntegerField(null=True, blank=True)
    hourly_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p10 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p25 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p75 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p90 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    annual_mean = models.IntegerField(null=True, blank=True)
    annual_p10 = models.IntegerField(null=True, blank=True)
    annual_p25 = models.IntegerField(null=True, blank=True)
    annual_median = models.IntegerField(null=True, blank=True)
    annual_p75 = models.IntegerField(null=True, blank=True)
    annual_p90 = models.IntegerField(null=True, blank=True)
    # {"annual_p90": "5", ...}: BLS footnote code per field (5 = top-coded, 4 = annual-only,
    # 8 = not released). See labor.importers.FOOTNOTES.
    footnotes = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "soc_code"], name="labor_wage_area_soc_unique")
        ]
        indexes = [models.Index(fields=["soc_code"], name="labor_wage_soc_idx")]

    def __str__(self) -> str:
        return f"{self.soc_code} in {self.area_id}"


class Projection(models.Model):
    """BLS Employment Projections 2024-34 for one occupation (national)."""

    soc_code = models.CharField(max_length=7, primary_key=True)
    title = models.CharField(max_length=200)
    employment_2024 = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)  # thousands
    employment_2034 = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)  # thousands
    change_pct = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    openings_annual = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)  # thousands
    median_wage_2024 = models.IntegerField(null=True, blank=True)
    median_wage_2024_top_coded = models.BooleanField(default=False)  # BLS: ">= $239,200"
    entry_education = models.CharField(max_length=80, blank=True)
    work_experience = models.CharField(max_length=80, blank=True)
    on_the_job_training = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["soc_code"]

    def __str__(self) -> str:
        return f"{self.soc_code} {self.title}"


class FamilySustainingWage(TimeStampedModel):
    """An administrator's threshold for one area, overriding the default rule.

    Default rule (no row): the area's all-occupations annual median wage, BLS OEWS May 2025
    (see docs/decisions/0003-family-sustaining-wage.md).
    """

    area = models.OneToOneField(WageArea, on_delete=models.CASCADE, related_name="family_sustaining_wage")
    annual_wage = models.PositiveIntegerField(
        help_text=_("Yearly wage, in dollars, that a family needs in this area.")
    )
    basis = models.CharField(
        max_length=200,
        help_text=_("Where the figure comes from, e.g. 'MIT Living Wage, 1 adult 1 child, 2025'."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_wage__gte=1000) & models.Q(annual_wage__lte=1_000_000),
                name="labor_fsw_annual_wage_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: ${self.annual_wage:,}"
