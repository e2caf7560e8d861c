"""Interest Profiler pages: take it one activity at a time or on one page, save and resume,
results, matches, retakes as history, who may see what, and the under-13 consent rule."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from pathways.accounts.models import User
from pathways.core.models import AuditEvent
from pathways.students.models import AttemptStatus, ConsentStatus, ProfilerAttempt, StudentProfile
from pathways.students.services import profiler as services
from tests.cast import PASSWORD, Cast

HTMX = {"HTTP_HX_REQUEST": "true"}
# R 40, I 30, A 20, S 10, E 0, C 35 (see test_profiler_api): top RCI.
ANSWERS = "554433221154" * 5


def login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def start(client: Client, mode: str = "item") -> str:
    response = client.post(reverse("students:profiler-start"), {"mode": mode})
    assert response.status_code == 303, response.content[:500]
    return response["Location"]


def take_id(url: str) -> str:
    match = re.search(r"/profiler/take/([0-9a-f-]{36})/", url)
    assert match, url
    return match.group(1)


def answer_all(client: Client, tid: str, answers: str = ANSWERS) -> object:
    response = None
    for position, value in enumerate(answers, start=1):
        response = client.post(
            reverse("students:profiler-item", args=[tid, position]), {"answer": value, "go": "next"}
        )
    return response


def completed_attempt(student: User, answers: str = ANSWERS) -> ProfilerAttempt:
    attempt = services.attempt_start(acting_user=student, student=student)
    services.attempt_answers_save(
        acting_user=student, attempt=attempt, answers={i + 1: a for i, a in enumerate(answers)}
    )
    return services.attempt_complete(acting_user=student, attempt=attempt)


@pytest.mark.usefixtures("catalog_db")
class TestTaking:
    def test_it_needs_a_signed_in_user(self, client: Client, cast: Cast) -> None:
        response = client.get(reverse("students:profiler-home"))
        assert response.status_code == 302
        assert "/login/" in response["Location"]

    def test_it_shows_one_activity_with_five_answers_and_progress(self, client: Client, cast: Cast) -> None:
        login(client, cast.student)
        page = client.get(start(client))
        html = page.content.decode()
        assert page.status_code == 200
        assert "Activity 1 of 60" in html
        assert "Build kitchen cabinets" in html
        for label in ("Strongly Dislike", "Dislike", "Unsure", "Like", "Strongly Like"):
            assert f"<span>{label}</span>" in html
        assert '<progress class="profiler-progress" max="60" value="0"' in html
        assert "O*NET Interest Profiler™" in html and "USDOL/ETA" in html

    def test_it_saves_each_answer_and_resumes_where_the_student_left_off(
        self, client: Client, cast: Cast
    ) -> None:
        login(client, cast.student)
        tid = take_id(start(client))
        for position, value in enumerate("5432", start=1):
            response = client.post(
                reverse("students:profiler-item", args=[tid, position]), {"answer": value, "go": "next"}
            )
            assert response.status_code == 303
            assert response["Location"] == reverse("students:profiler-item", args=[tid, position + 1])
        attempt = ProfilerAttempt.objects.get(public_id=tid)
        assert attempt.answers == "5432" + "0" * 56
        # A new session: the student starts again and lands on activity 5, same attempt.
        client.logout()
        login(client, cast.student)
        home = client.get(reverse("students:profiler-home")).content.decode()
        assert "You have answered 4 of 60 activities." in home
        assert reverse("students:profiler-item", args=[tid, 5]) in home
        assert start(client) == reverse("students:profiler-item", args=[tid, 5])
        assert ProfilerAttempt.objects.filter(student=cast.student).count() == 1

    def test_it_answers_through_htmx_with_the_next_activity_as_a_fragment(
        self, client: Client, cast: Cast
    ) -> None:
        login(client, cast.student)
        tid = take_id(start(client))
        response = client.post(
            reverse("students:profiler-item", args=[tid, 1]), {"answer": "4", "go": "next"}, **HTMX
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert response["HX-Push-Url"] == reverse("students:profiler-item", args=[tid, 2])
        assert "<html" not in html and 'id="profiler-item"' in html
        assert "Lay brick or tile" in html and "Activity 2 of 60" in html
        assert ProfilerAttempt.objects.get(public_id=tid).answers[0] == "4"

    def test_it_asks_for_an_answer_before_going_on_but_not_before_going_back(
        self, client: Client, cast: Cast
    ) -> None:
        login(client, cast.student)
        tid = take_id(start(client))
        client.post(reverse("students:profiler-item", args=[tid, 1]), {"answer": "3", "go": "next"})
        response = client.post(reverse("students:profiler-item", args=[tid, 2]), {"go": "next"})
        assert response.status_code == 422
        assert "Choose one of the five answers" in response.content.decode()
        back = client.post(reverse("students:profiler-item", args=[tid, 2]), {"go": "back"})
        assert back["Location"] == reverse("students:profiler-item", args=[tid, 1])
        page = client.get(back["Location"]).content.decode()
        assert 'value="3" checked' in page  # the earlier answer is shown again

    def test_it_refuses_an_answer_outside_the_scale(self, client: Client, cast: Cast) -> None:
        login(client, cast.student)
        tid = take_id(start(client))
        response = client.post(
            reverse("students:profiler-item", args=[tid, 1]), {"answer": "6", "go": "next"}
        )
        assert response.status_code == 422
        assert ProfilerAttempt.objects.get(public_id=tid).answers == "0" * 60

    def test_it_finishes_after_the_sixtieth_answer_and_shows_the_results(
        self, client: Client, cast: Cast
    ) -> None:
        login(client, cast.student)
        tid = take_id(start(client))
        response = answer_all(client, tid)
        assert response["Location"] == reverse("students:profiler-results", args=[tid])  # type: ignore[index]
        attempt = ProfilerAttempt.objects.get(public_id=tid)
        assert attempt.status == AttemptStatus.COMPLETED
        assert attempt.scores == {"R": 40, "I": 30, "A": 20, "S": 10, "E": 0, "C": 35}
        assert attempt.top == "RCI"
        html = client.get(reverse("students:profiler-results", args=[tid])).content.decode()
        assert "Your top three interests" in html
        assert 'id="scores-chart"' in html and 'id="scores-data"' in html  # chart, with its data
        assert "<caption" in html and '<td class="num" data-label="Score">35</td>' in html  # and the table
        assert html.index("Realistic (Doers)") < html.index("Conventional (Organizers)")
        # Finished attempts no longer change.
        again = client.post(reverse("students:profiler-item", args=[tid, 1]), {"answer": "1", "go": "next"})
        assert again["Location"] == reverse("students:profiler-results", args=[tid])
        assert ProfilerAttempt.objects.get(public_id=tid).answers == ANSWERS

    def test_it_takes_all_items_on_one_page_in_fieldsets_of_twelve(self, client: Client, cast: Cast) -> None:
        login(client, cast.student)
        url = start(client, mode="grid")
        tid = take_id(url)
        html = client.get(url).content.decode()
        assert html.count('class="grid-group"') == 5
        assert html.count('class="grid-item') == 60
        assert "Activities 13 to 24 of 60" in html
        # Saved as the student goes (HTMX posts the form on each change).
        status = client.post(url, {"item-1": "5", "item-2": "4"}, **HTMX)
        assert "Saved: 2 of 60 answered." in status.content.decode()
        # Submitting with gaps saves what is there and lists what is missing.
        partial = {f"item-{i}": "3" for i in range(1, 59)}
        response = client.post(url, partial)
        assert response.status_code == 422
        html = response.content.decode()
        assert "2 activities still need an answer" in html and 'href="#item-59-1"' in html
        assert ProfilerAttempt.objects.get(public_id=tid).answered == 58
        done = client.post(url, {**partial, "item-59": "5", "item-60": "5"})
        assert done["Location"] == reverse("students:profiler-results", args=[tid])
        assert ProfilerAttempt.objects.get(public_id=tid).status == AttemptStatus.COMPLETED

    def test_it_keeps_earlier_attempts_as_history_when_the_student_retakes_it(
        self, client: Client, cast: Cast
    ) -> None:
        first = completed_attempt(cast.student)
        login(client, cast.student)
        tid = take_id(start(client))
        assert tid != str(first.public_id)
        answer_all(client, tid, "1" * 12 + "5" * 48)
        attempts = ProfilerAttempt.objects.filter(student=cast.student, status=AttemptStatus.COMPLETED)
        assert attempts.count() == 2
        home = client.get(reverse("students:profiler-home")).content.decode()
        assert "Your earlier results" in home
        assert reverse("students:profiler-results", args=[first.public_id]) in home
        assert reverse("students:profiler-results", args=[tid]) in home
        assert "(RCI)" in home

    def test_it_audits_the_attempt(self, cast: Cast) -> None:
        attempt = completed_attempt(cast.student)
        actions = set(
            AuditEvent.objects.filter(object_id=str(attempt.public_id)).values_list("action", flat=True)
        )
        assert {"profiler.attempt_start", "profiler.answers_save", "profiler.attempt_complete"} <= actions


@pytest.mark.usefixtures("catalog_db")
class TestMatches:
    def test_it_lists_matches_with_why_wages_and_what_next(self, client: Client, cast: Cast) -> None:
        attempt = completed_attempt(cast.student, "5" * 6 + "1" * 6 + "5" * 6 + "1" * 6 + "5" * 6 + "1" * 30)
        login(client, cast.student)
        response = client.get(reverse("students:profiler-matches", args=[attempt.public_id]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "careers fit your interests" in html
        assert "BLS OEWS, May 2025, United States" in html  # the school has no county: the visitor's area
        assert "You like" in html and "activities most" in html
        assert "Why it fits and what to do next" in html

    def test_it_explains_one_match_with_what_to_do_next(self, client: Client, cast: Cast) -> None:
        attempt = completed_attempt(cast.student)
        login(client, cast.student)
        url = reverse("students:profiler-match", args=[attempt.public_id, "51-4121.00"])
        html = client.get(url).content.decode()
        assert "Why it fits you" in html and 'id="why-sentence"' in html
        assert "What to do next" in html
        assert "Ask your counselor about job shadows and internships in this field." in html
        assert "coming soon" not in html.lower()
        assert "48.0508" in html  # a welding CIP program from the crosswalk
        assert (
            client.get(reverse("students:profiler-match", args=[attempt.public_id, "99-9999.00"])).status_code
            == 404
        )

    def test_it_filters_by_saved_job_zones_and_sorts(self, client: Client, cast: Cast) -> None:
        attempt = completed_attempt(cast.student)
        login(client, cast.student)
        matches_url = reverse("students:profiler-matches", args=[attempt.public_id])
        response = client.post(
            reverse("students:profiler-preferences"), {"zones": "1", "zone": ["2"], "next": matches_url}
        )
        assert response.status_code == 303 and response["Location"] == matches_url
        assert StudentProfile.objects.get(student=cast.student).job_zones == [2]
        html = client.get(matches_url).content.decode()
        assert "Welders, Cutters" in html
        assert "Registered Nurses" not in html and "Chief Executives" not in html
        for sort in ("wage", "openings"):
            assert client.get(matches_url, {"sort": sort}).status_code == 200

    def test_it_uses_the_area_the_student_chose(self, client: Client, cast: Cast) -> None:
        attempt = completed_attempt(cast.student)
        login(client, cast.student)
        matches_url = reverse("students:profiler-matches", args=[attempt.public_id])
        client.post(reverse("students:profiler-preferences"), {"area": "87102", "next": matches_url})
        assert StudentProfile.objects.get(student=cast.student).area_code == "0010740"
        assert "BLS OEWS, May 2025, Albuquerque, NM" in client.get(matches_url).content.decode()
        bad = client.post(
            reverse("students:profiler-preferences"), {"area": "00000", "next": matches_url}, follow=True
        )
        assert "not in our list" in bad.content.decode()

    def test_it_is_kind_about_a_flat_profile(self, client: Client, cast: Cast) -> None:
        attempt = completed_attempt(cast.student, "3" * 60)
        login(client, cast.student)
        html = client.get(reverse("students:profiler-matches", args=[attempt.public_id])).content.decode()
        assert "No career list this time, and that is OK" in html
        assert "match-card" not in html
        assert reverse("catalog:cluster-list") in html

    def test_it_notes_a_near_flat_profile_but_still_lists(self, client: Client, cast: Cast) -> None:
        attempt = completed_attempt(cast.student, "5" + "3" * 59)  # R 22, the rest 20
        login(client, cast.student)
        html = client.get(reverse("students:profiler-matches", args=[attempt.public_id])).content.decode()
        assert "Your scores are very close to each other" in html
        assert "match-card" in html

    def test_it_opens_the_latest_matches(self, client: Client, cast: Cast) -> None:
        login(client, cast.student)
        assert client.get(reverse("students:profiler-matches-latest"))["Location"] == reverse(
            "students:profiler-home"
        )
        attempt = completed_attempt(cast.student)
        response = client.get(reverse("students:profiler-matches-latest"))
        assert response["Location"] == reverse("students:profiler-matches", args=[attempt.public_id])


@pytest.mark.usefixtures("catalog_db")
class TestVisibility:
    @pytest.mark.parametrize("who", ["other_student", "outsider", "beta_student", "partner_contact"])
    def test_it_hides_a_students_results_from_others(self, client: Client, cast: Cast, who: str) -> None:
        attempt = completed_attempt(cast.student)
        login(client, getattr(cast, who))
        for name in ("profiler-results", "profiler-matches"):
            assert client.get(reverse(f"students:{name}", args=[attempt.public_id])).status_code == 404
        assert (
            client.get(reverse("students:profiler-match", args=[attempt.public_id, "51-4121.00"])).status_code
            == 404
        )
        assert client.get(reverse("students:profiler-item", args=[attempt.public_id, 1])).status_code == 404

    @pytest.mark.parametrize("who", ["counselor", "guardian"])
    def test_it_shows_results_to_the_counselor_and_guardian_and_audits_it(
        self, client: Client, cast: Cast, who: str
    ) -> None:
        attempt = completed_attempt(cast.student)
        viewer = getattr(cast, who)
        login(client, viewer)
        html = client.get(reverse("students:profiler-results", args=[attempt.public_id])).content.decode()
        assert "Interest Profiler results of Stella Student" in html
        assert "Take it again" not in html
        assert AuditEvent.objects.filter(
            actor=viewer, action="student.view", object_id=str(attempt.public_id)
        ).exists()
        # They read; they do not answer.
        assert client.get(reverse("students:profiler-item", args=[attempt.public_id, 1])).status_code == 404

    def test_it_hides_an_unfinished_attempt_from_others(self, client: Client, cast: Cast) -> None:
        attempt = services.attempt_start(acting_user=cast.student, student=cast.student)
        login(client, cast.counselor)
        assert client.get(reverse("students:profiler-results", args=[attempt.public_id])).status_code == 404

    def test_it_lets_nobody_else_start_an_attempt_for_a_student(self, cast: Cast) -> None:
        from pathways.core.errors import NotFound

        with pytest.raises(NotFound):
            services.attempt_start(acting_user=cast.counselor, student=cast.student)


@pytest.mark.usefixtures("catalog_db")
class TestUnder13:
    """otto is in grade 7 at Alpha Middle: possibly under 13, so nothing is stored without consent."""

    def test_it_stores_nothing_without_consent_but_shows_results_and_matches(
        self, client: Client, cast: Cast
    ) -> None:
        login(client, cast.other_student)
        home = client.get(reverse("students:profiler-home")).content.decode()
        assert "Your answers are not saved yet." in home
        tid = take_id(start(client))
        response = answer_all(client, tid)
        assert response["Location"] == reverse("students:profiler-results", args=[tid])  # type: ignore[index]
        assert ProfilerAttempt.objects.count() == 0
        results = client.get(reverse("students:profiler-results", args=[tid])).content.decode()
        assert "Not saved: kept only until you sign out" in results
        assert "Realistic (Doers)" in results
        matches = client.get(reverse("students:profiler-matches", args=[tid]))
        assert matches.status_code == 200 and "match-card" in matches.content.decode()
        # Job zones chosen by the student stay in the session too.
        client.post(reverse("students:profiler-preferences"), {"zones": "1", "zone": ["2"]})
        assert StudentProfile.objects.filter(student=cast.other_student).exclude(job_zones=[]).count() == 0
        assert ProfilerAttempt.objects.count() == 0
        # The answers are gone from the session once scored; signing out forgets the rest.
        assert client.session["profiler_preview"]["answers"] == ""
        client.logout()
        login(client, cast.other_student)
        assert client.get(reverse("students:profiler-results", args=[tid])).status_code == 404

    def test_it_lets_the_school_consent_and_then_stores(self, client: Client, cast: Cast) -> None:
        login(client, cast.district_admin)  # staff of the student's district
        url = reverse("students:profiler-consent", args=[cast.other_student.public_id])
        page = client.get(url).content.decode()
        assert "Give consent for the school" in page
        response = client.post(url, {"action": "record", "source": "school"})
        assert response.status_code == 303
        profile = StudentProfile.objects.get(student=cast.other_student)
        assert profile.consent_status == ConsentStatus.GRANTED and profile.consent_source == "school"
        assert AuditEvent.objects.filter(action="student.consent_record", actor=cast.district_admin).exists()
        client.logout()
        login(client, cast.other_student)
        tid = take_id(start(client))
        answer_all(client, tid)
        assert (
            ProfilerAttempt.objects.filter(student=cast.other_student, status=AttemptStatus.COMPLETED).count()
            == 1
        )

    def test_it_lets_a_linked_guardian_consent_and_withdraw_which_deletes(
        self, client: Client, cast: Cast
    ) -> None:
        from pathways.accounts.models import GuardianLink

        GuardianLink.objects.create(consortium=cast.alpha, guardian=cast.guardian, student=cast.other_student)
        profile = services.profile_ensure(acting_user=cast.other_student, student=cast.other_student)
        assert profile.consent_status == ConsentStatus.PENDING
        services.consent_record(acting_user=cast.guardian, student=cast.other_student, source="guardian")
        completed_attempt(cast.other_student)
        assert ProfilerAttempt.objects.filter(student=cast.other_student).count() == 1
        login(client, cast.guardian)
        url = reverse("students:profiler-consent", args=[cast.other_student.public_id])
        refused = client.post(url, {"action": "withdraw"})
        assert (
            refused.status_code == 422
            and ProfilerAttempt.objects.filter(student=cast.other_student).count() == 1
        )
        client.post(url, {"action": "withdraw", "confirm": "1"})
        assert ProfilerAttempt.objects.filter(student=cast.other_student).count() == 0
        assert (
            StudentProfile.objects.get(student=cast.other_student).consent_status == ConsentStatus.WITHDRAWN
        )
        event = AuditEvent.objects.get(action="student.consent_withdraw")
        assert event.details == {"attempts_deleted": 1}

    def test_it_refuses_consent_from_people_who_may_not_give_it(self, client: Client, cast: Cast) -> None:
        from pathways.core.errors import InvalidInput

        with pytest.raises(InvalidInput):  # the guardian is not linked to otto
            services.consent_record(acting_user=cast.guardian, student=cast.other_student, source="guardian")
        with pytest.raises(InvalidInput):  # a counselor of another school
            services.consent_record(acting_user=cast.counselor, student=cast.other_student, source="school")
        for who in ("outsider", "student"):
            login(client, getattr(cast, who))
            url = reverse("students:profiler-consent", args=[cast.other_student.public_id])
            assert client.get(url).status_code == 404
        assert StudentProfile.objects.filter(consent_status=ConsentStatus.GRANTED).count() == 0

    def test_it_follows_the_consortium_rule(self, client: Client, cast: Cast) -> None:
        login(client, cast.admin)
        url = reverse("students:profiler-policy", args=[cast.alpha.slug])
        assert client.post(url, {"require_consent_under_13": "1"}).status_code == 422  # nobody could consent
        client.post(url, {"require_consent_under_13": "", "school_may_consent": "1"})
        login(client, cast.other_student)
        tid = take_id(start(client))
        answer_all(client, tid)
        assert ProfilerAttempt.objects.filter(student=cast.other_student).count() == 1
        login(client, cast.outsider)
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize(
        ("born", "grade", "under"),
        [(date(2015, 1, 1), 10, True), (date(2008, 1, 1), 5, False), (None, 7, True), (None, 8, False)],
    )
    def test_it_decides_under_13_by_birth_date_then_grade(
        self, born: date | None, grade: int, under: bool
    ) -> None:
        from pathways.students.selectors_profiler import possibly_under_13

        assert (
            possibly_under_13(date_of_birth=born, grade_level=grade, school=None, today=date(2026, 9, 1))
            is under
        )

    def test_it_treats_an_unknown_grade_by_the_schools_grades(self, cast: Cast) -> None:
        from pathways.students.selectors_profiler import possibly_under_13

        assert possibly_under_13(date_of_birth=None, grade_level=None, school=cast.other_school) is True
        assert possibly_under_13(date_of_birth=None, grade_level=None, school=cast.school) is False
        assert possibly_under_13(date_of_birth=None, grade_level=None, school=None) is True


@pytest.mark.usefixtures("catalog_db")
class TestAdults:
    def test_it_lets_a_counselor_try_it_without_storing(self, client: Client, cast: Cast) -> None:
        login(client, cast.counselor)
        assert "not signed in as a student" in client.get(reverse("students:profiler-home")).content.decode()
        tid = take_id(start(client))
        answer_all(client, tid)
        assert ProfilerAttempt.objects.count() == 0
        assert client.get(reverse("students:profiler-results", args=[tid])).status_code == 200
        client.post(reverse("students:profiler-forget"))
        assert client.get(reverse("students:profiler-results", args=[tid])).status_code == 404


@pytest.mark.usefixtures("catalog_db")
def test_it_reads_the_profiler_in_spanish(client: Client, cast: Cast) -> None:
    login(client, cast.student)
    client.cookies["pathways_language"] = "es"
    html = client.get(
        client.post(reverse("students:profiler-start"), {"mode": "item"})["Location"]
    ).content.decode()
    assert "Construir gabinetes de cocina" in html
    assert "Me gusta mucho" in html and "Me disgusta mucho" in html
    assert "Actividad 1 de 60" in html
    attempt = completed_attempt(cast.student)
    matches = client.get(reverse("students:profiler-matches", args=[attempt.public_id])).content.decode()
    assert "carreras coinciden con sus intereses." in matches  # the plural form
    assert "Lo que más le gusta son las actividades de tipo" in matches


@pytest.mark.usefixtures("catalog_db")
def test_it_keeps_the_matches_page_to_a_few_queries(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    attempt = completed_attempt(cast.student)
    login(client, cast.student)
    url = reverse("students:profiler-matches", args=[attempt.public_id])
    client.get(url)  # warm the ratings matrix
    cache.clear()
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
    # The list itself is cached (it holds no form and nothing personal beyond the attempt's).
    with django_assert_max_num_queries(12):
        again = client.get(url, **HTMX)
    cache.clear()
    assert client.get(url, **HTMX).content == again.content
    assert b"match-card" in again.content and b"csrfmiddlewaretoken" not in again.content
