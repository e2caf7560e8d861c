"""The Career Clusters API: `/api/v1/clusters` and `/api/v1/clusters/{slug}`."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("catalog_db")


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def by_slug(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["slug"]: item for item in items}


class TestClusterList:
    def test_it_lists_the_2024_framework_by_default(self, client: Client) -> None:
        body = get(client, "/api/v1/clusters")
        assert body["framework"] == "2024"
        assert body["count"] == len(body["items"]) == 14
        health = by_slug(body["items"])["healthcare-human-services"]
        assert health["name"] == "Healthcare & Human Services"
        assert health["cross_cutting"] is False
        assert health["occupation_count"] == 4
        assert by_slug(health["subclusters"])["physical-health"] == {
            "slug": "physical-health",
            "name": "Physical Health",
            "occupation_count": 4,
        }

    def test_it_marks_the_cross_cutting_clusters(self, client: Client) -> None:
        items = get(client, "/api/v1/clusters")["items"]
        assert {c["slug"] for c in items if c["cross_cutting"]} == {
            "digital-technology",
            "management-entrepreneurship",
            "marketing-sales",
        }

    def test_it_counts_an_occupation_once_per_cluster(self, client: Client) -> None:
        # Software developers sit in two Digital Technology sub-clusters.
        digital = by_slug(get(client, "/api/v1/clusters")["items"])["digital-technology"]
        assert digital["occupation_count"] == 2
        assert sum(s["occupation_count"] for s in digital["subclusters"]) > 2

    def test_it_lists_the_legacy_framework(self, client: Client) -> None:
        body = get(client, "/api/v1/clusters?framework=legacy")
        assert body["framework"] == "legacy"
        health = by_slug(body["items"])["health-science"]
        assert health["subclusters"][0]["slug"] == "therapeutic-services"
        assert "healthcare-human-services" not in by_slug(body["items"])

    def test_it_refuses_an_unknown_framework(self, client: Client) -> None:
        [error] = get(client, "/api/v1/clusters?framework=1999", status=422)["detail"]
        assert error["loc"] == ["query", "framework"]

    def test_it_uses_a_fixed_number_of_queries(
        self, client: Client, django_assert_max_num_queries: Any
    ) -> None:
        with django_assert_max_num_queries(3):
            get(client, "/api/v1/clusters")


class TestClusterDetail:
    def test_it_lists_its_occupations(self, client: Client) -> None:
        body = get(client, "/api/v1/clusters/healthcare-human-services")
        assert body["name"] == "Healthcare & Human Services"
        assert body["occupation_count"] == 4
        assert body["occupations"] == [
            {"code": "29-1141.01", "title": "Acute Care Nurses", "job_zone": 3},
            {"code": "29-1216.00", "title": "General Internal Medicine Physicians", "job_zone": 5},
            {"code": "31-1131.00", "title": "Nursing Assistants", "job_zone": 3},
            {"code": "29-1141.00", "title": "Registered Nurses", "job_zone": 4},
        ]

    def test_it_lists_the_occupations_of_each_subcluster(self, client: Client) -> None:
        body = get(client, "/api/v1/clusters/construction")
        subclusters = by_slug(body["subclusters"])
        assert [o["code"] for o in subclusters["skilled-trades"]["occupations"]] == [
            "47-2111.00",
            "51-4121.00",
        ]
        assert subclusters["skilled-trades"]["occupation_count"] == 2
        assert subclusters["architecture-civil-engineering"]["occupations"] == []

    def test_it_finds_a_legacy_cluster(self, client: Client) -> None:
        body = get(client, "/api/v1/clusters/health-science?framework=legacy")
        assert body["framework"] == "legacy"
        assert "29-1141.01" in [o["code"] for o in body["occupations"]]

    @pytest.mark.parametrize("url", ["/api/v1/clusters/no-such-cluster", "/api/v1/clusters/health-science"])
    def test_it_gives_404_for_an_unknown_slug(self, client: Client, url: str) -> None:
        [error] = get(client, url, status=404)["detail"]
        assert error["loc"] == ["path", "slug"]
        assert error["type"] == "not_found"
        assert "No Career Cluster" in error["msg"]
