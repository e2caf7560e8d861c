"""What a partner offers and keeps on file: locations, the engagement ladder, documents, contact history.

The partner record itself is `orgs.Partner`: one per consortium, shared by every member school.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class EngagementType(models.TextChoices):
    """The engagement ladder, from an hour of a partner's time to a registered apprenticeship."""

    GUEST_SPEAKER = "guest_speaker", _("Guest speaker")
    CAREER_FAIR = "career_fair", _("Career fair")
    WORKPLACE_TOUR = "workplace_tour", _("Workplace tour")
    JOB_SHADOW = "job_shadow", _("Job shadow")
    MENTORING = "mentoring", _("Mentoring")
    INTERNSHIP = "internship", _("Internship")
    PRE_APPRENTICESHIP = "pre_apprenticeship", _("Pre-apprenticeship")
    APPRENTICESHIP = "apprenticeship", _("Youth or registered apprenticeship")
    CLINICAL = "clinical", _("Clinical experience")
    SCHOOL_ENTERPRISE = "school_enterprise", _("School-based enterprise")
    VIRTUAL_PROJECT = "virtual_project", _("Virtual project")


# Rungs that place one student with a supervisor over weeks (placements, hours, evaluations);
# the others are events (a tour, a talk, a fair) with open registration.
PLACEMENT_TYPES = frozenset(
    {
        EngagementType.JOB_SHADOW,
        EngagementType.MENTORING,
        EngagementType.INTERNSHIP,
        EngagementType.PRE_APPRENTICESHIP,
        EngagementType.APPRENTICESHIP,
        EngagementType.CLINICAL,
        EngagementType.SCHOOL_ENTERPRISE,
        EngagementType.VIRTUAL_PROJECT,
    }
)


class PartnerLocation(ConsortiumOwned):
    """A site where students go: distance from a school or a home ZIP is computed from its ZIP."""

    partner = models.ForeignKey("orgs.Partner", on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=200, help_text=_("For example: main plant, downtown clinic."))
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    zip_code = models.ForeignKey("labor.ZipCode", on_delete=models.PROTECT, related_name="+")
    transit_notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return f"{self.partner} — {self.name}"


class PartnerOffer(ConsortiumOwned):
    """One rung of the engagement ladder a partner is willing to offer."""

    partner = models.ForeignKey("orgs.Partner", on_delete=models.CASCADE, related_name="offers")
    engagement = models.CharField(max_length=30, choices=EngagementType.choices)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["partner", "engagement"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "engagement"], name="wbl_offer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_engagement_display()}"


class DocumentKind(models.TextChoices):
    INSURANCE = "insurance", _("Certificate of liability insurance")
    SITE_SAFETY = "site_safety", _("Site safety review")
    BACKGROUND_CHECK = "background_check", _("Supervisor background check")
    AGREEMENT = "agreement", _("Partnership agreement")
    OTHER = "other", _("Other")


class BackgroundCheckStatus(models.TextChoices):
    NOT_APPLICABLE = "", _("Not applicable")
    PENDING = "pending", _("Pending")
    CLEARED = "cleared", _("Cleared")
    NOT_CLEARED = "not_cleared", _("Not cleared")


class PartnerDocument(ConsortiumOwned):
    """A document on file, with its expiry: an expired insurance or safety review blocks placements."""

    partner = models.ForeignKey("orgs.Partner", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    # For a background check: whose, and where it stands.
    supervisor_name = models.CharField(max_length=200, blank=True)
    check_status = models.CharField(
        max_length=12, choices=BackgroundCheckStatus.choices, blank=True, default=""
    )
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    file = models.FileField(upload_to="wbl/documents/%Y/", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["partner", "kind", "-expires_on"]

    def __str__(self) -> str:
        return self.title

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())


class ContactChannel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    VISIT = "visit", _("Site visit")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


class ContactLogEntry(ConsortiumOwned):
    """Contact history with a partner, shared by the member schools so nobody asks twice."""

    partner = models.ForeignKey("orgs.Partner", on_delete=models.CASCADE, related_name="contact_log")
    happened_on = models.DateField()
    channel = models.CharField(max_length=10, choices=ContactChannel.choices)
    school = models.ForeignKey(
        "orgs.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField()
    follow_up_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-happened_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.partner} {self.happened_on}"
