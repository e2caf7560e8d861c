"""Invitations end to end, as people use them: create, print, join, and codes that do not work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from pathways.accounts.models import GuardianLink, Invitation, Membership, User
from pathways.accounts.roles import Role
from tests.cast import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def new_account(**changes):
    data = {
        "first_name": "Ana",
        "last_name": "Rivera",
        "username": "ana.rivera",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "es",
    }
    data.update(changes)
    return data


def test_it_takes_a_student_from_invitation_to_membership(cast, client):
    client.force_login(cast.counselor)
    page = client.get(reverse("accounts:invitation-create"))
    assert page.status_code == 200
    roles = [value for value, _label in page.context["form"].fields["role"].choices if value]
    assert roles == [Role.STUDENT, Role.GUARDIAN]

    response = client.post(
        reverse("accounts:invitation-create"),
        {"role": Role.STUDENT, "school": str(cast.school.public_id), "note": "Ana R.", "expires_in_days": 30},
    )
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:invitation-print", args=[invitation.public_id])

    sheet = client.get(response["Location"]).content.decode()
    assert invitation.code in sheet
    assert f"/join/{invitation.code}/" in sheet
    assert "How to join Pathways" in sheet and "Cómo unirse a Pathways" in sheet  # both languages
    assert 'lang="es"' in sheet
    client.logout()

    page = client.get(reverse("accounts:join-code", args=[invitation.code]))
    assert page.status_code == 200
    assert "Alpha High" in page.content.decode()
    response = client.post(reverse("accounts:join-code", args=[invitation.code]), new_account())
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    user = User.objects.get(username="ana.rivera")
    assert Membership.objects.filter(user=user, role=Role.STUDENT, school=cast.school).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert response.cookies["pathways_language"].value == "es"  # the chosen language from now on
    home = client.get(reverse("accounts:home"))
    assert home.wsgi_request.user == user


def test_it_links_a_guardian_who_joins_with_a_family_code(cast, client):
    client.force_login(cast.counselor)
    client.post(
        reverse("accounts:invitation-create"),
        {"role": Role.GUARDIAN, "student": str(cast.student.public_id), "expires_in_days": 30},
    )
    invitation = Invitation.objects.get()
    sheet = client.get(reverse("accounts:invitation-print", args=[invitation.public_id])).content.decode()
    assert "Stella Student" in sheet
    client.logout()
    join = client.get(reverse("accounts:join-code", args=[invitation.code])).content.decode()
    assert "Stella S." in join and "Stella Student" not in join  # a short name on the open page
    client.post(reverse("accounts:join-code", args=[invitation.code]), new_account(username="papa"))
    parent = User.objects.get(username="papa")
    assert GuardianLink.objects.filter(guardian=parent, student=cast.student).exists()
    home = client.get(reverse("accounts:home")).content.decode()
    assert "Stella Student" in home


def test_it_attaches_the_role_to_a_signed_in_user(cast, client):
    invitation = Invitation.objects.create(
        consortium=cast.alpha, role=Role.TEACHER, school=cast.other_school, created_by=cast.admin,
        expires_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    client.force_login(cast.teacher)
    page = client.get(reverse("accounts:join-code", args=[invitation.code]))
    assert "Accept and continue" in page.content.decode()
    client.post(reverse("accounts:join-code", args=[invitation.code]))
    assert Membership.objects.filter(user=cast.teacher, school=cast.other_school).exists()


def test_it_finds_a_code_typed_in_any_shape(cast, client):
    invitation = Invitation.objects.create(
        consortium=cast.alpha,
        role=Role.STUDENT,
        school=cast.school,
        expires_at=timezone.now() + timedelta(days=3),
    )
    typed = " " + invitation.code.replace("-", "").lower() + " "
    response = client.post(reverse("accounts:join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:join-code", args=[invitation.code])


def test_it_refuses_expired_used_revoked_and_unknown_codes_with_one_message(cast, client):
    soon = timezone.now() + timedelta(days=3)
    expired = Invitation.objects.create(
        consortium=cast.alpha,
        role=Role.STUDENT,
        school=cast.school,
        expires_at=timezone.now() - timedelta(days=1),
    )
    used = Invitation.objects.create(
        consortium=cast.alpha, role=Role.STUDENT, school=cast.school, expires_at=soon,
        accepted_at=timezone.now(), accepted_by=cast.student,
    )  # fmt: skip
    revoked = Invitation.objects.create(
        consortium=cast.alpha,
        role=Role.STUDENT,
        school=cast.school,
        expires_at=soon,
        revoked_at=timezone.now(),
    )
    bodies = set()
    for code in (expired.code, used.code, revoked.code, "ZZZZZ-ZZZZZ"):
        response = client.post(reverse("accounts:join"), {"code": code})
        assert response.status_code == 422
        bodies.add(response.context["error"])
        response = client.post(
            reverse("accounts:join-code", args=[code]), new_account(username=f"u{len(bodies)}")
        )
        assert response.status_code == 422
    assert len(bodies) == 1 and "does not work" in bodies.pop()
    assert not User.objects.filter(username__startswith="u").exists()
    assert Membership.objects.filter(role=Role.STUDENT).count() == 3  # the cast's, unchanged


def test_it_slows_down_code_guessing(cast, client):
    invitation = Invitation.objects.create(
        consortium=cast.alpha,
        role=Role.STUDENT,
        school=cast.school,
        expires_at=timezone.now() + timedelta(days=3),
    )
    for _ in range(10):
        assert client.post(reverse("accounts:join"), {"code": "ZZZZZ-ZZZZZ"}).status_code == 422
    # Even the right code is refused for a while after ten wrong ones.
    response = client.post(reverse("accounts:join"), {"code": invitation.code})
    assert response.status_code == 429
    assert client.get(reverse("accounts:join-code", args=[invitation.code])).status_code == 429


def test_it_shows_account_errors_next_to_the_fields_and_creates_nothing(cast, client):
    invitation = Invitation.objects.create(
        consortium=cast.alpha,
        role=Role.STUDENT,
        school=cast.school,
        expires_at=timezone.now() + timedelta(days=3),
    )
    response = client.post(
        reverse("accounts:join-code", args=[invitation.code]),
        new_account(username="stella", password2="something else entirely"),
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "username" in form.errors and "password2" in form.errors
    page = response.content.decode()
    assert 'id="error-summary"' in page and 'aria-invalid="true"' in page
    assert User.objects.filter(username="stella").count() == 1
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_it_prints_and_revokes_only_within_scope(cast, client):
    invitation = Invitation.objects.create(
        consortium=cast.alpha, role=Role.STUDENT, school=cast.school, created_by=cast.counselor,
        expires_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    for user in (cast.outsider, cast.teacher, cast.student, cast.guardian):
        client.force_login(user)
        assert (
            client.get(reverse("accounts:invitation-print", args=[invitation.public_id])).status_code == 404
        )
        assert (
            client.post(reverse("accounts:invitation-revoke", args=[invitation.public_id])).status_code == 404
        )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    client.force_login(cast.counselor)
    confirm = client.get(reverse("accounts:invitation-revoke", args=[invitation.public_id]))
    assert "Cancel the invitation" in confirm.content.decode()
    response = client.post(reverse("accounts:invitation-revoke", args=[invitation.public_id]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_it_lists_invitations_with_their_status(cast, client, django_assert_max_num_queries):
    for n in range(30):
        Invitation.objects.create(
            consortium=cast.alpha, role=Role.STUDENT, school=cast.school, created_by=cast.counselor,
            note=f"Student {n}", expires_at=timezone.now() + timedelta(days=3),
        )  # fmt: skip
    client.force_login(cast.counselor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("accounts:invitation-list"))
    body = page.content.decode()
    assert "30 invitations" in body and "Page 1 of 2" in body
    client.force_login(cast.outsider)
    assert "No invitations here." in client.get(reverse("accounts:invitation-list")).content.decode()


def test_it_hides_the_invitation_form_from_those_who_cannot_invite(cast, client):
    for user in (cast.teacher, cast.student, cast.guardian, cast.partner_contact):
        client.force_login(user)
        assert client.get(reverse("accounts:invitation-create")).status_code == 404


def test_it_refuses_a_form_that_reaches_outside_the_scope(cast, client):
    client.force_login(cast.counselor)
    response = client.post(
        reverse("accounts:invitation-create"),
        {"role": Role.STUDENT, "school": str(cast.beta_school.public_id), "expires_in_days": 30},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("accounts:invitation-create"), {"role": Role.CONSORTIUM_ADMIN, "expires_in_days": 30}
    )
    assert response.status_code == 422
    assert Invitation.objects.count() == 0
