"""The program finder and a program page in a real browser (Debian's Chromium through Playwright).

A student signs in, the finder opens at their school, a filter narrows the list through HTMX
without a page load, and a program page opens; axe-core finds no serious WCAG 2.1 A/AA problem,
and nothing breaks the Content Security Policy. A phone-width Spanish page does not scroll sideways.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_catalog_browser import CHROMIUM, axe_violations, browser, public_data  # noqa: F401
from tests.cast import PASSWORD, build_cast

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture
def programs_world(public_data: None) -> Any:  # noqa: F811
    from pathways.catalog.models import CareerCluster, CipProgram
    from pathways.labor.models import ZipCode
    from pathways.programs import services
    from pathways.programs.models import DeliveryMode

    cast = build_cast()
    cast.school.zip_code = ZipCode.objects.get(zip="87501")
    cast.school.save(update_fields=["zip_code"])
    cast.other_school.zip_code = ZipCode.objects.get(zip="87102")
    cast.other_school.save(update_fields=["zip_code"])
    cluster = lambda slug: CareerCluster.objects.get(framework="2024", slug=slug)  # noqa: E731
    services.program_create(
        acting_user=cast.admin,
        school=cast.school,
        name="Nursing",
        cluster=cluster("healthcare-human-services"),
        cip=CipProgram.objects.get(code="51.3801"),
    )
    services.program_create(
        acting_user=cast.admin,
        school=cast.other_school,
        name="Welding Technology",
        cluster=cluster("construction"),
        cip=CipProgram.objects.get(code="48.0508"),
        delivery_mode=DeliveryMode.SHARED,
        eligible_schools=[cast.other_school, cast.school],
    )
    services.program_create(
        acting_user=cast.admin,
        district=cast.district,
        name="Computer Science",
        cluster=cluster("digital-technology"),
        cip=CipProgram.objects.get(code="11.0701"),
        delivery_mode=DeliveryMode.VIRTUAL,
    )
    return cast


def _page(browser: Any, width: int = 1280, locale: str = "en-US") -> Any:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return page


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_a_student_finds_and_filters_programs(browser: Any, live_server: Any, programs_world: Any) -> None:  # noqa: F811
    page = _page(browser)
    try:
        _sign_in(page, live_server, programs_world.student.username)
        page.goto(live_server.url + "/programs/finder/")
        assert page.locator("h1").inner_text() == "Programs you can take"
        status = page.locator("#results-status").inner_text()
        assert "3 programs are open to students of Alpha High." in status
        assert "miles" in page.locator("#finder-results").inner_text()
        assert axe_violations(page) == []

        # Filtering swaps the results in place (HTMX) and updates the address.
        page.select_option("#f-delivery", "virtual")
        page.wait_for_function(
            "() => document.querySelector('#results-status').innerText.startsWith('1 program')"
        )
        assert "delivery=virtual" in page.url
        assert page.locator("#finder-results tbody tr").count() == 1

        page.click("#finder-results a")
        page.wait_for_url("**/programs/*/")
        assert page.locator("h1").inner_text() == "Computer Science"
        assert "Careers this program prepares for" in page.content()
        assert axe_violations(page) == []
        assert page.problems == [], page.problems
    finally:
        page.context.close()


def test_the_finder_reads_in_spanish_at_phone_width(
    browser: Any,  # noqa: F811
    live_server: Any,
    programs_world: Any,
) -> None:
    counselor = programs_world.counselor
    counselor.preferred_language = "es"  # signing in switches to the account's language
    counselor.save(update_fields=["preferred_language"])
    page = _page(browser, width=320, locale="es-US")
    try:
        _sign_in(page, live_server, programs_world.counselor.username)
        page.goto(live_server.url + "/programs/finder/")
        assert page.locator("h1").inner_text() == "Buscar programas al alcance de un estudiante"
        assert "Sin desplazamiento" in page.locator("#finder-results").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert axe_violations(page) == []
    finally:
        page.context.close()
