"""The family pages and API: a parent or guardian reads only their own students, every read is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.roles import Role
from pathways.core.models import AuditEvent
from pathways.students.models import PlanStatus

from .test_family_support import PASSWORD, Family, family_fixture, login  # noqa: F401  (fixture)

HOME = reverse("students:family-home")


def student_url(user: User) -> str:
    return reverse("students:family-student", args=[user.public_id])


def test_it_shows_the_guardian_their_students_results_favourites_and_plan(client, family: Family):
    login(client, family.cast.guardian)
    response = client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stella Student" in page
    assert "Grade 10" in page and "Alpha High" in page
    # Latest completed attempt (Doers first), the top three in plain words and the scores table.
    assert "Doers" in page and "Hands-on work with tools" in page
    assert "score in each interest area (0 to 40)" in page
    # Favourites and the plan.
    assert "Welders, Cutters, Solderers, and Brazers" in page
    assert "Welding Technology" in page
    assert str(PlanStatus.SUBMITTED.label) in page
    # The full plan and the portfolio are the plans part's pages.
    assert f"/plan/{family.stella.public_id}/" in page
    assert f"/portfolio/{family.stella.public_id}/" in page
    # Nobody else's student.
    for other in ("Otto", "Bea", "Ana Alpha", "Cy Charlie"):
        assert other not in page


def test_it_explains_programs_dual_credit_and_local_wages_with_their_source(client, family: Family):
    login(client, family.cast.guardian)
    page = client.get(student_url(family.stella)).content.decode()
    assert "What is a program of study?" in page
    assert "What is dual credit?" in page
    assert "Why certificates and two-year degrees pay here" in page
    # The target career's median wage, labelled with its source, period and area.
    assert (
        "What Stella&#x27;s target careers pay here" in page
        or "What Stella's target careers pay here" in page
    )
    assert "BLS OEWS, May 2025," in page


@pytest.mark.parametrize("who", ["guardian_other", "outsider", "counselor", "student", "partner_contact"])
def test_it_answers_404_for_a_student_who_is_not_the_users_own(client, family: Family, who: str):
    cast = family.cast
    if who == "guardian_other":
        user, target = cast.guardian, cast.other_student
    else:
        user, target = getattr(cast, who), cast.student
        if who == "student":
            target = family.ana
    login(client, user)
    assert client.get(student_url(target)).status_code == 404
    assert not AuditEvent.objects.filter(action="student.view", object_id=str(target.public_id)).exists()


def test_it_answers_404_for_the_guardians_student_of_another_consortium_and_a_made_up_id(
    client, family: Family
):
    login(client, family.cast.guardian)
    assert client.get(student_url(family.cast.beta_student)).status_code == 404
    assert client.get("/family/students/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_records_every_read_of_a_students_record(client, family: Family):
    login(client, family.cast.guardian)
    client.get(HOME)
    client.get(student_url(family.stella))
    events = AuditEvent.objects.filter(action="student.view", object_id=str(family.stella.public_id))
    assert events.count() == 2
    assert {e.details["via"] for e in events} == {"family-home", "family-student"}
    assert all(e.actor_id == family.cast.guardian.pk for e in events)


def test_it_tells_a_guardian_without_a_linked_student_how_to_link_one(client, family: Family):
    newcomer = User.objects.create_user("nell", password=PASSWORD, first_name="Nell")
    Membership.objects.create(user=newcomer, role=Role.GUARDIAN, consortium=family.cast.alpha)
    login(client, newcomer)
    page = client.get(HOME).content.decode()
    assert "No student is linked to your account yet." in page
    assert reverse("accounts:join") in page
    assert not AuditEvent.objects.filter(action="student.view").exists()


def test_it_asks_for_consent_instead_of_showing_results_of_a_child_who_may_be_under_13(
    client, family: Family
):
    cast = family.cast
    GuardianLink.objects.create(consortium=cast.alpha, guardian=cast.guardian, student=cast.other_student)
    login(client, cast.guardian)
    page = client.get(student_url(cast.other_student)).content.decode()
    assert "may be under 13" in page
    assert f"/profiler/consent/{cast.other_student.public_id}/" in page


def test_it_lists_several_students_with_links_to_each(client, family: Family):
    cast = family.cast
    GuardianLink.objects.create(consortium=cast.alpha, guardian=cast.guardian, student=family.cy)
    login(client, cast.guardian)
    page = client.get(HOME).content.decode()
    assert (
        f'href="#student-{family.cy.public_id}"' in page
        and f'href="#student-{family.stella.public_id}"' in page
    )
    assert "Helpers" in page  # Cy's strongest area
    assert AuditEvent.objects.filter(action="student.view").count() == 2


def test_it_shows_the_family_page_in_spanish(client, family: Family):
    login(client, family.cast.guardian)
    client.cookies["pathways_language"] = "es"
    page = client.get(HOME).content.decode()
    assert '<html lang="es">' in page
    assert "Su familia" in page
    assert "¿Qué es un programa de estudio?" in page


def test_it_keeps_the_family_home_within_a_query_budget(
    client, family: Family, django_assert_max_num_queries
):
    cast = family.cast
    GuardianLink.objects.create(consortium=cast.alpha, guardian=cast.guardian, student=family.cy)
    login(client, cast.guardian)
    # About 20 queries per student shown (a family has one to a few), plus the session's.
    with django_assert_max_num_queries(50):
        assert client.get(HOME).status_code == 200


# --- API ---------------------------------------------------------------------------------------


def test_it_lists_the_guardians_students_with_a_summary_in_the_api(client, family: Family):
    login(client, family.cast.guardian)
    response = client.get("/api/v1/family/students")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["name"] for i in items] == ["Stella Student"]
    item = items[0]
    assert item["interests"]["top"] == "RCI"
    assert item["interests"]["scores"] == {"R": 40, "I": 0, "A": 0, "S": 0, "E": 0, "C": 20}
    assert item["plan"]["status"] == "submitted"
    assert item["plan"]["program"]["name"] == "Welding Technology"
    assert item["plan"]["url"] == f"/plan/{family.stella.public_id}/"
    assert [c["code"] for c in item["favourites"]["careers"]] == ["51-4121.00"]
    assert AuditEvent.objects.filter(
        action="student.view", object_id=str(family.stella.public_id), details__via="api"
    ).exists()


def test_it_gives_everyone_else_an_empty_family_list_and_anonymous_a_401(client, family: Family):
    login(client, family.cast.outsider)
    assert client.get("/api/v1/family/students").json() == {"items": []}
    client.logout()
    assert client.get("/api/v1/family/students").status_code == 401
