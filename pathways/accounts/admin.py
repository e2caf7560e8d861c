"""Admin for people and access. Invitations are read-mostly; token keys are never shown."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.core.audit import audit_record

from .models import ApiToken, GuardianLink, Invitation, Membership, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ["role", "consortium", "district", "school", "partner"]
    autocomplete_fields = ["consortium", "district", "school", "partner"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "preferred_language",
        "grade_level",
        "is_staff",
        "is_active",
    ]
    list_filter = [*DjangoUserAdmin.list_filter, "preferred_language", "memberships__role"]
    search_fields = ["username", "first_name", "last_name", "email", "sourced_id"]
    readonly_fields = ["public_id", "last_login", "date_joined"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or []),
        (_("Pathways"), {"fields": ["public_id", "preferred_language", "grade_level", "sourced_id"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Pathways"), {"fields": ["first_name", "last_name", "preferred_language", "grade_level"]}),
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "consortium", "district", "school", "partner"]
    list_filter = ["role", "consortium"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "consortium", "district", "school", "partner"]
    autocomplete_fields = ["user", "consortium", "district", "school", "partner"]
    readonly_fields = ["public_id", "created_at"]


@admin.register(GuardianLink)
class GuardianLinkAdmin(admin.ModelAdmin[GuardianLink]):
    list_display = ["guardian", "student", "relationship", "consortium"]
    list_filter = ["consortium"]
    search_fields = ["guardian__username", "guardian__last_name", "student__username", "student__last_name"]
    list_select_related = ["guardian", "student", "consortium"]
    autocomplete_fields = ["guardian", "student", "consortium"]
    readonly_fields = ["public_id", "created_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Read-mostly: invitations are created and cancelled from the invitation pages (with scope checks)."""

    list_display = [
        "code",
        "role",
        "consortium",
        "school",
        "note",
        "created_by",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "consortium"]
    search_fields = ["code", "note"]
    list_select_related = ["consortium", "school", "created_by"]
    actions = ["revoke"]
    readonly_fields = [
        "public_id", "code", "role", "consortium", "district", "school", "partner", "student", "note",
        "created_by", "created_at", "expires_at", "accepted_by", "accepted_at", "revoked_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Cancel the selected invitations"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        rows = list(queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True))
        for row in rows:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at", "updated_at"])
            audit_record(
                acting_user=request.user,
                action="invitation.revoke",
                object_type="invitation",
                object_id=str(row.public_id),
                details={"via": "admin"},
            )
        self.message_user(request, _("%(n)s invitation(s) cancelled.") % {"n": len(rows)}, messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created by their owner; the admin can see and revoke them, never their keys."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    exclude = ["key_hash"]
    readonly_fields = ["public_id", "user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        rows = list(queryset.filter(revoked_at__isnull=True))
        for row in rows:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            audit_record(
                acting_user=request.user,
                action="api_token.revoke",
                object_type="api_token",
                object_id=str(row.public_id),
                details={"via": "admin"},
            )
        self.message_user(request, _("%(n)s token(s) revoked.") % {"n": len(rows)}, messages.SUCCESS)
