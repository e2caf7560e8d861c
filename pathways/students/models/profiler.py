from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned

ITEMS = 60


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class ProfilerAttempt(ConsortiumOwned):
    """One taking of the O*NET Interest Profiler Short Form; retakes are new attempts (history).

    `answers` holds one character per item in item order: "1".."5" (Strongly Dislike .. Strongly
    Like) or "0" for not answered yet, so an attempt can be saved and resumed.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profiler_attempts"
    )
    answers = models.CharField(max_length=ITEMS, default="0" * ITEMS)
    status = models.CharField(max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)
    language = models.CharField(max_length=5, default="en")
    completed_at = models.DateTimeField(null=True, blank=True)
    # Filled on completion: {"R": 0-40, ...} and the top three letters, e.g. "SIA".
    scores = models.JSONField(default=dict, blank=True)
    top = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["student", "status"], name="students_attempt_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answers__regex=r"^[0-5]{60}$"), name="students_attempt_answers"
            )
        ]

    def __str__(self) -> str:
        return f"Interest Profiler of {self.student} ({self.status})"

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a != "0")
