"""Who sees what, for every role of the cast; the outsider (a counselor in Beta) sees nothing of Alpha."""

from __future__ import annotations

import uuid

import pytest

from pathways.accounts import policies
from pathways.accounts.models import Membership, User
from pathways.core.errors import NotFound
from pathways.orgs.models import District, Partner, School


def names(queryset) -> set[str]:
    return {str(row) for row in queryset}


def schools(user) -> set[str]:
    return names(School.objects.filter(policies.schools_visible_to(user)).distinct())


def students(user) -> set[str]:
    return {u.username for u in User.objects.filter(policies.students_visible_to(user)).distinct()}


def test_it_lets_consortium_leaders_see_every_school_of_their_consortium_only(cast):
    for leader in (cast.admin, cast.staff):
        assert schools(leader) == {"Alpha High", "Alpha Middle"}


def test_it_lets_a_district_admin_see_the_districts_schools(cast):
    assert schools(cast.district_admin) == {"Alpha High", "Alpha Middle"}


def test_it_lets_school_staff_and_students_see_their_own_school_only(cast):
    for user in (cast.counselor, cast.teacher, cast.student):
        assert schools(user) == {"Alpha High"}


def test_it_shows_guardians_and_partners_no_school_records(cast):
    assert schools(cast.guardian) == set()
    assert schools(cast.partner_contact) == set()


def test_it_shows_the_outsider_only_its_own_consortium(cast):
    assert schools(cast.outsider) == {"Beta High"}
    assert students(cast.outsider) == {"bea"}
    assert names(District.objects.filter(policies.districts_visible_to(cast.outsider)).distinct()) == {
        "Beta County Schools"
    }
    assert names(Partner.objects.filter(policies.partners_visible_to(cast.outsider))) == set()


def test_it_scopes_students_by_role(cast):
    assert students(cast.admin) == {"stella", "otto"}
    assert students(cast.district_admin) == {"stella", "otto"}
    assert students(cast.counselor) == {"stella"}
    assert students(cast.teacher) == {"stella"}
    assert students(cast.guardian) == {"stella"}
    assert students(cast.student) == {"stella"}
    assert students(cast.other_student) == {"otto"}
    assert students(cast.partner_contact) == set()


def test_it_shows_partners_to_staff_and_to_their_own_contact(cast):
    visible = lambda user: names(Partner.objects.filter(policies.partners_visible_to(user)))  # noqa: E731
    assert visible(cast.admin) == {"Alpha Manufacturing"}
    assert visible(cast.counselor) == {"Alpha Manufacturing"}
    assert visible(cast.partner_contact) == {"Alpha Manufacturing"}
    assert visible(cast.student) == set()
    assert visible(cast.guardian) == set()


def test_it_answers_missing_and_forbidden_alike(cast):
    with pytest.raises(NotFound) as forbidden:
        policies.access_school(cast.outsider, cast.school.public_id)
    with pytest.raises(NotFound) as missing:
        policies.access_school(cast.outsider, uuid.uuid4())
    with pytest.raises(NotFound) as malformed:
        policies.access_school(cast.outsider, "not-a-uuid")
    assert str(forbidden.value) == str(missing.value) == str(malformed.value)


def test_it_returns_the_row_in_scope(cast):
    assert policies.access_school(cast.counselor, cast.school.public_id) == cast.school
    assert policies.access_student(cast.guardian, cast.student.public_id) == cast.student
    with pytest.raises(NotFound):
        policies.access_student(cast.guardian, cast.other_student.public_id)


def test_it_sees_nothing_when_anonymous(cast):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert schools(anonymous) == set()
    assert students(anonymous) == set()


def test_it_refuses_a_membership_at_the_wrong_kind_of_node(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.teacher, role="counselor", consortium=cast.alpha)  # no school
