"""The About page: data sources and the O*NET CC BY 4.0 notice, linked from every page."""

from __future__ import annotations

import pytest
from django.test import Client

ONET_NOTICE = (
    "This site includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a "
    "trademark of USDOL/ETA. Pathways has modified all or some of this information. USDOL/ETA has not "
    "approved, endorsed, or tested these modifications."
)


@pytest.mark.django_db
def test_it_shows_the_onet_notice_exactly(client: Client) -> None:
    html = client.get("/about/").content.decode()
    assert ONET_NOTICE in html


@pytest.mark.django_db
def test_it_names_every_data_source(client: Client) -> None:
    html = client.get("/about/").content.decode()
    for source in (
        "BLS Occupational Employment and Wage Statistics (OEWS), May 2025",
        "BLS Employment Projections 2024–34",  # noqa: RUF001
        "CIP 2020",
        "National Career Clusters® Framework",
        "Census",
        "HUD-USPS ZIP Code Crosswalk",
    ):
        assert source in html


@pytest.mark.django_db
def test_it_keeps_the_notice_in_english_on_spanish_pages(client: Client) -> None:
    html = client.get("/about/", headers={"Accept-Language": "es"}).content.decode()
    assert '<html lang="es">' in html
    assert ONET_NOTICE in html
    assert "Fuentes de datos" in html


@pytest.mark.django_db
def test_it_is_linked_from_the_footer(client: Client) -> None:
    html = client.get("/search/").content.decode()
    footer = html.split("<footer")[1]
    assert 'href="/about/"' in footer
