"""Who may see the consortium's indicators, imports and rollups: its leaders only.

Perkins V reports are the consortium's aggregate results; district administrators and school staff
get them from their consortium (a later issue may open their own units to them). Everyone else,
including the leaders of another consortium, gets the same `NotFound` as for a consortium that
does not exist.
"""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _

from pathways.accounts.models import Membership
from pathways.accounts.policies import Actor, is_leader, scope_of
from pathways.accounts.roles import Role
from pathways.core.errors import NotFound
from pathways.orgs.models import Consortium


def may_see_reports(user: Actor, consortium: Consortium) -> bool:
    """The consortium's administrators and staff (accounts.roles.LEADER_ROLES)."""
    return bool(user.is_authenticated) and is_leader(user, consortium.pk)


def may_change_report_settings(user: Actor, consortium: Consortium) -> bool:
    """The minimum cell size protects students: only the consortium's administrators change it."""
    if not may_see_reports(user, consortium):
        return False
    return Membership.objects.filter(
        user_id=scope_of(user).user_id or 0, consortium=consortium, role=Role.CONSORTIUM_ADMIN
    ).exists()


def reports_consortium(user: Actor, key: str | UUID) -> Consortium:
    """The consortium by slug or public UUID if the user may see its reports; else NotFound."""
    found: Consortium | None = None
    text = str(key)
    try:
        found = Consortium.objects.filter(public_id=UUID(text)).first()
    except ValueError:
        found = Consortium.objects.filter(slug=text).first()
    if found is None or not may_see_reports(user, found):
        raise NotFound(_("Not found."))
    return found
