"""Round and placement pages and the API, walked as each role."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pathways.wbl.models import Choice, Placement, RoundStatus

from .rounds_helpers import add, new_round, opportunity, student

pytestmark = pytest.mark.django_db


def test_coordinator_sets_up_and_runs_a_round_through_the_pages(cast, client):
    opp = opportunity(cast, "Robotics internship", capacity=1)
    client.force_login(cast.staff)
    deadline = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post("/wbl/rounds/new/", {"name": "", "deadline": deadline, "max_choices": "3"})
    assert bad.status_code == 422 and "Give the round a name." in bad.content.decode()
    response = client.post("/wbl/rounds/new/", {"name": "Spring", "deadline": deadline, "max_choices": "3"})
    rnd = cast.alpha.__class__.objects.get(pk=cast.alpha.pk) and response.url.split("/")[-2]
    client.post(
        f"/wbl/rounds/{rnd}/entries/",
        {"opportunity": str(opp.public_id), "method": "priority", "rule_1": "seniors"},
    )
    client.post(f"/wbl/rounds/{rnd}/action/", {"action": "open"})
    page = client.get(f"/wbl/rounds/{rnd}/").content.decode()
    assert "Robotics internship" in page and "Seniors first, then juniors" in page

    client.force_login(cast.student)
    page = client.get(f"/wbl/rounds/{rnd}/").content.decode()
    assert "Choice 1" in page
    entry = opp.round_entries.get()
    client.post(
        f"/wbl/rounds/{rnd}/choices/",
        {"choice_1": str(entry.public_id), "has_transportation": "no", "statement_1": "I build robots"},
    )
    assert Choice.objects.get(student=cast.student).statement == "I build robots"

    client.force_login(cast.partner_contact)
    page = client.get(f"/wbl/round-entries/{entry.public_id}/").content.decode()
    assert "Stella Student" in page and "I build robots" in page and "Alpha High" in page

    client.force_login(cast.staff)
    client.post(f"/wbl/rounds/{rnd}/action/", {"action": "close"})
    client.post(f"/wbl/rounds/{rnd}/action/", {"action": "compute", "seed": "5"})
    page = client.get(f"/wbl/rounds/{rnd}/").content.decode()
    assert "Statistics" in page and "lottery seed 5" in page
    client.post(f"/wbl/rounds/{rnd}/action/", {"action": "publish"})
    assert entry.round.__class__.objects.get(public_id=rnd).status == RoundStatus.PUBLISHED

    client.force_login(cast.student)
    page = client.get(f"/wbl/rounds/{rnd}/").content.decode()
    assert "You have a place: Robotics internship" in page and "1st choice" in page
    placement = Placement.objects.get(student=cast.student)
    assert client.get(f"/wbl/placements/{placement.public_id}/").status_code == 200


def test_students_do_not_see_draft_rounds_and_the_outsider_sees_nothing(cast, client):
    rnd = new_round(cast)
    add(cast, rnd, opportunity(cast, "O"))
    client.force_login(cast.student)
    assert client.get(f"/wbl/rounds/{rnd.public_id}/").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(f"/wbl/rounds/{rnd.public_id}/").status_code == 404
    client.force_login(cast.student)
    assert client.post(f"/wbl/rounds/{rnd.public_id}/action/", {"action": "open"}).status_code == 404


def test_the_api_gives_the_student_their_results_and_hours(cast, client):
    from pathways.wbl.services import rounds as services

    rnd = new_round(cast)
    entry = add(cast, rnd, opportunity(cast, "Lab"))
    services.open_round(cast.staff, rnd)
    other = student(cast, "other")
    services.submit_choices(cast.student, rnd, [str(entry.public_id)], has_transportation=True)
    services.close_round(cast.staff, rnd)
    services.compute_round(cast.staff, rnd, seed=1)
    services.publish_round(cast.staff, rnd)
    client.force_login(cast.student)
    results = client.get("/api/v1/wbl/me/results").json()
    assert results[0]["placed_at"]["title"] == "Lab" and results[0]["choice_rank"] == 1
    placements = client.get("/api/v1/wbl/me/placements").json()
    assert placements[0]["status"] == "agreement"
    pid = placements[0]["public_id"]
    refused = client.post(
        f"/api/v1/wbl/placements/{pid}/hours",
        {"worked_on": "2020-01-01", "hours": 2, "activity": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"]
    client.force_login(other)
    assert client.get(f"/api/v1/wbl/placements/{pid}/hours").status_code == 404
