"""The reports pages as a consortium leader sees them, and as everyone else does not."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pathways.reports.models import PerformanceLevel, StudentYear
from pathways.reports.services.imports import import_student_years
from pathways.reports.services.rollups import compute_now

from .conftest import SCHOOL_A, csv_text, small_region

PAGES = [
    "/reports/alpha/",
    "/reports/alpha/import/",
    "/reports/alpha/indicators/",
    "/reports/alpha/indicators/1S1/",
    "/reports/alpha/settings/",
]


@pytest.fixture
def computed(alpha_codes):
    import_student_years(alpha_codes.alpha, io.StringIO(csv_text(small_region())), "y.csv", acting_user=None)
    compute_now(alpha_codes.alpha, acting_user=None)
    return alpha_codes


@pytest.mark.parametrize("path", PAGES)
def test_leaders_see_every_page_and_others_get_404(computed, client, path):
    client.force_login(computed.staff)
    assert client.get(path).status_code == 200
    for who in ("district_admin", "counselor", "outsider"):
        client.force_login(getattr(computed, who))
        assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302


def test_the_home_links_to_every_reports_page(computed, client):
    client.force_login(computed.admin)
    html = client.get("/reports/alpha/").content.decode()
    for path in ("/reports/alpha/import/", "/reports/alpha/indicators/", "/reports/alpha/settings/"):
        assert f'href="{path}' in html


def test_the_upload_lists_every_error_with_line_and_column(alpha_codes, client):
    client.force_login(alpha_codes.admin)
    bad = csv_text(
        [{"student_id": "X", "school_code": SCHOOL_A, "school_year": 2025, "sex": "Q", "placement": "mars"}]
    )
    response = client.post("/reports/alpha/import/", {"file": SimpleUploadedFile("bad.csv", bad.encode())})
    assert response.status_code == 422
    html = response.content.decode()
    assert "nothing was imported" in html and ">sex<" in html and ">placement<" in html
    assert StudentYear.objects.count() == 0
    good = csv_text(small_region())
    response = client.post("/reports/alpha/import/", {"file": SimpleUploadedFile("good.csv", good.encode())})
    assert response.status_code == 200 and "Imported 19 rows from good.csv" in response.content.decode()


def test_the_dashboard_shows_numbers_suppression_and_flags(computed, client):
    PerformanceLevel.objects.create(consortium=computed.alpha, indicator="2S1", school_year=2025, level=80)
    client.force_login(computed.admin)
    html = client.get("/reports/alpha/indicators/?year=2025&level=consortium").content.decode()
    assert '<td class="num">11</td>' in html and '<td class="num">15</td>' in html
    assert "Below 90%" in html  # 2S1 60% < 72%
    school = client.get("/reports/alpha/indicators/?year=2025&level=school").content.decode()
    assert "suppressed (n&lt;10)" in school
    assert "Alpha High" in school  # the unit's name, found by its NCES id


def test_the_indicator_page_has_a_chart_with_its_table_and_gaps(computed, client):
    client.force_login(computed.admin)
    html = client.get("/reports/alpha/indicators/2S1/?year=2025").content.decode()
    assert 'id="indicator-chart"' in html and "<table" in html and 'id="indicator-data"' in html
    assert "Gap to all" in html
    assert "<script>" not in html and 'style="' not in html


def test_settings_admin_changes_rules_staff_only_reads(computed, client):
    client.force_login(computed.admin)
    response = client.post(
        "/reports/alpha/settings/", {"form": "rules", "concentrator_courses": "3", "min_cell_size": "2"}
    )
    assert response.status_code == 422 and "from 5 to 100" in response.content.decode()
    response = client.post(
        "/reports/alpha/settings/", {"form": "rules", "concentrator_courses": "3", "min_cell_size": "12"}
    )
    assert response.status_code == 302
    computed.alpha.refresh_from_db()
    assert computed.alpha.min_cell_size == 12
    response = client.post(
        "/reports/alpha/settings/", {"form": "levels", "year": "2025", "level_1S1": "85.5", "level_2S1": ""}
    )
    assert response.status_code == 302
    assert PerformanceLevel.objects.get(indicator="1S1", school_year=2025).level == 85.5
    client.force_login(computed.staff)
    assert (
        client.post(
            "/reports/alpha/settings/", {"form": "rules", "concentrator_courses": "2", "min_cell_size": "10"}
        ).status_code
        == 404
    )
    assert "Only the consortium's administrators" in client.get("/reports/alpha/settings/").content.decode()
