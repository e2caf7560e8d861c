"""The programs API: its contract, who sees what (the outsider sees nothing of Alpha), query counts."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from pathways.accounts.services import api_token_create
from pathways.orgs.models import School
from pathways.programs import services
from pathways.programs.models import CourseLevel

from .conftest import World, cip, cluster
from .test_views import login

API = "/api/v1/programs"


def bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(acting_user=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_it_needs_a_signed_in_caller(client: Client, world: World) -> None:
    for url in (
        API,
        f"{API}/{world.nursing.public_id}",
        f"{API}/finder?school={world.cast.school.public_id}",
    ):
        response = client.get(url)
        assert response.status_code == 401, url


def test_it_lists_what_a_student_may_see(client: Client, world: World) -> None:
    body = client.get(API, **bearer(world.cast.student)).json()
    assert body["count"] == 5
    names = [item["name"] for item in body["items"]]
    assert names == sorted(names)
    assert "Nursing Assistant (planned)" not in names and "Beta Welding" not in names
    nursing = next(item for item in body["items"] if item["name"] == "Nursing")
    assert nursing["consortium"] == "alpha"
    assert nursing["offered_by"] == {
        "kind": "school",
        "id": str(world.cast.school.public_id),
        "name": "Alpha High",
    }
    assert nursing["cluster"] == {"slug": "healthcare-human-services", "name": "Healthcare & Human Services"}
    assert nursing["subcluster"]["slug"] == "physical-health"
    assert nursing["cip"]["code"] == "51.3801"
    assert nursing["delivery"]["mode"] == "on_site"
    assert nursing["status"] == "active"
    assert nursing["nontraditional_for"] == "male"
    assert nursing["eligible_schools"] == [{"id": str(world.cast.school.public_id), "name": "Alpha High"}]
    assert "teachers" not in nursing and "advisory" not in nursing
    diesel = next(item for item in body["items"] if item["name"] == "Diesel Technology")
    assert diesel["delivery"]["college"]["name"] == "Alpha College"


def test_it_lists_nothing_of_alpha_to_the_outsider(client: Client, world: World) -> None:
    body = client.get(API, **bearer(world.cast.outsider)).json()
    assert [item["name"] for item in body["items"]] == ["Beta Welding"]
    assert client.get(f"{API}?consortium=alpha", **bearer(world.cast.outsider)).json()["count"] == 0
    response = client.get(f"{API}?school={world.cast.school.public_id}", **bearer(world.cast.outsider))
    assert response.status_code == 404
    assert response.json()["detail"][0]["loc"] == ["query", "school"]


def test_it_filters_and_pages(client: Client, world: World) -> None:
    auth = bearer(world.cast.counselor)
    get = lambda query: client.get(f"{API}?{query}", **auth).json()  # noqa: E731
    assert [i["name"] for i in get("cluster=digital-technology")["items"]] == ["Computer Science"]
    assert [i["name"] for i in get("cip=48.0508")["items"]] == ["Welding Technology"]
    assert [i["name"] for i in get("delivery=college")["items"]] == ["Diesel Technology"]
    assert [i["name"] for i in get("status=planned")["items"]] == ["Nursing Assistant (planned)"]
    assert get(f"school={world.cast.other_school.public_id}")["count"] == 4
    page = get("limit=2&offset=2")
    assert page["count"] == 6 and len(page["items"]) == 2
    assert client.get(f"{API}?delivery=boat", **auth).status_code == 422
    response = client.get(f"{API}?cluster=nope", **auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "cluster"]


def test_the_list_costs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(world.cast.admin)
    for n in range(10):
        services.program_create(
            acting_user=world.cast.admin,
            school=world.cast.school,
            name=f"Extra {n}",
            cluster=cluster("construction"),
            cip=cip("46.0302"),
            eligible_schools=[world.cast.school, world.cast.other_school],
        )
    with django_assert_max_num_queries(8):
        body = client.get(API, **auth).json()
    assert body["count"] == 16


def test_it_returns_one_program_with_its_sequence_credentials_and_occupations(
    client: Client, world: World
) -> None:
    admin, alpha = world.cast.admin, world.cast.alpha
    course = services.course_create(
        acting_user=admin, consortium=alpha, code="HS-2", title="Patient Care", credits="1.5"
    )
    pc = services.program_course_add(
        acting_user=admin, program=world.nursing, course=course, level=CourseLevel.CONCENTRATOR
    )
    services.dual_credit_add(
        acting_user=admin,
        program_course=pc,
        college=world.college,
        college_course_code="HCAP 110",
        college_course_title="Nursing Assistant",
        college_credits=5,
        articulation_note="C or better",
    )
    services.college_terms_set(acting_user=admin, college=world.college, tuition_per_credit="52.00")
    credential = services.credential_create(
        acting_user=admin, consortium=alpha, name="CNA", issuer="State board"
    )
    services.program_credential_add(
        acting_user=admin, program=world.nursing, credential=credential, level="capstone"
    )
    services.teacher_assign(acting_user=admin, program=world.nursing, teacher=world.cast.teacher)

    body = client.get(f"{API}/{world.nursing.public_id}", **bearer(world.cast.student)).json()
    assert body["name"] == "Nursing"
    [item] = body["sequence"]
    assert item["level"] == "concentrator" and item["course"]["credits"] == 1.5
    assert item["dual_credit"] == [
        {
            "college": {"id": str(world.college.public_id), "name": "Alpha College"},
            "course_code": "HCAP 110",
            "course_title": "Nursing Assistant",
            "credits": 5.0,
            "articulation_note": "C or better",
            "tuition_per_credit": 52.0,
        }
    ]
    assert body["credentials"] == [
        {"name": "CNA", "issuer": "State board", "url": "", "ctid": "", "level": "capstone"}
    ]
    assert body["wage_area"] == {"code": "0042140", "name": "Santa Fe, NM"}
    rn = next(o for o in body["occupations"] if o["code"] == "29-1141.00")
    assert rn["soc_code"] == "29-1141" and rn["wages"]["annual_median"] == 100790
    assert "teachers" not in body and "Tom" not in str(body)


def test_it_answers_404_alike_for_missing_forbidden_and_malformed(client: Client, world: World) -> None:
    auth = bearer(world.cast.outsider)
    for path in (world.nursing.public_id, uuid.uuid4(), "not-a-uuid"):
        response = client.get(f"{API}/{path}", **auth)
        assert response.status_code == 404, path
        assert response.json()["detail"][0]["type"] == "not_found"
    assert client.get(f"{API}/{world.planned.public_id}", **bearer(world.cast.student)).status_code == 404


def test_the_finder_api_reaches_programs_with_distances(
    client: Client, world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    auth = bearer(world.cast.student)
    with django_assert_max_num_queries(10):
        response = client.get(f"{API}/finder?school={world.cast.school.public_id}", **auth)
    body = response.json()
    assert body["school"]["name"] == "Alpha High"
    assert [(i["program"]["name"], i["reach"]) for i in body["items"]] == [
        ("Nursing", "here"),
        ("Computer Science", "virtual"),
        ("Diesel Technology", "college"),
        ("Welding Technology", "other_school"),
    ]
    welding = body["items"][3]
    assert 50 < welding["distance_miles"] < 70 and welding["place"] == "Alpha Middle"
    assert body["items"][1]["distance_miles"] is None
    assert (
        client.get(f"{API}/finder?school={world.cast.school.public_id}&delivery=virtual", **auth).json()[
            "count"
        ]
        == 1
    )
    assert (
        client.get(f"{API}/finder?school={world.cast.school.public_id}&sort=far", **auth).status_code == 422
    )


def test_the_finder_api_refuses_the_outsider(client: Client, world: World) -> None:
    auth = bearer(world.cast.outsider)
    for school in (world.cast.school.public_id, "nonsense"):
        response = client.get(f"{API}/finder?school={school}", **auth)
        assert response.status_code == 404
        assert response.json()["detail"][0]["loc"] == ["query", "school"]


def test_the_session_works_too(client: Client, world: World) -> None:
    response = login(client, world.cast.guardian).get(f"{API}/finder?school={world.cast.school.public_id}")
    assert response.status_code == 200 and response.json()["count"] == 4


def test_the_public_catalog_needs_no_sign_in_and_shows_catalog_facts_only(
    client: Client, world: World
) -> None:
    body = client.get(f"{API}/public?consortium=alpha").json()
    assert [i["name"] for i in body["items"]] == sorted(
        ["Nursing", "Welding Technology", "Computer Science", "Diesel Technology", "Electrical Trades"]
    )
    world.cast.beta.is_public = False
    world.cast.beta.save(update_fields=["is_public"])
    for slug in ("beta", "nope"):
        response = client.get(f"{API}/public?consortium={slug}")
        assert response.status_code == 404 and response.json()["detail"][0]["loc"] == ["query", "consortium"]


def test_the_openapi_documents_every_endpoint(client: Client, world: World) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/programs",
        "/api/v1/programs/public",
        "/api/v1/programs/finder",
        "/api/v1/programs/{public_id}",
    ):
        assert path in paths, path
        assert paths[path]["get"]["summary"]


@pytest.mark.parametrize("who", ["student", "guardian", "partner_contact", "counselor", "admin"])
def test_every_alpha_member_sees_the_active_programs(client: Client, world: World, who: str) -> None:
    body = client.get(API, **bearer(getattr(world.cast, who))).json()
    assert {"Nursing", "Computer Science"} <= {i["name"] for i in body["items"]}
    assert School.objects.count() == 3
