"""The areas API: `/api/v1/areas` (search) and `/api/v1/areas/{area}` (resolve a code or ZIP)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from pathways.labor.models import WageArea

pytestmark = pytest.mark.usefixtures("catalog_db")

NEW_MEXICO = {"fips": "35", "usps": "NM", "name": "New Mexico"}


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


class TestAreaSearch:
    def test_it_finds_a_metro_area_by_name(self, client: Client) -> None:
        body = get(client, "/api/v1/areas?q=albuquerque")
        assert body["count"] == 1
        assert body["items"] == [
            {
                "code": "0010740",
                "name": "Albuquerque, NM",
                "kind": "metro",
                "kind_label": "Metropolitan area",
                "state": NEW_MEXICO,
                "zip": None,
            }
        ]

    def test_it_puts_the_state_before_its_areas(self, client: Client) -> None:
        items = get(client, "/api/v1/areas?q=NM")["items"]
        assert items[0]["code"] == "3500000"
        assert items[0]["kind"] == "state"
        assert {"0010740", "0042140", "0022140", "3500006"} <= {i["code"] for i in items}

    def test_it_lists_the_nation_first_without_a_query(self, client: Client) -> None:
        items = get(client, "/api/v1/areas")["items"]
        assert items[0]["code"] == "0000000"
        assert items[0]["kind"] == "national"
        assert items[0]["state"] is None

    def test_it_lists_the_nation_first_among_many_areas(self, client: Client) -> None:
        WageArea.objects.bulk_create(
            WageArea(code=f"00{n:05d}", kind=WageArea.Kind.METRO, name=f"Aardvark {n}, NM", state_id="35")
            for n in range(1, 301)
        )
        items = get(client, "/api/v1/areas?limit=3")["items"]
        assert [i["code"] for i in items] == ["0000000", "3500000", "0000001"]

    def test_it_finds_a_state_and_its_areas_by_the_state_name(self, client: Client) -> None:
        items = get(client, "/api/v1/areas?q=new%20mexico")["items"]
        assert items[0]["code"] == "3500000"
        assert {"0010740", "0042140", "0029740", "3500006"} <= {i["code"] for i in items}

    def test_it_looks_up_a_zip_code(self, client: Client) -> None:
        [item] = get(client, "/api/v1/areas?q=87501")["items"]
        assert item["code"] == "0042140"
        assert item["name"] == "Santa Fe, NM"
        assert item["zip"] == {
            "code": "87501",
            "city": "Santa Fe",
            "county": {"geoid": "35049", "name": "Santa Fe County"},
        }

    def test_it_finds_nothing_for_an_unknown_zip_code(self, client: Client) -> None:
        assert get(client, "/api/v1/areas?q=00000") == {"count": 0, "items": []}

    def test_it_respects_the_limit(self, client: Client) -> None:
        assert get(client, "/api/v1/areas?limit=2")["count"] == 2

    @pytest.mark.parametrize(
        ("query", "param"), [("limit=0", "limit"), ("limit=101", "limit"), ("q=" + "x" * 101, "q")]
    )
    def test_it_names_the_invalid_parameter(self, client: Client, query: str, param: str) -> None:
        [error] = get(client, f"/api/v1/areas?{query}", status=422)["detail"]
        assert error["loc"] == ["query", param]


class TestAreaDetail:
    def test_it_resolves_an_area_code(self, client: Client) -> None:
        body = get(client, "/api/v1/areas/3500000")
        assert (body["code"], body["name"], body["kind"], body["zip"]) == (
            "3500000",
            "New Mexico",
            "state",
            None,
        )

    def test_it_resolves_a_zip_code_to_its_wage_area(self, client: Client) -> None:
        body = get(client, "/api/v1/areas/87102")
        assert body["code"] == "0010740"
        assert body["zip"]["county"] == {"geoid": "35001", "name": "Bernalillo County"}

    @pytest.mark.parametrize("value", ["9999999", "00000"])
    def test_it_gives_404_for_an_unknown_area_or_zip(self, client: Client, value: str) -> None:
        [error] = get(client, f"/api/v1/areas/{value}", status=404)["detail"]
        assert error["loc"] == ["path", "area"]
        assert error["type"] == "not_found"

    def test_it_gives_422_for_a_malformed_area(self, client: Client) -> None:
        [error] = get(client, "/api/v1/areas/abc", status=422)["detail"]
        assert error == {
            "loc": ["path", "area"],
            "msg": "area must be a 7-digit BLS area code (like 3500000) or a 5-digit ZIP code.",
            "type": "invalid_input",
        }
