"""A consortium leader's reporting journey in a real browser (Debian's Chromium, Playwright):
import a small student-year CSV, compute the indicators, open the indicators dashboard, the
labor-market alignment (chart with its table), the needs assessment (start a cycle, refresh the
evidence, log a consultation) and the impact highlights; then the same pages at 375 px wide.
The Content Security Policy stays on: a blocked script or style fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "public"
PHONE = {"width": 375, "height": 740}
SHOTS = Path("/tmp")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

COLUMNS = (
    "student_id,school_code,school_year,grade_level,sex,race_ethnicity,economically_disadvantaged,disability,"
    "english_learner,homeless,foster_care,military_parent,single_parent,out_of_workforce,program_code,"
    "cte_courses_in_program,cohort_year,graduated_4yr,graduated_extended,reading_proficient,math_proficient,"
    "science_proficient,exited_secondary,placement,credential_attained,postsecondary_credits,wbl_participated"
)


def student_csv(path: Path, school_code: str) -> Path:
    lines = [COLUMNS]
    for i in range(30):
        sex = "F" if i % 2 else "M"
        courses = 2 if i < 24 else 1
        grad = "Y" if i < 20 else "N"
        lines.append(
            f"S{i:03d},{school_code},2025,12,{sex},white,{'Y' if i % 3 == 0 else 'N'},N,N,N,N,N,N,N,NURS,"
            f"{courses},2025,{grad},,Y,Y,,N,unknown,{'Y' if i < 12 else 'N'},{3 if i < 15 else 0},Y"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def region(transactional_db: None) -> Any:
    """The cast with a New Mexico consortium, a nursing program and a healthcare target industry."""
    from pathways.catalog.models import CareerCluster, CipProgram, Occupation
    from pathways.consortia.models import TargetIndustry
    from pathways.labor.models import State, ZipCode
    from pathways.labor.selectors import area_cache_clear
    from pathways.programs.models import ProgramOfStudy
    from tests.cast import build_cast

    if not Occupation.objects.filter(code="29-1141.00").exists():
        call_command("load_public_data", data_dir=FIXTURE_DATA, stdout=open(os.devnull, "w"))  # noqa: SIM115
    area_cache_clear()
    cast = build_cast()
    cast.alpha.state = State.objects.get(fips="35")
    cast.alpha.save(update_fields=["state"])
    cast.school.zip_code = ZipCode.objects.get(zip="87501")
    cast.school.sourced_id = "ALPHA-HS"
    cast.school.save(update_fields=["zip_code", "sourced_id"])
    health = CareerCluster.objects.get(framework="2024", slug="healthcare-human-services")
    nursing = ProgramOfStudy.objects.create(
        consortium=cast.alpha,
        school=cast.school,
        name="Nursing",
        cluster=health,
        cip=CipProgram.objects.get(code="51.3801"),
        reporting_code="NURS",
    )
    nursing.eligible_schools.set([cast.school])
    industry = TargetIndustry.objects.create(consortium=cast.alpha, name="Healthcare")
    industry.clusters.set([health])
    return cast


def watched(page: Any) -> Any:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    return page


def sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    from tests.cast import PASSWORD

    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def test_a_leader_imports_computes_and_reads_every_report(
    browser: Any, live_server: Any, region: Any, tmp_path: Path
) -> None:
    from django.urls import NoReverseMatch, reverse

    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = watched(context.new_page())
    sign_in(page, base, region.admin.username, "/reports/alpha/alignment/")

    # 1. Import and compute (the indicators part's pages, when they are there).
    try:
        import_url = reverse("reports:import", args=["alpha"])
    except NoReverseMatch:
        import_url = ""
    if import_url:
        page.goto(base + import_url)
        page.set_input_files("#id_file", str(student_csv(tmp_path / "students.csv", "ALPHA-HS")))
        page.locator("main button[type=submit]", has_text="Check and import").click()
        page.wait_for_load_state()
        page.screenshot(path=str(SHOTS / "journey-1-import.png"), full_page=True)
        compute = page.locator("main button[type=submit]", has_text="Compute the indicators")
        if compute.count():
            compute.first.click()
            page.wait_for_load_state()
        from pathways.reports.models import RollupRun

        for _ in range(60):  # the run goes on in the background; wait until it is done
            if RollupRun.objects.filter(consortium=region.alpha, status__in=["done", "failed"]).exists():
                break
            page.wait_for_timeout(500)
        page.goto(base + reverse("reports:indicators", args=["alpha"]))
        page.wait_for_load_state()
        page.screenshot(path=str(SHOTS / "journey-2-indicators.png"), full_page=True)
        assert page.locator("h1").count() == 1

    # 2. Alignment: the chart is drawn and its table is beside it.
    page.goto(base + "/reports/alpha/alignment/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('alignment-chart'))")
    assert page.locator("#industries-caption").is_visible()
    assert page.get_by_role("row", name="Healthcare").count() >= 1
    assert "BLS OEWS, May 2025, New Mexico" in page.content()
    page.screenshot(path=str(SHOTS / "journey-3-alignment.png"), full_page=True)

    # 3. CLNA: start a cycle, refresh the evidence, log a consultation.
    page.get_by_role("link", name="Needs assessment").click()
    page.fill("#id_first_year", "2026")
    page.get_by_role("button", name="Start the cycle").click()
    page.wait_for_load_state()
    assert "2026–2027" in page.locator("h1").inner_text()  # noqa: RUF001
    page.get_by_role("button", name="Refresh the evidence of all five elements").click()
    page.wait_for_load_state()
    assert page.locator("text=Evidence as of").count() == 5
    page.fill("#id_c-held_on", "2026-02-10")
    page.select_option("#id_c-stakeholder_group", "business")
    page.fill("#id_c-participants", "14")
    page.fill("#id_c-summary", "Clinics need more nursing assistants in Santa Fe.")
    page.get_by_role("button", name="Log the consultation").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="Clinics need more nursing assistants in Santa Fe.").is_visible()
    page.screenshot(path=str(SHOTS / "journey-4-clna.png"), full_page=True)

    # 4. Impact highlights, and their one-page PDF.
    page.get_by_role("link", name="Impact highlights").click()
    page.wait_for_load_state()
    assert "Impact Highlights" in page.locator("h1").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the one-page PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.screenshot(path=str(SHOTS / "journey-5-impact.png"), full_page=True)
    assert page.problems == []

    # 5. The same pages on a phone.
    phone = watched(browser.new_context(viewport=PHONE, locale="en-US").new_page())
    sign_in(phone, base, region.admin.username, "/reports/alpha/alignment/")
    for name in ("alignment", "equity", "clna", "impact"):
        phone.goto(f"{base}/reports/alpha/{name}/")
        phone.wait_for_load_state()
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375 + 1, f"{name} scrolls sideways ({width}px)"
        phone.screenshot(path=str(SHOTS / f"journey-phone-{name}.png"), full_page=True)
    assert phone.problems == []
    context.close()
