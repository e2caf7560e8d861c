"""The indicators API: its shape, leaders only (404 for everyone else, alike), 422 messages."""

from __future__ import annotations

import io

import pytest

from pathways.accounts.services import api_token_create
from pathways.reports.services.imports import import_student_years
from pathways.reports.services.rollups import compute_now

from .conftest import csv_text, small_region

API = "/api/v1/reports/indicators"


@pytest.fixture
def computed(alpha_codes):
    import_student_years(alpha_codes.alpha, io.StringIO(csv_text(small_region())), "y.csv", acting_user=None)
    compute_now(alpha_codes.alpha, acting_user=None)
    return alpha_codes


def test_the_shape_is_exactly_items_of_cells(computed, client):
    client.force_login(computed.staff)
    body = client.get(f"{API}?consortium=alpha&year=2025&level=district&indicator=1S1&subgroup=all").json()
    assert body == {
        "items": [
            {
                "indicator": "1S1", "level": "district", "unit": "3500010", "subgroup": "all",
                "numerator": 11, "denominator": 15, "rate": pytest.approx(11 / 15), "suppressed": False,
            }
        ]
    }  # fmt: skip


def test_the_consortium_may_be_named_by_its_public_id(computed, client):
    client.force_login(computed.admin)
    response = client.get(f"{API}?consortium={computed.alpha.public_id}&year=2025&level=consortium")
    assert response.status_code == 200 and response.json()["items"]


@pytest.mark.parametrize(
    "who", ["district_admin", "counselor", "teacher", "student", "guardian", "partner_contact", "outsider"]
)
def test_everyone_but_the_leaders_gets_404(computed, client, who):
    client.force_login(getattr(computed, who))
    response = client.get(f"{API}?consortium=alpha&year=2025&level=consortium")
    assert response.status_code == 404
    assert response.json() == {"detail": [{"loc": [], "msg": "Not found.", "type": "not_found"}]}


def test_another_consortiums_leader_gets_the_same_404_as_a_missing_one(computed, client, django_user_model):
    from pathways.accounts.models import Membership
    from pathways.accounts.roles import Role

    beta_admin = django_user_model.objects.create_user("bert", password="x")
    Membership.objects.create(user=beta_admin, role=Role.CONSORTIUM_ADMIN, consortium=computed.beta)
    client.force_login(beta_admin)
    theirs = client.get(f"{API}?consortium=alpha&year=2025&level=consortium")
    missing = client.get(f"{API}?consortium=nowhere&year=2025&level=consortium")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert client.get(f"{API}?consortium=beta&year=2025&level=consortium").json() == {"items": []}


def test_anonymous_callers_are_refused(computed, client):
    assert client.get(f"{API}?consortium=alpha&year=2025&level=consortium").status_code == 401


def test_an_api_token_of_a_leader_works(computed, client):
    _token, key = api_token_create(acting_user=computed.admin, user=computed.admin, name="reports")
    response = client.get(f"{API}?consortium=alpha&year=2025", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["items"]


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        (
            "year=2025&level=state",
            "level",
            "The level must be one of: consortium, district, school, program, cluster.",
        ),
        ("year=twenty&level=school", "year", "The year must be a school year's ending year, such as 2025."),
        ("year=2025&indicator=9Z9", "indicator", "Unknown indicator."),
        ("year=2025&subgroup=tall", "subgroup", "Unknown subgroup."),
    ],
)
def test_bad_parameters_get_422_in_the_house_shape(computed, client, query, field, words):
    client.force_login(computed.admin)
    response = client.get(f"{API}?consortium=alpha&{query}")
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", field] and item["type"] == "invalid_input"
    assert item["msg"].startswith(words)
