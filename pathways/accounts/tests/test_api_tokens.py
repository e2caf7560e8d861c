from __future__ import annotations

import pytest

from pathways.accounts.auth import api_user, user_for_token
from pathways.accounts.models import ApiToken
from pathways.accounts.services import api_token_create, api_token_revoke
from pathways.core.errors import InvalidInput
from pathways.core.models import AuditEvent


def test_it_stores_only_a_hash_and_finds_the_user_by_key(cast):
    token, key = api_token_create(acting_user=cast.counselor, user=cast.counselor, name="SIS sync")
    assert key.startswith("pw_")
    assert key not in {token.key_hash, token.prefix}
    assert ApiToken.objects.filter(key_hash=key).count() == 0
    assert user_for_token(key) == cast.counselor
    assert AuditEvent.objects.filter(action="api_token.create", actor=cast.counselor).exists()


def test_it_refuses_a_revoked_or_unknown_key(cast):
    token, key = api_token_create(acting_user=cast.counselor, user=cast.counselor, name="SIS sync")
    api_token_revoke(acting_user=cast.counselor, token=token)
    assert user_for_token(key) is None
    assert user_for_token("pw_nope") is None
    assert user_for_token("") is None


def test_it_refuses_an_empty_name_and_changes_nothing(cast):
    with pytest.raises(InvalidInput):
        api_token_create(acting_user=cast.counselor, user=cast.counselor, name="  ")
    assert ApiToken.objects.count() == 0


def test_it_reads_the_bearer_header_for_public_endpoints(cast, rf):
    _, key = api_token_create(acting_user=cast.admin, user=cast.admin, name="report")
    request = rf.get("/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api_user(request) == cast.admin
    request = rf.get("/", HTTP_AUTHORIZATION="Bearer pw_wrong")
    assert not api_user(request).is_authenticated
