"""Live dot-voting: a facilitator opens a ballot, participants place dots, closing stores the tallies."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned

ROOM_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
ROOM_CODE_LENGTH = 6
MAX_DOTS = 20


def new_room_code() -> str:
    return "".join(secrets.choice(ROOM_CODE_ALPHABET) for _ in range(ROOM_CODE_LENGTH))


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class BallotSource(models.TextChoices):
    LIVE = "live", _("Voted live in Pathways")
    RECORDED = "recorded", _("Recorded from a vote taken in the room")


class Ballot(ConsortiumOwned):
    meeting = models.ForeignKey("consortia.Meeting", on_delete=models.CASCADE, related_name="ballots")
    question = models.CharField(max_length=300)
    results_heading = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("How the outcomes introduce the results; the question if empty."),
    )
    dots_per_participant = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=10, choices=BallotStatus.choices, default=BallotStatus.DRAFT)
    source = models.CharField(max_length=10, choices=BallotSource.choices, default=BallotSource.LIVE)
    room_code = models.CharField(max_length=ROOM_CODE_LENGTH, unique=True, default=new_room_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dots_per_participant__gte=1, dots_per_participant__lte=MAX_DOTS),
                name="consortia_ballot_dots_range",
            )
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def heading(self) -> str:
        return self.results_heading or self.question


class BallotOption(ConsortiumOwned):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    final_votes = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Set when the ballot closes.")
    )

    class Meta:
        ordering = ["ballot_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "label"], name="consortia_ballot_option_label_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Dot(ConsortiumOwned):
    """One dot a participant placed on an option (several dots on one option are allowed)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="dots")
    option = models.ForeignKey(BallotOption, on_delete=models.CASCADE, related_name="dots")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["ballot", "participant"], name="consortia_dot_ballot_part_idx")]

    def __str__(self) -> str:
        return f"dot on {self.option_id}"
