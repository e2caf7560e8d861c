"""Import -> compute -> API on a hand-computed fixture: exact numerators and denominators,
suppression (primary and complementary) in the API and in exports, progress recorded."""

from __future__ import annotations

import io

from django.core.management import call_command

from pathways.reports.models import Rollup, RollupRun, RunStatus
from pathways.reports.services.imports import import_student_years
from pathways.reports.services.rollups import compute_now

from .conftest import SCHOOL_A, SCHOOL_B, csv_text, small_region

API = "/api/v1/reports/indicators"


def _load(cast):
    import_student_years(
        cast.alpha, io.StringIO(csv_text(small_region())), "years.csv", acting_user=cast.admin
    )
    return compute_now(cast.alpha, acting_user=cast.admin)


def _items(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"consortium": "alpha", "year": 2025, **params}.items())
    response = client.get(f"{API}?{query}")
    assert response.status_code == 200, response.content
    return {(i["indicator"], i["unit"], i["subgroup"]): i for i in response.json()["items"]}


def test_hand_computed_indicators_through_the_api(alpha_codes, client):
    run = _load(alpha_codes)
    assert run.status == RunStatus.DONE
    client.force_login(alpha_codes.admin)
    items = _items(client, level="consortium")
    one = items[("1S1", "alpha", "all")]
    assert (one["numerator"], one["denominator"], one["suppressed"]) == (11, 15, False)
    assert abs(one["rate"] - 11 / 15) < 1e-9
    assert (items[("2S1", "alpha", "all")]["numerator"], items[("2S1", "alpha", "all")]["denominator"]) == (
        6,
        10,
    )
    assert (items[("5S3", "alpha", "all")]["numerator"], items[("5S3", "alpha", "all")]["denominator"]) == (
        3,
        11,
    )
    assert (items[("PART", "alpha", "all")]["numerator"], items[("PART", "alpha", "all")]["denominator"]) == (
        19,
        19,
    )
    assert (items[("CONC", "alpha", "all")]["numerator"], items[("CONC", "alpha", "all")]["denominator"]) == (
        15,
        19,
    )


def test_small_cells_and_the_cells_revealing_them_are_suppressed(alpha_codes, client):
    _load(alpha_codes)
    client.force_login(alpha_codes.admin)
    schools = _items(client, level="school", indicator="1S1")
    small = schools[("1S1", SCHOOL_B, "all")]
    assert small == {
        "indicator": "1S1", "level": "school", "unit": SCHOOL_B, "subgroup": "all",
        "numerator": None, "denominator": None, "rate": None, "suppressed": True,
    }  # fmt: skip
    # School A alone would reveal B by subtraction from the district: suppressed too.
    assert schools[("1S1", SCHOOL_A, "all")]["suppressed"] is True
    sexes = _items(client, level="consortium", indicator="1S1")
    assert sexes[("1S1", "alpha", "sex:M")]["suppressed"] is True  # 2 students
    assert sexes[("1S1", "alpha", "sex:F")]["suppressed"] is True  # all minus F would reveal M
    assert sexes[("1S1", "alpha", "all")]["suppressed"] is False
    stored = Rollup.objects.get(indicator="1S1", level="school", unit=SCHOOL_B, subgroup="all")
    assert stored.numerator is None and stored.denominator is None


def test_exports_write_suppressed_cells_as_text(alpha_codes, client):
    _load(alpha_codes)
    client.force_login(alpha_codes.admin)
    response = client.get("/reports/alpha/indicators/?year=2025&level=school&subgroup=all&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="alpha-indicators-2025-school')
    text = response.content.decode("utf-8-sig")
    assert "suppressed (n<10)" in text
    line = next(line for line in text.splitlines() if line.startswith("1S1,") and SCHOOL_B in line)
    assert ",3," not in line and "suppressed (n<10)" in line
    xlsx = client.get("/reports/alpha/indicators/?year=2025&level=school&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_progress_is_recorded_and_the_command_reports_it(alpha_codes, capsys):
    import_student_years(alpha_codes.alpha, io.StringIO(csv_text(small_region())), "y.csv", acting_user=None)
    call_command("compute_indicators", consortium="alpha", year=2025)
    out = capsys.readouterr().out
    assert "[1/2]" in out and "[2/2]" in out
    run = RollupRun.objects.get()
    assert (run.status, run.steps_done, run.steps_total, run.school_year) == (RunStatus.DONE, 2, 2, 2025)
    assert run.started_at and run.finished_at


def test_recomputing_a_year_replaces_its_cells(alpha_codes):
    _load(alpha_codes)
    count = Rollup.objects.filter(school_year=2025).count()
    compute_now(alpha_codes.alpha, acting_user=None, school_year=2025)
    assert Rollup.objects.filter(school_year=2025).count() == count
    assert Rollup.objects.filter(school_year=2025).values("run").distinct().count() == 1


def test_the_background_task_computes_a_queued_run(alpha_codes, client):
    import_student_years(alpha_codes.alpha, io.StringIO(csv_text(small_region())), "y.csv", acting_user=None)
    client.force_login(alpha_codes.admin)
    response = client.post("/reports/alpha/compute/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    run = RollupRun.objects.get()
    assert run.status == RunStatus.DONE  # the immediate backend ran it
    page = client.get(f"/reports/alpha/runs/{run.public_id}/")
    assert b"hx-trigger" not in page.content and b"See the indicators" in page.content
