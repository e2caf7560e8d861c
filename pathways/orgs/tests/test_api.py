"""The network API: public consortia for everyone, the tree for signed-in callers within scope."""

from __future__ import annotations

import pytest

from pathways.accounts.services import api_token_create, api_token_revoke
from pathways.orgs.models import Contact, Partner, PartnerKind, School


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def key_of(user) -> str:
    return api_token_create(acting_user=user, user=user, name="test")[1]


def test_it_lists_public_consortia_to_anyone(cast, client):
    cast.beta.is_public = False
    cast.beta.save()
    body = client.get("/api/v1/consortia").json()
    assert [c["slug"] for c in body["items"]] == ["alpha"]
    alpha = body["items"][0]
    assert alpha["member"] is False
    assert (alpha["district_count"], alpha["school_count"], alpha["partner_count"]) == (1, 2, 1)


def test_it_adds_the_callers_own_consortia_with_a_member_flag(cast, client):
    cast.beta.is_public = False
    cast.beta.save()
    body = client.get("/api/v1/consortia", **bearer(key_of(cast.outsider))).json()
    assert {(c["slug"], c["member"]) for c in body["items"]} == {("alpha", False), ("beta", True)}
    assert client.get("/api/v1/consortia/beta").status_code == 404
    assert client.get("/api/v1/consortia/beta", **bearer(key_of(cast.outsider))).json()["member"] is True


def test_it_lists_only_public_contacts_without_login(cast, client):
    Contact.objects.create(consortium=cast.alpha, name="Public Paula", is_public=True)
    Contact.objects.create(consortium=cast.alpha, partner=cast.partner, name="Private Pete", is_public=False)
    Contact.objects.create(consortium=cast.alpha, partner=cast.partner, name="Plant Priya", is_public=True)
    body = client.get("/api/v1/consortia/alpha/contacts").json()
    assert [(c["name"], c["organization"]) for c in body["items"]] == [
        ("Plant Priya", "Alpha Manufacturing"),
        ("Public Paula", "Alpha CTE Consortium"),
    ]
    assert client.get("/api/v1/consortia/nope/contacts").status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/regions", "/api/v1/districts", "/api/v1/schools", "/api/v1/partners"]
)
def test_it_needs_a_caller_for_the_tree(cast, client, path):
    assert client.get(path).status_code == 401
    assert client.get(path, **bearer("pw_nope")).status_code == 401


def test_it_limits_a_token_to_its_users_scope(cast, client):
    admin, counselor, outsider = key_of(cast.admin), key_of(cast.counselor), key_of(cast.outsider)

    def names(path, key):
        return sorted(item["name"] for item in client.get(path, **bearer(key)).json()["items"])

    assert names("/api/v1/schools", admin) == ["Alpha High", "Alpha Middle"]
    assert names("/api/v1/schools", counselor) == ["Alpha High"]
    assert names("/api/v1/schools", outsider) == ["Beta High"]
    assert names("/api/v1/districts", outsider) == ["Beta County Schools"]
    assert names("/api/v1/partners", outsider) == []
    assert names("/api/v1/regions", outsider) == []
    assert names("/api/v1/regions", admin) == ["North"]
    assert names("/api/v1/partners", counselor) == ["Alpha Manufacturing"]
    assert names("/api/v1/schools?consortium=alpha", outsider) == []
    for path in (f"/api/v1/schools/{cast.school.public_id}", f"/api/v1/partners/{cast.partner.public_id}"):
        response = client.get(path, **bearer(outsider))
        assert response.status_code == 404
        assert response.json()["detail"][0]["type"] == "not_found"


def test_it_returns_a_school_with_its_wage_area(cast, client, catalog_db):
    from pathways.labor.models import ZipCode

    zip_code = ZipCode.objects.select_related("county").get(zip="87501")
    School.objects.filter(pk=cast.school.pk).update(zip_code=zip_code, county=zip_code.county)
    body = client.get(f"/api/v1/schools/{cast.school.public_id}", **bearer(key_of(cast.teacher))).json()
    assert body["county"] == "Santa Fe County"
    assert body["wage_area"]["name"] == "Santa Fe, NM"
    assert body["district"]["name"] == "Alpha Unified" and body["grade_low"] == 9


def test_it_returns_a_partner_with_the_contacts_the_caller_may_see(cast, client):
    Contact.objects.create(consortium=cast.alpha, partner=cast.partner, name="Rita", is_public=False)
    body = client.get(
        f"/api/v1/partners/{cast.partner.public_id}", **bearer(key_of(cast.partner_contact))
    ).json()
    assert [c["name"] for c in body["contacts"]] == ["Rita"]
    assert (
        client.get(f"/api/v1/partners/{cast.partner.public_id}", **bearer(key_of(cast.student))).status_code
        == 404
    )


def test_it_stops_working_when_the_token_is_revoked(cast, client):
    token, key = api_token_create(acting_user=cast.admin, user=cast.admin, name="x")
    assert client.get("/api/v1/schools", **bearer(key)).status_code == 200
    api_token_revoke(acting_user=cast.admin, token=token)
    assert client.get("/api/v1/schools", **bearer(key)).status_code == 401


def test_it_filters_and_pages(cast, client):
    admin = key_of(cast.admin)
    for n in range(5):
        Partner.objects.create(consortium=cast.alpha, kind=PartnerKind.COMMUNITY, name=f"Club {n}")
    body = client.get("/api/v1/partners?kind=community&limit=2&offset=2", **bearer(admin)).json()
    assert body["count"] == 5 and [p["name"] for p in body["items"]] == ["Club 2", "Club 3"]
    body = client.get(f"/api/v1/schools?district={cast.district.public_id}", **bearer(admin)).json()
    assert body["count"] == 2
    assert client.get("/api/v1/partners?limit=1000", **bearer(admin)).status_code == 422
    assert client.get("/api/v1/partners?kind=pirates", **bearer(admin)).status_code == 422


def test_it_keeps_list_queries_bounded(cast, client, django_assert_max_num_queries):
    admin = key_of(cast.admin)
    for n in range(30):
        School.objects.create(consortium=cast.alpha, district=cast.district, name=f"School {n}")
        Partner.objects.create(consortium=cast.alpha, kind=PartnerKind.EMPLOYER, name=f"Employer {n}")
    for path in (
        "/api/v1/schools?limit=50",
        "/api/v1/partners?limit=50",
        "/api/v1/districts",
        "/api/v1/consortia",
    ):
        with django_assert_max_num_queries(6):
            response = client.get(path, **bearer(admin))
        assert response.status_code == 200


def test_it_documents_every_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/consortia",
        "/api/v1/consortia/{slug}",
        "/api/v1/consortia/{slug}/contacts",
        "/api/v1/regions",
        "/api/v1/districts",
        "/api/v1/schools",
        "/api/v1/schools/{public_id}",
        "/api/v1/partners",
        "/api/v1/partners/{public_id}",
        "/api/v1/me",
        "/api/v1/me/tokens",
        "/api/v1/me/tokens/{public_id}",
    ):
        assert path in spec["paths"], path
        for operation in spec["paths"][path].values():
            assert operation.get("summary"), path
