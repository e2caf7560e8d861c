"""The partner portal: sites, the engagement ladder, documents with expiry warnings, uploads served
only through an access check, contact history shared by staff, and no duplicate partners."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pathways.core.errors import InvalidInput, NotFound
from pathways.orgs.models import Partner
from pathways.wbl.models import ContactLogEntry, PartnerDocument, PartnerLocation, PartnerOffer
from pathways.wbl.services import partners as services

from .test_opportunities_support import opportunity

pytestmark = pytest.mark.django_db


def test_a_partner_contact_adds_a_site_and_a_bad_zip_changes_nothing(cast, client):
    client.force_login(cast.partner_contact)
    url = reverse("wbl:partner-locations", args=[cast.partner.public_id])
    response = client.post(url, {"name": "Plant", "zip_code": "8754"})
    assert "Enter a 5-digit ZIP code" in response.content.decode()
    assert not PartnerLocation.objects.exists()
    client.post(url, {"name": "Plant", "zip_code": "87544", "address": "1 Bikini Atoll Rd"})
    location = PartnerLocation.objects.get()
    assert (location.zip_code_id, location.city) == ("87544", "Los Alamos")
    assert "Plant" in client.get(url).content.decode()


def test_a_site_in_use_cannot_be_removed(cast):
    row = opportunity(cast)
    with pytest.raises(InvalidInput, match="Opportunities take place"):
        services.location_remove(acting_user=cast.partner_contact, location=row.location)


def test_the_engagement_ladder_is_saved_as_chosen(cast, client):
    client.force_login(cast.partner_contact)
    url = reverse("wbl:partner-offers", args=[cast.partner.public_id])
    client.post(url, {"engagements": ["workplace_tour", "job_shadow"]})
    client.post(url, {"engagements": ["job_shadow", "internship"]})
    assert set(PartnerOffer.objects.values_list("engagement", flat=True)) == {"job_shadow", "internship"}
    client.force_login(cast.teacher)  # staff see it, cannot change it
    assert client.post(url, {"engagements": []}).status_code == 404
    assert PartnerOffer.objects.count() == 2


def test_expired_and_expiring_documents_and_uncleared_checks_are_flagged(cast, client):
    today = timezone.localdate()
    for title, expires, kind, status, name in (
        ("Liability insurance", today - datetime.timedelta(days=1), "insurance", "", ""),
        ("Safety review", today + datetime.timedelta(days=20), "site_safety", "", ""),
        ("Agreement", today + datetime.timedelta(days=200), "agreement", "", ""),
        ("Check: Rita", None, "background_check", "pending", "Rita Foreman"),
    ):
        services.document_add(
            acting_user=cast.partner_contact, partner=cast.partner, kind=kind, title=title,
            expires_on=expires, check_status=status, supervisor_name=name,
        )  # fmt: skip
    client.force_login(cast.staff)
    page = client.get(reverse("wbl:partner-portal", args=[cast.partner.public_id])).content.decode()
    assert "Documents needing attention" in page
    assert "Expired on" in page and "Expires in 20 days" in page and "Pending" in page
    assert "Agreement" not in page.split("Documents needing attention")[1].split("</div>")[0]
    listing = client.get(reverse("wbl:partner-list")).content.decode()
    assert 'class="wbl-warning">3<' in listing


def test_a_background_check_needs_a_name_and_status(cast):
    with pytest.raises(InvalidInput, match="whose background check"):
        services.document_add(
            acting_user=cast.partner_contact, partner=cast.partner, kind="background_check", title="X"
        )
    with pytest.raises(InvalidInput, match="expiry date must not be before"):
        services.document_add(
            acting_user=cast.partner_contact, partner=cast.partner, kind="insurance", title="X",
            issued_on=datetime.date(2025, 5, 1), expires_on=datetime.date(2025, 1, 1),
        )  # fmt: skip
    assert not PartnerDocument.objects.exists()


def test_uploaded_files_are_served_only_to_those_who_may_see_them(cast, client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        client.force_login(cast.partner_contact)
        upload = SimpleUploadedFile("insurance.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        client.post(
            reverse("wbl:partner-documents", args=[cast.partner.public_id]),
            {"kind": "insurance", "title": "Insurance 2026", "file": upload},
        )
        document = PartnerDocument.objects.get()
        url = reverse("wbl:document-file", args=[document.public_id])
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        client.force_login(cast.staff)
        assert client.get(url).status_code == 200
        for user in (cast.student, cast.outsider):
            client.force_login(user)
            assert client.get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(cast.partner_contact)
        bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
        response = client.post(
            reverse("wbl:partner-documents", args=[cast.partner.public_id]),
            {"kind": "insurance", "title": "Bad", "file": bad},
        )
        assert "Upload a PDF, PNG or JPEG file." in response.content.decode()
        assert PartnerDocument.objects.count() == 1


def test_contact_history_is_shared_by_staff_of_every_school_but_not_the_partner(cast, client):
    url = reverse("wbl:partner-history", args=[cast.partner.public_id])
    client.force_login(cast.teacher)
    client.post(
        url,
        {
            "happened_on": "2025-09-02",
            "channel": "phone",
            "summary": "Asked about fall tours.",
            "school": str(cast.school.public_id),
        },
    )
    entry = ContactLogEntry.objects.get()
    assert (entry.author, entry.school) == (cast.teacher, cast.school)
    client.force_login(cast.district_admin)
    assert "Asked about fall tours." in client.get(url).content.decode()
    client.force_login(cast.partner_contact)
    assert client.get(url).status_code == 404
    assert (
        "Asked about fall tours."
        not in client.get(reverse("wbl:partner-portal", args=[cast.partner.public_id])).content.decode()
    )
    with pytest.raises(NotFound):
        services.contact_log_add(
            acting_user=cast.outsider,
            partner=cast.partner,
            happened_on=datetime.date(2025, 1, 1),
            channel="email",
            summary="x",
        )


def test_the_portal_refuses_outsiders_and_students(cast, client):
    for user in (cast.outsider, cast.student, cast.guardian):
        client.force_login(user)
        for name in (
            "partner-portal",
            "partner-locations",
            "partner-offers",
            "partner-documents",
            "partner-history",
        ):
            assert client.get(reverse(f"wbl:{name}", args=[cast.partner.public_id])).status_code == 404


def test_home_sends_each_role_to_its_page(cast, client):
    client.force_login(cast.partner_contact)
    assert client.get(reverse("wbl:home"))["Location"] == reverse(
        "wbl:partner-portal", args=[cast.partner.public_id]
    )
    client.force_login(cast.student)
    assert client.get(reverse("wbl:home"))["Location"] == reverse("wbl:discover")
    client.force_login(cast.staff)
    assert client.get(reverse("wbl:home"))["Location"] == reverse("wbl:opportunity-list")


def test_a_second_partner_with_the_same_name_is_refused_with_a_link(cast, client):
    client.force_login(cast.admin)
    response = client.post(
        reverse("orgs:partner-create", args=[cast.alpha.public_id]),
        {"name": "alpha manufacturing", "kind": "employer"},
    )
    page = response.content.decode()
    assert "already exists" in page
    assert reverse("orgs:partner-detail", args=[cast.partner.public_id]) in page
    assert Partner.objects.filter(consortium=cast.alpha).count() == 1
