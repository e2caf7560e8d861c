"""Plans API: /me/favourites, /me/plan, /students/{id}/plan (404 for anyone who may not see the
student), and the public /compare."""

from __future__ import annotations

import pytest
from django.test import Client

from pathways.accounts.services import api_token_create
from pathways.core.models import AuditEvent
from pathways.students.models import Favourite
from pathways.students.services import plans as services

from .test_plans_support import RN, SOFTWARE, WELDER, PlansWorld, login, programs_world, pw_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(acting_user=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_it_saves_lists_and_removes_favourites(client: Client, pw: PlansWorld) -> None:
    auth = bearer(pw.student)
    response = client.post(
        f"{API}/me/favourites", {"occupation": RN}, content_type="application/json", **auth
    )
    assert response.status_code == 201 and response.json()["occupation"] == {
        "code": RN,
        "title": "Registered Nurses",
    }
    again = client.post(f"{API}/me/favourites", {"occupation": RN}, content_type="application/json", **auth)
    assert again.status_code == 200
    program = str(pw.world.nursing.public_id)
    assert (
        client.post(
            f"{API}/me/favourites", {"program": program}, content_type="application/json", **auth
        ).status_code
        == 201
    )
    body = client.get(f"{API}/me/favourites", **auth).json()
    assert body["count"] == 2 and {i["kind"] for i in body["items"]} == {"occupation", "program"}
    assert client.delete(f"{API}/me/favourites?occupation={RN}", **auth).status_code == 204
    assert client.delete(f"{API}/me/favourites?occupation={RN}", **auth).status_code == 404
    assert Favourite.objects.filter(student=pw.student).count() == 1


def test_it_refuses_bad_favourites_with_clear_errors(client: Client, pw: PlansWorld) -> None:
    auth = bearer(pw.student)

    def post(payload: dict[str, str]):  # type: ignore[no-untyped-def]
        return client.post(f"{API}/me/favourites", payload, content_type="application/json", **auth)

    neither = post({})
    assert (
        neither.status_code == 422
        and neither.json()["detail"][0]["msg"] == "Give either occupation or program."
    )
    assert post({"occupation": "nurse"}).status_code == 422
    assert post({"occupation": "99-9999.99"}).status_code == 404
    assert post({"program": str(pw.world.beta_program.public_id)}).status_code == 404
    assert not Favourite.objects.exists()
    assert client.get(f"{API}/me/favourites").status_code == 401
    assert client.get(f"{API}/me/favourites", **bearer(pw.cast.counselor)).status_code == 404


def test_it_returns_my_plan_with_courses_dual_credit_and_step_cost(client: Client, pw: PlansWorld) -> None:
    auth = bearer(pw.student)
    empty = client.get(f"{API}/me/plan", **auth).json()
    assert (
        empty["started"] is False
        and empty["careers"] == []
        and [g["grade"] for g in empty["grades"]] == [9, 10, 11, 12]
    )
    pw.ready_plan()
    body = client.get(f"{API}/me/plan", **auth).json()
    assert body["status"] == "draft" and body["version"] == 1 and body["program"]["name"] == "Nursing"
    assert body["wage_label"] == "BLS OEWS, May 2025, Santa Fe, NM"
    career = body["careers"][0]
    assert career["code"] == RN and career["wage"]["area"]["name"] == "Santa Fe, NM"
    grades = {g["grade"]: [c["title"] for c in g["courses"]] for g in body["grades"]}
    assert grades == {
        9: [],
        10: ["Health Science I"],
        11: ["Medical Terminology"],
        12: ["Clinical Practicum"],
    }
    dual = body["dual_credit"]
    assert (dual["college_credits"], dual["tuition_saved"], dual["tuition_unknown"]) == (
        "9.5",
        "623.70",
        True,
    )
    assert {c["name"]: c["chosen"] for c in body["credentials"]} == {
        "CPR and First Aid": False,
        "Certified Nursing Assistant": False,
    }
    step = body["next_step"]
    assert (
        step["step"] == "two_year"
        and step["cost"]["annual_cost"] == 4050
        and step["cost"]["total_cost"] == 8100
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("guardian", 200),
        ("counselor", 200),
        ("teacher", 200),
        ("district_admin", 200),
        ("admin", 200),
        ("student", 200),
        ("other_student", 404),
        ("partner_contact", 404),
        ("outsider", 404),
        ("beta_student", 404),
    ],
)
def test_it_shows_a_students_plan_only_to_who_may_see_them(
    client: Client, pw: PlansWorld, role: str, status: int
) -> None:
    pw.ready_plan()
    actor = getattr(pw.cast, role)
    response = client.get(f"{API}/students/{pw.student.public_id}/plan", **bearer(actor))
    assert response.status_code == status
    if status == 200:
        assert response.json()["student"]["name"] == "Stella Student"
    else:
        assert response.json()["detail"][0]["type"] == "not_found"
    audited = AuditEvent.objects.filter(action="student.view", actor=actor).exists()
    assert audited == (status == 200 and role != "student")


def test_it_answers_404_for_a_malformed_or_unknown_student(client: Client, pw: PlansWorld) -> None:
    auth = bearer(pw.cast.counselor)
    assert client.get(f"{API}/students/not-a-uuid/plan", **auth).status_code == 404
    assert client.get(f"{API}/students/{pw.world.nursing.public_id}/plan", **auth).status_code == 404


def test_it_compares_careers_publicly(client: Client, pw: PlansWorld, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(10):
        response = client.get(f"{API}/compare", {"codes": f"{RN},{WELDER},{SOFTWARE}", "area": "87501"})
    assert response.status_code == 200
    body = response.json()
    assert body["wage_label"] == "BLS OEWS, May 2025, Santa Fe, NM"
    assert [i["code"] for i in body["items"]] == [RN, WELDER, SOFTWARE]
    nurse = body["items"][0]
    assert nurse["typical_education"] == "Bachelor's degree (4 years)" and nurse["job_zone"] == 4
    assert len(nurse["top_interests"]) == 3 and nurse["top_interests"][0]["code"] == "S"
    assert 1 <= len(nurse["top_skills"]) <= 5 and nurse["wage"]["annual_median"] > 0
    for codes, status in (
        (RN, 422),
        (f"{RN},{WELDER},{SOFTWARE},29-1141.01", 422),
        (f"{RN},x", 422),
        (f"{RN},99-9999.99", 404),
    ):
        assert client.get(f"{API}/compare", {"codes": codes}).status_code == status, codes


def test_it_keeps_the_openapi_complete(client: Client) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    for path, method in (
        ("/api/v1/me/favourites", "get"),
        ("/api/v1/me/favourites", "post"),
        ("/api/v1/me/favourites", "delete"),
        ("/api/v1/me/plan", "get"),
        ("/api/v1/students/{public_id}/plan", "get"),
        ("/api/v1/compare", "get"),
    ):
        assert spec["paths"][path][method]["summary"], (path, method)


def test_it_lets_the_session_post_with_a_csrf_token(client: Client, pw: PlansWorld) -> None:
    login(client, pw.student)
    services.favourite_add(acting_user=pw.student, student=pw.student, occupation=pw.occupation(WELDER))
    assert client.get(f"{API}/me/favourites").json()["count"] == 1
