"""Opportunities: partners create and submit, staff approve or send back, students see only approved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.core.errors import DomainError, InvalidInput, NotFound
from pathways.wbl import policies
from pathways.wbl.models import Opportunity, OpportunityStatus
from pathways.wbl.services import opportunities as services

from .test_opportunities_support import LOS_ALAMOS, opportunity, site, soon

pytestmark = pytest.mark.django_db


def _post_form(client, partner, **overrides):
    data = {
        "title": "Job shadow: lab technician",
        "engagement": "job_shadow",
        "description": "Follow a technician for a day.",
        "starts_on": soon().isoformat(),
        "capacity": "4",
        "allocation": "open",
        "occupations": "15-1252.00",
        **overrides,
    }
    return client.post(reverse("wbl:opportunity-create", args=[partner.public_id]), data)


def test_a_partner_posts_a_draft_submits_it_and_staff_approve_it(cast, client):
    location = site(cast.partner, LOS_ALAMOS)
    client.force_login(cast.partner_contact)
    response = _post_form(client, cast.partner, location=str(location.public_id))
    assert response.status_code == 302
    row = Opportunity.objects.get(title="Job shadow: lab technician")
    assert row.status == OpportunityStatus.DRAFT
    assert [o.code for o in row.occupations.all()] == ["15-1252.00"]
    # The student cannot see a draft.
    client.force_login(cast.student)
    assert client.get(reverse("wbl:opportunity-detail", args=[row.public_id])).status_code == 404
    client.force_login(cast.partner_contact)
    client.post(reverse("wbl:opportunity-submit", args=[row.public_id]))
    row.refresh_from_db()
    assert row.status == OpportunityStatus.SUBMITTED
    # It is in the staff's approval queue.
    client.force_login(cast.staff)
    queue = client.get(reverse("wbl:approvals"))
    assert "Job shadow: lab technician" in queue.content.decode()
    client.post(
        reverse("wbl:opportunity-review", args=[row.public_id]), {"decision": "approve", "next": "queue"}
    )
    row.refresh_from_db()
    assert row.status == OpportunityStatus.APPROVED
    client.force_login(cast.student)
    page = client.get(reverse("wbl:opportunity-detail", args=[row.public_id]))
    assert page.status_code == 200
    assert "Register" in page.content.decode()


def test_an_in_person_opportunity_without_a_site_is_refused_on_the_field(cast, client):
    client.force_login(cast.partner_contact)
    response = _post_form(client, cast.partner)
    assert response.status_code == 200
    assert "Choose the site where students go" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_an_unknown_occupation_code_is_refused(cast, client):
    client.force_login(cast.partner_contact)
    response = _post_form(client, cast.partner, is_virtual="on", occupations="99-9999.00")
    assert "No career has the code 99-9999.00" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_requesting_changes_needs_a_note_and_the_partner_sees_it(cast, client):
    row = opportunity(cast, status=OpportunityStatus.SUBMITTED)
    with pytest.raises(InvalidInput):
        services.opportunity_review(acting_user=cast.admin, opportunity=row, approve=False, note="")
    services.opportunity_review(
        acting_user=cast.admin, opportunity=row, approve=False, note="Add the dress code."
    )
    client.force_login(cast.partner_contact)
    page = client.get(reverse("wbl:opportunity-detail", args=[row.public_id])).content.decode()
    assert "Add the dress code." in page
    assert "Submit for approval" in page


def test_school_staff_review_only_their_schools_opportunities(cast):
    scoped = opportunity(cast, status=OpportunityStatus.SUBMITTED, school=cast.school)
    everyone = opportunity(cast, status=OpportunityStatus.SUBMITTED)
    assert policies.may_review_opportunity(cast.counselor, scoped)
    assert policies.may_review_opportunity(cast.district_admin, scoped)
    assert not policies.may_review_opportunity(cast.counselor, everyone)
    assert policies.may_review_opportunity(cast.staff, everyone)
    assert not policies.may_review_opportunity(cast.partner_contact, scoped)
    with pytest.raises(NotFound):
        services.opportunity_review(acting_user=cast.counselor, opportunity=everyone, approve=True)


def test_a_partner_change_to_an_approved_opportunity_goes_back_for_approval(cast):
    row = opportunity(cast, virtual=True)
    data = services.OpportunityData(
        title="Changed",
        description="New",
        engagement="virtual_project",
        starts_on=soon(),
        capacity=5,
        is_virtual=True,
    )
    services.opportunity_update(acting_user=cast.partner_contact, opportunity=row, data=data)
    row.refresh_from_db()
    assert row.status == OpportunityStatus.SUBMITTED
    services.opportunity_review(acting_user=cast.admin, opportunity=row, approve=True)
    services.opportunity_update(acting_user=cast.admin, opportunity=row, data=data)
    row.refresh_from_db()
    assert row.status == OpportunityStatus.APPROVED


def test_who_sees_what(cast):
    approved_all = opportunity(cast, title="For all")
    approved_s2 = opportunity(cast, title="For S2", school=cast.other_school)
    draft = opportunity(cast, title="Draft", status=OpportunityStatus.DRAFT)

    def seen(user):
        return set(
            Opportunity.objects.filter(policies.opportunities_visible_to(user)).values_list(
                "title", flat=True
            )
        )

    assert seen(cast.student) == {"For all"}
    assert seen(cast.other_student) == {"For all", "For S2"}
    assert seen(cast.partner_contact) == {"For all", "For S2", "Draft"}
    assert seen(cast.staff) == {"For all", "For S2", "Draft"}
    assert seen(cast.teacher) == {"For all", "For S2", "Draft"}
    assert seen(cast.beta_student) == set()
    assert seen(cast.outsider) == set()
    assert seen(cast.guardian) == set()
    for user in (cast.outsider, cast.beta_student):
        for row in (approved_all, approved_s2, draft):
            with pytest.raises(NotFound):
                policies.access_opportunity(user, row.public_id)


def test_the_outsider_gets_404_on_every_opportunity_page(cast, client):
    row = opportunity(cast, status=OpportunityStatus.SUBMITTED)
    client.force_login(cast.outsider)
    for name in ("opportunity-detail", "opportunity-edit", "opportunity-roster"):
        assert client.get(reverse(f"wbl:{name}", args=[row.public_id])).status_code == 404
    for name in ("opportunity-submit", "opportunity-review", "opportunity-close", "opportunity-register"):
        assert client.post(reverse(f"wbl:{name}", args=[row.public_id])).status_code == 404
    assert client.get(reverse("wbl:opportunity-create", args=[cast.partner.public_id])).status_code == 404


def test_a_student_cannot_create_or_review(cast, client):
    row = opportunity(cast, status=OpportunityStatus.SUBMITTED)
    client.force_login(cast.student)
    assert client.get(reverse("wbl:opportunity-create", args=[cast.partner.public_id])).status_code == 404
    assert client.get(reverse("wbl:approvals")).status_code == 404
    assert (
        client.post(
            reverse("wbl:opportunity-review", args=[row.public_id]), {"decision": "approve"}
        ).status_code
        == 404
    )
    row.refresh_from_db()
    assert row.status == OpportunityStatus.SUBMITTED


def test_only_drafts_and_sent_back_ones_can_be_submitted(cast):
    row = opportunity(cast)
    with pytest.raises(DomainError):
        services.opportunity_submit(acting_user=cast.partner_contact, opportunity=row)


def test_the_list_shows_staff_and_partners_their_opportunities(cast, client):
    opportunity(cast, title="Tour of the plant")
    client.force_login(cast.partner_contact)
    assert "Tour of the plant" in client.get(reverse("wbl:opportunity-list")).content.decode()
    client.force_login(cast.student)
    assert client.get(reverse("wbl:opportunity-list")).status_code == 302
