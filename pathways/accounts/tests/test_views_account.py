"""Signing in, the workspace of each role, settings, password and API tokens pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.accounts.models import ApiToken
from pathways.accounts.services import api_token_create
from pathways.core.models import AuditEvent
from tests.cast import PASSWORD


def test_it_explains_a_failed_sign_in(cast, client):
    response = client.post(reverse("accounts:login"), {"username": "cora", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "do not match an account" in body and 'role="alert"' in body
    assert "Join with your code" in body


def test_it_switches_to_the_users_language_at_sign_in(cast, client):
    cast.guardian.preferred_language = "es"
    cast.guardian.save()
    response = client.post(reverse("accounts:login"), {"username": "gus", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["pathways_language"].value == "es"
    home = client.get(reverse("accounts:home"))
    assert home.content.decode().startswith("<!DOCTYPE html>")
    assert '<html lang="es">' in home.content.decode()


def test_it_keeps_english_for_english_speakers(cast, client):
    response = client.post(reverse("accounts:login"), {"username": "cora", "password": PASSWORD})
    assert response.cookies["pathways_language"].value == "en"


def workspace(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_leaders_their_network(cast, client):
    page = workspace(client, cast.admin)
    assert "Consortium administrator" in page
    assert reverse("orgs:network", args=[cast.alpha.public_id]) in page
    assert reverse("accounts:invitation-create") in page


def test_it_shows_a_counselor_their_school_and_invitations(cast, client):
    page = workspace(client, cast.counselor)
    assert reverse("orgs:school-detail", args=[cast.school.public_id]) in page
    assert "Invite a student or a family" in page
    assert f'href="{reverse("orgs:network", args=[cast.alpha.public_id])}"' not in page  # leaders only


def test_it_shows_a_district_admin_their_district(cast, client):
    page = workspace(client, cast.district_admin)
    assert reverse("orgs:district-detail", args=[cast.district.public_id]) in page


def test_it_shows_guardians_their_students_by_name(cast, client):
    page = workspace(client, cast.guardian)
    assert "Stella Student" in page and "Grade 10" in page and "Alpha High" in page
    assert "Otto" not in page


def test_it_shows_a_partner_contact_their_organisation(cast, client):
    page = workspace(client, cast.partner_contact)
    assert reverse("orgs:partner-detail", args=[cast.partner.public_id]) in page
    assert reverse("orgs:partner-edit", args=[cast.partner.public_id]) in page


def test_it_shows_the_outsider_nothing_of_alpha(cast, client):
    page = workspace(client, cast.outsider)
    assert "Beta High" in page
    assert "Alpha" not in page


def test_it_asks_for_a_code_when_there_is_no_role(cast, client, django_user_model):
    loner = django_user_model.objects.create_user("loner", password=PASSWORD)
    page = workspace(client, loner)
    assert "no role in a consortium yet" in page
    assert reverse("accounts:join") in page


def test_it_sends_anonymous_visitors_to_sign_in(client):
    for name in ("accounts:home", "accounts:settings", "accounts:token-list", "accounts:invitation-list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_it_saves_settings_and_switches_the_language(cast, client):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("accounts:settings"),
        {"first_name": "Tomás", "last_name": "Teacher", "preferred_language": "es"},
    )
    assert response.status_code == 302
    assert response.cookies["pathways_language"].value == "es"
    cast.teacher.refresh_from_db()
    assert cast.teacher.preferred_language == "es" and cast.teacher.first_name == "Tomás"


def test_it_refuses_bad_settings_and_changes_nothing(cast, client):
    client.force_login(cast.teacher)
    response = client.post(
        reverse("accounts:settings"), {"first_name": "", "last_name": "Teacher", "preferred_language": "fr"}
    )
    assert response.status_code == 422
    cast.teacher.refresh_from_db()
    assert cast.teacher.first_name == "Tom" and cast.teacher.preferred_language == "en"


def test_it_changes_the_password(cast, client):
    client.force_login(cast.teacher)
    assert client.get(reverse("accounts:password-change")).status_code == 200
    new = "a brand new long passphrase"
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:settings")
    cast.teacher.refresh_from_db()
    assert cast.teacher.check_password(new)
    assert AuditEvent.objects.filter(action="user.password_change", actor=cast.teacher).exists()
    bad = client.post(
        reverse("accounts:password-change"),
        {"old_password": "nope", "new_password1": "x", "new_password2": "y"},
    )
    assert bad.status_code == 422


def test_it_shows_a_new_token_key_once(cast, client):
    client.force_login(cast.admin)
    response = client.post(reverse("accounts:token-list"), {"name": "SIS sync"})
    assert response.status_code == 200
    key = response.context["new_key"]
    body = response.content.decode()
    assert key.startswith("pw_") and key in body
    assert "will not be shown again" in body
    assert response["Cache-Control"] == "no-store"
    again = client.get(reverse("accounts:token-list")).content.decode()
    assert key not in again and "SIS sync" in again and key[:10] in again


def test_it_refuses_a_token_without_a_name(cast, client):
    client.force_login(cast.admin)
    response = client.post(reverse("accounts:token-list"), {"name": "  "})
    assert response.status_code == 422
    assert ApiToken.objects.count() == 0


def test_it_revokes_a_token_after_confirmation(cast, client):
    token, _key = api_token_create(acting_user=cast.admin, user=cast.admin, name="Report")
    url = reverse("accounts:token-revoke", args=[token.public_id])
    client.force_login(cast.admin)
    assert "will stop working" in client.get(url).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # GET only asks
    client.post(url)
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("who", ["counselor", "outsider", "staff"])
def test_it_hides_other_peoples_tokens(cast, client, who):
    token, _key = api_token_create(acting_user=cast.admin, user=cast.admin, name="Report")
    client.force_login(getattr(cast, who))
    url = reverse("accounts:token-revoke", args=[token.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Report" not in client.get(reverse("accounts:token-list")).content.decode()
