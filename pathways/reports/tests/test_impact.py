"""Impact highlights for a period: figures from rollups, student-year records, work-based learning
and trainings; suppression below the minimum cell size; the public page and the one-page PDF."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from pathways.consortia.models import StrategicPlan
from pathways.orgs.models import Partner, PartnerKind
from pathways.programs.models import CollegeTerms
from pathways.reports import selectors_insights as insights
from pathways.reports.models import EducatorTraining, StudentYear, StudentYearImport
from pathways.wbl.models import Opportunity

from .test_alignment import rollup

START, END = datetime.date(2022, 7, 1), datetime.date(2023, 12, 31)


@pytest.fixture
def impact_world(cast):
    alpha = cast.alpha
    StrategicPlan.objects.create(
        consortium=alpha,
        impact_heading="Impact Highlights (JULY 2022–DECEMBER 2023):",  # noqa: RUF001
    )
    rollup(alpha, "PART", "alpha", 250, level="consortium", year=2023)
    rollup(alpha, "PART", "alpha", 310, level="consortium", year=2024)
    rollup(alpha, "CONC", "alpha", 8, level="consortium", year=2024)  # below 10: suppressed when shown
    rollup(alpha, "5S1", "alpha", 12, level="consortium", year=2023)
    rollup(alpha, "5S1", "alpha", 9, level="consortium", year=2024)
    batch = StudentYearImport.objects.create(consortium=alpha, school_year=2024)
    for i in range(12):
        StudentYear.objects.create(
            consortium=alpha, batch=batch, student_id=f"S{i}", school_code="S1", school_year=2024,
            program_code="NURS", postsecondary_credits=Decimal(3),
        )  # fmt: skip
    college = Partner.objects.create(consortium=alpha, kind=PartnerKind.POSTSECONDARY, name="Alpha College")
    CollegeTerms.objects.create(consortium=alpha, partner=college, tuition_per_credit=Decimal("100"))
    EducatorTraining.objects.create(
        consortium=alpha, held_on=datetime.date(2023, 3, 1), title="PD", educators=25
    )
    EducatorTraining.objects.create(
        consortium=alpha, held_on=datetime.date(2024, 3, 1), title="Later", educators=99
    )
    return cast


def test_the_default_period_comes_from_the_plans_heading(impact_world):
    assert insights.default_period(impact_world.alpha) == (START, END)
    assert insights.school_years_in(START, END) == [2023, 2024]
    assert insights.period_from_heading("no dates here") is None


def test_the_figures_of_the_period(impact_world):
    with translation.override("en"):
        result = insights.impact(impact_world.alpha, START, END)
    figures = {f.key: f for f in result.figures}
    assert figures["part"].value == 310  # the latest school year of the period, not a sum over years
    assert figures["conc"].suppressed and figures["conc"].value is None
    assert figures["credentials"].value == 21
    assert figures["dual_credits"].value == 36.0
    assert figures["tuition_saved"].value == 3600.0
    assert figures["educators_trained"].value == 25
    assert figures["wbl_experiences"].value == 0
    with translation.override("en"):
        assert "JULY 2022" in result.period_label.upper()


def test_partners_with_an_opportunity_in_the_period_count(impact_world):
    alpha = impact_world.alpha
    for i in range(11):
        partner = Partner.objects.create(consortium=alpha, kind=PartnerKind.EMPLOYER, name=f"Employer {i}")
        Opportunity.objects.create(
            consortium=alpha, partner=partner, title="Tour", engagement="workplace_tour", is_virtual=True, status="approved",  # noqa: E501
            starts_on=datetime.date(2023, 1, 10), capacity=10,
        )  # fmt: skip
    figures = {f.key: f for f in insights.impact(alpha, START, END).figures}
    assert figures["partners"].value == 11


def test_the_public_page_shows_highlights_without_small_cells(impact_world, client):
    public = client.get(reverse("consortia:public-detail", args=["alpha"])).content.decode()
    assert f'hx-get="{reverse("reports:impact-public", args=["alpha"])}"' in public  # loaded with the page
    fragment = client.get(reverse("reports:impact-public", args=["alpha"]), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and "Impact Highlights" in fragment.content.decode()
    page = client.get(reverse("reports:impact-public", args=["alpha"])).content.decode()
    assert "Impact Highlights" in page
    assert "310" in page and "Students in CTE" in page
    assert "$3,600" in page
    concentrators = page.split("CTE concentrators")[0].rsplit("impact-value", 1)[1]
    assert "Fewer than the minimum shown" in concentrators and "8" not in concentrators.replace(
        "impact-value", ""
    )
    pdf = client.get(reverse("reports:impact-public-pdf", args=["alpha"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    api = client.get("/api/v1/reports/impact?consortium=alpha").json()
    conc = next(f for f in api["figures"] if f["key"] == "conc")
    assert conc == {**conc, "value": None, "suppressed": True}


def test_leaders_choose_any_period_and_others_cannot(impact_world, client):
    client.force_login(impact_world.staff)
    page = client.get(reverse("reports:impact", args=["alpha"]), {"start": "2024-01-01", "end": "2024-06-30"})
    assert page.status_code == 200 and "99" in page.content.decode()
    bad = client.get(reverse("reports:impact", args=["alpha"]), {"start": "2024-06-01", "end": "2024-01-01"})
    assert "The end date must be on or after the start date." in bad.content.decode()
    pdf = client.get(
        reverse("reports:impact-pdf", args=["alpha"]), {"start": "2022-07-01", "end": "2023-12-31"}
    )
    assert pdf.content.startswith(b"%PDF")
    client.force_login(impact_world.counselor)
    assert client.get(reverse("reports:impact", args=["alpha"])).status_code == 404


def test_a_private_consortium_has_no_public_pdf(impact_world, client):
    impact_world.alpha.is_public = False
    impact_world.alpha.save(update_fields=["is_public"])
    assert client.get(reverse("reports:impact-public-pdf", args=["alpha"])).status_code == 404
    assert client.get(reverse("reports:impact-public", args=["alpha"])).status_code == 404
    assert client.get("/api/v1/reports/impact?consortium=alpha").status_code == 404


def test_the_plan_api_keeps_the_words_and_the_highlights_api_the_figures(impact_world, client):
    """The consortia app does not compute figures: its plan API has the impact heading and items as
    written, and the highlights (the public page's suppressed figures) come from the reports API."""
    plan = client.get("/api/v1/consortia/alpha/plan").json()
    assert set(plan["impact"]) == {"heading", "items"}
    assert plan["impact"]["heading"] == "Impact Highlights (JULY 2022–DECEMBER 2023):"  # noqa: RUF001
    highlights = client.get("/api/v1/reports/impact", {"consortium": "alpha"}).json()
    assert (highlights["start"], highlights["end"]) == ("2022-07-01", "2023-12-31")
    public = insights.public_impact(impact_world.alpha)
    assert public is not None
    assert [(f["key"], f["value"], f["suppressed"]) for f in highlights["figures"]] == [
        (f.key, f.value, f.suppressed) for f in public.figures
    ]
    schema = client.get("/api/v1/openapi.json").json()
    response = schema["paths"]["/api/v1/reports/impact"]["get"]["responses"]["200"]
    name = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "figures" in schema["components"]["schemas"][name]["properties"]
