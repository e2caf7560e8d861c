"""The Open Badges 3.0 completion credential at its public verify URL."""

from __future__ import annotations

import pytest

from pathways.wbl.models import Placement

from .test_placements import ALL_FOUR, placement, sign_all  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def complete(cast, p: Placement) -> Placement:
    from pathways.wbl.services import placements as services

    sign_all(cast, p)
    services.evaluate(cast.partner_contact, p, kind="final", ratings=ALL_FOUR)
    services.complete(cast.staff, p)
    p.refresh_from_db()
    return p


def test_it_serves_an_open_badge_credential_with_only_the_name(cast, client, placement):  # noqa: F811
    p = complete(cast, placement)
    response = client.get(f"/wbl/badges/{p.badge_id}/")
    assert response.status_code == 200
    doc = response.json()
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in doc["@context"]
    assert doc["id"].endswith(f"/wbl/badges/{p.badge_id}/")
    subject = doc["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Stella Student"
    assert subject["achievement"]["type"] == ["Achievement"]
    text = response.content.decode()
    for private in ("stella", str(cast.student.public_id), "Alpha High", str(p.public_id)):
        assert private not in text.replace("Stella Student", "")


def test_it_is_404_before_completion_and_for_unknown_ids(cast, client, placement):  # noqa: F811
    assert client.get(f"/wbl/badges/{placement.public_id}/").status_code == 404
