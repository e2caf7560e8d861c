"""Base models shared by every app, and the audit log.

`TimeStampedModel` and `PublicIdModel` are abstract. `AuditEvent` is the append-only trail of
who touched or read what; services write it (see `pathways.core.audit`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(models.Model):
    """A model addressed in URLs by a UUID; integer keys stay internal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One thing somebody did, or read, that must be accountable later. Never updated."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class DatasetImport(models.Model):
    """The last successful load of one public dataset (see `load_public_data`)."""

    name = models.CharField(max_length=40, unique=True)
    loaded_at = models.DateTimeField()
    seconds = models.FloatField()
    counts = models.JSONField(default=dict)
    source = models.CharField(max_length=300)
    checksum = models.CharField(max_length=64, blank=True)  # SHA-256 over the dataset's files

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.loaded_at:%Y-%m-%d %H:%M}"


class ConsortiumOwned(PublicIdModel, TimeStampedModel):
    """A row that belongs to one consortium (the tenant). Every tenant row carries the key.

    Services check that a row's consortium matches its parent's (`ensure_same_consortium`).
    """

    consortium = models.ForeignKey(
        "orgs.Consortium", on_delete=models.CASCADE, related_name="+", db_index=True
    )

    class Meta:
        abstract = True


def ensure_same_consortium(child: ConsortiumOwned, *parents: object) -> None:
    """Refuse a row whose consortium differs from any of its parents' (None parents are skipped)."""
    from django.utils.translation import gettext as _

    from .errors import InvalidInput

    for parent in parents:
        parent_consortium = getattr(parent, "consortium_id", None)
        if parent is not None and parent_consortium is not None and parent_consortium != child.consortium_id:
            raise InvalidInput(_("%(kind)s belongs to another consortium.") % {"kind": type(parent).__name__})
