"""The governance API: public reads, members' reads, and ballot endpoints (tokens or session)."""

from __future__ import annotations

import json

import pytest

from pathways.accounts.services import api_token_create
from pathways.consortia import services
from tests.cast import PASSWORD


def bearer(user):
    _token, key = api_token_create(acting_user=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_it_serves_a_public_plan_and_404s_a_missing_one(client, gov):
    cast = gov.cast
    services.plan_update(acting_user=cast.admin, consortium=cast.alpha, mission="Robust CTE.")
    services.priority_add(
        acting_user=cast.admin, consortium=cast.alpha, heading="We support and develop:", text="A"
    )
    services.principles_adopt_defaults(acting_user=cast.admin, consortium=cast.alpha)
    body = client.get("/api/v1/consortia/alpha/plan").json()
    assert body["mission"] == "Robust CTE."
    assert body["vision"] is None  # only a draft, discussed at no published meeting
    assert body["priorities"] == [{"heading": "We support and develop:", "items": ["A"]}]
    assert len(body["principles"]) == 5
    missing = client.get("/api/v1/consortia/nope/plan")
    assert missing.status_code == 404 and missing.json()["detail"][0]["loc"] == ["path", "slug"]


def test_it_hides_a_non_public_consortium_from_everyone_but_its_members(client, gov):
    cast = gov.cast
    cast.alpha.is_public = False
    cast.alpha.save()
    assert client.get("/api/v1/consortia/alpha/plan").status_code == 404
    assert client.get("/api/v1/consortia/alpha/plan", **bearer(cast.outsider)).status_code == 404
    assert client.get("/api/v1/consortia/alpha/plan", **bearer(cast.counselor)).status_code == 200
    # Its published meeting is no longer public either.
    assert client.get(f"/api/v1/meetings/{gov.published.public_id}").status_code == 404


def test_it_serves_the_target_industry_tree(client, gov):
    body = client.get("/api/v1/target-industries", {"consortium": "alpha"}).json()
    assert body["count"] == 2
    [manufacturing] = body["items"]
    assert manufacturing["label"] == "Manufacturing, to include:"
    assert [c["name"] for c in manufacturing["children"]] == ["Welding"]
    assert client.get("/api/v1/target-industries", {"consortium": "nope"}).status_code == 404
    assert client.get("/api/v1/target-industries").status_code == 422


def test_it_lists_published_meetings_for_the_public_and_all_their_own_for_members(client, gov):
    public = client.get("/api/v1/meetings", {"consortium": "alpha"}).json()
    assert [m["title"] for m in public["items"]] == ["Alpha Consortia Meeting"]
    member = client.get(
        "/api/v1/meetings", {"consortium": "alpha"}, **bearer(gov.cast.partner_contact)
    ).json()
    assert {m["title"] for m in member["items"]} == {"Alpha Consortia Meeting", "Alpha Planning Meeting"}
    outsider = client.get("/api/v1/meetings", **bearer(gov.cast.outsider)).json()
    assert {m["title"] for m in outsider["items"]} == {"Alpha Consortia Meeting", "Beta Meeting"}
    student = client.get("/api/v1/meetings", {"consortium": "alpha"}, **bearer(gov.cast.student)).json()
    assert [m["title"] for m in student["items"]] == ["Alpha Consortia Meeting"]


def test_it_reports_a_meetings_outcomes_with_votes_and_counts(client, gov):
    body = client.get(f"/api/v1/meetings/{gov.published.public_id}").json()
    assert body["outcomes_title"] == "Outcomes – March 27 Alpha Consortia Meeting"  # noqa: RUF001
    assert body["votes"] == [
        {
            "heading": "Top Programs of Study to Pursue Include:",
            "results": [
                {"label": "Information Technology", "votes": 19},
                {"label": "Manufacturing", "votes": 18},
            ],
        }
    ]
    assert body["discussion"][0]["items"] == [
        {"text": "Adaptable", "count": 4, "children": []},
        {"text": "Responsible", "count": None, "children": []},
    ]
    assert body["opportunities"][0]["children"][0]["text"] == "Parent nights"
    assert body["ballots"][0]["options"][0] == {
        "public_id": body["ballots"][0]["options"][0]["public_id"],
        "label": "Information Technology",
        "votes": 19,
        "my_dots": 0,
    }
    assert body["agenda"] is None and body["attendees"] is None  # members only
    assert client.get(f"/api/v1/meetings/{gov.meeting.public_id}").status_code == 404  # unpublished
    assert (
        client.get(f"/api/v1/meetings/{gov.meeting.public_id}", **bearer(gov.cast.outsider)).status_code
        == 404
    )
    member = client.get(f"/api/v1/meetings/{gov.meeting.public_id}", **bearer(gov.cast.counselor)).json()
    assert member["agenda"] == ["Welcome", "Dot-vote on programs"]
    assert (
        member["ballots"][0]["status"] == "draft"
        and member["ballots"][0]["room_code"] == gov.ballot.room_code
    )


def test_it_lets_members_vote_through_the_api(client, gov):
    cast, ballot = gov.cast, gov.ballot
    url = f"/api/v1/ballots/{ballot.public_id}"
    assert client.get(url).status_code == 401
    assert client.get(url, **bearer(cast.outsider)).status_code == 404
    assert client.post(f"{url}/open", **bearer(cast.counselor)).status_code == 403
    opened = client.post(f"{url}/open", **bearer(cast.admin))
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    option = str(ballot.options.get(label="Healthcare").public_id)
    teacher = bearer(cast.teacher)
    for left in (2, 1, 0):
        placed = client.post(
            f"{url}/dots", json.dumps({"option": option}), content_type="application/json", **teacher
        )
        assert placed.status_code == 201 and placed.json()["dots_left"] == left
    full = client.post(
        f"{url}/dots", json.dumps({"option": option}), content_type="application/json", **teacher
    )
    assert full.status_code == 422 and full.json()["detail"][0]["loc"] == ["query", "option"]
    taken = client.delete(f"{url}/dots?option={option}", **teacher)
    assert taken.status_code == 200 and taken.json()["my_dots"] == 2
    student = client.post(
        f"{url}/dots", json.dumps({"option": option}), content_type="application/json", **bearer(cast.student)
    )
    assert student.status_code == 404  # students take no part: the open ballot is not theirs to see
    closed = client.post(f"{url}/close", **bearer(cast.staff)).json()
    assert closed["status"] == "closed"
    assert {o["label"]: o["votes"] for o in closed["options"]}["Healthcare"] == 2
    late = client.post(
        f"{url}/dots", json.dumps({"option": option}), content_type="application/json", **teacher
    )
    assert late.status_code == 422


def test_it_accepts_the_browser_session_for_ballot_reads(client, gov):
    client.login(username=gov.cast.teacher.username, password=PASSWORD)
    assert (
        client.get(f"/api/v1/ballots/{gov.ballot.public_id}").json()["question"]
        == "Which programs should we pursue?"
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/meetings?consortium=alpha", "/api/v1/target-industries?consortium=alpha"]
)
def test_it_answers_lists_in_a_fixed_number_of_queries(client, gov, django_assert_max_num_queries, path):
    for n in range(6):
        services.meeting_save(
            acting_user=gov.cast.admin, consortium=gov.cast.alpha, date=gov.meeting.date, title=f"M{n}"
        )
        services.target_industry_create(acting_user=gov.cast.admin, consortium=gov.cast.alpha, name=f"I{n}")
    headers = bearer(gov.cast.admin)
    with django_assert_max_num_queries(8):
        assert client.get(path, **headers).status_code == 200


def test_it_documents_every_governance_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/consortia/{slug}/plan",
        "/api/v1/target-industries",
        "/api/v1/meetings",
        "/api/v1/meetings/{public_id}",
        "/api/v1/ballots/{public_id}",
        "/api/v1/ballots/{public_id}/dots",
        "/api/v1/ballots/{public_id}/open",
        "/api/v1/ballots/{public_id}/close",
    ):
        for operation in schema["paths"][path].values():
            assert operation["summary"], path
