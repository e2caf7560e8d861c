"""Meetings and the sections of their outcome record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned

DEFAULT_SERIES_TITLE = "Building the Next Generation of Career and Technical Education"


class Meeting(ConsortiumOwned):
    """A consortium meeting. Its outcomes are public once `is_published` (and the consortium is public)."""

    region = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField()
    title = models.CharField(max_length=200, help_text=_('e.g. "Region I Consortia Meeting"'))
    series_title = models.CharField(
        max_length=200, blank=True, help_text=_("The title printed above the outcomes, if any.")
    )
    location = models.CharField(max_length=200, blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    attending_partners = models.ManyToManyField("orgs.Partner", blank=True, related_name="+")
    other_attendees = models.TextField(
        blank=True, help_text=_("People or organisations without a record here.")
    )
    vision_draft = models.ForeignKey(
        "consortia.VisionDraft",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The vision statement as discussed at the meeting."),
    )
    industries_statement = models.TextField(
        blank=True, help_text=_("A statement that follows the target industries in the outcomes.")
    )
    commitments_intro = models.TextField(
        blank=True, help_text=_("The sentence that opens the partner commitments.")
    )
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class AgendaItem(ConsortiumOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Opportunity(ConsortiumOwned):
    """An opportunity to pursue, as the outcomes list it; sub-items hang under their parent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opportunities")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting_id", "position", "id"]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.text[:60]


class DiscussionGroup(ConsortiumOwned):
    """A heading of the discussion notes ("Characteristics of the Workforce Talent of Region B:")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussion_groups")
    heading = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return self.heading


class Characteristic(ConsortiumOwned):
    """One item of a discussion group: "Adaptable (4)". `count` is NULL where the notes give none."""

    group = models.ForeignKey(DiscussionGroup, on_delete=models.CASCADE, related_name="characteristics")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    text = models.CharField(max_length=300)
    count = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["group_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.text} ({self.count})" if self.count is not None else self.text


class MeetingVote(ConsortiumOwned):
    """A stored tally on the meeting's outcomes: "Information Technology (19 votes)".

    Written when a ballot closes (or recorded from a vote taken on paper); `heading` is the
    outcome section it appears under ("Top Programs of Study to Pursue Include:").
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    ballot = models.ForeignKey(
        "consortia.Ballot", null=True, blank=True, on_delete=models.SET_NULL, related_name="results"
    )
    heading = models.CharField(max_length=300)
    label = models.CharField(max_length=200)
    votes = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.votes})"
