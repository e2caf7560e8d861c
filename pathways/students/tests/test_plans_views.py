"""Plans pages: favourites and the favourite button, compare, the student's plan editor, the
read-only plan with Review / Acknowledge / Comment by role, history, portfolio and its PDF."""

from __future__ import annotations

import base64
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from pathways.core.models import AuditEvent
from pathways.students.models import Favourite, Plan, PlanStatus, PlanVersion, ProfilerAttempt, StudentProfile
from pathways.students.services import plans as services

from .test_plans_support import RN, SOFTWARE, WELDER, PlansWorld, login, programs_world, pw_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


# --- favourites ------------------------------------------------------------------------------


def test_it_toggles_a_favourite_with_htmx_and_without(client: Client, pw: PlansWorld) -> None:
    login(client, pw.student)
    url = reverse("students:plans-favourite-toggle")
    page = reverse("catalog:occupation-detail", args=[RN])
    fragment = text(client.post(url, {"occupation": RN, "action": "add", "next": page}, **HX))
    assert "Remove from favourites" in fragment and "Saved to your favourites." in fragment
    assert 'hx-swap-oob="innerHTML"' in fragment and 'value="remove"' in fragment
    assert Favourite.objects.filter(student=pw.student, occupation_id=RN).exists()
    response = client.post(url, {"occupation": RN, "action": "remove", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert not Favourite.objects.exists()
    # An outside address to come back to is ignored.
    response = client.post(url, {"program": str(pw.world.nursing.public_id), "next": "https://evil.example/"})
    assert response["Location"] == reverse("students:plans-favourites")
    assert Favourite.objects.filter(program=pw.world.nursing).exists()


def test_it_answers_404_to_non_students_and_sends_visitors_to_sign_in(client: Client, pw: PlansWorld) -> None:
    url = reverse("students:plans-favourite-toggle")
    response = client.post(url, {"occupation": RN})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    for role in ("counselor", "guardian", "outsider"):
        login(client, getattr(pw.cast, role))
        assert client.post(url, {"occupation": RN}).status_code == 404
    assert client.post(url, {"program": str(pw.world.beta_program.public_id)}).status_code == 404
    login(client, pw.student)
    assert client.post(url, {"program": str(pw.world.beta_program.public_id)}).status_code == 404
    assert not Favourite.objects.exists()


def test_it_renders_the_include_for_students_visitors_and_staff(client: Client, pw: PlansWorld) -> None:
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string(
        '{% include "students/plans/_favourite_button.html" with occupation_code=code %}'
    )
    factory = RequestFactory()

    def render(user) -> str:  # type: ignore[no-untyped-def]
        request = factory.get("/occupations/29-1141.00/")
        request.user = user
        return re.sub(r"\s+", " ", template.render({"code": RN}, request))

    from django.contrib.auth.models import AnonymousUser

    assert "Sign in to save it to your favourites" in render(AnonymousUser())
    assert render(pw.cast.counselor).strip() == ""
    html = render(pw.student)
    assert "Save to my favourites" in html and 'name="occupation" value="29-1141.00"' in html
    assert 'id="fav-occupation-29-1141-00"' in html and 'role="status"' in html


def test_it_lists_favourites_with_local_wages_and_a_compare_form(client: Client, pw: PlansWorld) -> None:
    for code in (RN, WELDER):
        services.favourite_add(acting_user=pw.student, student=pw.student, occupation=pw.occupation(code))
    services.favourite_add(acting_user=pw.student, student=pw.student, program=pw.world.nursing)
    login(client, pw.student)
    html = text(client.get(reverse("students:plans-favourites")))
    assert "Registered Nurses" in html and "Welders, Cutters, Solderers, and Brazers" in html
    assert "Nursing" in html and 'form="compare-form"' in html
    assert "Median yearly wage in Santa Fe, NM" in html and "BLS OEWS, May 2025, Santa Fe, NM" in html
    assert html.count("Add to my plan") == 2
    client.post(reverse("students:plans-careers"), {"occupation": RN, "action": "add"})
    html = text(client.get(reverse("students:plans-favourites")))
    assert html.count("Add to my plan") == 1 and "In my plan" in html


def test_it_shows_middle_schoolers_the_career_areas_and_no_pressure(client: Client, pw: PlansWorld) -> None:
    login(client, pw.cast.other_student)  # grade 7
    html = text(client.get(reverse("students:plans-edit")))
    assert "You don't need to choose yet." in html and "Explore the" in html and "career areas" in html
    assert "Careers I'm curious about" in html and "Send to my counselor" not in html
    html = text(client.get(reverse("students:plans-favourites")))
    assert "career areas" in html
    # A grade-10 student who asked for middle-school mode gets it too; Stella by default does not.
    login(client, pw.student)
    assert "You don't need to choose yet." not in text(client.get(reverse("students:plans-edit")))
    StudentProfile.objects.create(
        consortium=pw.cast.alpha, student=pw.student, consent_status="not_needed", middle_school_mode=True
    )
    assert "You don't need to choose yet." in text(client.get(reverse("students:plans-edit")))


# --- compare ---------------------------------------------------------------------------------


def test_it_compares_careers_for_anyone(client: Client, pw: PlansWorld) -> None:
    url = reverse("students:plans-compare")
    html = text(client.get(url, {"codes": f"{RN},{WELDER}"}))
    assert "<caption" in html and "Careers side by side" in html
    assert "Registered Nurses" in html and "Welders, Cutters, Solderers, and Brazers" in html
    for row in (
        "Median yearly wage in United States",
        "Job openings each year (U.S.)",
        "Change in the number of jobs, 2024 to 2034 (U.S.)",
        "Typical education",
        "Preparation needed",
        "Top interests",
        "Most important skills",
    ):
        assert row in html, row
    assert '<th scope="row">' in html and '<th scope="col" lang="en">' in html
    assert "Sign in to save it to your favourites" in html
    # One code: the picker; four codes or a bad code: a clear message.
    assert "Choose two or three careers" in text(client.get(url, {"codes": RN}))
    assert "Choose two or three careers to compare." in text(
        client.get(url, {"codes": f"{RN},{WELDER},{SOFTWARE},29-1141.01"})
    )
    assert "No occupation has the code 99-9999.99." in text(client.get(url, {"codes": f"{RN},99-9999.99"}))
    results = text(client.get(url, {"codes": RN, "q": "welder"}))
    assert f"?codes={RN},{WELDER}" in results


def test_it_compares_with_the_students_own_area(client: Client, pw: PlansWorld) -> None:
    login(client, pw.student)
    html = text(client.get(reverse("students:plans-compare"), {"codes": [RN, WELDER]}))
    assert "Median yearly wage in Santa Fe, NM" in html and "BLS OEWS, May 2025, Santa Fe, NM" in html


# --- the student's plan ----------------------------------------------------------------------


def test_it_builds_a_plan_through_the_pages(client: Client, pw: PlansWorld) -> None:
    login(client, pw.student)
    edit = reverse("students:plans-edit")
    html = text(client.get(edit))
    assert "My career and academic plan" in html and "Nursing" in html and "Electrical Trades" not in html
    assert not Plan.objects.exists()  # looking does not create anything
    assert (
        client.post(reverse("students:plans-careers"), {"occupation": RN, "action": "add"}).status_code == 302
    )
    client.post(reverse("students:plans-program"), {"program": str(pw.world.nursing.public_id)})
    client.post(reverse("students:plans-courses"), {"action": "add", "grade": "9", "title": "Algebra I"})
    client.post(reverse("students:plans-credentials"), {"credentials": [str(pw.cna.public_id)]})
    client.post(
        reverse("students:plans-activities"),
        {"action": "add", "kind": "job_shadow", "description": "Shadow a nurse", "grade": "11"},
    )
    client.post(
        reverse("students:plans-next-step"),
        {"step": "two_year", "postsecondary_program": "51.3801", "goals": "Help people"},
    )
    html = text(client.get(edit))
    for expected in (
        "Registered Nurses",
        "Health Science I",
        "Algebra I",
        "Certified Nursing Assistant",
        "Shadow a nurse",
        "9.5 college credits",
        "$623.70",
        "Two-year degree",
        "$4,050",
        "BLS OEWS, May 2025, Santa Fe, NM",
        "Send to my counselor",
    ):
        assert expected in html, expected
    response = client.post(reverse("students:plans-submit"))
    assert response.status_code == 302
    plan = Plan.objects.get(student=pw.student)
    assert plan.status == PlanStatus.SUBMITTED and plan.versions.count() == 1


def test_it_shows_bad_input_on_the_section_and_changes_nothing(client: Client, pw: PlansWorld) -> None:
    login(client, pw.student)
    response = client.post(
        reverse("students:plans-courses"), {"action": "add", "grade": "13", "title": "Algebra"}
    )
    html = text(response)
    assert response.status_code == 422
    assert (
        "Please correct the following" in html
        and '<a href="#courses">Choose a grade from 6 to 12.</a>' in html
    )
    assert 'value="Algebra"' in html and "Nothing was changed." in html
    response = client.post(reverse("students:plans-program"), {"program": str(pw.world.electrical.public_id)})
    assert (
        response.status_code == 422
        and "Students at your school cannot enrol in Electrical Trades" in text(response)
    )
    assert (
        client.post(
            reverse("students:plans-program"), {"program": str(pw.world.beta_program.public_id)}
        ).status_code
        == 404
    )
    plan = Plan.objects.get(student=pw.student)
    assert not plan.courses.exists() and plan.program is None


def test_it_reads_the_plan_page_in_few_queries(
    client: Client, pw: PlansWorld, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    plan = pw.ready_plan()
    for code in (WELDER, SOFTWARE):
        services.favourite_add(acting_user=pw.student, student=pw.student, occupation=pw.occupation(code))
    services.plan_course_add(acting_user=pw.student, plan=plan, grade=9, title="Algebra I")
    services.plan_activity_add(acting_user=pw.student, plan=plan, kind="internship", description="Clinic")
    services.plan_comment_add(acting_user=pw.cast.guardian, plan=plan, text="Proud of you")
    login(client, pw.student)
    client.get(reverse("students:plans-edit"))  # warm caches (area lookups)
    with django_assert_max_num_queries(33):  # 32 + one for work-based learning's "Try it" links
        response = client.get(reverse("students:plans-edit"))
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("students:plans-favourites")).status_code == 200
    with django_assert_max_num_queries(26):
        assert client.get(reverse("students:plans-portfolio")).status_code == 200
    # More courses and careers do not add queries.
    for title in ("Geometry", "Biology", "Chemistry", "Spanish I"):
        services.plan_course_add(acting_user=pw.student, plan=plan, grade=10, title=title)
    services.plan_career_add(acting_user=pw.student, plan=plan, occupation=pw.occupation(WELDER))
    with django_assert_max_num_queries(33):
        assert client.get(reverse("students:plans-edit")).status_code == 200
    login(client, pw.cast.counselor)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("students:plans-student", args=[pw.student.public_id])).status_code == 200


def test_it_sends_staff_and_guardians_to_the_right_page(client: Client, pw: PlansWorld) -> None:
    login(client, pw.cast.guardian)
    response = client.get(reverse("students:plans-edit"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "students:plans-student", args=[pw.student.public_id]
    )
    login(client, pw.cast.counselor)
    assert "Open a student's plan from your caseload." in text(client.get(reverse("students:plans-edit")))
    login(client, pw.student)
    response = client.get(reverse("students:plans-student", args=[pw.student.public_id]))
    assert response["Location"] == reverse("students:plans-edit")


# --- the plan seen by others -----------------------------------------------------------------


def test_it_shows_review_acknowledge_and_comment_forms_by_role(client: Client, pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    services.plan_submit(acting_user=pw.student, plan=plan)
    url = reverse("students:plans-student", args=[pw.student.public_id])

    login(client, pw.cast.counselor)
    html = text(client.get(url))
    assert "Save review" in html and "I have read this plan" not in html and "Add comment" in html
    assert "Registered Nurses" in html and "Health Science I" in html and "Two-year degree" in html
    assert AuditEvent.objects.filter(action="student.view", actor=pw.cast.counselor).count() == 1

    login(client, pw.cast.guardian)
    html = text(client.get(url))
    assert "I have read this plan (version 1)" in html and "Save review" not in html

    login(client, pw.cast.teacher)
    html = text(client.get(url))
    assert "Save review" not in html and "I have read this plan" not in html and "Add comment" in html

    login(client, pw.middle_counselor)
    assert client.get(url).status_code == 404


def test_it_reviews_acknowledges_and_comments_through_the_pages(client: Client, pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    services.plan_submit(acting_user=pw.student, plan=plan)
    sid = pw.student.public_id
    login(client, pw.cast.counselor)
    response = client.post(reverse("students:plans-review", args=[sid]), {"decision": "request_changes"})
    assert response.status_code == 422 and "This field is required." in text(response)
    client.post(reverse("students:plans-review", args=[sid]), {"decision": "approve", "note": "Great plan"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    login(client, pw.cast.guardian)
    client.post(reverse("students:plans-acknowledge", args=[sid]))
    client.post(reverse("students:plans-comment", args=[sid]), {"text": "We talked about it at dinner."})
    plan.refresh_from_db()
    assert plan.acknowledged_version == 1 and plan.comments.get().author == pw.cast.guardian
    html = text(client.get(reverse("students:plans-student", args=[sid])))
    assert "You acknowledged version 1" in html and "We talked about it at dinner." in html
    # The student sees the comment and the status on their own page, and can answer.
    login(client, pw.student)
    html = text(client.get(reverse("students:plans-edit")))
    assert "Approved by counselor" in html and "We talked about it at dinner." in html
    client.post(reverse("students:plans-comment", args=[sid]), {"text": "Thanks!"})
    assert plan.comments.count() == 2


@pytest.mark.parametrize("role", ["outsider", "beta_student", "other_student", "partner_contact"])
def test_it_answers_404_on_every_student_route_to_someone_who_may_not_see_the_student(
    client: Client, pw: PlansWorld, role: str
) -> None:
    plan = pw.ready_plan()
    version = services.plan_submit(acting_user=pw.student, plan=plan)
    sid = pw.student.public_id
    login(client, getattr(pw.cast, role))
    for name, args in (
        ("students:plans-student", [sid]),
        ("students:plans-history", [sid]),
        ("students:plans-version", [sid, version.public_id]),
        ("students:plans-portfolio-student", [sid]),
        ("students:plans-portfolio-student-pdf", [sid]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name in ("students:plans-review", "students:plans-acknowledge", "students:plans-comment"):
        assert (
            client.post(reverse(name, args=[sid]), {"decision": "approve", "text": "x"}).status_code == 404
        ), name
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and not plan.comments.exists()
    assert not AuditEvent.objects.filter(action="student.view").exists()


def test_it_shows_the_history_and_any_version_read_only(client: Client, pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    services.plan_submit(acting_user=pw.student, plan=plan)
    approved = services.plan_review(acting_user=pw.cast.counselor, plan=plan, decision="approve")
    services.plan_career_add(acting_user=pw.student, plan=plan, occupation=pw.occupation(WELDER))
    login(client, pw.cast.guardian)
    html = text(client.get(reverse("students:plans-history", args=[pw.student.public_id])))
    assert "Approved by the counselor" in html and "Sent for review" in html and "Now: version 2" in html
    html = text(
        client.get(reverse("students:plans-version", args=[pw.student.public_id, approved.public_id]))
    )
    assert "Plan, version 1" in html and "read-only" in html and "Registered Nurses" in html
    assert "Welders" not in html  # added after version 1
    assert (
        client.get(
            reverse("students:plans-version", args=[pw.student.public_id, pw.student.public_id])
        ).status_code
        == 404
    )
    login(client, pw.student)
    assert client.get(reverse("students:plans-history-own"))["Location"] == reverse(
        "students:plans-history", args=[pw.student.public_id]
    )


# --- portfolio -------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text operators of a PDF's content streams (ReportLab writes them ASCII85 + Flate)."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\s*endstream", data, re.S):
        raw = match.group(1).strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            continue
        chunks.append(raw.decode("latin-1"))
    return "".join(chunks)


def test_it_prints_the_portfolio_and_downloads_it_as_pdf(client: Client, pw: PlansWorld) -> None:
    plan = pw.ready_plan()
    services.plan_activity_add(
        acting_user=pw.student, plan=plan, kind="job_shadow", description="Clinic visit"
    )
    ProfilerAttempt.objects.create(
        consortium=pw.cast.alpha,
        student=pw.student,
        answers="5" * 60,
        status="completed",
        scores={"R": 10, "I": 30, "A": 12, "S": 38, "E": 8, "C": 20},
        top="SIC",
    )
    services.favourite_add(acting_user=pw.student, student=pw.student, occupation=pw.occupation(WELDER))
    login(client, pw.student)
    html = text(client.get(reverse("students:plans-portfolio")))
    for expected in (
        "Career portfolio",
        "Stella Student",
        "Helpers",
        "Thinkers",
        "Registered Nurses",
        "Welders, Cutters",
        "Nursing",
        "Health Science I",
        "Two-year degree",
        "Clinic visit",
        "data-print",
        "students/plans/print.js",
        "$623.70",
    ):
        assert expected in html, expected
    response = client.get(reverse("students:plans-portfolio-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="portfolio-stella-student.pdf"'
    assert response.content.startswith(b"%PDF") and len(response.content) > 1500
    content = pdf_text(response.content)
    assert "Stella Student" in content and "Registered Nurses" in content and "Helpers" in content
    assert len(re.findall(rb"/Type /Page(?!s)", response.content)) == 1  # one page


def test_it_shows_the_portfolio_to_the_guardian_and_audits_the_read(client: Client, pw: PlansWorld) -> None:
    pw.ready_plan()
    login(client, pw.cast.guardian)
    response = client.get(reverse("students:plans-portfolio-student", args=[pw.student.public_id]))
    assert response.status_code == 200 and "Stella Student" in text(response)
    pdf = client.get(reverse("students:plans-portfolio-student-pdf", args=[pw.student.public_id]))
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="student.view", actor=pw.cast.guardian).count() == 2
    assert not PlanVersion.objects.exists()
