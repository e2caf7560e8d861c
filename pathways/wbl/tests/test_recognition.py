"""The public thank-you page: counts per public partner, never names."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from pathways.orgs.models import Partner, PartnerKind
from pathways.wbl.models import HoursEntry, HoursStatus, Placement, PlacementStatus, RegistrationStatus
from pathways.wbl.services import opportunities as services

from .test_opportunities_support import opportunity, soon, student

pytestmark = pytest.mark.django_db


def test_partners_are_thanked_with_what_they_gave_and_no_student_names(cast, client):
    tour = opportunity(cast, title="Tour", capacity=5)
    for user in (cast.student, student(cast, "ana")):
        registration = services.register(acting_user=user, opportunity=tour)
        services.mark_attended(
            acting_user=cast.partner_contact, registration=registration, hours=Decimal("2")
        )
    internship = opportunity(cast, title="Internship", engagement="internship")
    placement = Placement.objects.create(
        consortium=cast.alpha, student=student(cast, "ben"), opportunity=internship,
        status=PlacementStatus.ACTIVE, starts_on=soon(),
    )  # fmt: skip
    HoursEntry.objects.create(
        consortium=cast.alpha,
        placement=placement,
        worked_on=soon(),
        hours=Decimal("6"),
        activity="Shop",
        status=HoursStatus.APPROVED,
    )
    HoursEntry.objects.create(
        consortium=cast.alpha, placement=placement, worked_on=soon(), hours=Decimal("5"), activity="Shop"
    )
    hidden = Partner.objects.create(
        consortium=cast.alpha, kind=PartnerKind.EMPLOYER, name="Quiet Co", is_public=False
    )
    opportunity(cast, partner=hidden, title="Quiet tour")
    response = client.get(reverse("wbl:partners-thanks", args=["alpha"]))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert (row.partner, row.opportunities, row.students, row.hours) == (cast.partner, 2, 3, Decimal("10"))
    page = response.content.decode()
    assert "Alpha Manufacturing" in page and "Quiet Co" not in page
    for name in ("Stella", "Ana", "Ben"):
        assert name not in page
    assert "Source:" in page


def test_a_consortium_without_a_public_page_has_no_thank_you_page(cast, client):
    cast.alpha.is_public = False
    cast.alpha.save()
    assert client.get(reverse("wbl:partners-thanks", args=["alpha"])).status_code == 404
    assert client.get(reverse("wbl:partners-thanks", args=["nope"])).status_code == 404


def test_cancelled_registrations_count_for_nothing(cast, client):
    tour = opportunity(cast, title="Tour")
    registration = services.register(acting_user=cast.student, opportunity=tour)
    services.cancel(acting_user=cast.student, registration=registration)
    assert registration.status == RegistrationStatus.CANCELLED
    (row,) = client.get(reverse("wbl:partners-thanks", args=["alpha"])).context["rows"]
    assert (row.students, row.hours) == (0, Decimal("0"))
