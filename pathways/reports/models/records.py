"""Student-year records (one row per student per school year), as imported from the documented CSV
format (docs/reports-indicators.md). Not ConsortiumOwned: a million rows need no public UUID or
timestamps; they are never addressed one by one, only aggregated, and only by the consortium's leaders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class Placement(models.TextChoices):
    POSTSECONDARY = "postsecondary", _("Postsecondary education")
    ADVANCED_TRAINING = "advanced_training", _("Advanced training")
    MILITARY = "military", _("Military service")
    SERVICE = "service", _("National or community service, Peace Corps")
    EMPLOYED = "employed", _("Employed")
    NONE = "none", _("None of these")
    UNKNOWN = "unknown", _("Unknown")


class StudentYear(models.Model):
    """One student in one school year. Booleans are None when the file left them blank (unknown)."""

    consortium = models.ForeignKey("orgs.Consortium", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey("reports.StudentYearImport", on_delete=models.CASCADE, related_name="rows")
    student_id = models.CharField(max_length=40)
    school_code = models.CharField(max_length=20)
    district_code = models.CharField(max_length=20, blank=True)
    school_year = models.PositiveSmallIntegerField(help_text=_("Ending year: 2025 is 2024-25."))
    grade_level = models.SmallIntegerField(null=True)
    sex = models.CharField(max_length=1, blank=True)
    race_ethnicity = models.CharField(max_length=40, blank=True)
    economically_disadvantaged = models.BooleanField(null=True)
    disability = models.BooleanField(null=True)
    english_learner = models.BooleanField(null=True)
    homeless = models.BooleanField(null=True)
    foster_care = models.BooleanField(null=True)
    military_parent = models.BooleanField(null=True)
    single_parent = models.BooleanField(null=True)
    out_of_workforce = models.BooleanField(null=True)
    program_code = models.CharField(max_length=30, blank=True)
    cluster_code = models.CharField(max_length=20, blank=True)
    cte_courses_in_program = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    cohort_year = models.PositiveSmallIntegerField(null=True)
    graduated_4yr = models.BooleanField(null=True)
    graduated_extended = models.BooleanField(null=True)
    reading_proficient = models.BooleanField(null=True)
    math_proficient = models.BooleanField(null=True)
    science_proficient = models.BooleanField(null=True)
    exited_secondary = models.BooleanField(null=True)
    placement = models.CharField(max_length=20, choices=Placement.choices, default=Placement.UNKNOWN)
    credential_attained = models.BooleanField(null=True)
    postsecondary_credits = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    wbl_participated = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "school_year", "student_id"], name="reports_student_year_unique"
            ),
        ]
        indexes = [models.Index(fields=["consortium", "school_year"], name="reports_sy_year")]

    def __str__(self) -> str:
        return f"{self.student_id} {self.school_year}"


class ImportSource(models.TextChoices):
    FILE = "file", _("CSV file")
    PATHWAYS = "pathways", _("Recorded in Pathways")
    SYNTHETIC = "synthetic", _("Synthetic demo data")


class StudentYearImport(ConsortiumOwned):
    """One imported school year. Re-importing a year replaces its rows."""

    school_year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=10, choices=ImportSource.choices, default=ImportSource.FILE)
    filename = models.CharField(max_length=255, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-school_year", "-created_at"]
