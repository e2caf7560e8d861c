"""Coordinator tools: withdraw a placement with a reason, change its supervisor, take an
opportunity out of a draft or open round (with its choices), and a scramble limited to the seats
a student may take (school, grade, age, program of study)."""

from __future__ import annotations

import pytest

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.core.errors import InvalidInput
from pathways.core.models import AuditEvent
from pathways.students.models import Plan
from pathways.wbl.models import Choice, Placement, PlacementStatus
from pathways.wbl.services import placements as placement_services
from pathways.wbl.services import rounds as services

from .rounds_helpers import add, new_round, opportunity, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(cast) -> Placement:
    rnd = new_round(cast)
    entry = add(cast, rnd, opportunity(cast, "Machining internship"))
    services.open_round(cast.staff, rnd)
    services.submit_choices(cast.student, rnd, [str(entry.public_id)], has_transportation=True)
    services.close_round(cast.staff, rnd)
    services.compute_round(cast.staff, rnd, seed=3)
    services.publish_round(cast.staff, rnd)
    return Placement.objects.get(student=cast.student)


def second_contact(cast) -> User:
    user = User.objects.create_user("paco", password="x", first_name="Paco", last_name="Partner")
    Membership.objects.create(
        user=user, role=Role.PARTNER_CONTACT, consortium=cast.alpha, partner=cast.partner
    )
    return user


class TestWithdraw:
    def test_the_coordinator_withdraws_with_a_reason_and_it_is_audited(self, cast, client, placement):
        client.force_login(cast.staff)
        url = f"/wbl/placements/{placement.public_id}/"
        assert "Withdraw the placement" in client.get(url).content.decode()
        page = client.post(url + "withdraw/", {"reason": "  "}, follow=True).content.decode()
        assert "This field is required." in page
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.AGREEMENT  # nothing changed

        page = client.post(url + "withdraw/", {"reason": "Moved out of state"}, follow=True).content.decode()
        assert "The placement is withdrawn." in page and "Withdraw the placement" not in page
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.WITHDRAWN
        event = AuditEvent.objects.get(action="wbl.placement.withdraw")
        assert event.actor == cast.staff and event.details["reason"] == "Moved out of state"
        with pytest.raises(InvalidInput):
            placement_services.withdraw(cast.staff, placement, reason="again")

    def test_the_student_and_the_supervisor_cannot_withdraw(self, cast, client, placement):
        for user in (cast.student, cast.partner_contact):
            client.force_login(user)
            url = f"/wbl/placements/{placement.public_id}/"
            assert "Withdraw the placement" not in client.get(url).content.decode()
            assert client.post(url + "withdraw/", {"reason": "no"}).status_code == 404
        placement.refresh_from_db()
        assert placement.status == PlacementStatus.AGREEMENT


class TestSupervisor:
    def test_the_coordinator_names_another_contact_of_the_host(self, cast, client, placement):
        paco = second_contact(cast)
        client.force_login(cast.staff)
        url = f"/wbl/placements/{placement.public_id}/"
        page = client.get(url).content.decode()
        assert "Change the supervisor" in page and "Paco Partner" in page
        page = client.post(
            url + "supervisor/", {"supervisor": str(paco.public_id)}, follow=True
        ).content.decode()
        assert "Supervisor changed." in page
        placement.refresh_from_db()
        assert placement.supervisor == paco
        assert AuditEvent.objects.filter(action="wbl.placement.supervisor", actor=cast.staff).exists()

    def test_someone_outside_the_host_partner_is_refused(self, cast, client, placement):
        client.force_login(cast.staff)
        url = f"/wbl/placements/{placement.public_id}/"
        page = client.post(url + "supervisor/", {"supervisor": str(cast.teacher.public_id)}, follow=True)
        assert "Choose a contact of the host partner." in page.content.decode()
        placement.refresh_from_db()
        assert placement.supervisor == cast.partner_contact

    def test_the_supervisor_cannot_hand_the_placement_on(self, cast, client, placement):
        paco = second_contact(cast)
        client.force_login(cast.partner_contact)
        url = f"/wbl/placements/{placement.public_id}/supervisor/"
        assert client.post(url, {"supervisor": str(paco.public_id)}).status_code == 404
        placement.refresh_from_db()
        assert placement.supervisor == cast.partner_contact


class TestRemoveFromRound:
    def test_removing_from_an_open_round_drops_its_choices_and_moves_the_others_up(self, cast, client):
        rnd = new_round(cast)
        lab = add(cast, rnd, opportunity(cast, "Lab internship"))
        shop = add(cast, rnd, opportunity(cast, "Shop internship"))
        services.open_round(cast.staff, rnd)
        services.submit_choices(
            cast.student, rnd, [str(lab.public_id), str(shop.public_id)], has_transportation=True
        )
        client.force_login(cast.staff)
        page = client.get(f"/wbl/rounds/{rnd.public_id}/").content.decode()
        assert "Take “Lab internship” out of the round" in page
        page = client.post(
            f"/wbl/rounds/{rnd.public_id}/entries/remove/", {"entry": str(lab.public_id)}, follow=True
        ).content.decode()
        assert "“Lab internship” was taken out of the round, with 1 student&#x27;s choice of it." in page
        assert list(rnd.entries.all()) == [shop]
        left = Choice.objects.get(round=rnd, student=cast.student)
        assert (left.entry, left.rank) == (shop, 1)
        event = AuditEvent.objects.get(action="wbl.round.remove_opportunity")
        assert event.details["choices_removed"] == [str(cast.student.public_id)]

    def test_not_once_the_round_is_closed_and_not_by_others(self, cast, client):
        rnd = new_round(cast)
        lab = add(cast, rnd, opportunity(cast, "Lab internship"))
        services.open_round(cast.staff, rnd)
        client.force_login(cast.partner_contact)
        assert (
            client.post(
                f"/wbl/rounds/{rnd.public_id}/entries/remove/", {"entry": str(lab.public_id)}
            ).status_code
            == 404
        )
        services.close_round(cast.staff, rnd)
        client.force_login(cast.staff)
        assert "out of the round" not in client.get(f"/wbl/rounds/{rnd.public_id}/").content.decode()
        page = client.post(
            f"/wbl/rounds/{rnd.public_id}/entries/remove/", {"entry": str(lab.public_id)}, follow=True
        ).content.decode()
        assert "This cannot be done while the round is" in page
        assert rnd.entries.count() == 1


class TestScrambleEligibility:
    def test_only_seats_the_student_may_take_are_offered_and_claimable(self, cast, client, catalog_db):
        from pathways.catalog.models import CareerCluster, CipProgram
        from pathways.programs.models import ProgramOfStudy

        rnd = new_round(cast)
        first = add(cast, rnd, opportunity(cast, "Clinic internship", capacity=1), priority_rules=["seniors"])
        seniors = add(cast, rnd, opportunity(cast, "Seniors-only internship", capacity=3, min_grade=12))
        welding = add(cast, rnd, opportunity(cast, "Welding internship", capacity=3))
        other = add(
            cast, rnd, opportunity(cast, "Other school's internship", capacity=3, school=cast.other_school)
        )
        open_to_all = add(cast, rnd, opportunity(cast, "Open internship", capacity=3))
        program = ProgramOfStudy.objects.create(
            consortium=cast.alpha, name="Welding", school=cast.school,
            cluster=CareerCluster.objects.filter(framework="2024").first(), cip=CipProgram.objects.first(),
        )  # fmt: skip
        welding.opportunity.required_programs.set([program])
        services.open_round(cast.staff, rnd)
        rival = student(cast, "rita", grade=12)
        services.submit_choices(rival, rnd, [str(first.public_id)], has_transportation=True)
        services.submit_choices(cast.student, rnd, [str(first.public_id)], has_transportation=True)
        services.close_round(cast.staff, rnd)
        services.compute_round(cast.staff, rnd, seed=1)
        services.publish_round(cast.staff, rnd)
        services.open_scramble(cast.staff, rnd)
        rnd.refresh_from_db()
        assert rnd.results.get(student=cast.student).entry_id is None  # the senior got the seat

        assert [e for e, _n in services.seats_open_to(cast.student, rnd)] == [open_to_all]
        client.force_login(cast.student)
        page = client.get(f"/wbl/rounds/{rnd.public_id}/").content.decode()
        assert "Open internship" in page.split('id="h-scramble"')[1].split('id="h-list"')[0]
        for blocked in ("Seniors-only internship", "Welding internship", "Other school&#x27;s internship"):
            assert blocked not in page.split('id="h-scramble"')[1].split('id="h-list"')[0]
        for entry, reason in (
            (welding, "students in: Welding"),
            (seniors, "grade 12"),
            (other, "another school"),
        ):
            with pytest.raises(InvalidInput, match=reason):
                services.claim_seat(cast.student, rnd, str(entry.public_id))
        Plan.objects.create(consortium=cast.alpha, student=cast.student, program=program)
        assert welding in [e for e, _n in services.seats_open_to(cast.student, rnd)]
        assert services.claim_seat(cast.student, rnd, str(welding.public_id)).entry == welding
