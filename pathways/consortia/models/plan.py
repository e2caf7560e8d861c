"""The strategic plan: mission, versioned vision drafts with comments, priorities and principles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class StrategicPlan(ConsortiumOwned):
    """One per consortium: the words at the top of its plan. Vision statements are `VisionDraft`s."""

    tagline = models.CharField(
        max_length=200, blank=True, help_text=_('e.g. "Career & Technical Education for ALL"')
    )
    introduction = models.TextField(
        blank=True, help_text=_("A paragraph that opens the strategic priorities.")
    )
    mission = models.TextField(blank=True)
    # The heading of the plan's impact section as the consortium writes it, and the items it lists
    # there today. Impact figures themselves come later, from the consortium's published reports.
    impact_heading = models.CharField(max_length=200, blank=True)
    impact_items = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consortium"], name="consortia_plan_one_per_consortium")
        ]

    def __str__(self) -> str:
        return f"Strategic plan of {self.consortium_id}"


class VisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    REPLACED = "replaced", _("Replaced")  # adopted once, then a newer version was adopted


class VisionDraft(ConsortiumOwned):
    """One numbered version of the vision statement. Versions are never edited: a change is a new version."""

    version = models.PositiveIntegerField()
    text = models.TextField()
    # What the document says above the statement, e.g. "DRAFT STATEMENT FOR YOUR REVIEW/SUGGESTIONS/EDITS".
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=VisionStatus.choices, default=VisionStatus.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "consortia.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vision_drafts",
        help_text=_("The meeting where this version was discussed."),
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["consortium_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "version"], name="consortia_vision_version_unique"),
            models.UniqueConstraint(
                fields=["consortium"],
                condition=models.Q(status="adopted"),
                name="consortia_vision_one_adopted",
            ),
        ]

    def __str__(self) -> str:
        return f"Vision v{self.version} ({self.status})"


class VisionCommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    SUGGESTION = "suggestion", _("Suggested edit")


class VisionComment(ConsortiumOwned):
    """A member's comment on a vision draft, or a suggested edit carrying the text they propose."""

    draft = models.ForeignKey(VisionDraft, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        max_length=10, choices=VisionCommentKind.choices, default=VisionCommentKind.COMMENT
    )
    text = models.TextField(blank=True)
    proposed_text = models.TextField(blank=True)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="suggestion") | ~models.Q(proposed_text=""),
                name="consortia_suggestion_has_text",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="comment") | ~models.Q(text=""),
                name="consortia_comment_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.draft_id}"


class StrategicPriority(ConsortiumOwned):
    """One item of the plan under its heading ("We support and develop:", "Together we work towards...")."""

    heading = models.CharField(max_length=200)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consortium_id", "position", "id"]
        verbose_name_plural = "strategic priorities"

    def __str__(self) -> str:
        return self.text[:60]


class GuidingPrinciple(ConsortiumOwned):
    text = models.TextField()
    source = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consortium_id", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]
