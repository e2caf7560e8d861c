"""The occupation page: figures with their source, area and year; gaps explained, never zero."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from pathways.catalog.models import Occupation
from pathways.labor.middleware import AREA_COOKIE
from pathways.labor.models import FamilySustainingWage, Wage

RN = "/occupations/29-1141.00/"
pytestmark = pytest.mark.usefixtures("catalog_db")


@pytest.fixture
def client_in(client: Client):  # type: ignore[no-untyped-def]
    def choose(area: str) -> Client:
        client.cookies[AREA_COOKIE] = area
        return client

    return choose


def chart_data(html: str) -> dict:  # type: ignore[type-arg]
    start = html.index('<script id="chart-data" type="application/json">') + len(
        '<script id="chart-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_it_shows_the_national_median_by_default(client: Client) -> None:
    response = client.get(RN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Registered Nurses · Pathways</title>" in html
    assert "$97,550" in html
    assert "BLS OEWS, May 2025, United States" in html
    assert "What they do" in html


def test_it_shows_the_chosen_area_against_state_and_nation(client_in) -> None:  # type: ignore[no-untyped-def]
    html = client_in("0010740").get(RN).content.decode()
    assert "$96,040" in html  # Albuquerque
    assert "BLS OEWS, May 2025, Albuquerque, NM" in html
    assert "$94,340" in html  # New Mexico
    assert "$97,550" in html  # the nation
    rows = chart_data(html)["wages"]["rows"]
    assert [r["label"] for r in rows] == ["Albuquerque, NM", "New Mexico", "United States"]
    assert [r["value"] for r in rows] == [96040, 94340, 97550]


def test_it_names_the_zip_code_the_area_came_from(client_in) -> None:  # type: ignore[no-untyped-def]
    html = client_in("87501").get(RN).content.decode()
    assert "Santa Fe, NM (ZIP 87501)" in html
    assert "$100,790" in html


def test_it_says_not_available_with_the_reason_never_zero(client: Client) -> None:
    html = client.get("/occupations/25-2031.00/").content.decode()
    assert "Not available" in html
    assert "usually paid by the year, so BLS reports yearly wages only" in html
    assert "$0" not in html
    assert "$72,040" in html  # the yearly median is published


def test_it_shows_a_top_coded_wage_as_a_floor(client: Client) -> None:
    Wage.objects.filter(area_id="0000000", soc_code="11-1011").update(
        annual_median=None, hourly_median=None, footnotes={"annual_median": "5", "hourly_median": "5"}
    )
    html = client.get("/occupations/11-1011.00/").content.decode()
    assert "$239,200 or more" in html
    assert "$115.00 or more" in html
    assert "BLS does not publish exact wages above this amount." in html
    assert chart_data(html)["wages"]["rows"][0]["value"] == 239200


def test_it_marks_a_family_sustaining_wage_with_its_threshold(client_in) -> None:  # type: ignore[no-untyped-def]
    html = client_in("0010740").get(RN).content.decode()
    assert 'class="fs-mark"' in html
    assert "Family-sustaining wage" in html
    assert "$48,060 a year: the median wage of all jobs in the area" in html


def test_it_uses_the_administrators_threshold_when_set(client_in) -> None:  # type: ignore[no-untyped-def]
    FamilySustainingWage.objects.create(area_id="0010740", annual_wage=99_000, basis="Living wage study 2025")
    html = client_in("0010740").get(RN).content.decode()
    assert "$99,000 a year, set by the site's administrator (Living wage study 2025)" in html
    assert 'class="fs-mark"' not in html.split('id="facts-heading"')[1].split("</section>")[0]


def test_it_shows_titles_interests_education_outlook_programs_and_clusters(client: Client) -> None:
    html = client.get(RN).content.decode()
    assert "Show all" in html and "<details" in html  # the alternate titles
    assert "Social (Helpers)" in html  # interests, with a table beside the chart
    assert 'id="interest-chart" role="img"' in html
    assert "Bachelor&#x27;s degree (4 years)" in html  # typical education
    assert "BLS Employment Projections 2024–34" in html  # noqa: RUF001
    assert "189,100" in html  # openings each year, national
    assert "51.3801" in html and "Registered Nursing/Registered Nurse" in html  # CIP 2020
    assert 'href="/clusters/healthcare-human-services/"' in html
    assert "?subcluster=physical-health" in html


def test_it_says_when_interests_are_missing(client: Client) -> None:
    Occupation.objects.filter(code="15-1299.07").update(interest_r=None)  # O*NET rates some jobs only partly
    html = client.get("/occupations/15-1299.07/").content.decode()
    assert "O*NET has not rated the interests for this job yet." in html
    assert 'id="interest-chart"' not in html


def test_it_loads_chart_code_from_static_files_only(client: Client) -> None:
    response = client.get(RN)
    html = response.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert "/static/js/occupation.js" in html
    assert "<script>" not in html  # no inline script (CSP)
    assert " style=" not in html  # no inline style (CSP)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_is_404_for_an_unknown_code(client: Client) -> None:
    assert client.get("/occupations/99-9999.00/").status_code == 404
    assert client.get("/occupations/not-a-code/").status_code == 404
    assert "We could not find that page" in client.get("/occupations/99-9999.00/").content.decode()


def test_it_speaks_spanish_when_the_visitor_chose_it(client: Client) -> None:
    client.cookies["pathways_language"] = "es"
    html = client.get(RN).content.decode()
    assert '<html lang="es">' in html
    assert "Salario mediano" in html
    assert "$97,550" in html  # U.S. notation for dollars in both languages
    assert "BLS OEWS, mayo de 2025, Estados Unidos" in html
    assert "Las descripciones de ocupaciones están en inglés (fuente: O*NET)." in html
    assert '<h1 lang="en">Registered Nurses</h1>' in html  # O*NET content stays in English


def test_it_follows_the_browsers_language(client: Client) -> None:
    html = client.get("/clusters/healthcare-human-services/", headers={"Accept-Language": "es-MX,es;q=0.9"})
    text = html.content.decode()
    assert "Empleos de este grupo" in text
    assert (
        "Salario para mantener a una familia" in text or "Solo salarios para mantener a una familia" in text
    )


def test_it_switches_language_with_the_header_form(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": RN})
    assert response.status_code == 302
    assert response["Location"] == RN
    assert response.cookies["pathways_language"].value == "es"
    assert "Qué hacen" in client.get(RN).content.decode()
