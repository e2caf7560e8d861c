"""Reads of the network: the overview, public consortia and contacts, lists by scope."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from pathways.orgs import selectors
from pathways.orgs.models import Contact, Partner, PartnerKind, Region, School


def test_it_groups_the_overview_by_region_and_partner_kind(cast):
    School.objects.filter(pk=cast.school.pk).update(enrollment=400)
    School.objects.filter(pk=cast.other_school.pk).update(enrollment=250)
    Region.objects.create(consortium=cast.alpha, name="South")
    Partner.objects.create(
        consortium=cast.alpha, kind=PartnerKind.WORKFORCE_BOARD, name="Alpha Workforce Board"
    )
    overview = selectors.network_overview(cast.alpha)
    assert [
        (g.region.name if g.region else None, [d.name for d in g.districts]) for g in overview.regions
    ] == [
        ("North", ["Alpha Unified"]),
        ("South", []),
    ]
    assert (overview.district_count, overview.school_count, overview.enrollment) == (1, 2, 650)
    assert [(g.label, [p.name for p in g.partners]) for g in overview.partner_groups] == [
        ("Employer", ["Alpha Manufacturing"]),
        ("Workforce board", ["Alpha Workforce Board"]),
    ]


def test_it_counts_only_public_partners_and_shows_members_their_private_consortium(cast):
    Partner.objects.create(consortium=cast.alpha, kind=PartnerKind.EMPLOYER, name="Quiet Co", is_public=False)
    cast.beta.is_public = False
    cast.beta.save()
    anonymous = {c.slug: c for c in selectors.consortia_for(AnonymousUser())}
    assert set(anonymous) == {"alpha"} and anonymous["alpha"].partner_count == 1
    assert {c.slug for c in selectors.consortia_for(cast.outsider)} == {"alpha", "beta"}
    assert {c.slug for c in selectors.consortia_for(cast.admin)} == {"alpha"}


def test_it_lists_public_contacts_of_public_partners_only(cast):
    hidden = Partner.objects.create(
        consortium=cast.alpha, kind=PartnerKind.EMPLOYER, name="Quiet Co", is_public=False
    )
    Contact.objects.create(consortium=cast.alpha, partner=hidden, name="At a private partner", is_public=True)
    Contact.objects.create(consortium=cast.alpha, partner=cast.partner, name="Not public", is_public=False)
    Contact.objects.create(consortium=cast.alpha, name="Coordinator", is_public=True)
    Contact.objects.create(consortium=cast.beta, name="Beta coordinator", is_public=True)
    assert [c.name for c in selectors.public_contacts(cast.alpha)] == ["Coordinator"]


def test_it_scopes_every_list(cast):
    def names(rows):
        return sorted(r.name for r in rows)

    assert names(selectors.schools_list(actor=cast.outsider)) == ["Beta High"]
    assert names(selectors.schools_list(actor=cast.outsider, consortium=cast.alpha)) == []
    assert names(selectors.partners_list(actor=cast.outsider)) == []
    assert names(selectors.districts_list(actor=cast.counselor)) == ["Alpha Unified"]
    assert names(selectors.regions_list(actor=cast.student)) == []
    assert names(selectors.schools_list(actor=cast.admin, district="not-a-uuid")) == []
    assert names(selectors.schools_list(actor=cast.admin, district=str(cast.district.public_id))) == [
        "Alpha High",
        "Alpha Middle",
    ]


def test_it_lists_a_schools_staff_and_counts_its_students(cast):
    assert [(m.user.username, m.role) for m in selectors.school_staff(cast.school)] == [
        ("cora", "counselor"),
        ("tom", "teacher"),
    ]
    assert selectors.student_count(cast.school) == 1
    assert selectors.student_count(cast.beta_school) == 1
