"""The career catalog in a real browser: Debian's Chromium driven by Playwright.

Search as you type, open an occupation, read the national median, switch the area with the area
picker, and see the figure and its label change. Then axe-core checks the pages for serious or
critical WCAG 2.1 A/AA violations. The page's Content Security Policy stays on throughout: a
blocked script or style fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

# Sync Playwright runs an event loop in this thread; Django's ORM refuses to run next to one
# unless told that this is deliberate.
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
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "public"
RN = "/occupations/29-1141.00/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def public_data(transactional_db: None) -> None:
    """The live server needs committed data. A transactional test before this one may have
    flushed the session's public-data cut, so load it again if it is gone (idempotent)."""
    from pathways.catalog.models import Occupation
    from pathways.labor.selectors import area_cache_clear

    if not Occupation.objects.filter(code="29-1141.00").exists():
        call_command("load_public_data", data_dir=FIXTURE_DATA, stdout=open(os.devnull, "w"))  # noqa: SIM115
    area_cache_clear()


@pytest.fixture
def page(browser: Any, live_server: Any, public_data: None) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations under WCAG 2.0/2.1 A and AA."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by DevTools: the page's CSP still holds
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_it_searches_opens_an_occupation_and_switches_the_area(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.title().startswith("Explore careers")

    # Search as you type: the results fragment arrives without a page load.
    page.locator("#q").press_sequentially("registered nurse", delay=20)
    result = page.locator(f'#search-results a[href="{RN}"]')
    result.wait_for(state="visible", timeout=10_000)
    assert page.url == live_server.url + "/"
    assert (
        "jobs match" in page.locator("#search-status").inner_text()
        or "job matches" in page.locator("#search-status").inner_text()
    )

    result.click()
    page.wait_for_url(f"**{RN}")
    assert page.locator("h1").inner_text() == "Registered Nurses"
    assert page.locator("#area-median").inner_text() == "$97,550"
    assert page.locator("#area-median-label").inner_text() == "BLS OEWS, May 2025, United States"
    # The chart library came from our static files and drew under the CSP.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('wage-chart'))")

    # Switch the area with the picker: type, wait for the suggestions, choose.
    page.locator("a.area-change").click()
    page.wait_for_url("**/area/**")
    page.locator("#area-q").press_sequentially("Albuquerque", delay=20)
    choice = page.locator('#area-suggestions button[value="0010740"]')
    choice.wait_for(state="visible", timeout=10_000)
    assert "1 place matches" in page.locator("#area-status").inner_text()
    choice.click()

    page.wait_for_url(f"**{RN}")
    assert page.locator("#area-median").inner_text() == "$96,040"
    assert page.locator("#area-median-label").inner_text() == "BLS OEWS, May 2025, Albuquerque, NM"
    assert page.locator("#current-area").inner_text() == "Albuquerque, NM"
    assert page.problems == [], page.problems  # no CSP violation, no script error


@pytest.mark.parametrize(
    "path",
    [RN, "/", "/clusters/healthcare-human-services/", "/search/?q=nurse", "/area/", "/about/"],
)
def test_it_has_no_serious_accessibility_violations(page: Any, live_server: Any, path: str) -> None:
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], violations


def test_it_reads_in_spanish_at_phone_width(browser: Any, live_server: Any, public_data: None) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="es-US")
    try:
        page = context.new_page()
        page.goto(live_server.url + RN)
        assert page.locator("html").get_attribute("lang") == "es"
        assert "Salarios" in page.locator("#wages-heading").inner_text()
        # Works at 320px wide: nothing forces the page to scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert axe_violations(page) == []
    finally:
        context.close()
