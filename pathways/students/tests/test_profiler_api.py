"""Interest Profiler API: exact scoring of hand-computed answers, the ranking against an independent
implementation of the documented method, refusals, and the student's own endpoints."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from django.test import Client

from pathways.accounts.services import api_token_create
from pathways.catalog.models import Occupation
from pathways.students.models import ProfilerAttempt
from tests.cast import Cast

from .test_profiler_pages import completed_attempt

URL = "/api/v1/interest-profiler/score"


def score(client: Client, **body: Any) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(acting_user=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def independent_order(scores: dict[str, int], zones: set[int] | None = None) -> list[str]:
    """The documented method, written again: Pearson r of the six scores with the six O*NET
    ratings, highest first, ties by O*NET-SOC code."""
    profile = np.array([scores[a] for a in "RIASEC"], dtype=float)
    rows = []
    for o in Occupation.objects.exclude(interest_r=None):
        if zones is not None and o.job_zone_id not in zones:
            continue
        ratings = np.array(
            [o.interest_r, o.interest_i, o.interest_a, o.interest_s, o.interest_e, o.interest_c]
        )
        r = float(np.corrcoef(profile, ratings)[0, 1])
        rows.append((-round(r, 9), o.code))
    return [code for _r, code in sorted(rows)]


@pytest.mark.usefixtures("catalog_db")
class TestScore:
    @pytest.mark.parametrize(
        ("answers", "expected", "top"),
        [
            # Per block of 12: R 5,5 I 4,4 A 3,3 S 2,2 E 1,1 C 5,4 -> R 8, I 6, A 4, S 2, E 0, C 7.
            ("554433221154" * 5, {"R": 40, "I": 30, "A": 20, "S": 10, "E": 0, "C": 35}, "RCI"),
            # R 5,4 I 3,2 A 1,5 S 4,3 E 2,1 C 5,4 -> R 7, I 3, A 4, S 5, E 1, C 7; R before C on a tie.
            ("543215432154" * 5, {"R": 35, "I": 15, "A": 20, "S": 25, "E": 5, "C": 35}, "RCS"),
            # Only the Social items (7, 8, 19, 20, ...) liked strongly; the rest Dislike.
            ("222222552222" * 5, {"R": 10, "I": 10, "A": 10, "S": 40, "E": 10, "C": 10}, "SRI"),
        ],
    )
    def test_it_scores_exactly(
        self, client: Client, answers: str, expected: dict[str, int], top: str
    ) -> None:
        response = score(client, answers=answers)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["scores"] == expected
        assert body["top"] == top

    def test_it_ranks_like_an_independent_implementation(self, client: Client) -> None:
        for answers in ("554433221154" * 5, "543215432154" * 5, "531" * 20, "5544" * 15, "5" * 6 + "1" * 54):
            body = score(client, answers=answers, limit=100).json()
            assert [m["code"] for m in body["matches"]] == independent_order(body["scores"])
            assert body["count"] == Occupation.objects.exclude(interest_r=None).count() == 12
            similarities = [m["similarity"] for m in body["matches"]]
            assert similarities == sorted(similarities, reverse=True)
            assert all(-1 <= s <= 1 for s in similarities)

    def test_it_returns_each_match_with_fit_why_and_the_catalog_wage_block(self, client: Client) -> None:
        body = score(client, answers="554433221154" * 5, area="87102").json()
        assert body["area"]["code"] == "0010740"
        first = body["matches"][0]
        assert set(first) >= {
            "code",
            "title",
            "fit",
            "similarity",
            "wage",
            "outlook",
            "family_sustaining",
            "why",
        }
        assert first["fit"] in {"best", "great", "good", "other"}
        assert first["wage"]["area"] == {"code": "0010740", "name": "Albuquerque, NM"}
        assert first["wage"]["source"] == "BLS OEWS" and first["wage"]["period"] == "May 2025"
        catalog = client.get(f"/api/v1/occupations/{first['code']}", {"area": "87102"}).json()
        assert first["wage"] == catalog["wages"]  # the same block as the catalog API's

    def test_it_filters_by_job_zone_without_leaks(self, client: Client) -> None:
        zones = dict(Occupation.objects.exclude(interest_r=None).values_list("code", "job_zone_id"))
        for job_zone, allowed in ((3, {3}), ([2, 3], {2, 3}), ([5], {5})):
            body = score(client, answers="543215432154" * 5, job_zone=job_zone, limit=100).json()
            assert body["matches"], job_zone
            assert {zones[m["code"]] for m in body["matches"]} <= allowed
            assert {m["job_zone"] for m in body["matches"]} <= allowed
            assert [m["code"] for m in body["matches"]] == independent_order(body["scores"], allowed)

    @pytest.mark.parametrize(
        ("answers", "words"),
        [
            ("5" * 59, "exactly 60 digits"),
            ("5" * 61, "got 61 characters"),
            ("5" * 30 + "6" + "5" * 29, "character 31"),
            ("5" * 30 + "0" + "5" * 29, "character 31"),
            ("5" * 30 + " " + "5" * 29, "character 31"),
            ("\uff15" * 60, "character 1"),  # a full-width digit five
            ("", "got 0 characters"),
        ],
    )
    def test_it_refuses_malformed_answers(self, client: Client, answers: str, words: str) -> None:
        response = score(client, answers=answers)
        assert response.status_code == 422
        detail = response.json()["detail"][0]
        assert detail["loc"] == ["body", "answers"]
        assert "answers" in detail["msg"] and words in detail["msg"]

    @pytest.mark.parametrize(
        "answers", ["3" * 60, "1" * 60, "5" * 60, "5" + "3" * 59, "1234512345" * 6, "1122334455" * 6]
    )
    def test_it_refuses_a_flat_profile(self, client: Client, answers: str) -> None:
        response = score(client, answers=answers)
        assert response.status_code == 422
        detail = response.json()["detail"][0]
        assert detail["loc"] == ["body", "answers"] and detail["type"] == "flat_profile"
        assert "flat profile" in detail["msg"]

    def test_it_refuses_a_missing_or_non_string_answers(self, client: Client) -> None:
        for body in ({}, {"answers": 5544332211}):
            response = score(client, **body)
            assert response.status_code == 422
            assert "answers" in json.dumps(response.json()["detail"][0]["loc"])

    def test_it_refuses_a_bad_job_zone_and_area(self, client: Client) -> None:
        answers = "554433221154" * 5
        assert score(client, answers=answers, job_zone=6).status_code == 422
        assert score(client, answers=answers, job_zone=[0, 2]).status_code == 422
        unknown = score(client, answers=answers, area="9999999")
        assert unknown.status_code == 404 and unknown.json()["detail"][0]["loc"] == ["body", "area"]
        assert score(client, answers=answers, area="00000").status_code == 404
        assert score(client, answers=answers, area="Santa Fe").status_code == 422

    def test_it_stores_nothing_even_for_a_signed_in_student(self, client: Client, cast: Cast) -> None:
        response = client.post(
            URL,
            data=json.dumps({"answers": "554433221154" * 5}),
            content_type="application/json",
            **bearer(cast.student),
        )
        assert response.status_code == 200
        assert ProfilerAttempt.objects.count() == 0

    def test_it_answers_in_few_queries(self, client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
        score(client, answers="554433221154" * 5)
        with django_assert_max_num_queries(8):
            assert score(client, answers="543215432154" * 5, limit=12, area="3500000").status_code == 200

    def test_it_documents_the_endpoints(self, client: Client) -> None:
        spec = client.get("/api/v1/openapi.json").json()
        assert spec["paths"]["/api/v1/interest-profiler/score"]["post"]["summary"]
        assert spec["paths"]["/api/v1/me/profiler"]["get"]["summary"]
        assert spec["paths"]["/api/v1/me/matches"]["get"]["summary"]


@pytest.mark.usefixtures("catalog_db")
class TestMine:
    def test_it_needs_a_signed_in_caller(self, client: Client) -> None:
        assert client.get("/api/v1/me/profiler").status_code == 401
        assert client.get("/api/v1/me/matches").status_code == 401

    def test_it_lists_the_students_own_attempts(self, client: Client, cast: Cast) -> None:
        completed_attempt(cast.student)
        completed_attempt(cast.beta_student)
        body = client.get("/api/v1/me/profiler", **bearer(cast.student)).json()
        assert body["is_student"] is True and body["consent"]["stored"] is True
        assert len(body["attempts"]) == 1
        assert body["attempts"][0]["scores"] == {"R": 40, "I": 30, "A": 20, "S": 10, "E": 0, "C": 35}
        assert body["attempts"][0]["top"] == "RCI"
        other = client.get("/api/v1/me/profiler", **bearer(cast.counselor)).json()
        assert other == {"is_student": False, "consent": None, "attempts": []}

    def test_it_lists_the_students_matches(
        self, client: Client, cast: Cast, django_assert_max_num_queries
    ) -> None:  # type: ignore[no-untyped-def]
        headers = bearer(cast.student)
        assert client.get("/api/v1/me/matches", **headers).status_code == 404
        completed_attempt(cast.student, "543215432154" * 5)
        client.get("/api/v1/me/matches", **headers)
        with django_assert_max_num_queries(20):
            response = client.get(
                "/api/v1/me/matches", {"job_zone": [3], "sort": "wage", "limit": 5}, **headers
            )
        body = response.json()
        assert response.status_code == 200
        assert body["job_zones"] == [3] and body["sort"] == "wage"
        assert all(m["job_zone"] == 3 for m in body["matches"])
        wages = [
            m["wage"]["annual_median"] for m in body["matches"] if m["wage"]["annual_median"] is not None
        ]
        assert wages == sorted(wages, reverse=True)
        assert all(m["fit"] in {"best", "great", "good"} for m in body["matches"]) or body["weak"]
        assert "programs" in body["matches"][0] and "why" in body["matches"][0]

    def test_it_does_not_store_for_an_under_13_student_without_consent(
        self, client: Client, cast: Cast
    ) -> None:
        body = client.get("/api/v1/me/profiler", **bearer(cast.other_student)).json()
        assert body["consent"] == {
            "possibly_under_13": True,
            "required": True,
            "status": "pending",
            "stored": False,
        }
        assert body["attempts"] == []
