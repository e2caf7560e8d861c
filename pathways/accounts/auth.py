"""API authentication: personal tokens (`Authorization: Bearer <key>`) or the browser session.

`API_AUTH` is for endpoints that need a signed-in user (`@router.get(..., auth=API_AUTH)`).
Public endpoints take no `auth=` and call `api_user(request)` to see who, if anyone, is asking:
a valid token's user, else the session's user, else anonymous. Either way the policies module
decides what the user may see, so a token is limited to what its user may see.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import ApiToken, User, hash_token

TOKEN_PREFIX = "pw_"  # noqa: S105  (a marker that makes leaked keys recognisable, not a secret)


def user_for_token(key: str) -> User | None:
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [TokenAuth(), django_auth]


def api_user(request: HttpRequest) -> User | AnonymousUser:
    """Who is asking a public endpoint: token user, session user, or anonymous."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        return user if user is not None else AnonymousUser()
    return request.user
