"""The matching-round and placement journey in a real browser (Debian's Chromium via Playwright).

The coordinator creates a round, adds two approved opportunities (one ranked by seniors-first
priority rules, one by the partner) and opens it; Stella ranks both; the partner ranks its
applicants; the coordinator closes, computes (statistics) and publishes; Stella reads her result
and why, and signs the training agreement; her guardian, the supervisor and the coordinator sign;
Stella logs hours and the supervisor approves them. The CSP stays on (a blocked script fails the
test) and axe-core finds no serious WCAG 2.1 A/AA problem. Screenshots go to /tmp/wbl-*.png.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from pathways.wbl.models import HoursStatus, Placement, PlacementStatus, RankingMethod
from pathways.wbl.services import rounds as services
from tests.browser.test_family_browser import CHROMIUM, browser, new_page, serious_violations, sign_in  # noqa: F401
from tests.cast import Cast

from .rounds_helpers import opportunity, student

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = Path("/tmp")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"wbl-{name}.png"), full_page=True)


def check(page: Any) -> None:
    assert serious_violations(page) == []
    assert page.problems == [], page.problems


def submit(page: Any, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state()


def test_round_to_hours_journey(browser: Any, live_server: Any, cast: Cast) -> None:  # noqa: F811
    cache.clear()
    base = live_server.url
    lab = opportunity(cast, "Robotics lab internship", capacity=1)
    studio = opportunity(cast, "Design studio job shadow", capacity=1)
    rival = student(cast, "ruth", grade=12)  # a senior who also wants the lab

    # Coordinator: create the round, add both opportunities, open it.
    page = new_page(browser)
    sign_in(page, base, "sam")
    page.goto(base + "/wbl/rounds/new/")
    page.fill("#name", "Spring placements")
    deadline = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#deadline", deadline)
    page.fill("#max_choices", "3")
    submit(page, "main form button[type=submit]")
    assert page.locator("h1").inner_text() == "Spring placements"
    page.select_option("#opportunity", str(lab.public_id))
    page.select_option("#rule_1", "seniors")
    submit(page, "form[action$='/entries/'] button[type=submit]")
    page.select_option("#opportunity", str(studio.public_id))
    page.check("#method-partner")
    submit(page, "form[action$='/entries/'] button[type=submit]")
    assert "Design studio job shadow" in page.locator("#h-entries + .table-wrap").inner_text()
    shot(page, "1-round-setup")
    check(page)
    submit(page, "button[value=open]")
    rnd = lab.round_entries.get().round
    round_url = f"{base}/wbl/rounds/{rnd.public_id}/"

    # The rival senior ranks the lab first (through the service).
    lab_entry, studio_entry = lab.round_entries.get(), studio.round_entries.get()
    services.submit_choices(rival, rnd, [str(lab_entry.public_id)], has_transportation=True)

    # Stella ranks the lab first and the studio second.
    page = new_page(browser)
    sign_in(page, base, "stella")
    page.goto(round_url)
    page.select_option("#choice_1", str(lab_entry.public_id))
    page.select_option("#choice_2", str(studio_entry.public_id))
    page.fill("#statement_2", "I sketch every day and want to see real design work.")
    page.check("#tr-no")
    submit(page, "form[action$='/choices/'] button[type=submit]")
    assert "Your choices are saved" in page.content()
    shot(page, "2-student-choices")
    check(page)

    # The partner ranks the studio's applicants.
    partner = new_page(browser)
    sign_in(partner, base, "pia")
    partner.goto(round_url)
    partner.locator(f"a[href='/wbl/round-entries/{studio_entry.public_id}/']").click()
    partner.wait_for_load_state()
    assert "I sketch every day" in partner.content()
    partner.fill(f"#pos-{cast.student.public_id}", "1")
    shot(partner, "3-partner-ranks")
    check(partner)
    submit(partner, "main form button[type=submit]")
    assert "Your ranking is saved" in partner.content()

    # Coordinator: close, compute with a recorded seed, read statistics, publish.
    page = new_page(browser)
    sign_in(page, base, "sam")
    page.goto(round_url)
    submit(page, "button[value=close]")
    page.fill("#seed", "2025")
    submit(page, "button[value=compute]")
    stats = page.locator("#h-stats").locator("xpath=..").inner_text()
    assert "Placed at their first choice" in stats and "lottery seed 2025" in stats
    shot(page, "4-statistics")
    check(page)
    submit(page, "button[value=publish]")
    assert rnd.__class__.objects.get(pk=rnd.pk).status == "published"

    # Stella sees her result and why, then signs.
    page = new_page(browser)
    sign_in(page, base, "stella")
    page.goto(round_url)
    mine = page.locator("#h-mine").locator("xpath=..").inner_text()
    assert "You have a place: Design studio job shadow" in mine
    assert "2nd choice" in mine and "seniors first" in mine
    shot(page, "5-student-result")
    check(page)
    page.get_by_text("Your placement: sign the training agreement").click()
    page.wait_for_load_state()
    page.fill("#typed-student", "Stella Student")
    submit(page, "form[action$='/sign/'] button[type=submit]")
    placement = Placement.objects.get(student=cast.student)
    assert placement.signatures.filter(role="student").exists()
    placement_url = f"{base}/wbl/placements/{placement.public_id}/"

    for username, role, name in (
        ("gus", "guardian", "Gus Guardian"),
        ("pia", "supervisor", "Pia Partner"),
        ("sam", "coordinator", "Sam Staff"),
    ):
        other = new_page(browser)
        sign_in(other, base, username)
        other.goto(placement_url)
        other.fill(f"#typed-{role}", name)
        submit(other, "form[action$='/sign/'] button[type=submit]")
        if role == "guardian":
            shot(other, "6-guardian-signs")
            check(other)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE

    # Stella logs hours; the supervisor approves them.
    page.goto(placement_url)
    page.fill("#hours-n", "3.5")
    page.fill("#activity", "Sketched a logo with the design team")
    submit(page, "form[action$='/hours/'] button[type=submit]")
    assert "Hours sent to your supervisor" in page.content()
    shot(page, "7-hours-logged")
    check(page)
    supervisor = new_page(browser)
    sign_in(supervisor, base, "pia")
    supervisor.goto(placement_url)
    submit(supervisor, "button[value=approve]")
    assert "Hours approved" in supervisor.content()
    shot(supervisor, "8-hours-approved")
    check(supervisor)
    assert placement.hours.get().status == HoursStatus.APPROVED
    assert studio_entry.method == RankingMethod.PARTNER
