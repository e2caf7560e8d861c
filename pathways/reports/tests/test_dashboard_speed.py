"""The dashboards stay fast for a large region: 50 units a page with a search, a per-run cache that
a new computation replaces, and a number of queries that does not grow with the schools."""

from __future__ import annotations

import csv
import io
import random
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.template.defaultfilters import floatformat
from django.utils import translation

from pathways.orgs.models import School
from pathways.reports.models import PerformanceLevel, Rollup, RollupRun, RunStatus
from pathways.reports.selectors import PAGE_SIZE
from pathways.reports.services.imports import import_student_years
from pathways.reports.services.rollups import compute_now
from pathways.reports.views.indicators import CellText

from .conftest import csv_text, small_region

YEAR = 2025
DASHBOARD = "/reports/alpha/indicators/"


def _code(i: int) -> str:
    return f"3500010{i:05d}"


def _region(cast: Any, schools: int, *, shift: int = 0) -> RollupRun:
    """A done run with 1S1 and 2S1 cells ("all" and female) for `schools` schools named
    "School 000".. (every seventh with fewer than 10 students, so suppressed) and the consortium."""
    existing = set(School.objects.filter(consortium=cast.alpha).values_list("nces_id", flat=True))
    School.objects.bulk_create(
        School(consortium=cast.alpha, district=cast.district, name=f"School {i:03d}", nces_id=_code(i))
        for i in range(schools)
        if _code(i) not in existing
    )
    run = RollupRun.objects.create(consortium=cast.alpha, status=RunStatus.DONE, steps_total=2, steps_done=2)
    Rollup.objects.filter(consortium=cast.alpha, school_year=YEAR).delete()
    cells = []
    for indicator in ("1S1", "2S1"):
        for subgroup in ("all", "sex:F"):
            cells.append((indicator, "consortium", "alpha", subgroup, 500 + shift, 1000, False))
            for i in range(schools):
                small = i % 7 == 3
                numerator = (i * 3 + shift) % 20
                cells.append((indicator, "school", _code(i), subgroup, numerator, 20, small))
    Rollup.objects.bulk_create(
        Rollup(
            consortium=cast.alpha,
            run=run,
            school_year=YEAR,
            indicator=indicator,
            level=level,
            unit=unit,
            subgroup=subgroup,
            numerator=None if hidden else numerator,
            denominator=None if hidden else denominator,
            rate=None if hidden else numerator / denominator,
            suppressed=hidden,
        )
        for indicator, level, unit, subgroup, numerator, denominator, hidden in cells
    )
    return run


def _units_shown(html: str) -> list[str]:
    """Names of the schools in the dashboard's table, in order, once each."""
    if 'id="indicators-caption"' not in html:
        return []
    body = html.split('id="indicators-caption"')[1].split("</table>")[0]
    return list(dict.fromkeys(re.findall(r'<th scope="row">(School \d{3})', body)))


@pytest.fixture
def leader(cast: Any, client: Any) -> Any:
    client.force_login(cast.admin)
    return client


def test_fifty_schools_a_page_by_name_with_the_count_and_page_links(cast: Any, leader: Any) -> None:
    _region(cast, 120)
    first = leader.get(f"{DASHBOARD}?year={YEAR}&level=school").content.decode()
    assert PAGE_SIZE == 50
    assert _units_shown(first) == [f"School {i:03d}" for i in range(50)]
    assert "1 to 50 of 120 units, by name." in first
    assert 'rel="next"' in first and "Page 1 of 3" in first
    last = leader.get(f"{DASHBOARD}?year={YEAR}&level=school&page=3").content.decode()
    assert _units_shown(last) == [f"School {i:03d}" for i in range(100, 120)]
    assert "101 to 120 of 120 units, by name." in last and 'rel="prev"' in last
    # Each school shows both indicators on its page, and its suppressed cells stay suppressed.
    assert last.count("School 101 <span") == 2 and "suppressed (n&lt;10)" in last
    # A page past the end shows the last one; a bad page number the first.
    assert _units_shown(leader.get(f"{DASHBOARD}?year={YEAR}&level=school&page=99").content.decode())[0] == (
        "School 100"
    )
    assert _units_shown(leader.get(f"{DASHBOARD}?year={YEAR}&level=school&page=x").content.decode())[0] == (
        "School 000"
    )


def test_the_search_narrows_the_units_and_the_flags_count_every_matching_unit(cast: Any, leader: Any) -> None:
    _region(cast, 120)
    PerformanceLevel.objects.create(consortium=cast.alpha, indicator="1S1", school_year=YEAR, level=50)
    html = leader.get(f"{DASHBOARD}?year={YEAR}&level=school&q=school 11").content.decode()
    assert _units_shown(html) == [f"School {i}" for i in range(110, 120)]
    assert "1 to 10 of 10 units matching “school 11” (120 in all), by name." in html
    # Below 90% of 50%: a rate under 45%, i.e. numerator under 9 of 20, among the unsuppressed.
    expected = sum(1 for i in range(110, 120) if i % 7 != 3 and (i * 3) % 20 < 9)
    assert f"{expected} results are below 90%" in html
    by_code = leader.get(f"{DASHBOARD}?year={YEAR}&level=school&q={_code(7)}").content.decode()
    assert _units_shown(by_code) == ["School 007"]
    none = leader.get(f"{DASHBOARD}?year={YEAR}&level=school&q=nowhere").content.decode()
    assert "No unit matches “nowhere”." in none and _units_shown(none) == []


def test_the_download_holds_every_matching_unit_not_only_the_page(cast: Any, leader: Any) -> None:
    _region(cast, 120)
    response = leader.get(f"{DASHBOARD}?year={YEAR}&level=school&subgroup=all&format=csv")
    rows = [r for r in csv.reader(io.StringIO(response.content.decode())) if r and r[0] in ("1S1", "2S1")]
    assert len(rows) == 2 * 120
    suppressed = [r for r in rows if r[3] == _code(3)]
    assert suppressed and all("suppressed" in r[5].lower() or r[5] == "" for r in suppressed)
    searched = leader.get(f"{DASHBOARD}?year={YEAR}&level=school&q=school 00&format=csv").content.decode()
    assert sum(1 for r in csv.reader(io.StringIO(searched)) if r and r[0] in ("1S1", "2S1")) == 2 * 10


def test_the_indicator_page_pages_its_table_of_units(cast: Any, leader: Any) -> None:
    _region(cast, 120)
    html = leader.get(f"/reports/alpha/indicators/1S1/?year={YEAR}&level=school&page=2").content.decode()
    table = html.split('id="units-caption"')[1].split("</table>")[0]
    names = re.findall(r">(School \d{3})</a>", table)
    assert names == [f"School {i:03d}" for i in range(50, 100)]
    assert "51 to 100 of 120 units, by name." in html
    # The choice of unit still lists every school.
    assert html.split('id="id_unit"')[1].split("</select>")[0].count("<option") == 120


def test_a_new_rollup_run_replaces_what_the_cached_page_shows(alpha_codes: Any, leader: Any) -> None:
    import_student_years(alpha_codes.alpha, io.StringIO(csv_text(small_region())), "y.csv", acting_user=None)
    compute_now(alpha_codes.alpha, acting_user=None)
    url = f"{DASHBOARD}?year={YEAR}&level=consortium"
    assert '<td class="num">11</td>' in leader.get(url).content.decode()  # 1S1: 11 of 15 graduate
    # The page is cached: a change under the same run does not show...
    Rollup.objects.filter(indicator="1S1", level="consortium", subgroup="all").update(numerator=999)
    assert '<td class="num">999</td>' not in leader.get(url).content.decode()
    # ...a new computation does: the third student of school B graduates too.
    rows = small_region()
    for row in rows:
        if row["student_id"] == "B2":
            row["graduated_4yr"] = "Y"
    import_student_years(alpha_codes.alpha, io.StringIO(csv_text(rows)), "y2.csv", acting_user=None)
    compute_now(alpha_codes.alpha, acting_user=None)
    html = leader.get(url).content.decode()
    assert '<td class="num">12</td>' in html and "y2.csv" in html


def test_a_running_computation_changes_the_version_at_each_stored_year(cast: Any, leader: Any) -> None:
    _region(cast, 10)
    url = f"{DASHBOARD}?year={YEAR}&level=school"
    assert "School 009" in leader.get(url).content.decode()
    run = RollupRun.objects.create(consortium=cast.alpha, status=RunStatus.RUNNING, steps_total=2)
    Rollup.objects.filter(consortium=cast.alpha, unit=_code(9)).delete()  # as a year being replaced
    RollupRun.objects.filter(pk=run.pk).update(steps_done=1)
    assert "School 009" not in leader.get(url).content.decode()


def test_new_names_and_performance_levels_show_without_a_new_run(cast: Any, leader: Any) -> None:
    _region(cast, 10)
    url = f"{DASHBOARD}?year={YEAR}&level=school"
    assert "School 004" in leader.get(url).content.decode()
    School.objects.filter(nces_id=_code(4)).update(name="Renamed High")
    PerformanceLevel.objects.create(consortium=cast.alpha, indicator="2S1", school_year=YEAR, level=60)
    html = leader.get(url).content.decode()
    assert "Renamed High" in html and "60.0%" in html


@pytest.mark.parametrize("path", ["?level=school", "?level=school&subgroup=sex:F", "1S1/?level=school"])
def test_queries_do_not_grow_with_the_schools(
    cast: Any, leader: Any, django_assert_max_num_queries: Any, path: str
) -> None:
    url = f"{DASHBOARD}{path}&year={YEAR}"
    counts = []
    for schools in (5, 150):
        _region(cast, schools)
        leader.get(url)  # the session's first request
        cache.clear()
        with django_assert_max_num_queries(16) as captured:
            assert leader.get(url).status_code == 200
        counts.append(len(captured))
        with django_assert_max_num_queries(10) as repeated:  # from the cache
            assert leader.get(url).status_code == 200
        counts.append(len(repeated))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


@pytest.mark.parametrize("language", ["en", "es"])
def test_cell_text_writes_numbers_as_the_template_filters_did(language: str) -> None:
    values = [0.0, 100.0, 62.25, 0.05, 99.95, 1e-7, 12.5, 33.333333333333336, 66.66666666666667]
    rng = random.Random(7)
    values += [rng.randint(0, 3000) / rng.randint(1, 3000) * 100 for _ in range(3000)]
    with translation.override(language):
        text = CellText()
        for value in values:
            assert text.tenth(value) == floatformat(value, "1"), value
        assert text.count(1234) == "1234" and text.count(None) is None
