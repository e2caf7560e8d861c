"""Open registration: seats, the waitlist, automatic promotion, eligibility refusals, the roster."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from pathways.core.errors import DomainError, NotFound
from pathways.programs.models import ProgramOfStudy
from pathways.students.models import Plan, StudentProfile
from pathways.wbl.models import Allocation, OpportunityStatus, Registration, RegistrationStatus
from pathways.wbl.services import opportunities as services

from .test_opportunities_support import opportunity, student

pytestmark = pytest.mark.django_db


def test_a_full_event_puts_students_on_the_waitlist_and_a_cancel_promotes_the_first(cast):
    row = opportunity(cast, capacity=1)
    ana, ben = student(cast, "ana"), student(cast, "ben")
    first = services.register(acting_user=cast.student, opportunity=row)
    second = services.register(acting_user=ana, opportunity=row)
    third = services.register(acting_user=ben, opportunity=row)
    assert first.status == RegistrationStatus.REGISTERED
    assert (second.status, services.waitlist_position(second)) == (RegistrationStatus.WAITLISTED, 1)
    assert services.waitlist_position(third) == 2
    promoted = services.cancel(acting_user=cast.student, registration=first)
    assert [r.student for r in promoted] == [ana]
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.REGISTERED
    assert services.waitlist_position(third) == 1


def test_registering_twice_is_refused_and_coming_back_after_cancelling_goes_to_the_end(cast):
    row = opportunity(cast, capacity=1)
    ana = student(cast, "ana")
    mine = services.register(acting_user=cast.student, opportunity=row)
    with pytest.raises(DomainError, match="already registered"):
        services.register(acting_user=cast.student, opportunity=row)
    services.register(acting_user=ana, opportunity=row)
    services.cancel(acting_user=cast.student, registration=mine)  # ana gets the seat
    again = services.register(acting_user=cast.student, opportunity=row)
    assert again.status == RegistrationStatus.WAITLISTED


def test_raising_the_capacity_promotes_the_waitlist(cast):
    row = opportunity(cast, capacity=1, virtual=True)
    services.register(acting_user=cast.student, opportunity=row)
    ana = student(cast, "ana")
    waiting = services.register(acting_user=ana, opportunity=row)
    data = services.OpportunityData(
        title=row.title, description=row.description, engagement=row.engagement,
        starts_on=row.starts_on, capacity=2, is_virtual=True,
    )  # fmt: skip
    services.opportunity_update(acting_user=cast.admin, opportunity=row, data=data)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_eligibility_refusals_say_what_is_missing(cast):
    row = opportunity(cast, min_grade=11)
    with pytest.raises(DomainError, match="grade 11 and up; you are in grade 10"):
        services.register(acting_user=cast.student, opportunity=row)
    aged = opportunity(cast, min_age=16, title="Internship")
    with pytest.raises(DomainError, match="date of birth is not on record"):
        services.register(acting_user=cast.student, opportunity=aged)
    StudentProfile.objects.create(
        consortium=cast.alpha, student=cast.student, school=cast.school,
        date_of_birth=aged.starts_on.replace(year=aged.starts_on.year - 15),
    )  # fmt: skip
    with pytest.raises(DomainError, match="16 or older on the first day"):
        services.register(acting_user=cast.student, opportunity=aged)
    StudentProfile.objects.filter(student=cast.student).update(
        date_of_birth=aged.starts_on.replace(year=aged.starts_on.year - 16)
    )
    assert (
        services.register(acting_user=cast.student, opportunity=aged).status == RegistrationStatus.REGISTERED
    )
    assert not Registration.objects.filter(opportunity=row).exists()


def test_a_required_program_of_study_is_checked_against_the_students_plan(cast, catalog_db):
    from pathways.catalog.models import CareerCluster, CipProgram

    program = ProgramOfStudy.objects.create(
        consortium=cast.alpha, name="Welding", school=cast.school,
        cluster=CareerCluster.objects.filter(framework="2024").first(), cip=CipProgram.objects.first(),
    )  # fmt: skip
    row = opportunity(cast)
    row.required_programs.set([program])
    with pytest.raises(DomainError, match="students in: Welding"):
        services.register(acting_user=cast.student, opportunity=row)
    Plan.objects.create(consortium=cast.alpha, student=cast.student, program=program)
    assert (
        services.register(acting_user=cast.student, opportunity=row).status == RegistrationStatus.REGISTERED
    )


def test_closed_past_round_and_unapproved_opportunities_take_no_registrations(cast):
    with pytest.raises(DomainError, match="closed"):
        services.register(
            acting_user=cast.student,
            opportunity=opportunity(cast, starts_on=datetime.date(2020, 1, 1), title="Past"),
        )
    with pytest.raises(DomainError, match="matching round"):
        services.register(
            acting_user=cast.student,
            opportunity=opportunity(cast, allocation=Allocation.ROUND, title="Round"),
        )
    with pytest.raises(NotFound):
        services.register(
            acting_user=cast.student,
            opportunity=opportunity(cast, status=OpportunityStatus.SUBMITTED, title="Sub"),
        )
    with pytest.raises(NotFound):
        services.register(acting_user=cast.beta_student, opportunity=opportunity(cast, title="Alpha only"))


def test_the_student_page_shows_the_waitlist_position_and_cancel(cast, client):
    row = opportunity(cast, capacity=1)
    services.register(acting_user=student(cast, "ana"), opportunity=row)
    client.force_login(cast.student)
    page = client.get(reverse("wbl:opportunity-detail", args=[row.public_id])).content.decode()
    assert "Join the waitlist" in page
    response = client.post(reverse("wbl:opportunity-register", args=[row.public_id]), follow=True)
    page = response.content.decode()
    assert "You are number 1 on the waitlist." in page
    assert "Leave the waitlist" in page
    client.post(reverse("wbl:opportunity-cancel", args=[row.public_id]))
    assert Registration.objects.get(student=cast.student).status == RegistrationStatus.CANCELLED


def test_the_roster_for_the_partner_with_attendance_and_not_for_students(cast, client):
    row = opportunity(cast, capacity=1)
    mine = services.register(acting_user=cast.student, opportunity=row)
    services.register(acting_user=student(cast, "ana"), opportunity=row)
    client.force_login(cast.partner_contact)
    page = client.get(reverse("wbl:opportunity-roster", args=[row.public_id])).content.decode()
    assert "Stella Student" in page and "Ana Test" in page
    client.post(
        reverse("wbl:opportunity-roster", args=[row.public_id]),
        {"item": str(mine.public_id), "action": "attended", "hours": "3.5"},
    )
    mine.refresh_from_db()
    assert (mine.status, mine.hours) == (RegistrationStatus.ATTENDED, Decimal("3.5"))
    client.force_login(cast.student)
    assert client.get(reverse("wbl:opportunity-roster", args=[row.public_id])).status_code == 404
    client.force_login(cast.teacher)  # staff of the school: sees their students, cannot mark
    assert client.get(reverse("wbl:opportunity-roster", args=[row.public_id])).status_code == 200
    response = client.post(
        reverse("wbl:opportunity-roster", args=[row.public_id]), {"item": str(mine.public_id)}
    )
    assert response.status_code == 404


def test_the_api_registers_and_lists(cast, client):
    row = opportunity(cast, capacity=1, virtual=True, title="Virtual project")
    client.force_login(cast.student)
    listing = client.get("/api/v1/wbl/opportunities").json()
    assert [r["title"] for r in listing["results"]] == ["Virtual project"]
    response = client.post(f"/api/v1/wbl/opportunities/{row.public_id}/register")
    assert response.status_code == 201
    assert response.json()["status"] == "registered"
    again = client.post(f"/api/v1/wbl/opportunities/{row.public_id}/register")
    assert again.status_code == 400
    assert "already registered" in again.json()["detail"][0]["msg"]
    assert client.get(f"/api/v1/wbl/opportunities/{row.public_id}").json()["my_status"] == "registered"
    client.force_login(cast.outsider)
    assert client.get(f"/api/v1/wbl/opportunities/{row.public_id}").status_code == 404
    assert client.get("/api/v1/wbl/opportunities?zip=123").status_code == 422
    client.logout()
    assert client.get("/api/v1/wbl/opportunities").status_code == 401
    assert json.loads(client.post(f"/api/v1/wbl/opportunities/{row.public_id}/cancel").content)["detail"]
