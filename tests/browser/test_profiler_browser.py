"""The Interest Profiler in a real browser: Debian's Chromium driven by Playwright.

A student signs in, answers all 60 activities one per screen (half of them with the keyboard
only: arrow keys, then Enter), sees the results with the chart and the table, opens the career
matches and one match, and reads why it fits and what to do next. axe-core checks the pages for
serious or critical WCAG 2.1 A/AA violations, and the Content Security Policy stays on: a
blocked script or style fails the test. Then the same pages in Spanish at phone width.

The live server needs committed data, so these tests use `transactional_db`, which flushes the
database afterwards; `public_data` reloads the public-data cut when an earlier test flushed it
(see tests/browser/test_catalog_browser.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # sync Playwright runs an event loop in this thread

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
# R 40, I 30, A 20, S 10, E 0, C 35: a clear Realistic-Conventional-Investigative profile.
ANSWERS = "554433221154" * 5

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
def student(transactional_db: None) -> Any:
    """The cast (committed, for the live server) on the public-data cut; returns the student."""
    from pathways.catalog.models import Occupation
    from pathways.labor.selectors import area_cache_clear
    from tests.cast import build_cast

    if not Occupation.objects.filter(code="29-1141.00").exists():
        call_command("load_public_data", data_dir=FIXTURE_DATA, stdout=open(os.devnull, "w"))  # noqa: SIM115
    area_cache_clear()
    return build_cast().student


def new_page(browser: Any, *, width: int = 1280, height: int = 900, locale: str = "en-US") -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    return page


def sign_in(page: Any, base: str, username: str) -> None:
    from tests.cast import PASSWORD

    page.goto(f"{base}/accounts/login/?next=/profiler/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/profiler/")


def axe_violations(page: Any) -> list[dict[str, Any]]:
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


def answer(page: Any, position: int, value: str) -> None:
    """Answer the activity on screen: even positions by keyboard only, odd ones with the mouse."""
    page.wait_for_function(
        "(n) => (document.getElementById('item-count') || {}).textContent === 'Activity ' + n + ' of 60'",
        arg=position,
    )
    if position % 2 == 0:
        # The first answer has the focus; arrows move and choose within the group, Enter goes on.
        page.wait_for_function("() => document.activeElement && document.activeElement.name === 'answer'")
        if value == "1":
            page.keyboard.press("Space")
        for _ in range(int(value) - 1):
            page.keyboard.press("ArrowRight")
        assert page.evaluate("document.querySelector('input[name=answer]:checked').value") == value
        page.keyboard.press("Enter")
    else:
        page.locator(f"label[for=answer-{value}]").click()
        page.locator(".next-button").click()


def test_it_takes_the_profiler_and_opens_a_match(browser: Any, live_server: Any, student: Any) -> None:
    page = new_page(browser)
    base = live_server.url
    sign_in(page, base, student.username)
    assert page.locator("h1").inner_text() == "Interest Profiler"
    assert "USDOL/ETA" in page.locator(".profiler-attribution").inner_text()
    page.click("button[name=mode][value=item]")
    page.wait_for_url(re.compile(r".*/profiler/take/[0-9a-f-]+/1/$"))
    assert page.locator(".item-text").inner_text() == "Build kitchen cabinets"
    assert page.locator("progress.profiler-progress").get_attribute("max") == "60"
    assert axe_violations(page) == []

    for position, value in enumerate(ANSWERS, start=1):
        answer(page, position, value)
        if position == 30:
            # Each answer was saved as it was given: the address follows, a reload resumes.
            page.wait_for_url(re.compile(r".*/31/$"))
            page.reload()
            assert "Activity 31 of 60" in page.locator("#item-count").inner_text()
    page.wait_for_url(re.compile(r".*/profiler/results/[0-9a-f-]+/$"))

    # Results: the top three explained, the chart drawn under the CSP, and the table beside it.
    assert page.locator("h1").inner_text() == "Your Interest Profiler results"
    tops = page.locator(".top-area h3").all_inner_texts()
    assert [t.split("(")[0].strip() for t in tops] == ["1 Realistic", "2 Conventional", "3 Investigative"]
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('scores-chart'))")
    rows = page.locator("table.data-table tbody tr").all_inner_texts()
    assert len(rows) == 6 and rows[0].rstrip().endswith("40")
    assert axe_violations(page) == []

    # Matches: every one says why; open one and read what to do next.
    page.click("a.button:has-text('See careers that match your interests')")
    page.wait_for_url(re.compile(r".*/profiler/matches/[0-9a-f-]+/$"))
    cards = page.locator(".match-card")
    assert cards.count() >= 1
    assert all(text.strip() for text in page.locator(".match-card .why").all_inner_texts())
    assert "BLS OEWS, May 2025" in page.locator(".match-card").first.inner_text()
    assert axe_violations(page) == []
    title = cards.first.locator("h3").inner_text()
    cards.first.locator(".next-steps a").click()
    page.wait_for_url(re.compile(r".*/profiler/matches/[0-9a-f-]+/\d\d-\d{4}\.\d\d/$"))
    assert page.locator("h1").inner_text() == title
    assert "activities" in page.locator("#why-sentence").inner_text()
    assert page.locator("#next-heading").inner_text() == "What to do next"
    assert (
        page.locator("#wbl-next").inner_text()
        == "Ask your counselor about job shadows and internships in this field."
    )
    assert axe_violations(page) == []
    assert page.problems == [], page.problems


def test_it_reads_in_spanish_at_phone_width(browser: Any, live_server: Any, student: Any) -> None:
    page = new_page(browser, width=375, height=800, locale="es-US")
    base = live_server.url
    sign_in(page, base, student.username)
    page.click("button[name=language][value=es]")  # the language switch in the header
    page.wait_for_function("() => document.documentElement.lang === 'es'")
    assert page.locator("h1").inner_text() == "Perfil de intereses"
    page.click("button[name=mode][value=item]")
    page.wait_for_url(re.compile(r".*/1/$"))
    assert page.locator(".item-text").inner_text() == "Construir gabinetes de cocina"
    assert page.locator("label[for=answer-5]").inner_text() == "Me gusta mucho"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    page.goto(page.url.replace("/1/", "/all/"))
    assert "Actividades 1 a 12 de 60" in page.locator(".grid-group legend").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    assert page.problems == [], page.problems
