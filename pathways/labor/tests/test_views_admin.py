"""The admin: reference data is read-only; an administrator sets an area's family-sustaining wage."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from pathways.labor.models import FamilySustainingWage

pytestmark = pytest.mark.usefixtures("catalog_db")


@pytest.fixture
def admin(client: Client):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_superuser("root", "root@example.org", "correct horse battery")
    client.force_login(user)
    return user


def test_it_records_who_set_a_threshold(client: Client, admin) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/admin/labor/familysustainingwage/add/",
        {"area": "0010740", "annual_wage": "61000", "basis": "MIT Living Wage, 1 adult 1 child, 2025"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = FamilySustainingWage.objects.get(area_id="0010740")
    assert saved.annual_wage == 61000
    assert saved.updated_by == admin


def test_it_keeps_reference_data_read_only(client: Client, admin) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/admin/labor/wagearea/").status_code == 200
    assert client.get("/admin/labor/wagearea/add/").status_code == 403
    assert client.get("/admin/catalog/occupation/").status_code == 200
    page = client.get("/admin/catalog/occupation/29-1141.00/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post("/admin/catalog/occupation/29-1141.00/delete/").status_code == 403
