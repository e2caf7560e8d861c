"""Follow-up after meetings: partner commitments and action items, each with owner, due date and status."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FollowUp(ConsortiumOwned):
    """What commitments and action items share: who owns it, by when, and how far it is."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("An owner without an account, e.g. a partner's contact person."),
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def owner_label(self) -> str:
        if self.owner_id and self.owner is not None:
            return self.owner.display_name
        return self.owner_name


class PartnerCommitment(FollowUp):
    """A partner's commitment as the outcomes write it ("Clovis and Portales EDC's will stay engaged ...")."""

    meeting = models.ForeignKey(
        "consortia.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    partners = models.ManyToManyField("orgs.Partner", blank=True, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["consortium_id", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(FollowUp):
    meeting = models.ForeignKey(
        "consortia.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    title = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    owner_partner = models.ForeignKey(
        "orgs.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["consortium_id", "due_date", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_label(self) -> str:
        label = super().owner_label
        if self.owner_partner_id and self.owner_partner is not None:
            return f"{label} ({self.owner_partner.name})" if label else self.owner_partner.name
        return label
