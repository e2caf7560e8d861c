"""An invitation in a real browser (Debian's Chromium via Playwright): a counselor invites a
family, prints the page, and the parent joins on a phone. The Content Security Policy stays on
(a blocked script fails the test) and axe-core finds no serious WCAG 2.1 A/AA problem."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from pathways.accounts.models import GuardianLink
from tests.cast import PASSWORD

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # sync Playwright runs an event loop in this thread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
AXE = Path(__file__).resolve().parents[3] / "tests" / "browser" / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

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
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}}))
            .violations.map((v) => ({id: v.id, impact: v.impact,
                                     nodes: v.nodes.map((n) => n.target.join(" "))}))""",
        AXE_TAGS,
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_it_takes_a_family_from_printed_code_to_linked_account(
    browser: Any, live_server: Any, transactional_db: None, cast: Any
) -> None:
    cache.clear()
    page = new_page(browser)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "cora")
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/accounts/")
    page.click("text=Invite a student or a family")
    page.wait_for_url("**/invitations/new/")

    # The page script shows only the field that the chosen role needs.
    assert page.locator("#id_student").is_hidden()
    page.select_option("#id_role", "guardian")
    assert page.locator("#id_student").is_visible() and page.locator("#id_school").is_hidden()
    page.select_option("#id_student", str(cast.student.public_id))
    page.fill("#id_note", "Father of Stella")
    assert serious_violations(page) == []
    page.click("#invitation-form button[type=submit]")
    page.wait_for_url("**/print/")

    code = page.locator(".code-big").inner_text().strip()
    assert page.locator("section[lang=es] h2").inner_text() == "Cómo unirse a Pathways"
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".print-tools").is_hidden()
    assert page.locator(".code-big").is_visible()
    page.emulate_media(media="screen")
    assert serious_violations(page) == []
    assert page.problems == [], page.problems
    page.context.close()

    # The parent, on a phone, types the code the way people do.
    phone = new_page(browser, width=320)
    phone.goto(live_server.url + "/join/")
    phone.fill("#id_code", " " + code.lower().replace("-", " "))
    phone.click("form.form button[type=submit]")
    phone.wait_for_url(f"**/join/{code}/")
    assert "Stella S." in phone.locator(".offer").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert serious_violations(phone) == []
    phone.fill("#id_first_name", "Gabriel")
    phone.fill("#id_last_name", "Padre")
    phone.fill("#id_username", "gabriel.p")
    phone.fill("#id_password1", "una frase larga y segura")
    phone.fill("#id_password2", "una frase larga y segura")
    phone.select_option("#id_preferred_language", "es")
    phone.click("form.form button[type=submit]")
    phone.wait_for_url("**/accounts/")
    assert phone.locator("html").get_attribute("lang") == "es"
    assert "Stella Student" in phone.locator("main").inner_text()
    assert GuardianLink.objects.filter(guardian__username="gabriel.p", student=cast.student).exists()
    assert phone.problems == [], phone.problems
    phone.context.close()
