"""The orgs and accounts demo loaders: idempotent, seed names exact, every role present."""

from __future__ import annotations

from pathways.accounts.demo import DEMO_PASSWORD, demo_logins
from pathways.accounts.demo import load as load_people
from pathways.accounts.models import GuardianLink, Membership, User
from pathways.orgs.demo import MN_SUMMARY
from pathways.orgs.demo import load as load_network
from pathways.orgs.models import Consortium, Contact, Partner, School


def load_twice() -> None:
    for _ in range(2):
        load_network(lambda line: None)
        load_people(lambda line: None)


def test_it_loads_the_seed_consortia_and_partners_once(catalog_db):
    load_twice()
    assert sorted(Consortium.objects.values_list("slug", flat=True)) == [
        "mn-service-coops",
        "nm-region-b",
        "nm-region-i",
    ]
    mn = Consortium.objects.get(slug="mn-service-coops")
    assert mn.summary == MN_SUMMARY and mn.host_organization == "Minnesota Service Cooperatives"
    region_i = set(Partner.objects.filter(consortium__slug="nm-region-i").values_list("name", flat=True))
    assert {
        "United Way",
        "Clovis EDC",
        "Portales EDC",
        "Southwest Cheese",
        "Juvenile Services",
        "Eastern Workforce Board",
    } <= region_i
    region_b = set(Partner.objects.filter(consortium__slug="nm-region-b").values_list("name", flat=True))
    assert {"Los Alamos National Laboratory (LANL)", "FLUTe"} <= region_b
    tiffany = Contact.objects.get(name="Tiffany Bretz")
    assert tiffany.partner.name == "Southwest Cheese" and not tiffany.is_public
    assert Contact.objects.get(name="Michael Stein").partner.name == "Juvenile Services"
    assert School.objects.count() == 12


def test_it_resolves_new_mexico_schools_to_their_wage_area(catalog_db):
    load_twice()
    school = School.objects.get(name="Llano Estacado High School (demo)")
    assert school.county is not None and school.county.name == "Curry County"
    assert school.wage_area_id == "3500007"


def test_it_creates_every_demo_login_with_its_role(catalog_db):
    load_twice()
    logins = demo_logins()
    assert len(logins) == 27
    for login in logins:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user).count() == 1
    assert User.objects.get(username="nmb-student").grade_level == 10
    assert User.objects.get(username="nmb-student2").grade_level == 7
    link = GuardianLink.objects.get(guardian__username="nmi-guardian")
    assert link.student.username == "nmi-student"
    assert (
        Membership.objects.get(user__username="mn-partner").partner.name
        == "Northwoods Health Partners (demo)"
    )


def test_it_matches_the_published_login_table():
    from pathlib import Path

    table = (Path(__file__).resolve().parents[3] / "docs" / "demo-logins.md").read_text()
    for login in demo_logins():
        assert f"| `{login.username}` | {login.name} |" in table
