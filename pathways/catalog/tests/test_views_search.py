"""Search: typo and plural tolerant, answers as you type (HTMX fragment), helpful when empty."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("catalog_db")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nurse", "Registered Nurses"),
        ("welders", "Welders, Cutters, Solderers, and Brazers"),
        ("sofware developer", "Software Developers"),
        ("diesel mechanic", "Bus and Truck Mechanics and Diesel Engine Specialists"),
    ],
)
def test_it_finds_jobs_despite_typos_and_plurals(client: Client, query: str, expected: str) -> None:
    html = client.get("/search/", {"q": query}).content.decode()
    assert expected in html
    assert "BLS OEWS, May 2025, United States" in html


def test_it_shows_when_an_alternate_title_matched(client: Client) -> None:
    html = client.get("/search/", {"q": "diesel mechanic"}).content.decode()
    assert "matched:" in html
    assert "Diesel Mechanic" in html


def test_it_returns_only_the_results_to_htmx(client: Client) -> None:
    response = client.get("/search/", {"q": "registered nurse"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'href="/occupations/29-1141.00/"' in html
    assert 'id="search-status" hx-swap-oob="innerHTML"' in html


def test_it_suggests_searches_when_empty(client: Client) -> None:
    html = client.get("/search/").content.decode()
    assert "Try one of these" in html
    assert 'href="/search/?q=diesel%20mechanic"' in html


def test_it_helps_when_nothing_matches(client: Client) -> None:
    html = client.get("/search/", {"q": "xqzzkv"}).content.decode()
    assert "No jobs match “xqzzkv”." in html
    assert "browse jobs by Career Cluster" in html


def test_it_pushes_the_search_into_the_address_bar_on_the_search_page(client: Client) -> None:
    html = client.get("/search/", {"q": "nurse"}).content.decode()
    assert 'hx-push-url="true"' in html
    assert 'value="nurse"' in html
    assert "<title>Search: nurse · Pathways</title>" in html
