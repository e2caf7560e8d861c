"""Writes to partner commitments and action items (the follow-up board)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from pathways.accounts.models import Membership, User
from pathways.accounts.policies import Actor
from pathways.core.errors import InvalidInput
from pathways.core.models import ensure_same_consortium
from pathways.orgs.models import Consortium, Partner

from ..models import ActionItem, FollowUpStatus, Meeting, PartnerCommitment
from ..selectors import is_facilitator
from ._common import NotAllowed, audit, clean_text, next_position, require_leader

TEXT_MAX = 4000


def _check_owner(consortium_id: int, owner: User | None) -> None:
    if owner is not None and not Membership.objects.filter(consortium_id=consortium_id, user=owner).exists():
        raise InvalidInput(
            _("%(name)s is not a member of this consortium.") % {"name": owner.display_name}, field="owner"
        )


def _check_status(status: str) -> str:
    if status not in FollowUpStatus.values:
        raise InvalidInput(_("Choose open, in progress or done."), field="status")
    return status


@transaction.atomic
def action_item_save(
    *,
    acting_user: Actor,
    consortium: Consortium,
    title: str,
    details: str = "",
    owner: User | None = None,
    owner_partner: Partner | None = None,
    owner_name: str = "",
    due_date: datetime.date | None = None,
    status: str = FollowUpStatus.OPEN,
    meeting: Meeting | None = None,
    item: ActionItem | None = None,
) -> ActionItem:
    """Create an action item, or update `item`."""
    require_leader(acting_user, consortium.pk)
    if item is not None and item.consortium_id != consortium.pk:
        raise InvalidInput(_("Action item belongs to another consortium."), field="item")
    _check_owner(consortium.pk, owner)
    row = item or ActionItem(
        consortium=consortium, position=next_position(ActionItem.objects.filter(consortium=consortium))
    )
    row.title = clean_text(title, field="title", label=_("Title"), max_length=300)
    row.details = clean_text(
        details, field="details", label=_("Details"), max_length=TEXT_MAX, required=False
    )
    row.owner = owner
    row.owner_partner = owner_partner
    row.owner_name = clean_text(
        owner_name, field="owner_name", label=_("Owner"), max_length=200, required=False
    )
    row.due_date = due_date
    row.status = _check_status(status)
    row.meeting = meeting
    ensure_same_consortium(row, owner_partner, meeting)
    row.save()
    audit(acting_user, "action_item_save" if item else "action_item_create", row, status=row.status)
    return row


def _may_move(user: Actor, row: ActionItem | PartnerCommitment) -> None:
    """Leaders move any card; the owner may move their own."""
    if is_facilitator(user, row.consortium_id):
        return
    if user.is_authenticated and row.owner_id == user.pk:
        return
    raise NotAllowed(_("Only the consortium's leaders or the item's owner can change its status."))


@transaction.atomic
def action_item_move(*, acting_user: Actor, item: ActionItem, status: str) -> ActionItem:
    _may_move(acting_user, item)
    previous = item.status
    item.status = _check_status(status)
    item.save(update_fields=["status", "updated_at"])
    audit(acting_user, "action_item_move", item, status=status, previous=previous)
    return item


@transaction.atomic
def action_item_delete(*, acting_user: Actor, item: ActionItem) -> None:
    require_leader(acting_user, item.consortium_id)
    audit(acting_user, "action_item_delete", item, title=item.title)
    item.delete()


@transaction.atomic
def commitment_save(
    *,
    acting_user: Actor,
    consortium: Consortium,
    text: str,
    partners: Iterable[Partner] = (),
    owner: User | None = None,
    owner_name: str = "",
    due_date: datetime.date | None = None,
    status: str = FollowUpStatus.OPEN,
    meeting: Meeting | None = None,
    commitment: PartnerCommitment | None = None,
) -> PartnerCommitment:
    """Record a partner's commitment as the outcomes write it (create, or update `commitment`)."""
    require_leader(acting_user, consortium.pk)
    if commitment is not None and commitment.consortium_id != consortium.pk:
        raise InvalidInput(_("Commitment belongs to another consortium."), field="commitment")
    partner_list = list(partners)
    _check_owner(consortium.pk, owner)
    row = commitment or PartnerCommitment(consortium=consortium)
    if commitment is None:
        row.position = next_position(PartnerCommitment.objects.filter(consortium=consortium, meeting=meeting))
    row.text = clean_text(text, field="text", label=_("Commitment"), max_length=TEXT_MAX)
    row.owner = owner
    row.owner_name = clean_text(
        owner_name, field="owner_name", label=_("Owner"), max_length=200, required=False
    )
    row.due_date = due_date
    row.status = _check_status(status)
    row.meeting = meeting
    ensure_same_consortium(row, meeting, *partner_list)
    row.save()
    row.partners.set(partner_list)
    audit(acting_user, "commitment_save" if commitment else "commitment_create", row, status=row.status)
    return row


@transaction.atomic
def commitment_move(*, acting_user: Actor, commitment: PartnerCommitment, status: str) -> PartnerCommitment:
    _may_move(acting_user, commitment)
    previous = commitment.status
    commitment.status = _check_status(status)
    commitment.save(update_fields=["status", "updated_at"])
    audit(acting_user, "commitment_move", commitment, status=status, previous=previous)
    return commitment


@transaction.atomic
def commitment_delete(*, acting_user: Actor, commitment: PartnerCommitment) -> None:
    require_leader(acting_user, commitment.consortium_id)
    audit(acting_user, "commitment_delete", commitment)
    commitment.delete()
