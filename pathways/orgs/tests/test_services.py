"""Writes to the network: who may make them, what they check, and that bad input changes nothing."""

from __future__ import annotations

import pytest

from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import AuditEvent
from pathways.orgs import services
from pathways.orgs.models import Contact, Partner, PartnerKind, School
from pathways.orgs.services import ContactData, PartnerData, SchoolData


def school_data(cast, **changes) -> SchoolData:
    values = {
        "name": "Alpha Tech Academy",
        "district": cast.district,
        "zip_code": "87501",
        "locale": "city",
        "grade_low": 9,
        "grade_high": 12,
        "enrollment": 400,
    }
    values.update(changes)
    return SchoolData(**values)


def test_it_creates_a_school_whose_zip_sets_county_and_wage_area(cast, catalog_db):
    school = services.school_create(acting_user=cast.admin, consortium=cast.alpha, data=school_data(cast))
    school.refresh_from_db()
    assert school.county is not None and school.county.name == "Santa Fe County"
    assert school.wage_area_id == school.county.wage_area_id
    assert school.city == "Santa Fe"  # from the ZIP when left empty
    assert AuditEvent.objects.filter(action="school.create", object_id=str(school.public_id)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"zip_code": "8750"}, "zip_code"),
        ({"zip_code": "00000"}, "zip_code"),
        ({"name": "  "}, "name"),
        ({"grade_low": 12, "grade_high": 9}, "grade_high"),
        ({"grade_low": 20}, "grade_low"),
        ({"locale": "moon"}, "locale"),
        ({"enrollment": -5}, "enrollment"),
    ],
)
def test_it_refuses_a_bad_school_and_changes_nothing(cast, catalog_db, changes, field):
    before = School.objects.count()
    with pytest.raises(InvalidInput) as error:
        services.school_create(
            acting_user=cast.admin, consortium=cast.alpha, data=school_data(cast, **changes)
        )
    assert error.value.field == field
    assert School.objects.count() == before


def test_it_names_the_bad_zip_clearly(cast, catalog_db):
    with pytest.raises(InvalidInput) as error:
        services.school_create(
            acting_user=cast.admin, consortium=cast.alpha, data=school_data(cast, zip_code="00000")
        )
    assert "00000" in error.value.message


def test_it_lets_only_the_consortiums_leaders_add_or_change_schools(cast, catalog_db):
    for user in (cast.counselor, cast.district_admin, cast.teacher, cast.partner_contact, cast.outsider):
        with pytest.raises(NotFound):
            services.school_create(acting_user=user, consortium=cast.alpha, data=school_data(cast))
        with pytest.raises(NotFound):
            services.school_update(acting_user=user, school=cast.school, data=school_data(cast))
    assert not School.objects.filter(name="Alpha Tech Academy").exists()


def test_it_refuses_a_district_of_another_consortium(cast, catalog_db):
    with pytest.raises(InvalidInput):
        services.school_create(
            acting_user=cast.admin, consortium=cast.alpha, data=school_data(cast, district=cast.beta_district)
        )
    assert not School.objects.filter(name="Alpha Tech Academy").exists()


def test_it_updates_a_school_and_clears_the_county_with_the_zip(cast, catalog_db):
    services.school_update(
        acting_user=cast.staff, school=cast.school, data=school_data(cast, name="Alpha High")
    )
    cast.school.refresh_from_db()
    assert cast.school.county_id == "35049"
    services.school_update(
        acting_user=cast.staff, school=cast.school, data=school_data(cast, name="Alpha High", zip_code="")
    )
    cast.school.refresh_from_db()
    assert cast.school.county_id is None and cast.school.zip_code_id is None


def partner_data(**changes) -> PartnerData:
    values = {"name": "Mesa Solar", "kind": PartnerKind.EMPLOYER, "website": "https://mesa.example.org"}
    values.update(changes)
    return PartnerData(**values)


def test_it_refuses_a_duplicate_partner_name_and_points_to_the_existing_one(cast):
    with pytest.raises(services.DuplicatePartner) as error:
        services.partner_create(
            acting_user=cast.admin, consortium=cast.alpha, data=partner_data(name="alpha manufacturing ")
        )
    assert error.value.message == "A partner with this name already exists."
    assert error.value.existing == cast.partner
    assert Partner.objects.filter(consortium=cast.alpha).count() == 1


def test_it_allows_the_same_partner_name_in_another_consortium(cast):
    beta_admin = cast.outsider
    from pathways.accounts.models import Membership

    Membership.objects.create(user=beta_admin, role="consortium_admin", consortium=cast.beta)
    partner = services.partner_create(
        acting_user=beta_admin, consortium=cast.beta, data=partner_data(name="Alpha Manufacturing")
    )
    assert partner.consortium == cast.beta


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "pirates"}, "kind"),
        ({"website": "not a url"}, "website"),
        ({"naics_code": "12ab"}, "naics_code"),
        ({"zip_code": "99999"}, "zip_code"),
    ],
)
def test_it_refuses_a_bad_partner_and_changes_nothing(cast, catalog_db, changes, field):
    with pytest.raises(InvalidInput) as error:
        services.partner_create(acting_user=cast.admin, consortium=cast.alpha, data=partner_data(**changes))
    assert error.value.field == field
    assert not Partner.objects.filter(name="Mesa Solar").exists()


def test_it_lets_a_partner_contact_edit_their_own_profile_but_not_publish_it(cast):
    services.partner_update(
        acting_user=cast.partner_contact,
        partner=cast.partner,
        data=partner_data(name="Alpha Manufacturing", description="Machining and welding."),
    )
    cast.partner.refresh_from_db()
    assert cast.partner.description == "Machining and welding."
    with pytest.raises(InvalidInput) as error:
        services.partner_update(
            acting_user=cast.partner_contact,
            partner=cast.partner,
            data=partner_data(name="Alpha Manufacturing", is_public=False),
        )
    assert error.value.field == "is_public"
    cast.partner.refresh_from_db()
    assert cast.partner.is_public is True


def test_it_hides_partners_from_those_who_may_not_edit_them(cast):
    for user in (cast.counselor, cast.student, cast.guardian, cast.outsider):
        with pytest.raises(NotFound):
            services.partner_update(acting_user=user, partner=cast.partner, data=partner_data())
    for user in (cast.counselor, cast.partner_contact, cast.outsider):
        with pytest.raises(NotFound):
            services.partner_create(acting_user=user, consortium=cast.alpha, data=partner_data())


def test_it_adds_contacts_at_a_partner_for_leaders_and_the_partners_own_contact(cast):
    contact = services.contact_create(
        acting_user=cast.partner_contact,
        consortium=cast.alpha,
        partner=cast.partner,
        data=ContactData(name="Rita Foreman", email="rita@example.org", phone="505-555-0134"),
    )
    assert contact.partner == cast.partner and contact.is_public is False
    services.contact_update(
        acting_user=cast.admin, contact=contact, data=ContactData(name="Rita Foreman", is_public=True)
    )
    contact.refresh_from_db()
    assert contact.is_public is True
    with pytest.raises(InvalidInput):
        services.contact_update(
            acting_user=cast.partner_contact, contact=contact, data=ContactData(name="Rita", is_public=False)
        )
    for user in (cast.counselor, cast.outsider):
        with pytest.raises(NotFound):
            services.contact_update(acting_user=user, contact=contact, data=ContactData(name="X"))
        with pytest.raises(NotFound):
            services.contact_create(
                acting_user=user, consortium=cast.alpha, partner=None, data=ContactData(name="X")
            )
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"email": "nope"}, "email"), ({"phone": "call me"}, "phone"), ({"name": ""}, "name")],
)
def test_it_refuses_a_bad_contact_and_changes_nothing(cast, changes, field):
    values = {"name": "Rita Foreman", **changes}
    with pytest.raises(InvalidInput) as error:
        services.contact_create(
            acting_user=cast.admin, consortium=cast.alpha, partner=None, data=ContactData(**values)
        )
    assert error.value.field == field
    assert Contact.objects.count() == 0


def test_it_refuses_a_contact_at_a_partner_of_another_consortium(cast):
    with pytest.raises(NotFound):
        services.contact_create(
            acting_user=cast.admin, consortium=cast.beta, partner=cast.partner, data=ContactData(name="X")
        )
