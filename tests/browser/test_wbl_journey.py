"""Work-based learning, one journey in a real browser (Debian's Chromium via Playwright).

Pia, an employer's partner contact, posts a job shadow whose seats are given in a matching round
and submits it; Sam (consortium staff) approves it, creates a round with it (ranked by the
partner) and a lab internship (seniors first), and opens it. Ruth, a senior, and Stella rank
their choices; Pia ranks her applicants; Sam closes the round, computes it with a recorded lottery
seed, reads the fill rate and publishes. Stella reads her result and why; Ruth switches to Spanish
and reads hers in Spanish (computed by English-speaking Sam). The four signatures make the
placement active — Gus, her guardian, reads and signs the agreement in Spanish and Sam sees the
terms as Gus read them — Stella logs hours, Pia approves them and Stella sees her approved hours.
The CSP stays on (a blocked script fails the test) and axe-core finds no serious WCAG 2.1 A/AA
problem on the pages checked. Screenshots go to /tmp/wbl-*.png.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from pathways.wbl.models import HoursStatus, Opportunity, OpportunityStatus, Placement, PlacementStatus
from pathways.wbl.tests.rounds_helpers import opportunity, student
from tests.browser.test_family_browser import CHROMIUM, browser, new_page, serious_violations, sign_in  # noqa: F401
from tests.cast import PASSWORD, Cast

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


def test_post_approve_match_sign_and_log_hours(browser: Any, live_server: Any, cast: Cast) -> None:  # noqa: F811
    cache.clear()
    base = live_server.url
    lab = opportunity(cast, "Robotics lab internship", capacity=1)
    rival = student(cast, "ruth", grade=12)  # a senior who also wants the lab
    rival.set_password(PASSWORD)
    rival.save(update_fields=["password"])

    # Pia (employer) posts a job shadow given in a matching round, and submits it.
    pia = new_page(browser)
    sign_in(pia, base, "pia")
    pia.goto(f"{base}/wbl/partners/{cast.partner.public_id}/opportunities/new/")
    pia.fill("#id_title", "Design studio job shadow")
    pia.select_option("#id_engagement", "job_shadow")
    pia.fill("#id_description", "Spend two afternoons a week with our product designers.")
    pia.check("#id_is_virtual")
    pia.fill("#id_starts_on", (timezone.localdate() - datetime.timedelta(days=7)).isoformat())
    pia.fill("#id_hours_expected", "40")
    pia.fill("#id_capacity", "1")
    pia.check("#id_allocation input[value=round]")
    submit(pia, "main form button[type=submit]")
    studio = Opportunity.objects.get(title="Design studio job shadow")
    assert studio.status == OpportunityStatus.DRAFT
    submit(pia, "form[action$='/submit/'] button[type=submit]")
    studio.refresh_from_db()
    assert studio.status == OpportunityStatus.SUBMITTED

    # Sam (consortium staff) approves it, creates the round with both opportunities, opens it.
    sam = new_page(browser)
    sign_in(sam, base, "sam")
    sam.goto(f"{base}/wbl/opportunities/{studio.public_id}/")
    sam.check("#id_decision_0")
    submit(sam, "form[action$='/review/'] button[type=submit]")
    studio.refresh_from_db()
    assert studio.status == OpportunityStatus.APPROVED
    sam.goto(base + "/wbl/rounds/new/")
    sam.fill("#name", "Spring placements")
    deadline = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    sam.fill("#deadline", deadline)
    sam.fill("#max_choices", "3")
    submit(sam, "main form button[type=submit]")
    assert sam.locator("h1").inner_text() == "Spring placements"
    sam.select_option("#opportunity", str(lab.public_id))
    sam.select_option("#rule_1", "seniors")
    submit(sam, "form[action$='/entries/'] button[type=submit]")
    sam.select_option("#opportunity", str(studio.public_id))
    sam.check("#method-partner")
    submit(sam, "form[action$='/entries/'] button[type=submit]")
    assert "Design studio job shadow" in sam.locator("#h-entries + .table-wrap").inner_text()
    shot(sam, "1-round-setup")
    check(sam)
    submit(sam, "button[value=open]")
    rnd = lab.round_entries.get().round
    round_url = f"{base}/wbl/rounds/{rnd.public_id}/"
    lab_entry, studio_entry = lab.round_entries.get(), studio.round_entries.get()

    # Ruth (a senior) ranks the lab first; Stella ranks the lab, then the studio.
    ruth = new_page(browser)
    sign_in(ruth, base, rival.username)
    ruth.goto(round_url)
    ruth.select_option("#choice_1", str(lab_entry.public_id))
    submit(ruth, "form[action$='/choices/'] button[type=submit]")
    assert "Your choices are saved" in ruth.content()
    stella = new_page(browser)
    sign_in(stella, base, "stella")
    stella.goto(round_url)
    stella.select_option("#choice_1", str(lab_entry.public_id))
    stella.select_option("#choice_2", str(studio_entry.public_id))
    stella.fill("#statement_2", "I sketch every day and want to see real design work.")
    stella.check("#tr-no")
    submit(stella, "form[action$='/choices/'] button[type=submit]")
    assert "Your choices are saved" in stella.content()
    shot(stella, "2-student-choices")

    # Pia ranks the studio's applicants.
    pia.goto(round_url)
    pia.locator(f"a[href='/wbl/round-entries/{studio_entry.public_id}/']").click()
    pia.wait_for_load_state()
    assert "I sketch every day" in pia.content()
    pia.fill(f"#pos-{cast.student.public_id}", "1")
    shot(pia, "3-partner-ranks")
    submit(pia, "main form button[type=submit]")
    assert "Your ranking is saved" in pia.content()

    # Sam closes, computes with a recorded seed, reads the fill rate, publishes.
    sam.goto(round_url)
    submit(sam, "button[value=close]")
    sam.fill("#seed", "2025")
    submit(sam, "button[value=compute]")
    stats = sam.locator("#h-stats").locator("xpath=..").inner_text()
    assert "Fill rate (seats filled)\n100%" in stats and "lottery seed 2025" in stats
    assert "Placed at their first choice\n1 (50%)" in stats
    shot(sam, "4-statistics")
    submit(sam, "button[value=publish]")
    assert rnd.__class__.objects.get(pk=rnd.pk).status == "published"

    # Stella sees her result and why, then signs; her guardian, the supervisor and Sam sign.
    stella.goto(round_url)
    mine = stella.locator("#h-mine").locator("xpath=..").inner_text()
    assert "You have a place: Design studio job shadow" in mine
    assert "2nd choice" in mine and "seniors first" in mine
    shot(stella, "5-student-result")
    check(stella)
    ruth.goto(round_url)
    ruth.locator(".language-switch button[value=es]").click()
    ruth.wait_for_load_state()
    ruth.goto(round_url)
    hers = ruth.locator("#h-mine").locator("xpath=..").inner_text()
    assert "Obtuvo un lugar en su opción 1º, Robotics lab internship." in hers
    assert "Su número de sorteo es" in hers and "You were placed" not in hers
    stella.get_by_text("Your placement: sign the training agreement").click()
    stella.wait_for_load_state()
    stella.fill("#typed-student", "Stella Student")
    submit(stella, "form[action$='/sign/'] button[type=submit]")
    placement = Placement.objects.get(student=cast.student)
    placement_url = f"{base}/wbl/placements/{placement.public_id}/"
    gus = new_page(browser)
    sign_in(gus, base, "gus")
    gus.locator(".language-switch button[value=es]").click()
    gus.wait_for_load_state()
    gus.goto(placement_url)
    agreement = gus.locator("pre.agreement-text").first.inner_text()
    assert (
        agreement.startswith("Acuerdo de formación") and "Oportunidad: Design studio job shadow" in agreement
    )
    for page, role, name in (
        (gus, "guardian", "Gus Guardian"),
        (pia, "supervisor", "Pia Partner"),
        (sam, "coordinator", "Sam Staff"),
    ):
        page.goto(placement_url)
        page.fill(f"#typed-{role}", name)
        submit(page, "form[action$='/sign/'] button[type=submit]")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
    assert placement.signatures.get(role="guardian").language == "es"
    sam.goto(placement_url)
    assert "read in Spanish" in sam.locator("#h-signatures + table").inner_text()
    sam.get_by_text("As signed in Spanish (Parent or guardian)").click()
    assert sam.locator("pre.agreement-text[lang=es]").inner_text().startswith("Acuerdo de formación")
    shot(sam, "5b-agreement-as-signed")
    check(sam)

    # Stella logs hours; Pia approves them; Stella sees them approved.
    stella.goto(placement_url)
    stella.fill("#hours-n", "3.5")
    stella.fill("#activity", "Sketched a logo with the design team")
    submit(stella, "form[action$='/hours/'] button[type=submit]")
    assert "Hours sent to your supervisor" in stella.content()
    pia.goto(placement_url)
    submit(pia, "button[value=approve]")
    assert "Hours approved" in pia.content()
    assert placement.hours.get().status == HoursStatus.APPROVED
    stella.goto(placement_url)
    approved = stella.locator("dt", has_text="Hours approved").locator("xpath=following-sibling::dd")
    assert approved.inner_text().startswith("3.5")
    shot(stella, "6-hours-approved")
    check(stella)
