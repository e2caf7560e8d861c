"""The admin opens every people-and-network page, never shows a token key, and revokes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.accounts.models import ApiToken
from pathways.accounts.services import api_token_create


@pytest.mark.parametrize(
    "model",
    [
        "orgs/consortium", "orgs/region", "orgs/district", "orgs/school", "orgs/partner", "orgs/contact",
        "accounts/user", "accounts/membership", "accounts/guardianlink", "accounts/invitation",
        "accounts/apitoken",
    ],
)  # fmt: skip
def test_it_lists_each_model(cast, admin_client, model):
    app, name = model.split("/")
    assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


def test_it_opens_a_user_with_memberships_and_a_school(cast, admin_client):
    body = admin_client.get(reverse("admin:accounts_user_change", args=[cast.counselor.pk])).content.decode()
    assert "preferred_language" in body and "grade_level" in body and "Counselor" in body
    assert admin_client.get(reverse("admin:orgs_school_change", args=[cast.school.pk])).status_code == 200
    assert admin_client.get(reverse("admin:orgs_partner_change", args=[cast.partner.pk])).status_code == 200


def test_it_never_shows_a_token_key_and_revokes(cast, admin_client):
    token, key = api_token_create(acting_user=cast.admin, user=cast.admin, name="report")
    body = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert key not in body and token.key_hash not in body
    admin_client.post(
        reverse("admin:accounts_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert ApiToken.objects.get().revoked_at is not None
