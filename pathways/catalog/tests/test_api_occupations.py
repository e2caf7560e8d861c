"""The occupations API: `/api/v1/occupations` and `/api/v1/occupations/{code}`, and the OpenAPI document.

Expected figures come from the fixture cut in tests/fixtures/public/ (BLS OEWS May 2025).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pathways.catalog import api as catalog_api
from pathways.catalog.models import Framework
from pathways.catalog.selectors import SORTS

FIXTURE_DATA = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "public"
RN = "29-1141.00"
RN_NATIONAL_ANNUAL_MEDIAN = 97550  # bls/oews_may2025_national_state.csv, 0000000 29-1141
RN_ALBUQUERQUE_ANNUAL_MEDIAN = 96040  # bls/oews_may2025_metro_nonmetro.csv.gz, 0010740 29-1141
RN_SANTA_FE_ANNUAL_MEDIAN = 100790  # 0042140 29-1141

pytestmark = pytest.mark.usefixtures("catalog_db")


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [item["code"] for item in body["items"]]


def load_changed_wages(tmp_path: Path, soc: str, area: str, changes: dict[str, str]) -> None:
    """Reload the wages dataset from a copy of the cut with one row changed."""
    data_dir = tmp_path / "public"
    shutil.copytree(FIXTURE_DATA, data_dir)
    path = data_dir / "bls/oews_may2025_national_state.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    for row in rows:
        if row["area_code"] == area and row["occupation_code"] == soc:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    call_command("load_public_data", data_dir=data_dir, only=["wages"], stdout=io.StringIO())


class TestSearch:
    def test_it_finds_registered_nurses_by_their_title(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations?q=registered%20nurse")
        assert codes(body)[0] == RN
        assert body["items"][0]["title"] == "Registered Nurses"

    def test_it_finds_registered_nurses_by_one_word(self, client: Client) -> None:
        assert RN in codes(get(client, "/api/v1/occupations?q=nurse"))[:3]

    @pytest.mark.parametrize(
        ("query", "code"),
        [
            ("welders", "51-4121.00"),
            ("sofware%20developer", "15-1252.00"),
            ("diesel%20mechanic", "49-3031.00"),
            ("electricians", "47-2111.00"),
        ],
    )
    def test_it_forgives_plurals_typos_and_alternate_titles(
        self, client: Client, query: str, code: str
    ) -> None:
        assert codes(get(client, f"/api/v1/occupations?q={query}"))[0] == code

    def test_it_says_which_alternate_title_matched(self, client: Client) -> None:
        item = get(client, "/api/v1/occupations?q=diesel%20mechanic")["items"][0]
        assert item["matched_title"] == "Diesel Mechanic"
        official = get(client, "/api/v1/occupations?q=registered%20nurses")["items"][0]
        assert official["matched_title"] is None

    def test_it_finds_nothing_for_gibberish(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations?q=qqqzzzxxx")
        assert (body["count"], body["items"]) == (0, [])


class TestListing:
    def test_it_lists_every_occupation_by_title_without_a_query(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations")
        assert body["count"] == 12
        titles = [item["title"] for item in body["items"]]
        assert titles == sorted(titles, key=str.lower)

    def test_it_gives_each_item_its_figures(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations?q=registered%20nurse&limit=1")
        item = body["items"][0]
        assert set(item) == {
            "code",
            "soc_code",
            "title",
            "job_zone",
            "typical_education",
            "matched_title",
            "wage",
            "outlook",
            "family_sustaining",
        }
        assert item["job_zone"] == 4
        assert item["typical_education"] == "Bachelor's Degree"
        assert item["wage"]["annual_median"] == RN_NATIONAL_ANNUAL_MEDIAN
        assert item["outlook"] == {
            "period": "2024-34",
            "change_pct": 4.9,
            "openings_annual": 189100,
            "entry_education": "Bachelor's degree",
        }
        assert item["family_sustaining"] is True
        assert body["family_sustaining_wage"]["annual_wage"] == 50980  # all occupations, national median
        assert body["area"]["code"] == "0000000"

    def test_it_pages_with_limit_and_offset(self, client: Client) -> None:
        everything = codes(get(client, "/api/v1/occupations?limit=100"))
        page = get(client, "/api/v1/occupations?limit=5&offset=5")
        assert page["count"] == 12
        assert (page["limit"], page["offset"]) == (5, 5)
        assert codes(page) == everything[5:10]
        assert get(client, "/api/v1/occupations?offset=50")["items"] == []

    def test_it_filters_by_cluster(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations?cluster=healthcare-human-services")
        assert sorted(codes(body)) == ["29-1141.00", "29-1141.01", "29-1216.00", "31-1131.00"]
        sub = get(client, "/api/v1/occupations?cluster=construction&subcluster=skilled-trades")
        assert sorted(codes(sub)) == ["47-2111.00", "51-4121.00"]

    def test_it_filters_by_job_zones(self, client: Client) -> None:
        five = get(client, "/api/v1/occupations?job_zone=5")
        assert sorted(codes(five)) == ["11-1011.00", "29-1216.00"]
        both = get(client, "/api/v1/occupations?job_zone=5&job_zone=4")
        assert {item["job_zone"] for item in both["items"]} == {4, 5}
        assert both["count"] > five["count"]

    def test_it_sorts_by_wage(self, client: Client) -> None:
        items = get(client, "/api/v1/occupations?sort=-wage")["items"]
        medians = [i["wage"]["annual_median"] for i in items if i["wage"]["annual_median"] is not None]
        assert medians == sorted(medians, reverse=True)
        assert items[0]["code"] == "29-1216.00"

    def test_it_keeps_only_family_sustaining_occupations(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations?family_sustaining=true&area=0010740")
        assert body["count"] > 0
        assert all(item["family_sustaining"] is True for item in body["items"])
        assert "31-1131.00" not in codes(body)

    def test_it_gives_wages_for_an_area(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations?q=registered%20nurse&area=0010740&limit=1")
        wage = body["items"][0]["wage"]
        assert wage["area"] == {"code": "0010740", "name": "Albuquerque, NM"}
        assert wage["annual_median"] == RN_ALBUQUERQUE_ANNUAL_MEDIAN
        assert body["area"]["name"] == "Albuquerque, NM"

    def test_it_uses_a_bounded_number_of_queries(
        self, client: Client, django_assert_max_num_queries: Any
    ) -> None:
        url = "/api/v1/occupations?area=87501&sort=-wage&limit={}"
        searched = "/api/v1/occupations?q=nurse&cluster=healthcare-human-services&limit=100"
        get(client, searched)  # build the search index (once per process)
        counted = []
        for limit in (1, 5, 100):
            with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as queries:
                assert len(get(client, url.format(limit))["items"]) == min(limit, 12)
            counted.append(len(queries))
        assert len(set(counted)) == 1, counted
        with django_assert_max_num_queries(10):
            get(client, searched)


class TestWages:
    def test_it_gives_the_national_figures_by_default(self, client: Client) -> None:
        wages = get(client, f"/api/v1/occupations/{RN}")["wages"]
        assert wages == {
            "area": {"code": "0000000", "name": "National"},
            "period": "May 2025",
            "source": "BLS OEWS",
            "employment": 3379720,
            "annual_mean": 101420,
            "annual_p10": 68940,
            "annual_p25": 80330,
            "annual_median": RN_NATIONAL_ANNUAL_MEDIAN,
            "annual_p75": 112350,
            "annual_p90": 137470,
            "hourly_mean": 48.76,
            "hourly_p10": 33.14,
            "hourly_p25": 38.62,
            "hourly_median": 46.9,
            "hourly_p75": 54.02,
            "hourly_p90": 66.09,
            "notes": [],
        }

    def test_it_gives_hourly_figures_as_numbers(self, client: Client) -> None:
        response = client.get(f"/api/v1/occupations/{RN}")
        assert '"hourly_median": 46.9' in response.content.decode()
        assert isinstance(response.json()["wages"]["hourly_median"], float)

    def test_it_labels_a_metro_figure_with_the_area_name(self, client: Client) -> None:
        body = get(client, f"/api/v1/occupations/{RN}?area=0010740")
        assert body["wages"]["area"] == {"code": "0010740", "name": "Albuquerque, NM"}
        assert body["wages"]["annual_median"] == RN_ALBUQUERQUE_ANNUAL_MEDIAN != RN_NATIONAL_ANNUAL_MEDIAN
        assert body["area"]["kind"] == "metro"

    def test_it_resolves_a_zip_code_to_its_wage_area(self, client: Client) -> None:
        body = get(client, f"/api/v1/occupations/{RN}?area=87501")
        assert body["area"]["code"] == "0042140"
        assert body["area"]["zip"] == {
            "code": "87501",
            "city": "Santa Fe",
            "county": {"geoid": "35049", "name": "Santa Fe County"},
        }
        assert body["wages"]["area"] == {"code": "0042140", "name": "Santa Fe, NM"}
        assert body["wages"]["annual_median"] == RN_SANTA_FE_ANNUAL_MEDIAN

    def test_it_compares_with_the_state_and_the_nation(self, client: Client) -> None:
        comparison = get(client, f"/api/v1/occupations/{RN}?area=0010740")["comparison"]
        assert [(c["area"]["code"], c["annual_median"]) for c in comparison] == [
            ("3500000", 94340),
            ("0000000", RN_NATIONAL_ANNUAL_MEDIAN),
        ]
        assert (
            get(client, f"/api/v1/occupations/{RN}?area=3500000")["comparison"][0]["area"]["code"]
            == "0000000"
        )
        assert get(client, f"/api/v1/occupations/{RN}")["comparison"] == []

    def test_it_gives_suppressed_hourly_figures_as_null_not_zero(self, client: Client) -> None:
        wages = get(client, "/api/v1/occupations/25-2031.00")["wages"]
        for name in ("hourly_mean", "hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90"):
            assert wages[name] is None
        assert wages["annual_median"] == 72040
        [note] = wages["notes"]
        assert note["code"] == "4"
        assert "hourly_median" in note["fields"]
        assert "annual" in note["text"]

    def test_it_gives_top_coded_figures_as_null_with_a_note(self, client: Client, tmp_path: Path) -> None:
        # BLS prints "-" with footnote 5 where a wage is at or above its top code; the cut has no such
        # cell for chief executives, so this copy of it has.
        load_changed_wages(
            tmp_path,
            "11-1011",
            "0000000",
            {"hourly_p90": "-", "annual_p90": "-", "footnote_codes": "10:5;15:5"},
        )
        wages = get(client, "/api/v1/occupations/11-1011.00")["wages"]
        assert wages["annual_p90"] is None
        assert wages["hourly_p90"] is None
        assert wages["annual_median"] == 213990
        [note] = wages["notes"]
        assert note["code"] == "5"
        assert note["fields"] == ["annual_p90", "hourly_p90"]
        assert "≥ $239,200" in note["text"]

    def test_it_gives_unreleased_estimates_as_null(self, client: Client) -> None:
        wages = get(client, "/api/v1/occupations/15-1299.07?area=3500006")["wages"]
        assert wages["employment"] == 380
        assert wages["annual_median"] is None
        assert wages["hourly_mean"] is None
        assert [n["code"] for n in wages["notes"]] == ["8"]

    def test_it_says_when_bls_has_no_estimate_for_the_area(self, client: Client) -> None:
        body = get(client, "/api/v1/occupations/11-1011.00?area=0042140")
        wages = body["wages"]
        assert wages["area"]["code"] == "0042140"
        assert wages["annual_median"] is None
        assert wages["employment"] is None
        assert [n["code"] for n in wages["notes"]] == ["no_estimate"]
        assert body["family_sustaining"] is None


class TestProfile:
    def test_it_gives_six_interest_ratings(self, client: Client) -> None:
        body = get(client, f"/api/v1/occupations/{RN}")
        assert body["interests"] == {"R": 3.66, "I": 4.82, "A": 1.31, "S": 5.62, "E": 2.28, "C": 4.58}
        assert body["high_point"] == "SIC"

    def test_it_gives_null_interests_where_onet_has_none(self, client: Client, tmp_path: Path) -> None:
        # The cut's 15-1299.07 has ratings; this copy of it drops them, as O*NET does for ~90 occupations.
        data_dir = tmp_path / "public"
        shutil.copytree(FIXTURE_DATA, data_dir)
        path = data_dir / "onet/Interests.txt"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(x for x in lines if not x.startswith("15-1299.07\t")), encoding="utf-8")
        call_command("load_public_data", data_dir=data_dir, only=["occupations"], stdout=io.StringIO())
        body = get(client, "/api/v1/occupations/15-1299.07")
        assert body["interests"] is None
        assert body["high_point"] is None

    def test_it_gives_the_outlook(self, client: Client) -> None:
        assert get(client, f"/api/v1/occupations/{RN}")["outlook"] == {
            "period": "2024-34",
            "source": "BLS Employment Projections",
            "employment_2024": 3391000,
            "employment_2034": 3557100,
            "change_pct": 4.9,
            "openings_annual": 189100,
            "entry_education": "Bachelor's degree",
            "work_experience": "None",
            "on_the_job_training": "None",
            "median_wage_2024": 93600,
            "median_wage_2024_top_coded": False,
        }

    def test_it_gives_education_clusters_programs_titles_and_skills(self, client: Client) -> None:
        body = get(client, f"/api/v1/occupations/{RN}")
        assert body["title"] == "Registered Nurses"
        assert body["job_zone"]["number"] == 4
        assert body["education"]["typical"] == "Bachelor's Degree"
        assert sum(level["pct"] for level in body["education"]["distribution"]) == pytest.approx(100, abs=0.5)
        assert {
            "slug": "physical-health",
            "name": "Physical Health",
            "cluster": {
                "slug": "healthcare-human-services",
                "name": "Healthcare & Human Services",
                "framework": "2024",
                "cross_cutting": False,
            },
        } in body["clusters"]
        assert body["legacy_clusters"][0]["cluster"]["slug"] == "health-science"
        assert {"code": "51.3801", "title": "Registered Nursing/Registered Nurse"} in body["cip_programs"]
        assert "Charge Nurse" in body["alternate_titles"]
        assert len(body["skills"]) == 10
        assert body["skills"][0]["importance"] >= body["skills"][-1]["importance"]
        assert body["knowledge"][0]["name"]
        assert [r["code"] for r in body["related"]][:1] == ["29-1141.01"]
        assert body["related"][0]["wage"]["area"]["code"] == "0000000"


class TestErrors:
    @pytest.mark.parametrize(
        ("query", "param"),
        [
            ("limit=0", "limit"),
            ("limit=1000", "limit"),
            ("offset=-1", "offset"),
            ("job_zone=9", "job_zone"),
            ("area=abc", "area"),
            ("sort=bogus", "sort"),
            ("family_sustaining=perhaps", "family_sustaining"),
        ],
    )
    def test_it_names_the_invalid_parameter(self, client: Client, query: str, param: str) -> None:
        body = get(client, f"/api/v1/occupations?{query}", status=422)
        [error] = body["detail"]
        assert error["loc"] == ["query", param]
        assert error["msg"]
        assert error["type"]

    def test_it_names_an_invalid_area_on_the_detail_endpoint(self, client: Client) -> None:
        [error] = get(client, f"/api/v1/occupations/{RN}?area=12", status=422)["detail"]
        assert error == {
            "loc": ["query", "area"],
            "msg": "area must be a 7-digit BLS area code (like 3500000) or a 5-digit ZIP code.",
            "type": "invalid_input",
        }

    @pytest.mark.parametrize(
        ("url", "loc"),
        [
            ("/api/v1/occupations?area=9999999", ["query", "area"]),
            ("/api/v1/occupations?area=00000", ["query", "area"]),
            ("/api/v1/occupations?cluster=no-such-cluster", ["query", "cluster"]),
            (f"/api/v1/occupations/{RN}?area=9999999", ["query", "area"]),
            ("/api/v1/occupations/99-9999.00", ["path", "code"]),
            ("/api/v1/occupations/nurse", ["path", "code"]),
        ],
    )
    def test_it_gives_404_for_an_unknown_code(self, client: Client, url: str, loc: list[str]) -> None:
        [error] = get(client, url, status=404)["detail"]
        assert error["loc"] == loc
        assert error["type"] == "not_found"
        assert error["msg"]


class TestOpenApi:
    def test_it_publishes_a_valid_document_listing_the_endpoints(self, client: Client) -> None:
        response = client.get("/api/v1/openapi.json")
        assert response.status_code == 200
        document = json.loads(response.content)
        assert document["openapi"].startswith("3.")
        paths = set(document["paths"])
        assert {
            "/api/v1/clusters",
            "/api/v1/occupations",
            "/api/v1/occupations/{code}",
            "/api/v1/areas",
        } <= paths

    def test_it_documents_the_error_shape_and_the_responses(self, client: Client) -> None:
        document = get(client, "/api/v1/openapi.json")
        assert '{"detail": [{"loc": ["query", "limit"]' in document["info"]["description"]
        responses = document["paths"]["/api/v1/occupations/{code}"]["get"]["responses"]
        assert {"200", "404", "422"} <= set(responses)
        parameters = {p["name"] for p in document["paths"]["/api/v1/occupations"]["get"]["parameters"]}
        assert {"q", "cluster", "job_zone", "area", "limit", "offset", "sort"} <= parameters

    def test_it_offers_the_sorts_and_frameworks_the_selectors_know(self) -> None:
        assert typing.get_args(catalog_api.SortOrder) == SORTS
        assert list(typing.get_args(catalog_api.FrameworkName)) == Framework.values
