"""Writes about people and access. Every service takes `acting_user` and records an audit event."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound

from .auth import TOKEN_PREFIX
from .models import ApiToken, User, hash_token


@transaction.atomic
def api_token_create(*, acting_user: User, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token for `user`. Returns the token and its key; the key is never stored."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the token a name, for example the tool that will use it."), field="name")
    if len(name) > 100:
        raise InvalidInput(_("The name can be at most 100 characters."), field="name")
    if acting_user.pk != user.pk and not acting_user.is_superuser:
        raise NotFound(_("Not found."))
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_hash=hash_token(key))
    audit_record(
        acting_user=acting_user,
        action="api_token.create",
        object_type="api_token",
        object_id=str(token.public_id),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, acting_user: User, token: ApiToken) -> ApiToken:
    if token.user_id != acting_user.pk and not acting_user.is_superuser:
        raise NotFound(_("Not found."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            acting_user=acting_user,
            action="api_token.revoke",
            object_type="api_token",
            object_id=str(token.public_id),
        )
    return token
