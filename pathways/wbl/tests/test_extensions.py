"""What work-based learning adds to the students app: "Try it" on the plan, experiences on the portfolio."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.students.models import Plan, PlanCareer
from pathways.wbl.models import HoursEntry, HoursStatus, OpportunityStatus, Placement, PlacementStatus

from .test_opportunities_support import opportunity

pytestmark = pytest.mark.django_db


def test_the_plan_page_offers_an_approved_opportunity_for_a_plan_career(cast, client):
    plan = Plan.objects.create(consortium=cast.alpha, student=cast.student)
    PlanCareer.objects.create(consortium=cast.alpha, plan=plan, occupation_id="29-1141.00")
    opportunity(
        cast, title="Clinic shadow", engagement="job_shadow", virtual=True, occupations=("29-1141.00",)
    )
    opportunity(
        cast,
        title="Draft clinic day",
        engagement="job_shadow",
        virtual=True,
        status=OpportunityStatus.SUBMITTED,
        occupations=("29-1141.00",),
    )
    client.force_login(cast.student)
    html = client.get(reverse("students:plans-edit")).content.decode()
    assert "Try it:" in html
    assert f"Job shadow at {cast.partner.name}" in html
    assert html.count(f"Job shadow at {cast.partner.name}</a>") == 1  # the unapproved one is not offered


def test_the_plan_page_has_no_try_it_without_a_matching_opportunity(cast, client):
    plan = Plan.objects.create(consortium=cast.alpha, student=cast.student)
    PlanCareer.objects.create(consortium=cast.alpha, plan=plan, occupation_id="29-1141.00")
    opportunity(cast, title="Weld shop", virtual=True, occupations=("51-4121.00",))
    client.force_login(cast.student)
    assert "Try it:" not in client.get(reverse("students:plans-edit")).content.decode()


def test_the_portfolio_lists_a_completed_placement_with_its_approved_hours(cast, client):
    opp = opportunity(cast, title="Machining internship", engagement="internship", virtual=True)
    today = timezone.localdate()
    placement = Placement.objects.create(
        consortium=cast.alpha,
        student=cast.student,
        opportunity=opp,
        starts_on=today,
        status=PlacementStatus.COMPLETED,
        completed_on=today,
        badge_id=uuid.uuid4(),
    )
    for hours, status in (
        ("6", HoursStatus.APPROVED),
        ("4.5", HoursStatus.APPROVED),
        ("9", HoursStatus.SUBMITTED),
    ):
        HoursEntry.objects.create(
            consortium=cast.alpha,
            placement=placement,
            worked_on=today,
            hours=Decimal(hours),
            activity="Deburring",
            status=status,
        )
    client.force_login(cast.student)
    html = client.get(reverse("students:plans-portfolio")).content.decode()
    assert "Machining internship" in html
    assert "10.5 hours" in html  # only approved hours count
    assert reverse("wbl:badge", args=[placement.badge_id]) in html
    pdf = client.get(reverse("students:plans-portfolio-pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_career_match_offers_what_to_try_instead_of_asking_the_counselor(cast, client):
    from pathways.students.tests.test_profiler_pages import completed_attempt

    attempt = completed_attempt(cast.student)
    url = reverse("students:profiler-match", args=[attempt.public_id, "51-4121.00"])
    client.force_login(cast.student)
    assert "Ask your counselor about job shadows" in client.get(url).content.decode()
    opp = opportunity(
        cast, title="Weld shop", engagement="job_shadow", virtual=True, occupations=("51-4121.00",)
    )
    html = client.get(url).content.decode()
    assert f"Job shadow at {cast.partner.name}" in html
    assert reverse("wbl:opportunity-detail", args=[opp.public_id]) in html
    assert "Ask your counselor about job shadows" not in html
