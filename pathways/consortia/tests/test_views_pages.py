"""What people see: public pages, printable outcomes and PDF, the live ballot pages, the board, forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.consortia import services
from pathways.consortia.models import BallotStatus, Dot, MeetingVote
from pathways.orgs.models import Contact
from tests.cast import PASSWORD

HX = {"HTTP_HX_REQUEST": "true"}


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def test_it_lists_public_consortia_and_shows_a_public_page_without_private_details(client, gov):
    cast = gov.cast
    services.plan_update(
        acting_user=cast.admin, consortium=cast.alpha, mission="Robust CTE.", tagline="CTE for ALL"
    )
    Contact.objects.create(consortium=cast.alpha, name="Pat Public", email="pat@example.org", is_public=True)
    Contact.objects.create(consortium=cast.alpha, name="Sid Secret", email="sid@example.org")
    cast.beta.is_public = False
    cast.beta.save()
    listing = client.get(reverse("consortia:public-list")).content.decode()
    assert "Alpha CTE Consortium" in listing and "Beta CTE Consortium" not in listing
    page = client.get(reverse("consortia:public-detail", args=["alpha"])).content.decode()
    for text in (
        "Robust CTE.",
        "CTE for ALL",
        "Alpha High",
        "Santa Fe",
        "Alpha Unified",
        "Pat Public",
        "Alpha Consortia Meeting",
        "Manufacturing, to include:",
        "Welding",
        "Impact highlights will appear here when the consortium publishes them.",
    ):
        assert text in page, text
    for hidden in ("Sid Secret", "Alpha Planning Meeting", "CTE in Alpha prepares every student."):
        assert hidden not in page, hidden  # private contact, unpublished meeting, unadopted draft
    assert client.get(reverse("consortia:public-detail", args=["beta"])).status_code == 404


def test_it_prints_the_outcomes_like_the_seed_documents(client, gov):
    url = reverse("consortia:outcomes", args=["alpha", gov.published.public_id])
    html = client.get(url).content.decode()
    for text in (
        "Building the Next Generation of Career and Technical Education",
        "Outcomes – March 27 Alpha Consortia Meeting",  # noqa: RUF001
        "Target Industries for Investment:",
        "Top Programs of Study to Pursue Include:",
        "Information Technology (19 votes)",
        "Manufacturing (18 votes)",
        "Opportunities to Pursue Moving Forward:",
        "NOTES FROM THE DISCUSSION:",
        "Adaptable (4)",
    ):
        assert text in html, text
    assert "Responsible (" not in html  # no count where the notes give none
    assert "consortia/print.js" in html and "consortia.css" in html
    # The meeting's slug must match.
    assert (
        client.get(reverse("consortia:outcomes", args=["beta", gov.published.public_id])).status_code == 404
    )


def test_it_downloads_the_outcomes_as_a_pdf(client, gov):
    response = client.get(reverse("consortia:outcomes-pdf", args=["alpha", gov.published.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="outcomes-2024-03-27-')
    assert response.content.startswith(b"%PDF") and len(response.content) > 1500


def test_it_runs_a_live_ballot_from_the_facilitator_page_to_the_stored_results(client, gov):
    cast, ballot = gov.cast, gov.ballot
    login(client, cast.admin)
    facilitate = reverse("consortia:ballot-facilitate", args=[ballot.public_id])
    assert ballot.room_code in client.get(facilitate).content.decode()
    client.post(reverse("consortia:ballot-transition", args=[ballot.public_id, "open"]))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN

    # A participant votes from the phone page with HTMX; the fragment comes back with the dots left.
    client.logout()
    login(client, cast.teacher)
    it = ballot.options.get(label="Information Technology")
    dot_url = reverse("consortia:vote-dot", args=[ballot.public_id])
    fragment = client.post(dot_url, {"option": str(it.public_id), "action": "add"}, **HX).content.decode()
    assert "You have 2 of 3 dots left" in fragment
    assert "Dot placed on “Information Technology”." in fragment and 'hx-swap-oob="innerHTML"' in fragment
    assert 'hx-trigger="every 2s"' in fragment
    for _ in range(2):
        client.post(dot_url, {"option": str(it.public_id), "action": "add"}, **HX)
    refused = client.post(dot_url, {"option": str(it.public_id), "action": "add"}, **HX).content.decode()
    assert "You have placed all 3 dots" in refused
    # Without JavaScript the same form posts and redirects back.
    client.post(dot_url, {"option": str(it.public_id), "action": "remove"})
    assert Dot.objects.filter(ballot=ballot, participant=cast.teacher).count() == 2

    # The room view's tally polls every 2 s while open.
    tally = client.get(
        reverse("consortia:ballot-tally", args=[ballot.public_id]) + "?view=room"
    ).content.decode()
    assert 'hx-trigger="every 2s"' in tally and "1 participant" in tally

    client.logout()
    login(client, cast.staff)
    client.post(reverse("consortia:ballot-transition", args=[ballot.public_id, "close"]))
    closed = client.get(reverse("consortia:ballot-tally", args=[ballot.public_id])).content.decode()
    assert "every 2s" not in closed  # polling stops by itself
    meeting_page = client.get(
        reverse("consortia:meeting-detail", args=[gov.meeting.public_id])
    ).content.decode()
    assert "Information Technology (2 votes)" in meeting_page
    assert "Healthcare (0 votes)" in meeting_page
    assert MeetingVote.objects.filter(ballot=ballot).count() == 3


def test_it_joins_a_ballot_with_the_room_code(client, gov):
    login(client, gov.cast.teacher)
    response = client.post(reverse("consortia:join"), {"code": gov.ballot.room_code.lower()})
    assert response.status_code == 302 and response["Location"] == reverse(
        "consortia:vote", args=[gov.ballot.public_id]
    )
    wrong = client.post(reverse("consortia:join"), {"code": "ZZZZZZ"}).content.decode()
    assert "No open ballot has this code" in wrong and 'class="error-summary"' in wrong


def test_it_shows_form_errors_with_a_summary_and_changes_nothing(client, gov):
    login(client, gov.cast.admin)
    before = gov.meeting.ballots.count()
    html = client.post(
        reverse("consortia:ballot-new", args=[gov.meeting.public_id]),
        {"question": "Which?", "options": "Only one", "dots_per_participant": "3"},
    ).content.decode()
    assert 'class="error-summary"' in html and 'href="#id_options"' in html
    assert "Give at least two options" in html and 'aria-invalid="true"' in html
    assert gov.meeting.ballots.count() == before


def test_it_moves_cards_on_the_board_and_filters_by_owner(client, gov):
    cast = gov.cast
    mine = services.action_item_save(
        acting_user=cast.admin, consortium=cast.alpha, title="Mine", owner=cast.counselor
    )
    services.action_item_save(
        acting_user=cast.admin, consortium=cast.alpha, title="Someone else's", owner_name="Lee"
    )
    login(client, cast.counselor)
    board = reverse("consortia:board", args=["alpha"])
    response = client.post(
        reverse("consortia:card-move", args=["action", mine.public_id]),
        {"status": "in_progress", "next": board},
    )
    assert response.status_code == 302 and response["Location"] == board
    mine.refresh_from_db()
    assert mine.status == "in_progress"
    filtered = client.get(board, {"owner": f"user:{cast.counselor.public_id}"}, **HX).content.decode()
    assert "Mine" in filtered and "Someone else&#x27;s" not in filtered
    assert 'id="board-columns"' in filtered and "<html" not in filtered


@pytest.mark.parametrize(
    ("name", "args", "limit"),
    [
        ("consortia:meetings", lambda g: ["alpha"], 8),
        ("consortia:board", lambda g: ["alpha"], 16),
        ("consortia:meeting-detail", lambda g: [g.published.public_id], 24),
        ("consortia:ballot-tally", lambda g: [g.ballot.public_id], 9),
        ("consortia:vote-live", lambda g: [g.ballot.public_id], 10),
        ("consortia:industries", lambda g: ["alpha"], 10),
    ],
)
def test_it_keeps_member_pages_to_a_fixed_number_of_queries(
    client, gov, django_assert_max_num_queries, name, args, limit
):
    cast = gov.cast
    for n in range(8):  # more rows must not mean more queries
        services.action_item_save(
            acting_user=cast.admin, consortium=cast.alpha, title=f"Item {n}", owner=cast.teacher
        )
        services.meeting_save(
            acting_user=cast.admin, consortium=cast.alpha, date=gov.meeting.date, title=f"M{n}"
        )
    login(client, cast.admin)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name, args=args(gov))).status_code == 200


def test_it_keeps_the_public_page_to_a_fixed_number_of_queries(client, gov, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        assert client.get(reverse("consortia:public-detail", args=["alpha"])).status_code == 200
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("consortia:outcomes", args=["alpha", gov.published.public_id])).status_code
            == 200
        )


def test_it_reads_in_spanish(client, gov):
    client.cookies["pathways_language"] = "es"
    html = client.get(reverse("consortia:outcomes", args=["alpha", gov.published.public_id])).content.decode()
    assert "Industrias prioritarias para la inversión:" in html
    assert "Information Technology (19 votos)" in html
