"""The area picker: remembers a state, metro area or ZIP code in a cookie; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from pathways.labor.middleware import AREA_COOKIE

pytestmark = pytest.mark.usefixtures("catalog_db")
RN = "/occupations/29-1141.00/"


def test_it_remembers_the_chosen_area_and_goes_back(client: Client) -> None:
    response = client.post("/area/", {"area": "0010740", "next": RN})
    assert response.status_code == 302
    assert response["Location"] == RN
    cookie = response.cookies[AREA_COOKIE]
    assert cookie.value == "0010740"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    html = client.get(RN).content.decode()
    assert "$96,040" in html
    assert "BLS OEWS, May 2025, Albuquerque, NM" in html
    assert 'id="current-area">Albuquerque, NM<' in html


def test_it_marks_the_cookie_secure_when_sessions_are(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_COOKIE_SECURE = True
    response = client.post("/area/", {"area": "3500000"})
    assert response.cookies[AREA_COOKIE]["secure"]


def test_it_accepts_a_place_name_typed_in_the_box(client: Client) -> None:
    response = client.post("/area/", {"q": "Albuquerque", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[AREA_COOKIE].value == "0010740"


def test_it_takes_a_state_name_to_mean_the_state(client: Client) -> None:
    response = client.post("/area/", {"q": "new mexico"})
    assert response.cookies[AREA_COOKIE].value == "3500000"


def test_it_asks_which_one_when_several_places_match(client: Client) -> None:
    response = client.post("/area/", {"q": "nonmetropolitan"})
    assert response.status_code == 200
    assert AREA_COOKIE not in response.cookies
    html = response.content.decode()
    assert "Several places match" in html
    assert 'value="3500006"' in html and 'value="3500007"' in html


def test_it_remembers_a_zip_code_and_shows_it(client: Client) -> None:
    response = client.post("/area/", {"q": "87501", "next": "/"})
    assert response.cookies[AREA_COOKIE].value == "87501"
    html = client.get("/").content.decode()
    assert "Santa Fe, NM (ZIP 87501)" in html


def test_it_rejects_an_unknown_zip_and_changes_nothing(client: Client) -> None:
    client.cookies[AREA_COOKIE] = "0042140"
    response = client.post("/area/", {"q": "99999", "next": RN})
    assert response.status_code == 422
    assert AREA_COOKIE not in response.cookies
    html = response.content.decode()
    assert "ZIP code 99999 is not in our list of U.S. ZIP codes." in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert client.cookies[AREA_COOKIE].value == "0042140"


@pytest.mark.parametrize("value", ["1234567", "abc", "12-45"])
def test_it_rejects_a_bad_area_value(client: Client, value: str) -> None:
    response = client.post("/area/", {"area": value})
    assert response.status_code == 422
    assert AREA_COOKIE not in response.cookies


def test_it_says_when_no_place_matches(client: Client) -> None:
    response = client.post("/area/", {"q": "Atlantis"})
    assert response.status_code == 422
    assert "We could not find a place called “Atlantis”." in response.content.decode()
    assert client.post("/area/", {"q": ""}).status_code == 422


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_it_does_not_follow_an_unsafe_next(client: Client, unsafe: str) -> None:
    response = client.post("/area/", {"area": "3500000", "next": unsafe})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_shows_the_picker_page(client: Client) -> None:
    response = client.get("/area/", {"next": RN, "q": "santa"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Choose your area · Pathways</title>" in html
    assert f'name="next" value="{RN}"' in html
    assert 'value="0042140"' in html  # Santa Fe, NM offered


def test_it_suggests_areas_as_you_type(client: Client) -> None:
    response = client.get("/area/suggest/", {"q": "albu"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'name="area" value="0010740"' in html
    assert "Albuquerque, NM" in html
    assert 'id="area-status" hx-swap-oob="innerHTML"' in html


def test_it_looks_up_a_zip_code_as_you_type(client: Client) -> None:
    html = client.get("/area/suggest/", {"q": "87102"}).content.decode()
    assert 'value="87102"' in html
    assert "ZIP 87102" in html and "Albuquerque, NM" in html
    assert "Type all 5 digits" in client.get("/area/suggest/", {"q": "871"}).content.decode()
    assert "not in our list" in client.get("/area/suggest/", {"q": "99999"}).content.decode()


def test_it_ignores_a_malformed_cookie(client: Client) -> None:
    client.cookies[AREA_COOKIE] = "not-an-area"
    html = client.get(RN).content.decode()
    assert "$97,550" in html
