"""Opportunities partners offer, their approval, and open registration with a waitlist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned

from .partners import EngagementType


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    CLOSED = "closed", _("Closed")


class Allocation(models.TextChoices):
    """How seats are given: first come with a waitlist (events), or a matching round (placements)."""

    OPEN = "open", _("Open registration with a waitlist")
    ROUND = "round", _("Matching round")


class Opportunity(ConsortiumOwned):
    """Something a partner offers students: a tour, a job shadow, an internship, a virtual project.

    Students see it only once consortium or school staff approved it. With `school` set it is
    offered to that school's students only; otherwise to the whole consortium.
    """

    partner = models.ForeignKey("orgs.Partner", on_delete=models.CASCADE, related_name="opportunities")
    school = models.ForeignKey(
        "orgs.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty to offer it to every member school."),
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    engagement = models.CharField(max_length=30, choices=EngagementType.choices)
    cluster = models.ForeignKey(
        "catalog.CareerCluster",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"framework": "2024"},
    )
    subcluster = models.ForeignKey(
        "catalog.SubCluster", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occupations = models.ManyToManyField("catalog.Occupation", blank=True, related_name="+")
    # Where: virtual, or at a partner location (its ZIP gives the distance).
    is_virtual = models.BooleanField(default=False)
    location = models.ForeignKey(
        "wbl.PartnerLocation", null=True, blank=True, on_delete=models.PROTECT, related_name="opportunities"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    schedule = models.CharField(
        max_length=300, blank=True, help_text=_("For example: Tuesdays and Thursdays, 1-4 pm.")
    )
    hours_expected = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Total hours a student is expected to spend.")
    )
    capacity = models.PositiveSmallIntegerField(help_text=_("How many students can take part."))
    allocation = models.CharField(max_length=10, choices=Allocation.choices, default=Allocation.OPEN)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    min_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    required_programs = models.ManyToManyField(
        "programs.ProgramOfStudy",
        blank=True,
        related_name="+",
        help_text=_("Students must be in one of these programs of study (empty = open to all)."),
    )
    required_credentials = models.ManyToManyField("programs.Credential", blank=True, related_name="+")
    prerequisites_notes = models.CharField(max_length=300, blank=True)
    is_paid = models.BooleanField(default=False)
    hourly_wage = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    transportation_notes = models.CharField(max_length=300, blank=True)
    supervisor = models.ForeignKey(
        "orgs.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_virtual=True) | models.Q(location__isnull=False),
                name="wbl_opportunity_where",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="wbl_opportunity_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


class Registration(ConsortiumOwned):
    """A student's seat at an open-registration opportunity, or their place on its waitlist."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="registrations")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wbl_registrations"
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    hours = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("Hours attended.")
    )

    class Meta:
        ordering = ["opportunity", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "student"], name="wbl_registration_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.student} @ {self.opportunity}"
