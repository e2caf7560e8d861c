from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import AuditEvent


def audit_record(
    *,
    acting_user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str = "",
    object_id: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    # AUTH_USER_MODEL is django.contrib.auth's User; the base types above are what views hold.
    return AuditEvent.objects.create(
        actor=actor,  # type: ignore[misc]  # see above
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details or {},
    )
