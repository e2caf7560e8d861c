"""Invitation services: who may invite whom, redeeming a code, and codes that must not work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pathways.accounts import selectors, services
from pathways.accounts.models import GuardianLink, Invitation, Membership, User
from pathways.accounts.roles import Role
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import AuditEvent
from tests.cast import PASSWORD


def invite(cast, user, role, **node):
    return services.invitation_create(
        acting_user=user, consortium=node.pop("consortium", cast.alpha), role=role, **node
    )


def test_it_lets_a_counselor_invite_a_student_or_family_at_their_school(cast):
    student_invite = invite(cast, cast.counselor, Role.STUDENT, school=cast.school, note="Ana R.")
    guardian_invite = invite(cast, cast.counselor, Role.GUARDIAN, student=cast.student)
    assert student_invite.school == cast.school and student_invite.consortium == cast.alpha
    assert guardian_invite.student == cast.student and guardian_invite.school is None
    assert (student_invite.expires_at - timezone.now()).days in (29, 30)
    assert AuditEvent.objects.filter(action="invitation.create", actor=cast.counselor).count() == 2


@pytest.mark.parametrize(
    ("role", "node"),
    [
        (Role.CONSORTIUM_ADMIN, {}),
        (Role.CONSORTIUM_STAFF, {}),
        (Role.COUNSELOR, {"school": "school"}),
        (Role.TEACHER, {"school": "school"}),
        (Role.DISTRICT_ADMIN, {"district": "district"}),
        (Role.PARTNER_CONTACT, {"partner": "partner"}),
        (Role.STUDENT, {"school": "other_school"}),  # not the counselor's school
        (Role.GUARDIAN, {"student": "other_student"}),  # a student of another school
    ],
)
def test_it_refuses_what_a_counselor_may_not_hand_out(cast, role, node):
    kwargs = {key: getattr(cast, value) for key, value in node.items()}
    with pytest.raises(InvalidInput):
        invite(cast, cast.counselor, role, **kwargs)
    assert Invitation.objects.count() == 0


def test_it_lets_a_district_admin_invite_staff_and_students_in_their_district(cast):
    for role, node in (
        (Role.DISTRICT_ADMIN, {"district": cast.district}),
        (Role.COUNSELOR, {"school": cast.other_school}),
        (Role.TEACHER, {"school": cast.school}),
        (Role.STUDENT, {"school": cast.other_school}),
    ):
        invite(cast, cast.district_admin, role, **node)
    for role, node in ((Role.CONSORTIUM_ADMIN, {}), (Role.GUARDIAN, {"student": cast.student})):
        with pytest.raises(InvalidInput):
            invite(cast, cast.district_admin, role, **node)
    assert Invitation.objects.count() == 4


def test_it_lets_leaders_invite_any_role_in_their_consortium(cast):
    for role, node in (
        (Role.CONSORTIUM_ADMIN, {}),
        (Role.CONSORTIUM_STAFF, {}),
        (Role.DISTRICT_ADMIN, {"district": cast.district}),
        (Role.PARTNER_CONTACT, {"partner": cast.partner}),
        (Role.GUARDIAN, {"student": cast.other_student}),
    ):
        invite(cast, cast.staff, role, **node)
    assert Invitation.objects.filter(consortium=cast.alpha).count() == 5


def test_it_lets_nobody_invite_into_another_consortium(cast):
    with pytest.raises(NotFound):
        invite(cast, cast.outsider, Role.STUDENT, school=cast.school)
    with pytest.raises(NotFound):
        invite(cast, cast.outsider, Role.CONSORTIUM_ADMIN)
    # A leader of Alpha cannot point an Alpha invitation at a Beta school, nor invite into Beta.
    with pytest.raises(InvalidInput):
        invite(cast, cast.admin, Role.STUDENT, school=cast.beta_school)
    with pytest.raises(NotFound):
        invite(cast, cast.admin, Role.STUDENT, school=cast.beta_school, consortium=cast.beta)
    with pytest.raises(InvalidInput):
        invite(cast, cast.admin, Role.GUARDIAN, student=cast.beta_student)
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "extra", "field"),
    [
        (Role.STUDENT, {}, "school"),
        (Role.GUARDIAN, {}, "student"),
        ("wizard", {}, "role"),
        (Role.STUDENT, {"note": "x" * 201}, "note"),
        (Role.STUDENT, {"expires_in_days": 0}, "expires_in_days"),
        (Role.STUDENT, {"expires_in_days": 400}, "expires_in_days"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(cast, role, extra, field):
    node = {} if field == "school" or role != Role.STUDENT else {"school": cast.school}
    with pytest.raises(InvalidInput) as error:
        invite(cast, cast.admin, role, **node, **extra)
    assert error.value.field == field
    assert Invitation.objects.count() == 0


def test_it_keeps_only_the_node_the_role_needs(cast):
    invitation = invite(cast, cast.admin, Role.CONSORTIUM_STAFF, school=cast.school, student=cast.student)
    assert invitation.school is None and invitation.student is None


def test_it_gives_the_role_to_a_signed_in_user_and_marks_the_code_used(cast):
    invitation = invite(cast, cast.admin, Role.TEACHER, school=cast.other_school)
    services.invitation_accept(acting_user=cast.teacher, invitation=invitation)
    assert Membership.objects.filter(user=cast.teacher, role=Role.TEACHER, school=cast.other_school).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == cast.teacher and invitation.accepted_at is not None
    with pytest.raises(InvalidInput):
        services.invitation_accept(acting_user=cast.counselor, invitation=invitation)
    assert not Membership.objects.filter(user=cast.counselor, school=cast.other_school).exists()


def test_it_links_a_guardian_to_the_student(cast):
    invitation = invite(cast, cast.counselor, Role.GUARDIAN, student=cast.student)
    parent = User.objects.create_user("mama", password=PASSWORD)
    services.invitation_accept(acting_user=parent, invitation=invitation)
    assert GuardianLink.objects.filter(guardian=parent, student=cast.student, consortium=cast.alpha).exists()
    assert Membership.objects.filter(user=parent, role=Role.GUARDIAN, consortium=cast.alpha).exists()


def test_it_refuses_a_guardian_code_used_by_the_student_themselves(cast):
    invitation = invite(cast, cast.counselor, Role.GUARDIAN, student=cast.student)
    with pytest.raises(InvalidInput):
        services.invitation_accept(acting_user=cast.student, invitation=invitation)
    assert not GuardianLink.objects.filter(guardian=cast.student).exists()


def test_it_refuses_expired_revoked_and_used_codes_alike(cast):
    expired = invite(cast, cast.admin, Role.STUDENT, school=cast.school)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    revoked = services.invitation_revoke(
        acting_user=cast.counselor, invitation=invite(cast, cast.admin, Role.STUDENT, school=cast.school)
    )
    used = invite(cast, cast.admin, Role.STUDENT, school=cast.school)
    services.invitation_accept(acting_user=cast.other_student, invitation=used)
    messages = set()
    for invitation in (expired, revoked, used):
        assert selectors.invitation_by_code(invitation.code) is None
        with pytest.raises(InvalidInput) as error:
            services.invitation_accept(acting_user=cast.guardian, invitation=invitation)
        messages.add(error.value.message)
    assert len(messages) == 1
    assert not Membership.objects.filter(user=cast.guardian, role=Role.STUDENT).exists()


def test_it_reads_codes_forgivingly(cast):
    invitation = invite(cast, cast.counselor, Role.STUDENT, school=cast.school)
    code = invitation.code  # "ABCDE-FGH23"
    for typed in (
        code,
        code.lower(),
        code.replace("-", ""),
        f"  {code[:3]} {code[3:]} ",
        code.replace("-", "\u2013"),
    ):
        assert selectors.invitation_by_code(typed) == invitation
    for typed in ("", "ABC", code + "X", "00000-00000"):
        assert selectors.invitation_by_code(typed) is None


def test_it_creates_an_account_with_the_code(cast):
    invitation = invite(cast, cast.counselor, Role.STUDENT, school=cast.school)
    user = services.invitation_accept_new_user(
        invitation=invitation,
        username="ana.r",
        first_name="Ana",
        last_name="Rivera",
        password=PASSWORD,
        preferred_language="es",
    )
    assert user.check_password(PASSWORD) and user.preferred_language == "es"
    assert Membership.objects.filter(user=user, role=Role.STUDENT, school=cast.school).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "stella"}, "username"),  # taken
        ({"username": "STELLA"}, "username"),  # taken, whatever the case
        ({"username": "ana rivera"}, "username"),
        ({"first_name": " "}, "first_name"),
        ({"password": "short"}, "password1"),
        ({"password": "1234567890123"}, "password1"),
        ({"preferred_language": "fr"}, "preferred_language"),
    ],
)
def test_it_refuses_a_bad_new_account_and_changes_nothing(cast, changes, field):
    invitation = invite(cast, cast.counselor, Role.STUDENT, school=cast.school)
    values = {
        "username": "ana.r",
        "first_name": "Ana",
        "last_name": "Rivera",
        "password": PASSWORD,
        "preferred_language": "en",
        **changes,
    }
    users = User.objects.count()
    with pytest.raises(InvalidInput) as error:
        services.invitation_accept_new_user(invitation=invitation, **values)
    assert error.value.field == field
    assert User.objects.count() == users
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_it_lets_only_those_in_scope_revoke(cast):
    invitation = invite(cast, cast.counselor, Role.STUDENT, school=cast.school)
    for user in (cast.teacher, cast.student, cast.outsider, cast.partner_contact):
        with pytest.raises(NotFound):
            services.invitation_revoke(acting_user=user, invitation=invitation)
    services.invitation_revoke(acting_user=cast.district_admin, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_it_lists_invitations_by_scope_and_status(cast):
    mine = invite(cast, cast.counselor, Role.STUDENT, school=cast.school)
    family = invite(cast, cast.admin, Role.GUARDIAN, student=cast.student)
    elsewhere = invite(cast, cast.admin, Role.STUDENT, school=cast.other_school)
    staff = invite(cast, cast.admin, Role.CONSORTIUM_STAFF)

    def codes(user, status=""):
        return {i.code for i in selectors.invitation_list(actor=user, status=status)}

    assert codes(cast.admin) == {mine.code, family.code, elsewhere.code, staff.code}
    assert codes(cast.counselor) == {mine.code, family.code}
    assert codes(cast.district_admin) == {mine.code, elsewhere.code}
    assert codes(cast.teacher) == set()
    assert codes(cast.outsider) == set()
    services.invitation_revoke(acting_user=cast.admin, invitation=staff)
    assert codes(cast.admin, "open") == {mine.code, family.code, elsewhere.code}
    assert codes(cast.admin, "revoked") == {staff.code}
