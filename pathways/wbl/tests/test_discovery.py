"""Discovery: filters, distance from the school or a typed ZIP, virtual, why it fits, the try-it tag."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from pathways.catalog.models import Occupation
from pathways.students.models import Favourite, FavouriteKind, Plan, PlanCareer
from pathways.wbl.models import OpportunityStatus
from pathways.wbl.selectors_partners import haversine_miles, opportunities_for_occupations

from .test_opportunities_support import CLOVIS, LOS_ALAMOS, SANTA_FE, opportunity, place_school

pytestmark = pytest.mark.django_db


def test_haversine_is_about_right():
    # Santa Fe plaza to Albuquerque old town: about 57 miles as the crow flies.
    assert 55 < haversine_miles(35.687, -105.938, 35.096, -106.670) < 60
    assert haversine_miles(35.0, -106.0, 35.0, -106.0) == 0


def _titles(response):
    return [c.opportunity.title for c in response.context["result"].cards]


def test_distance_from_the_school_and_from_a_typed_zip(cast, client):
    place_school(cast.school, SANTA_FE)
    opportunity(cast, title="Los Alamos tour", zip_code=LOS_ALAMOS)
    opportunity(cast, title="Clovis tour", zip_code=CLOVIS)
    opportunity(cast, title="Online project", virtual=True)
    client.force_login(cast.student)
    url = reverse("wbl:discover")
    assert set(_titles(client.get(url))) == {"Los Alamos tour", "Clovis tour", "Online project"}
    near = _titles(client.get(url, {"miles": "50"}))
    assert set(near) == {"Los Alamos tour", "Online project"}  # virtual is never too far
    from_clovis = _titles(client.get(url, {"miles": "25", "zip": CLOVIS}))
    assert set(from_clovis) == {"Clovis tour", "Online project"}
    assert _titles(client.get(url, {"virtual": "1"})) == ["Online project"]
    page = client.get(url, {"zip": "12"}).content.decode()
    assert "Enter a 5-digit ZIP code" in page


def test_filters_by_type_and_cluster(cast, client):
    opportunity(cast, title="Tour")
    opportunity(cast, title="Shadow", engagement="job_shadow")
    client.force_login(cast.student)
    assert _titles(client.get(reverse("wbl:discover"), {"engagement": "job_shadow"})) == ["Shadow"]
    assert _titles(client.get(reverse("wbl:discover"), {"cluster": "no-such-cluster"})) == []


def test_students_only_see_approved_current_ones_of_their_consortium(cast, client):
    opportunity(cast, title="Approved")
    opportunity(cast, title="Waiting", status=OpportunityStatus.SUBMITTED)
    opportunity(cast, title="For S2 only", school=cast.other_school)
    client.force_login(cast.student)
    assert _titles(client.get(reverse("wbl:discover"))) == ["Approved"]
    client.force_login(cast.beta_student)
    assert _titles(client.get(reverse("wbl:discover"))) == []
    client.force_login(cast.guardian)
    assert client.get(reverse("wbl:discover")).status_code == 404


def test_each_card_says_why_it_fits_and_linked_ones_come_first(cast, client):
    opportunity(cast, title="Unlinked", virtual=True)
    opportunity(cast, title="Welding shadow", virtual=True, occupations=("51-4121.00",))
    opportunity(cast, title="Nursing tour", virtual=True, occupations=("29-1141.00",))
    Favourite.objects.create(
        consortium=cast.alpha, student=cast.student, kind=FavouriteKind.OCCUPATION,
        occupation=Occupation.objects.get(code="51-4121.00"),
    )  # fmt: skip
    plan = Plan.objects.create(consortium=cast.alpha, student=cast.student)
    PlanCareer.objects.create(consortium=cast.alpha, plan=plan, occupation_id="29-1141.00")
    client.force_login(cast.student)
    response = client.get(reverse("wbl:discover"))
    titles = _titles(response)
    assert titles[-1] == "Unlinked"
    page = response.content.decode()
    assert "Linked to your favourite career: Welders, Cutters, Solderers, and Brazers" in page
    assert "Linked to a career in your plan: Registered Nurses" in page
    assert set(_titles(client.get(reverse("wbl:discover"), {"linked": "1"}))) == {
        "Welding shadow",
        "Nursing tour",
    }


def test_discovery_is_paginated(cast, client):
    for n in range(15):
        opportunity(cast, title=f"Tour {n:02d}", virtual=True)
    client.force_login(cast.student)
    first = client.get(reverse("wbl:discover"))
    assert len(first.context["result"].cards) == 12
    assert len(client.get(reverse("wbl:discover"), {"page": "2"}).context["result"].cards) == 3


def test_try_it_tag_lists_opportunities_for_careers(cast):
    opportunity(
        cast, title="Weld shop shadow", engagement="job_shadow", virtual=True, occupations=("51-4121.00",)
    )
    opportunity(
        cast, title="Hidden", status=OpportunityStatus.DRAFT, virtual=True, occupations=("51-4121.00",)
    )
    rows = opportunities_for_occupations(cast.student, ["51-4121.00"], 3)
    assert [r.title for r in rows] == ["Weld shop shadow"]
    html = Template("{% load wbl_try_it %}{% wbl_try_it codes student %}").render(
        Context({"codes": ["51-4121.00"], "student": cast.student})
    )
    assert "Try it:" in html and "Job shadow at Alpha Manufacturing" in html
    empty = Template("{% load wbl_try_it %}{% wbl_try_it codes student %}").render(
        Context({"codes": ["51-4121.00"], "student": cast.beta_student})
    )
    assert "Try it" not in empty
