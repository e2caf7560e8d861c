"""A parent's journey in a real browser (Debian's Chromium via Playwright): Gus signs in, switches
to Spanish, reads his daughter Stella's interests and plan on the family page, opens the full plan
(the plans part's page), acknowledges it and leaves a comment, and sees both back on the family
page. Then a counselor's caseload and the interest chart. The Content Security Policy stays on (a
blocked script fails the test) and axe-core finds no serious WCAG 2.1 A/AA problem; the pages
work at 375px without sideways scrolling.

Data: the fixed cast and the family world of pathways/students/tests/test_family_support.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command

from pathways.catalog.models import Occupation
from pathways.core.models import AuditEvent
from pathways.students.models import Plan, PlanComment
from pathways.students.tests.test_family_support import DOER, HELPER, Family, attempt, build_family, student
from tests.cast import PASSWORD, Cast

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # sync Playwright runs an event loop in this thread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "public"

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
def world(cast: Cast, catalog_db: None) -> Family:
    """The family world. A transactional test that ran before may have flushed the session's
    public-data cut: load it again if it is gone (inside this test's transaction)."""
    if not Occupation.objects.filter(code="29-1141.00").exists():
        call_command("load_public_data", data_dir=FIXTURE_DATA, stdout=open(os.devnull, "w"))  # noqa: SIM115
    cache.clear()  # sign-in rate limits of earlier tests
    return build_family(cast)


def new_page(browser: Any, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on(
        "console",
        lambda m: page.problems.append(m.text) if m.type == "error" and "status of 4" not in m.text else None,
    )
    return page


def serious_violations(page: Any) -> list[Any]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by DevTools: the page's CSP still holds
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}}))
            .violations.map((v) => ({id: v.id, impact: v.impact,
                                     nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}))""",
        AXE_TAGS,
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/")


def test_it_lets_a_parent_read_acknowledge_and_comment_on_the_plan_in_spanish(
    browser: Any, live_server: Any, world: Family
) -> None:
    base = live_server.url
    stella = world.stella
    page = new_page(browser)
    sign_in(page, base, "gus")

    # Switch to Spanish with the header's language buttons, then open the family page.
    page.locator(".language-switch button[value=es]").click()
    page.wait_for_load_state()
    page.goto(base + "/family/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Su familia"
    record = page.locator(f"#student-{stella.public_id}").locator("xpath=..")
    assert "Stella Student" in record.inner_text()
    # Her interests in plain words (Doers first), the scores table and her plan.
    top = page.locator(".top-areas li").first.inner_text()
    assert top.startswith("Prácticos")
    assert "Puntaje de Stella en cada área de interés" in page.content()
    assert "Welding Technology" in record.inner_text()
    assert "Esperando su confirmación" in record.inner_text()
    assert "BLS OEWS, mayo de 2025" in page.content()
    assert serious_violations(page) == []
    assert page.problems == [], page.problems

    # The full plan is the plans part's page: acknowledge it there.
    page.locator(f'a[href="/plan/{stella.public_id}/"]').first.click()
    page.wait_for_url(f"**/plan/{stella.public_id}/")
    acknowledge = page.locator("#acknowledge button[type=submit]")
    acknowledge.wait_for(state="visible")
    acknowledge.click()
    page.wait_for_load_state()
    plan = Plan.objects.get(student=stella)
    assert plan.acknowledged_by_id == world.cast.guardian.pk and plan.acknowledged_version == plan.version

    # Leave a comment on the same page.
    page.fill("#comment-text", "Gracias, lo hablamos en casa. ¿Hay clases de soldadura en verano?")
    page.locator("#comments button[type=submit]").click()
    page.wait_for_load_state()
    comment = PlanComment.objects.get(plan=plan)
    assert comment.author_id == world.cast.guardian.pk and comment.text.startswith("Gracias")

    # Back on the family page: acknowledged, and the comment is there.
    page.goto(base + "/family/")
    text = page.locator(f"#student-{stella.public_id}").locator("xpath=..").inner_text()
    assert "Confirmado el" in text
    assert "¿Hay clases de soldadura en verano?" in text
    assert page.problems == [], page.problems
    # Every page that showed Stella's record to her father wrote an audit event.
    assert (
        AuditEvent.objects.filter(
            action="student.view", actor=world.cast.guardian, object_id=str(stella.public_id)
        ).count()
        >= 2
    )
    page.context.close()


def test_it_reads_on_a_phone_without_sideways_scrolling(
    browser: Any, live_server: Any, world: Family
) -> None:
    base = live_server.url
    page = new_page(browser, width=375)
    sign_in(page, base, "gus")
    page.goto(base + f"/family/students/{world.stella.public_id}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(page) == []
    page.context.close()


def test_it_shows_a_counselor_the_caseload_and_the_interest_chart(
    browser: Any, live_server: Any, world: Family
) -> None:
    base = live_server.url
    page = new_page(browser)
    sign_in(page, base, "cora")
    page.goto(base + "/caseload/")
    assert "Stella" in page.locator("#caseload-results").inner_text()
    # Filters swap the results in place (HTMX) and keep the address shareable.
    page.select_option("#f-status", "submitted")
    page.wait_for_url("**status=submitted**")
    page.wait_for_function("() => !document.querySelector('#caseload-results').innerText.includes('Charlie')")
    assert "Student, Stella" in page.locator("#caseload-results").inner_text()
    assert serious_violations(page) == []
    # The interest chart: drawn by Chart.js from our static files under the CSP, small groups hidden.
    cast = world.cast
    for n in range(20):
        attempt(
            student(cast, f"extra{n:02d}", f"Extra{n:02d}", "Zed", 10, cast.school), DOER if n % 2 else HELPER
        )
    page.goto(base + "/caseload/interests/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('count-chart'))")
    assert "fewer than 10" in page.locator("table.data-table").inner_text()
    assert serious_violations(page) == []
    assert page.problems == [], page.problems
    phone = new_page(browser, width=375)
    sign_in(phone, base, "cora")
    phone.goto(base + "/caseload/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(phone) == []
    phone.context.close()
    page.context.close()
