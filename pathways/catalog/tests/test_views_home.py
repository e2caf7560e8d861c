"""The home page: welcome, search box, area picker, the 14 Career Clusters; the site shell."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("catalog_db")


def test_it_welcomes_with_search_area_picker_and_clusters(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'role="search"' in html
    assert 'hx-trigger="input changed delay:250ms, search"' in html
    assert 'action="/area/"' in html
    assert 'hx-get="/area/suggest/"' in html
    assert html.count('class="card"') == 14
    assert 'href="/clusters/advanced-manufacturing/"' in html


def test_it_has_landmarks_skip_link_and_the_current_area(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert "Showing wages for:" in html
    assert 'id="current-area">United States<' in html
    assert 'href="/about/"' in html
    assert 'action="/i18n/setlang/"' in html


def test_it_serves_htmx_from_static_files(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'src="/static/django_htmx/htmx-2.min.js"' in html
    assert "includeIndicatorStyles" in html  # htmx must not inject inline styles (CSP)
