"""People and their access: users, memberships (a role at a node of the tree), guardian links,
invitations that work without email, and personal API tokens (stored hashed)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.core.models import ConsortiumOwned, PublicIdModel, TimeStampedModel

from .roles import CONSORTIUM_ROLES, DISTRICT_ROLES, PARTNER_ROLES, SCHOOL_ROLES, Role


class User(PublicIdModel, AbstractUser):
    preferred_language = models.CharField(
        max_length=5, choices=[("en", "English"), ("es", "Español")], default="en"
    )
    grade_level = models.SmallIntegerField(
        null=True, blank=True, help_text=_("Students: current grade (0 = K).")
    )
    sourced_id = models.CharField(max_length=100, blank=True, help_text=_("OneRoster sourcedId."))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


def _node_check() -> models.Q:
    """Each role hangs at exactly its kind of node (consortium, district, school or partner)."""
    at_consortium = models.Q(district__isnull=True, school__isnull=True, partner__isnull=True)
    return (
        (models.Q(role__in=CONSORTIUM_ROLES) & at_consortium)
        | (
            models.Q(
                role__in=DISTRICT_ROLES, district__isnull=False, school__isnull=True, partner__isnull=True
            )
        )
        | (models.Q(role__in=SCHOOL_ROLES, school__isnull=False, partner__isnull=True))
        | (
            models.Q(
                role__in=PARTNER_ROLES, partner__isnull=False, school__isnull=True, district__isnull=True
            )
        )
    )


class Membership(ConsortiumOwned):
    """ "Counselor at School X", "admin of Consortium Y": a role at one node of one consortium."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    consortium = models.ForeignKey("orgs.Consortium", on_delete=models.CASCADE, related_name="memberships")
    district = models.ForeignKey(
        "orgs.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    school = models.ForeignKey(
        "orgs.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "orgs.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["consortium_id", "role"]
        constraints = [
            models.CheckConstraint(condition=_node_check(), name="accounts_membership_role_node"),
            # One membership per user, role and node (SQLite has no NULLS NOT DISTINCT: one
            # partial constraint per kind of node).
            models.UniqueConstraint(
                fields=["user", "role", "consortium"],
                condition=models.Q(district__isnull=True, school__isnull=True, partner__isnull=True),
                name="accounts_membership_unique_consortium",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=models.Q(district__isnull=False, school__isnull=True),
                name="accounts_membership_unique_district",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=models.Q(school__isnull=False),
                name="accounts_membership_unique_school",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "partner"],
                condition=models.Q(partner__isnull=False),
                name="accounts_membership_unique_partner",
            ),
        ]

    def __str__(self) -> str:
        node = self.school or self.district or self.partner or self.consortium
        return f"{self.user} — {self.get_role_display()} @ {node}"


class GuardianLink(ConsortiumOwned):
    guardian = models.ForeignKey(User, on_delete=models.CASCADE, related_name="student_links")
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="guardian_links")
    relationship = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guardian", "student"], name="accounts_guardian_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}"


INVITATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by families


def new_invitation_code() -> str:
    raw = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class Invitation(ConsortiumOwned):
    """A printable code (or link) that lets someone join with a role, no email needed."""

    code = models.CharField(max_length=11, unique=True, default=new_invitation_code)
    role = models.CharField(max_length=30, choices=Role.choices)
    district = models.ForeignKey(
        "orgs.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    school = models.ForeignKey(
        "orgs.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "orgs.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # For a guardian invitation: the student the guardian will be linked to.
    student = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=200, blank=True, help_text=_("Who it is for, e.g. 'Parent of Ana R.'"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(TimeStampedModel, PublicIdModel):
    """A personal API token. Only its SHA-256 is stored; the key is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
