"""A live dot-vote in a real browser: Debian's Chromium driven by Playwright.

The facilitator (a consortium admin, on a laptop) opens a ballot and projects the room view. Two
participants sign in on their phones (375 px wide), join with the room code and place dots. The
room view's tally follows by itself (HTMX polling every 2 s). The facilitator closes the ballot
and the meeting page shows the stored results, "Information Technology (3 votes)". The Content
Security Policy stays on: a blocked script or style fails the test. axe-core checks the phone
page and the room view.
"""

from __future__ import annotations

import datetime
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
CHROMIUM_ARGS = [  # the launch flags of test_catalog_browser.py
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
PHONE = {"width": 375, "height": 740}

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
    flushed the session's public-data cut (every page shows the visitor's wage area), so load it
    again if it is gone (idempotent)."""
    from pathways.catalog.models import Occupation
    from pathways.labor.selectors import area_cache_clear

    if not Occupation.objects.filter(code="29-1141.00").exists():
        call_command("load_public_data", data_dir=FIXTURE_DATA, stdout=open(os.devnull, "w"))  # noqa: SIM115
    area_cache_clear()


@pytest.fixture
def room(public_data: None) -> Any:
    """The cast (committed, for the live server), a meeting and a draft ballot in Alpha."""
    from pathways.consortia import services
    from tests.cast import build_cast

    cast = build_cast()
    meeting = services.meeting_save(
        acting_user=cast.admin,
        consortium=cast.alpha,
        date=datetime.date(2024, 3, 2),
        title="Alpha Planning Meeting",
    )
    ballot = services.ballot_create(
        acting_user=cast.admin,
        meeting=meeting,
        question="Which programs of study should we pursue?",
        options=["Information Technology", "Manufacturing", "Agriculture"],
        dots_per_participant=3,
        results_heading="Top Programs of Study to Pursue Include:",
    )
    return cast, meeting, ballot


def new_page(browser: Any, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-US")
    return watched(context.new_page())


def watched(page: Any) -> Any:
    """Collect console errors and page errors (a CSP violation logs one) on `page.problems`."""
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


def room_count(page: Any, label: str) -> str:
    return page.locator("#tally-room tr", has_text=label).locator(".tally-number").inner_text()


def test_it_runs_a_live_dot_vote_with_two_phones_and_stores_the_results(
    browser: Any, live_server: Any, room: Any
) -> None:
    cast, meeting, ballot = room
    base = live_server.url

    # The facilitator opens the ballot and puts the room view on the projector.
    facilitator = new_page(browser, {"width": 1280, "height": 900})
    sign_in(facilitator, base, cast.admin.username, f"/governance/ballots/{ballot.public_id}/")
    code = facilitator.locator(".room-code").inner_text().strip()
    assert code == ballot.room_code
    facilitator.click("#open-ballot")
    facilitator.wait_for_selector("#close-ballot")
    projector = watched(facilitator.context.new_page())
    projector.goto(f"{base}/governance/ballots/{ballot.public_id}/room/")
    assert "Voting is open" in projector.locator("#tally-room").inner_text()
    assert room_count(projector, "Information Technology") == "0"

    # Two participants join from their phones with the room code.
    phones = []
    for user in (cast.counselor, cast.teacher):
        phone = new_page(browser, PHONE)
        sign_in(phone, base, user.username, "/vote/")
        phone.fill("#id_code", code.lower())
        phone.click("main button[type=submit]")
        phone.wait_for_url(f"**/vote/{ballot.public_id}/")
        assert "You have 3 of 3 dots left" in phone.locator(".dots-left").inner_text()
        phones.append(phone)
    counselor, teacher = phones

    it = ballot.options.get(label="Information Technology").public_id
    manufacturing = ballot.options.get(label="Manufacturing").public_id
    for _ in range(2):
        counselor.click(f"#add-{it}")
        counselor.wait_for_function(
            "n => document.querySelector('.dots-left').innerText.includes(n)", arg="of 3"
        )
    counselor.locator(".dots-left", has_text="You have 1 of 3 dots left").wait_for()
    assert "Dot placed on “Information Technology”." in counselor.locator("#vote-status").inner_text()
    counselor.click(f"#add-{manufacturing}")
    counselor.locator(".dots-left", has_text="You have 0 of 3 dots left").wait_for()
    assert counselor.locator(f"#add-{it}").is_disabled()  # no dots left
    teacher.click(f"#add-{it}")
    teacher.locator(".dots-left", has_text="You have 2 of 3 dots left").wait_for()

    # The projected room view follows by itself (HTMX polls every 2 s).
    projector.locator("#tally-room tr", has_text="Information Technology").locator(
        ".tally-number", has_text="3"
    ).wait_for(timeout=8_000)
    assert room_count(projector, "Manufacturing") == "1"
    assert "2 participants" in projector.locator("#tally-room .tally-status").inner_text()
    # The phones see the room's count too.
    counselor.locator(f"li:has(#add-{it}) .option-facts", has_text="room: 3").wait_for(timeout=8_000)

    # Phones work at 375 px without sideways scrolling, and pass axe.
    assert counselor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(counselor) == []
    assert axe_violations(projector) == []

    # The facilitator closes the vote; the results are stored on the meeting.
    facilitator.bring_to_front()
    facilitator.click("#close-ballot")
    facilitator.wait_for_selector(".tally-status:has-text('Voting is closed')")
    teacher.locator(".vote-wait", has_text="Voting has closed").wait_for(timeout=8_000)
    projector.locator(".tally-status", has_text="Voting is closed").wait_for(timeout=8_000)

    facilitator.goto(f"{base}/governance/meetings/{meeting.public_id}/")
    results = facilitator.locator(".vote-results").inner_text()
    assert "Information Technology (3 votes)" in results
    assert "Manufacturing (1 vote)" in results
    assert "Agriculture (0 votes)" in results

    for page in (facilitator, projector, counselor, teacher):
        assert page.problems == [], page.problems  # no CSP violation, no script error
    for page in (facilitator, counselor, teacher):
        page.context.close()
