from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class StudentSettings(ConsortiumOwned):
    """A consortium's student-data policy (consent for children under 13, COPPA)."""

    consortium = models.OneToOneField(
        "orgs.Consortium", on_delete=models.CASCADE, related_name="student_settings"
    )
    require_consent_under_13 = models.BooleanField(
        default=True,
        help_text=_("Store nothing about a student under 13 until the school or a guardian has consented."),
    )
    school_may_consent = models.BooleanField(
        default=True,
        help_text=_("The school may consent on the family's behalf (COPPA school-authorisation)."),
    )
    guardian_may_consent = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Student settings of {self.consortium}"


class ConsentStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed (13 or older)")
    PENDING = "pending", _("Waiting for consent")
    GRANTED = "granted", _("Consent given")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class ConsentSource(models.TextChoices):
    SCHOOL = "school", _("School")
    GUARDIAN = "guardian", _("Parent or guardian")


class StudentProfile(ConsortiumOwned):
    """What Pathways keeps about a student beyond their account: age band, consent, preferences."""

    student = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    school = models.ForeignKey(
        "orgs.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    consent_status = models.CharField(
        max_length=12, choices=ConsentStatus.choices, default=ConsentStatus.PENDING
    )
    consent_source = models.CharField(max_length=10, choices=ConsentSource.choices, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    # The wage area the student wants figures for (OEWS code); empty = the school's area.
    area_code = models.CharField(max_length=7, blank=True)
    # Job zones (1-5) the student is willing to consider; empty = all.
    job_zones = models.JSONField(default=list, blank=True)
    # Middle-school mode: simpler language, clusters first, no pressure to pick. None = by grade (6-8).
    middle_school_mode = models.BooleanField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Profile of {self.student}"
