"""`/api/v1/me` and `/api/v1/me/tokens`: who am I, and tokens that work until revoked."""

from __future__ import annotations

import json

from django.core.management import call_command

from pathways.accounts.auth import user_for_token
from pathways.accounts.models import ApiToken
from pathways.accounts.services import api_token_create, api_token_revoke


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_it_says_who_the_token_belongs_to(cast, client):
    _token, key = api_token_create(acting_user=cast.counselor, user=cast.counselor, name="t")
    body = client.get("/api/v1/me", **bearer(key)).json()
    assert body["username"] == "cora"
    assert body["roles"] == [
        {
            "role": "counselor",
            "role_label": "Counselor",
            "consortium": "alpha",
            "node": {"type": "school", "public_id": str(cast.school.public_id), "name": "Alpha High"},
        }
    ]


def test_it_refuses_no_token_a_wrong_token_and_a_revoked_token(cast, client):
    token, key = api_token_create(acting_user=cast.counselor, user=cast.counselor, name="t")
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", **bearer("pw_wrong")).status_code == 401
    api_token_revoke(acting_user=cast.counselor, token=token)
    assert client.get("/api/v1/me", **bearer(key)).status_code == 401


def test_it_creates_lists_and_revokes_tokens(cast, client):
    _token, key = api_token_create(acting_user=cast.admin, user=cast.admin, name="first")
    response = client.post(
        "/api/v1/me/tokens",
        data=json.dumps({"name": "second"}),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 201
    created = response.json()
    assert created["key"].startswith("pw_") and user_for_token(created["key"]) == cast.admin
    listed = client.get("/api/v1/me/tokens", **bearer(key)).json()
    assert listed["count"] == 2 and all("key" not in item for item in listed["items"])
    response = client.delete(f"/api/v1/me/tokens/{created['public_id']}", **bearer(key))
    assert response.status_code == 204
    assert user_for_token(created["key"]) is None


def test_it_refuses_an_empty_token_name(cast, client):
    _token, key = api_token_create(acting_user=cast.admin, user=cast.admin, name="first")
    response = client.post(
        "/api/v1/me/tokens", data=json.dumps({"name": " "}), content_type="application/json", **bearer(key)
    )
    assert response.status_code == 422
    assert "name" in response.json()["detail"][0]["msg"]
    assert ApiToken.objects.count() == 1


def test_it_cannot_revoke_someone_elses_token(cast, client):
    theirs, their_key = api_token_create(acting_user=cast.admin, user=cast.admin, name="admin's")
    _mine, key = api_token_create(acting_user=cast.outsider, user=cast.outsider, name="mine")
    assert client.delete(f"/api/v1/me/tokens/{theirs.public_id}", **bearer(key)).status_code == 404
    assert user_for_token(their_key) == cast.admin


def test_it_prints_a_new_key_from_the_command_line(cast, capsys):
    call_command("create_api_token", "ada", "--name", "Nightly export")
    out = capsys.readouterr()
    key = out.out.strip()
    assert user_for_token(key) == cast.admin
    assert "not shown again" in out.err
    assert ApiToken.objects.get().name == "Nightly export"
