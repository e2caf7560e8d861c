"""Placements: the training agreement, training plan, hours, evaluations and completion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pathways.core.models import ConsortiumOwned


class PlacementStatus(models.TextChoices):
    AGREEMENT = "agreement", _("Waiting for signatures")
    ACTIVE = "active", pgettext_lazy("placement status", "Active")
    COMPLETED = "completed", pgettext_lazy("placement status", "Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Placement(ConsortiumOwned):
    """One student placed at one opportunity with a supervisor."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wbl_placements"
    )
    opportunity = models.ForeignKey("wbl.Opportunity", on_delete=models.PROTECT, related_name="placements")
    round_result = models.OneToOneField(
        "wbl.RoundResult", null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_placements",
        help_text=_("The partner contact who approves hours and evaluates."),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_placements",
    )
    status = models.CharField(
        max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.AGREEMENT
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    hours_target = models.PositiveSmallIntegerField(null=True, blank=True)
    # The training agreement's terms (student, host, opportunity, dates, hours, pay, ...) and the
    # version of its standard clauses, fixed when the placement is created and never changed; the
    # text is rendered from them in the reader's language (pathways.wbl.texts.agreement_text).
    agreement_facts = models.JSONField(
        default=dict, blank=True, help_text=_("The training agreement's terms.")
    )
    completed_on = models.DateField(null=True, blank=True)
    # The public id of the completion credential (Open Badges 3.0), set on completion.
    badge_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["student", "opportunity"], name="wbl_placement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.student} @ {self.opportunity}"

    @property
    def agreement_text(self) -> str:
        """The training agreement in the active language."""
        from ..texts import agreement_text

        return agreement_text(self.agreement_facts)


class SignerRole(models.TextChoices):
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent or guardian")
    SUPERVISOR = "supervisor", _("Workplace supervisor")
    COORDINATOR = "coordinator", _("Work-based learning coordinator")


class AgreementSignature(ConsortiumOwned):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=12, choices=SignerRole.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    typed_name = models.CharField(max_length=200)
    # The language the signer read the agreement in (a code of settings.LANGUAGES).
    language = models.CharField(max_length=10, blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["placement", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "role"], name="wbl_signature_unique"),
        ]


class Competency(ConsortiumOwned):
    """A line of the training plan: what the student will learn to do."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="competencies")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=300)
    achieved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["placement", "position", "id"]
        verbose_name_plural = "competencies"


class HoursStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the supervisor")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")


class HoursEntry(ConsortiumOwned):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="hours")
    worked_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    activity = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=HoursStatus.choices, default=HoursStatus.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["placement", "-worked_on", "-id"]
        verbose_name_plural = "hours entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24), name="wbl_hours_range"
            ),
        ]


# The employability skills the seed consortia name, in their own words (seeds 001 and 003).
class Skill(models.TextChoices):
    RELIABLE = "reliable", _("Reliable")
    COMMUNICATES = "communicates", _("Communicates well")
    CRITICAL_THINKING = "critical_thinking", _("Critical thinking")
    PROFESSIONAL = "professional", _("Professional")
    ADAPTABLE = "adaptable", _("Adaptable")
    TEAMWORK = "teamwork", _("Works well with others")
    INITIATIVE = "initiative", _("Takes initiative")


class EvaluationKind(models.TextChoices):
    MIDPOINT = "midpoint", _("Midpoint evaluation")
    FINAL = "final", _("Final evaluation")


class Evaluation(ConsortiumOwned):
    """A supervisor's evaluation of employability skills, 1 (not yet) to 4 (exceeds)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(max_length=10, choices=EvaluationKind.choices)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ratings = models.JSONField(default=dict, help_text=_("Skill code → rating 1-4."))
    strengths = models.TextField(blank=True)
    to_improve = models.TextField(blank=True)

    class Meta:
        ordering = ["placement", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind"], name="wbl_evaluation_unique"),
        ]
