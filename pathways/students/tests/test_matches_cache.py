"""The results and career-matches pages are cached (views/profiler.py, selectors_profiler.py):
a cached page still follows the student (a retake, the area, the job zones, who is looking, a
reload of the public data), its forms still work, and the matches page reads a bounded number of
queries whatever it shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.accounts.models import User
from pathways.catalog.models import CareerCluster, CipProgram, Occupation
from pathways.core.models import DatasetImport
from pathways.labor.models import NATIONAL_CODE, Wage
from pathways.programs import services as program_services
from pathways.students.models import ProfilerAttempt, StudentProfile
from pathways.students.services import profiler as services
from pathways.students.views import profiler as profiler_views
from tests.cast import PASSWORD, Cast

pytestmark = pytest.mark.usefixtures("catalog_db")

# Answers in item order (R R I I A A S S E E C C, five times).
DOER = "551111111133" * 5  # R 40, C 20, the rest 0: welders first
HELPER = "223311551122" * 5  # S 40, I 20, R 10, C 10
Query = dict[str, str | list[str]]
CARD_TITLE = re.compile(r'<h3><a href="[^"]*" lang="en">([^<]+)</a></h3>')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
#: Queries of a matches page whose parts are all cached: session, user, attempt, profile, and
#: the public data's version (the freshness check of everything cached).
CACHED_QUERIES = 5
#: Nothing cached: the above, the school's area, the family-sustaining wage (two), the shown
#: careers, their wages, projections and CIP links, and the programs of study the school reaches
#: (whether any leads there, then the school, the programs and where each may be taken).
UNCACHED_QUERIES = 16


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def completed(student: User, answers: str) -> ProfilerAttempt:
    attempt = services.attempt_start(acting_user=student, student=student)
    services.attempt_answers_save(
        acting_user=student, attempt=attempt, answers={i + 1: a for i, a in enumerate(answers)}
    )
    return services.attempt_complete(acting_user=student, attempt=attempt)


def matches_url(attempt: ProfilerAttempt) -> str:
    return reverse("students:profiler-matches", args=[attempt.public_id])


def results_url(attempt: ProfilerAttempt) -> str:
    return reverse("students:profiler-results", args=[attempt.public_id])


def page(client: Client, url: str, data: Query | None = None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert profiler_views.CSRF_STAND_IN not in html
    return TOKEN.sub('name="csrfmiddlewaretoken" value="-"', html)


def fresh(client: Client, url: str, data: Query | None = None) -> str:
    """The page as it renders with nothing cached."""
    cache.clear()
    return page(client, url, data)


def titles(html: str) -> list[str]:
    return CARD_TITLE.findall(html)


def zone_of(title: str) -> int | None:
    return Occupation.objects.get(title=title).job_zone_id


def test_a_retake_gets_its_own_matches_and_results(client: Client, cast: Cast) -> None:
    first = completed(cast.student, DOER)
    login(client, cast.student)
    latest = reverse("students:profiler-matches-latest")
    doer = titles(client.get(latest, follow=True).content.decode())
    assert doer[0] == "Welders, Cutters, Solderers, and Brazers"
    page(client, results_url(first))  # cached now

    second = completed(cast.student, HELPER)  # the student takes it again
    helper = titles(client.get(latest, follow=True).content.decode())
    assert helper != doer and helper[0] != doer[0]
    assert helper == titles(fresh(client, matches_url(second)))
    results = page(client, results_url(second))
    assert '<span class="top-rank">1</span> Social' in results
    # The first attempt's pages are still its own.
    assert titles(page(client, matches_url(first))) == doer
    first_results = page(client, results_url(first))
    assert '<span class="top-rank">1</span> Realistic' in first_results


def test_the_area_the_student_chooses_changes_a_cached_page(client: Client, cast: Cast) -> None:
    attempt = completed(cast.student, DOER)
    login(client, cast.student)
    url = matches_url(attempt)
    assert "BLS OEWS, May 2025, United States" in page(client, url)  # their school has no county

    client.cookies["pathways_area"] = "0010740"  # the visitor's area picker: Albuquerque
    picked = page(client, url)
    assert "BLS OEWS, May 2025, Albuquerque, NM" in picked and "the area picked for this browser" in picked
    assert picked == fresh(client, url)
    del client.cookies["pathways_area"]
    assert "BLS OEWS, May 2025, United States" in page(client, url)

    response = client.post(reverse("students:profiler-preferences"), {"area": "87102", "next": url})
    assert response.status_code == 303
    chosen = page(client, url)
    assert "BLS OEWS, May 2025, Albuquerque, NM" in chosen and "the area you chose" in chosen
    assert "BLS OEWS, May 2025, United States" not in chosen
    assert page(client, url) == fresh(client, url)  # (without the "saved" message, shown once)


def test_the_job_zones_change_a_cached_page(client: Client, cast: Cast) -> None:
    attempt = completed(cast.student, DOER)
    login(client, cast.student)
    url = matches_url(attempt)
    everything = titles(page(client, url))
    assert {zone_of(t) for t in everything} == {2, 3}

    response = client.post(
        reverse("students:profiler-preferences"), {"zones": "1", "zone": ["2"], "next": url}
    )
    assert response.status_code == 303
    assert StudentProfile.objects.get(student=cast.student).job_zones == [2]
    saved = titles(page(client, url))  # the same address, now with the saved zones
    assert saved and saved != everything and {zone_of(t) for t in saved} == {2}

    asked = titles(page(client, url, {"zone": ["3", "4"]}))  # a filter in the address
    assert asked and {zone_of(t) for t in asked} == {3}
    assert asked == titles(fresh(client, url, {"zone": ["3", "4"]}))
    for sort in ("wage", "openings"):
        assert titles(page(client, url, {"sort": sort})) == titles(fresh(client, url, {"sort": sort}))


def test_who_is_looking_changes_a_cached_page(client: Client, cast: Cast) -> None:
    attempt = completed(cast.student, DOER)
    login(client, cast.student)
    own_results, own_matches = page(client, results_url(attempt)), page(client, matches_url(attempt))
    assert "Your Interest Profiler results" in own_results and "Take it again" in own_results
    assert "Save and show careers" in own_matches

    counselor = login(Client(), cast.counselor)
    results = page(counselor, results_url(attempt))
    matches = page(counselor, matches_url(attempt))
    name = cast.student.display_name
    assert f"Interest Profiler results of {name}" in results and "Take it again" not in results
    assert f"Career matches of {name}" in matches and "Save and show careers" not in matches
    assert results == fresh(counselor, results_url(attempt))


def test_the_forms_of_a_cached_page_carry_the_visitors_own_token(cast: Cast) -> None:
    attempt = completed(cast.student, DOER)
    client = login(Client(enforce_csrf_checks=True), cast.student)
    url = matches_url(attempt)
    client.get(url)
    html = client.get(url).content.decode()  # the header and the forms come from the cache
    assert profiler_views.CSRF_STAND_IN not in html
    form = html.split('class="match-filter"')[1].split("</form>")[0]
    token = TOKEN.search(form)
    assert token is not None
    response = client.post(
        reverse("students:profiler-preferences"),
        {"csrfmiddlewaretoken": token.group(1), "zones": "1", "zone": ["3"], "next": url},
    )
    assert response.status_code == 303
    assert StudentProfile.objects.get(student=cast.student).job_zones == [3]


def test_a_reload_of_the_public_data_changes_a_cached_page(client: Client, cast: Cast) -> None:
    attempt = completed(cast.student, DOER)
    login(client, cast.student)
    url = matches_url(attempt)
    assert "$52,000" not in page(client, url)
    soc = Occupation.objects.get(code="51-4121.00").soc_code
    Wage.objects.filter(area_id=NATIONAL_CODE, soc_code=soc).update(annual_median=52_000)
    wages = DatasetImport.objects.get(name="wages")
    DatasetImport.objects.filter(pk=wages.pk).update(loaded_at=wages.loaded_at + timedelta(seconds=1))
    assert "$52,000 a year" in page(client, url)


def test_the_matches_page_reads_as_many_queries_for_one_career_as_for_all(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    cluster = CareerCluster.objects.get(framework="2024", slug="advanced-manufacturing")
    for name in ("Welding Technology", "Metal Fabrication"):
        program_services.program_create(
            acting_user=cast.admin,
            school=cast.school,
            name=name,
            cluster=cluster,
            cip=CipProgram.objects.get(code="48.0508"),
        )
    attempt = completed(cast.student, DOER)
    login(client, cast.student)
    url = matches_url(attempt)
    total = len(titles(page(client, url)))
    assert total >= 4
    counts = {}
    for size in (1, 2, total):
        monkeypatch.setattr(profiler_views, "PAGE_SIZE", size)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = page(client, url)
        assert html.count('class="match-card"') == size
        assert "Next step: Welding Technology" in html or "Next step: Metal Fabrication" in html
        counts[size] = len(queries)
    assert len(set(counts.values())) == 1, counts  # no query per career shown
    monkeypatch.setattr(profiler_views, "PAGE_SIZE", 2)

    cache.clear()
    with django_assert_max_num_queries(UNCACHED_QUERIES):
        page(client, url)
    with django_assert_max_num_queries(CACHED_QUERIES):
        cached = page(client, url)
    # Another page of the same list: the ranked list comes from the cache, only its rows are read.
    with django_assert_max_num_queries(UNCACHED_QUERIES - 2):
        assert client.get(url, {"page": "2"}).status_code == 200
    assert cached == fresh(client, url)
