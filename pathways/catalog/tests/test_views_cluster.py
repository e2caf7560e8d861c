"""Career Cluster pages: the index (2024 and legacy frameworks) and one cluster's jobs table."""

from __future__ import annotations

import pytest
from django.test import Client

from pathways.labor.middleware import AREA_COOKIE

pytestmark = pytest.mark.usefixtures("catalog_db")
HEALTH = "/clusters/healthcare-human-services/"


def test_it_lists_the_2024_clusters_with_their_sub_clusters(client: Client) -> None:
    html = client.get("/clusters/").content.decode()
    assert "Healthcare &amp; Human Services" in html
    assert "Physical Health" in html
    assert "?framework=legacy" in html
    assert "Health Science" not in html


def test_it_shows_the_legacy_framework_as_an_alternate_view(client: Client) -> None:
    html = client.get("/clusters/?framework=legacy").content.decode()
    assert "Health Science" in html
    assert "older framework of 16 Career Clusters" in html
    legacy = client.get("/clusters/health-science/?framework=legacy")
    assert legacy.status_code == 200
    assert "Registered Nurses" in legacy.content.decode()


def test_it_falls_back_to_the_2024_framework_for_an_unknown_one(client: Client) -> None:
    response = client.get("/clusters/?framework=nonsense")
    assert response.status_code == 200
    assert "Healthcare &amp; Human Services" in response.content.decode()


def test_it_lists_the_clusters_occupations_with_wages_for_the_area(client: Client) -> None:
    client.cookies[AREA_COOKIE] = "0010740"
    response = client.get(HEALTH)
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Registered Nurses", "Nursing Assistants", "General Internal Medicine Physicians"):
        assert title in html
    assert "Welders" not in html
    assert "$96,040" in html  # Registered Nurses, Albuquerque
    assert "BLS OEWS, May 2025, Albuquerque, NM" in html
    assert "BLS Employment Projections 2024–34, national" in html  # noqa: RUF001
    assert "What is a “family-sustaining wage”?" in html
    assert "What does “preparation” mean?" in html


def test_it_filters_by_job_zone_and_family_sustaining_wage(client: Client) -> None:
    html = client.get(HEALTH, {"job_zone": ["3"]}).content.decode()
    assert "Nursing Assistants" in html
    assert "Registered Nurses" not in html  # Job Zone 4
    family = client.get(HEALTH, {"family": "on"}).content.decode()
    assert "Registered Nurses" in family
    assert "Nursing Assistants" not in family  # $39,530 nationally, under the $50,980 median


def test_it_sorts_by_wage(client: Client) -> None:
    html = client.get(HEALTH, {"sort": "-wage"}).content.decode()
    assert html.index("General Internal Medicine Physicians") < html.index("Registered Nurses")
    assert html.index("Registered Nurses") < html.index("Nursing Assistants")


def test_it_ignores_filter_values_that_do_not_validate(client: Client) -> None:
    response = client.get(HEALTH, {"sort": "bogus", "job_zone": "9", "page": "x", "subcluster": "nope"})
    assert response.status_code == 200
    assert "Registered Nurses" in response.content.decode()


def test_it_pages_a_long_list(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from pathways.catalog import views

    views.PAGE_SIZE, old = 2, views.PAGE_SIZE
    try:
        html = client.get(HEALTH).content.decode()
        assert "Page 1 of 2" in html
        assert 'href="?page=2"' in html
        last = client.get(HEALTH, {"page": "99"}).content.decode()
        assert "Page 2 of 2" in last  # past the end: the last page
    finally:
        views.PAGE_SIZE = old


def test_it_returns_only_the_table_to_htmx(client: Client) -> None:
    response = client.get(HEALTH, {"job_zone": ["3"]}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<table" in html and "Nursing Assistants" in html
    assert 'id="results-status" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_it_returns_the_whole_page_to_an_htmx_history_restore(client: Client) -> None:
    response = client.get(HEALTH, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_it_is_404_for_an_unknown_cluster(client: Client) -> None:
    assert client.get("/clusters/no-such-cluster/").status_code == 404
    assert client.get("/clusters/healthcare-human-services/?framework=legacy").status_code == 404


def test_it_keeps_the_number_of_queries_small(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.cookies[AREA_COOKIE] = "87501"
    client.get(HEALTH)  # warm the per-process area cache and search index
    with django_assert_max_num_queries(15):  # a fixed number, whatever the number of rows
        response = client.get(HEALTH, {"sort": "-wage", "family": "on"})
    assert response.status_code == 200
