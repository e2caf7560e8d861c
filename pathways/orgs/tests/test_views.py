"""Network pages: what each role sees, the forms, and the same 404 for the outsider."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.orgs.models import Contact, Partner, PartnerKind, School


def page(client, user, name, *args, status=200):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == status, (user, name, response.status_code)
    return response.content.decode() if status == 200 else ""


def test_it_shows_leaders_the_whole_network(cast, client):
    Contact.objects.create(consortium=cast.alpha, partner=cast.partner, name="Rita Foreman", is_public=True)
    body = page(client, cast.admin, "orgs:network", cast.alpha.public_id)
    for text in (
        "Alpha Unified",
        "Alpha High",
        "Alpha Middle",
        "Region: North",
        "Alpha Manufacturing",
        "Rita Foreman",
    ):
        assert text in body
    assert "9\u201312" in body and "Employer" in body


@pytest.mark.parametrize(
    "who", ["counselor", "teacher", "district_admin", "student", "guardian", "partner_contact", "outsider"]
)
def test_it_keeps_the_overview_for_leaders(cast, client, who):
    page(client, getattr(cast, who), "orgs:network", cast.alpha.public_id, status=404)


def test_it_shows_the_school_with_staff_to_staff(cast, client):
    body = page(client, cast.counselor, "orgs:school-detail", cast.school.public_id)
    assert "Cora Counselor" in body and "Tom Teacher" in body
    assert "Stella" not in body  # a count, never a list of students
    assert "Students with a Pathways account" in body
    assert "Edit school" not in body


def test_it_shows_a_student_their_school_without_staff(cast, client):
    body = page(client, cast.student, "orgs:school-detail", cast.school.public_id)
    assert "Alpha High" in body and "Cora Counselor" not in body


@pytest.mark.parametrize("who", ["outsider", "guardian", "partner_contact", "other_student"])
def test_it_hides_the_school_from_others(cast, client, who):
    page(client, getattr(cast, who), "orgs:school-detail", cast.school.public_id, status=404)


def test_it_links_the_schools_wage_area_to_the_catalog(cast, client, catalog_db):
    from pathways.labor.models import ZipCode

    zip_code = ZipCode.objects.select_related("county").get(zip="87501")
    School.objects.filter(pk=cast.school.pk).update(zip_code=zip_code, county=zip_code.county)
    body = page(client, cast.admin, "orgs:school-detail", cast.school.public_id)
    assert "Santa Fe County" in body and "Santa Fe, NM" in body
    assert 'name="area" value="0042140"' in body and reverse("labor:area-choose") in body


def test_it_shows_the_district_page_in_scope(cast, client):
    body = page(client, cast.district_admin, "orgs:district-detail", cast.district.public_id)
    assert "Alpha High" in body and "Alpha Middle" in body and "Dora District" in body
    body = page(client, cast.counselor, "orgs:district-detail", cast.district.public_id)
    assert "Alpha High" in body and "Alpha Middle" not in body and "Dora District" not in body
    page(client, cast.outsider, "orgs:district-detail", cast.district.public_id, status=404)


def test_it_shows_the_partner_page_to_staff_and_its_contact(cast, client):
    Contact.objects.create(consortium=cast.alpha, partner=cast.partner, name="Rita Foreman", is_public=False)
    body = page(client, cast.counselor, "orgs:partner-detail", cast.partner.public_id)
    assert "Rita Foreman" in body and "Edit profile" not in body
    body = page(client, cast.partner_contact, "orgs:partner-detail", cast.partner.public_id)
    assert "Edit profile" in body and "Pia Partner" in body
    for who in ("student", "guardian", "outsider"):
        page(client, getattr(cast, who), "orgs:partner-detail", cast.partner.public_id, status=404)


def test_it_filters_and_pages_the_partner_list(cast, client, django_assert_max_num_queries):
    for n in range(30):
        Partner.objects.create(consortium=cast.alpha, kind=PartnerKind.COMMUNITY, name=f"Club {n:02}")
    client.force_login(cast.counselor)
    url = reverse("orgs:partner-list", args=[cast.alpha.public_id])
    with django_assert_max_num_queries(10):
        body = client.get(url + "?kind=community").content.decode()
    assert "30 partners" in body and "Club 00" in body and "Alpha Manufacturing" not in body
    assert "Page 1 of 2" in body
    body = client.get(url + "?kind=community&page=2").content.decode()
    assert "Club 29" in body and "Club 00" not in body
    fragment = client.get(url + "?kind=employer", HTTP_HX_REQUEST="true").content.decode()
    assert "Alpha Manufacturing" in fragment and "<html" not in fragment
    page(client, cast.outsider, "orgs:partner-list", cast.alpha.public_id, status=404)
    page(client, cast.student, "orgs:partner-list", cast.alpha.public_id, status=404)


def test_it_filters_the_school_list_by_district(cast, client, django_assert_max_num_queries):
    from pathways.orgs.models import District

    other = District.objects.create(consortium=cast.alpha, name="Second District")
    for n in range(30):
        School.objects.create(consortium=cast.alpha, district=other, name=f"School {n:02}")
    client.force_login(cast.admin)
    url = reverse("orgs:school-list", args=[cast.alpha.public_id])
    with django_assert_max_num_queries(10):
        body = client.get(url + f"?district={cast.district.public_id}").content.decode()
    assert "2 schools" in body and "Alpha High" in body and "School 00" not in body
    assert "32 schools" in client.get(url).content.decode()
    page(client, cast.outsider, "orgs:school-list", cast.alpha.public_id, status=404)


def test_it_keeps_the_overview_queries_bounded(cast, client, django_assert_max_num_queries):
    for n in range(20):
        School.objects.create(consortium=cast.alpha, district=cast.district, name=f"School {n:02}")
        Partner.objects.create(consortium=cast.alpha, kind=PartnerKind.EMPLOYER, name=f"Employer {n:02}")
    client.force_login(cast.admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("orgs:network", args=[cast.alpha.public_id])).status_code == 200


def test_it_adds_a_school_by_zip(cast, client, catalog_db):
    client.force_login(cast.admin)
    url = reverse("orgs:school-create", args=[cast.alpha.public_id])
    assert "Add a school" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Alpha Tech",
            "district": str(cast.district.public_id),
            "zip_code": "87501",
            "grade_low": "9",
            "grade_high": "12",
            "locale": "city",
            "enrollment": "300",
        },
    )
    school = School.objects.get(name="Alpha Tech")
    assert response["Location"] == reverse("orgs:school-detail", args=[school.public_id])
    assert school.county_id == "35049"


def test_it_shows_a_bad_zip_next_to_the_field(cast, client, catalog_db):
    client.force_login(cast.admin)
    response = client.post(
        reverse("orgs:school-create", args=[cast.alpha.public_id]),
        {"name": "Alpha Tech", "district": str(cast.district.public_id), "zip_code": "00000"},
    )
    assert response.status_code == 422
    assert "zip_code" in response.context["form"].errors
    body = response.content.decode()
    assert 'href="#id_zip_code"' in body and 'aria-invalid="true"' in body
    assert not School.objects.filter(name="Alpha Tech").exists()


def test_it_links_to_the_existing_partner_on_a_duplicate(cast, client):
    client.force_login(cast.admin)
    response = client.post(
        reverse("orgs:partner-create", args=[cast.alpha.public_id]),
        {"name": "Alpha Manufacturing", "kind": "employer"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "A partner with this name already exists" in body
    assert reverse("orgs:partner-detail", args=[cast.partner.public_id]) in body
    assert Partner.objects.count() == 1


def test_it_lets_the_partner_contact_edit_the_profile_without_the_public_switch(cast, client):
    client.force_login(cast.partner_contact)
    url = reverse("orgs:partner-edit", args=[cast.partner.public_id])
    form = client.get(url).context["form"]
    assert "is_public" not in form.fields
    response = client.post(
        url, {"name": "Alpha Manufacturing", "kind": "employer", "description": "We weld."}
    )
    assert response.status_code == 302
    cast.partner.refresh_from_db()
    assert cast.partner.description == "We weld." and cast.partner.is_public
    response = client.post(
        reverse("orgs:partner-contact-create", args=[cast.partner.public_id]), {"name": "Rita Foreman"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get(name="Rita Foreman")
    assert client.get(reverse("orgs:contact-edit", args=[contact.public_id])).status_code == 200


@pytest.mark.parametrize("who", ["counselor", "teacher", "district_admin", "outsider"])
def test_it_keeps_the_forms_for_leaders(cast, client, who):
    user = getattr(cast, who)
    page(client, user, "orgs:school-create", cast.alpha.public_id, status=404)
    page(client, user, "orgs:school-edit", cast.school.public_id, status=404)
    page(client, user, "orgs:partner-create", cast.alpha.public_id, status=404)
    page(client, user, "orgs:partner-edit", cast.partner.public_id, status=404)
    page(client, user, "orgs:contact-create", cast.alpha.public_id, status=404)
    client.force_login(user)
    response = client.post(
        reverse("orgs:school-edit", args=[cast.school.public_id]),
        {"name": "Hacked", "district": str(cast.district.public_id)},
    )
    assert response.status_code == 404
    cast.school.refresh_from_db()
    assert cast.school.name == "Alpha High"


def test_it_sends_anonymous_visitors_to_sign_in(cast, client):
    response = client.get(reverse("orgs:school-detail", args=[cast.school.public_id]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
