"""What every governance service shares: role checks, audit events, text validation, ordering."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Model, QuerySet
from django.utils.translation import gettext as _

from pathways.accounts.policies import Actor
from pathways.core.audit import audit_record
from pathways.core.errors import DomainError, InvalidInput

from ..selectors import is_facilitator, is_participant


class NotAllowed(DomainError):
    """The user may see the row but not do this to it (a participant who is not a leader)."""

    status_code = 403


def require_leader(user: Actor, consortium_id: int) -> None:
    if not is_facilitator(user, consortium_id):
        raise NotAllowed(_("Only the consortium's leaders (administrators and staff) can do this."))


def require_participant(user: Actor, consortium_id: int) -> None:
    if not is_participant(user, consortium_id):
        raise NotAllowed(_("Only the consortium's staff and partner contacts can do this."))


def audit(user: Actor, action: str, row: Model, **details: Any) -> None:
    audit_record(
        acting_user=user,
        action=f"consortia.{action}",
        object_type=f"consortia.{type(row).__name__.lower()}",
        object_id=str(getattr(row, "public_id", row.pk)),
        details={"consortium_id": getattr(row, "consortium_id", None), **details},
    )


def clean_text(
    value: str | None, *, field: str, label: str, max_length: int | None = None, required: bool = True
) -> str:
    """Trimmed text, or InvalidInput naming the field."""
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(_("%(label)s is required.") % {"label": label}, field=field)
    if max_length is not None and len(text) > max_length:
        raise InvalidInput(
            _("%(label)s must be at most %(n)d characters.") % {"label": label, "n": max_length}, field=field
        )
    return text


def clean_lines(values: list[str], *, field: str, label: str, max_length: int) -> list[str]:
    lines = [v.strip() for v in values if v and v.strip()]
    for line in lines:
        if len(line) > max_length:
            raise InvalidInput(
                _("Each line of %(label)s must be at most %(n)d characters.")
                % {"label": label, "n": max_length},
                field=field,
            )
    return lines


def next_position(queryset: QuerySet[Any]) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def move(row: Any, siblings: QuerySet[Any], direction: str) -> None:
    """Swap `row` with its neighbour above ("up") or below ("down") among `siblings`."""
    if direction not in {"up", "down"}:
        raise InvalidInput(_("Direction must be up or down."), field="direction")
    ordered = list(siblings.order_by("position", "id"))
    for index, item in enumerate(ordered):  # normalise positions first: 0, 1, 2, ...
        if item.position != index:
            item.position = index
            item.save(update_fields=["position"])
    index = next(i for i, item in enumerate(ordered) if item.pk == row.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(ordered):
        return
    other = ordered[other_index]
    me = ordered[index]
    me.position, other.position = other.position, me.position
    me.save(update_fields=["position"])
    other.save(update_fields=["position"])
    row.position = me.position
