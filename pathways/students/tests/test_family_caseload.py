"""The caseload: who each staff role sees, filters, counts, pagination, CSV export, the staff
student page, non-traditional nudges, the API, audit events and query budgets."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from pathways.accounts.models import User
from pathways.core.models import AuditEvent

from .test_family_support import DOER, Family, attempt, family_fixture, login, profile, student  # noqa: F401  (fixture)

CASELOAD = reverse("students:family-caseload")
EXPORT = reverse("students:family-caseload-export")

ALPHA_HIGH = {"Stella", "Ana", "Ben", "Cy"}
ALPHA_ALL = ALPHA_HIGH | {"Otto"}


def names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row.student.first_name for row in response.context["result"].rows}


def staff_url(user: User) -> str:
    return reverse("students:family-caseload-student", args=[user.public_id])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("counselor", ALPHA_HIGH),
        ("teacher", ALPHA_HIGH),
        ("district_admin", ALPHA_ALL),
        ("admin", ALPHA_ALL),
        ("staff", ALPHA_ALL),
        ("outsider", {"Bea"}),
    ],
)
def test_it_shows_each_staff_role_the_students_of_their_schools(
    client, family: Family, who: str, expected: set[str]
):
    login(client, getattr(family.cast, who))
    response = client.get(CASELOAD)
    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize("who", ["guardian", "student", "other_student", "partner_contact"])
def test_it_answers_404_to_anybody_without_a_caseload(client, family: Family, who: str):
    login(client, getattr(family.cast, who))
    assert client.get(CASELOAD).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert client.get(reverse("students:family-interests")).status_code == 404
    assert client.get(staff_url(family.stella)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, family: Family):
    response = client.get(CASELOAD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_filters_by_school_for_district_and_consortium_staff(client, family: Family):
    cast = family.cast
    login(client, cast.district_admin)
    response = client.get(CASELOAD, {"school": str(cast.other_school.public_id)})
    assert names(response) == {"Otto"}
    login(client, cast.admin)
    assert names(client.get(CASELOAD, {"school": str(cast.school.public_id)})) == ALPHA_HIGH


def test_it_answers_404_for_a_school_outside_the_caseload(client, family: Family):
    cast = family.cast
    login(client, cast.outsider)
    assert client.get(CASELOAD, {"school": str(cast.school.public_id)}).status_code == 404
    login(client, cast.counselor)
    assert client.get(CASELOAD, {"school": str(cast.other_school.public_id)}).status_code == 404
    assert client.get(CASELOAD, {"school": str(cast.beta_school.public_id)}).status_code == 404


def test_it_shows_who_needs_attention_with_counts(client, family: Family):
    login(client, family.cast.district_admin)
    response = client.get(CASELOAD)
    counts = response.context["result"].counts
    assert counts["total"] == 5
    assert counts["no_profiler"] == 2  # Ana, Otto
    assert counts["no_plan"] == 2  # Ana, Otto
    assert counts["submitted"] == 1  # Stella
    assert counts["changes_requested"] == 1  # Ben
    assert counts["approved"] == 1  # Cy
    assert counts["consent"] == 1  # Otto: grade 7, no consent
    page = response.content.decode()
    assert "Plan waiting for review" in page and "Under 13, waiting for consent" in page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("no_profiler", {"Ana", "Otto"}),
        ("no_plan", {"Ana", "Otto"}),
        ("submitted", {"Stella"}),
        ("changes_requested", {"Ben"}),
        ("approved", {"Cy"}),
        ("consent", {"Otto"}),
    ],
)
def test_it_filters_by_status(client, family: Family, status: str, expected: set[str]):
    login(client, family.cast.district_admin)
    assert names(client.get(CASELOAD, {"status": status})) == expected


def test_it_filters_by_grade_program_and_name(client, family: Family):
    login(client, family.cast.counselor)
    assert names(client.get(CASELOAD, {"grade": "11"})) == {"Ben"}
    assert names(client.get(CASELOAD, {"program": str(family.welding.public_id)})) == {"Stella", "Ben"}
    assert names(client.get(CASELOAD, {"program": str(family.nursing.public_id)})) == {"Cy"}
    assert names(client.get(CASELOAD, {"q": "bra"})) == {"Ben"}  # Ben Bravo
    assert names(client.get(CASELOAD, {"q": "stella student"})) == {"Stella"}


def test_it_ignores_filter_values_that_do_not_fit(client, family: Family):
    login(client, family.cast.counselor)
    for params in ({"grade": "99"}, {"grade": "x"}, {"status": "nope"}, {"sort": "evil"}, {"page": "0"}):
        response = client.get(CASELOAD, params)
        assert response.status_code == 200
        assert names(response) == ALPHA_HIGH
    # Another consortium's program is not a filter value here.
    assert names(client.get(CASELOAD, {"program": str(family.beta_program.public_id)})) == ALPHA_HIGH


def test_it_sorts(client, family: Family):
    login(client, family.cast.counselor)
    rows = client.get(CASELOAD, {"sort": "grade"}).context["result"].rows
    assert [r.student.grade_level for r in rows] == [9, 10, 11, 12]
    rows = client.get(CASELOAD, {"sort": "plan"}).context["result"].rows
    assert [r.student.first_name for r in rows] == [
        "Stella",
        "Ben",
        "Cy",
        "Ana",
    ]  # review first, no plan last
    rows = client.get(CASELOAD, {"sort": "name"}).context["result"].rows
    assert [r.student.last_name for r in rows] == ["Alpha", "Bravo", "Charlie", "Student"]


def test_it_pages_by_25_with_a_fixed_number_of_queries(client, family: Family, django_assert_max_num_queries):
    cast = family.cast
    for n in range(40):
        user = student(cast, f"extra{n:02d}", f"Extra{n:02d}", "Zed", 9 + n % 4, cast.school)
        if n % 2:
            profile(user, cast.school)
            attempt(user, DOER)
    login(client, cast.counselor)
    with django_assert_max_num_queries(14):
        response = client.get(CASELOAD)
    result = response.context["result"]
    assert result.total == 44 and len(result.rows) == 25
    assert result.page == {
        "number": 1,
        "count": 2,
        "previous": None,
        "next": 2,
        "first_row": 1,
        "last_row": 25,
    }
    with django_assert_max_num_queries(14):
        response = client.get(CASELOAD, {"page": "2"})
    assert len(response.context["result"].rows) == 19
    assert "Page 2 of 2" in response.content.decode()


def test_it_answers_htmx_with_the_results_fragment(client, family: Family):
    login(client, family.cast.counselor)
    response = client.get(CASELOAD, {"grade": "12"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and "Charlie, Cy" in page


def test_it_offers_review_and_consent_links_to_counselors_and_none_to_teachers(client, family: Family):
    cast = family.cast
    login(client, cast.counselor)
    page = client.get(CASELOAD).content.decode()
    assert "Review the plan" in page and f"/plan/{family.stella.public_id}/" in page
    assert "Download this list (CSV)" in page
    login(client, cast.teacher)
    page = client.get(CASELOAD).content.decode()
    assert "Review the plan" not in page and "Download this list" not in page
    assert "You can read these records." in page
    login(client, cast.district_admin)
    page = client.get(CASELOAD, {"status": "consent"}).content.decode()
    assert f"/profiler/consent/{cast.other_student.public_id}/" in page


def test_it_records_caseload_lists_in_the_audit_log(client, family: Family):
    login(client, family.cast.counselor)
    client.get(CASELOAD, {"grade": "11"})
    event = AuditEvent.objects.get(action="student.list")
    assert event.actor_id == family.cast.counselor.pk
    assert event.details["filters"]["grade"] == 11 and event.details["count"] == 1


# --- CSV export ---------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_exports_the_current_view_as_csv_and_records_it(client, family: Family):
    login(client, family.cast.counselor)
    response = client.get(EXPORT, {"status": "submitted"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["Student", "Username", "Grade", "School"]
    assert rows[1][:4] == ["Stella Student", "stella", "10", "Alpha High"]
    assert (
        rows[1][5] == "RCI"
        and rows[1][6] == "Waiting for counselor review"
        and rows[1][7] == "Welding Technology"
    )
    assert len(rows) == 2
    event = AuditEvent.objects.get(action="student.export")
    assert event.actor_id == family.cast.counselor.pk
    assert event.details["students"] == [str(family.stella.public_id)]
    assert event.details["filters"]["status"] == "submitted"


def test_it_exports_every_row_not_only_the_first_page(client, family: Family):
    cast = family.cast
    for n in range(30):
        student(cast, f"extra{n:02d}", f"Extra{n:02d}", "Zed", 10, cast.school)
    login(client, cast.counselor)
    assert len(read_csv(client.get(EXPORT))) == 1 + 34


def test_it_keeps_spreadsheet_formulas_out_of_the_export(client, family: Family):
    cast = family.cast
    student(cast, "formula", "=HYPERLINK(1)", "+Evil", 10, cast.school)
    login(client, cast.counselor)
    rows = read_csv(client.get(EXPORT, {"q": "evil"}))
    assert rows[1][0] == "'=HYPERLINK(1) +Evil"


def test_it_does_not_let_teachers_export(client, family: Family):
    login(client, family.cast.teacher)
    assert client.get(EXPORT).status_code == 404
    assert not AuditEvent.objects.filter(action="student.export").exists()


# --- the staff student page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("counselor", "student", 200),
        ("teacher", "student", 200),
        ("district_admin", "other_student", 200),
        ("admin", "other_student", 200),
        ("counselor", "other_student", 404),  # Alpha Middle is not the counselor's school
        ("outsider", "student", 404),
        ("outsider", "other_student", 404),
        ("guardian", "student", 404),  # families use the family pages
        ("partner_contact", "student", 404),
        ("student", "student", 404),
    ],
)
def test_it_shows_a_student_only_to_staff_of_their_school(
    client, family: Family, who: str, target: str, status: int
):
    cast = family.cast
    login(client, getattr(cast, who))
    user = getattr(cast, target)
    assert client.get(staff_url(user)).status_code == status
    views = AuditEvent.objects.filter(action="student.view", object_id=str(user.public_id))
    assert views.count() == (1 if status == 200 else 0)


def test_it_summarises_a_student_for_the_counselor(client, family: Family):
    login(client, family.cast.counselor)
    page = client.get(staff_url(family.stella)).content.decode()
    assert "Holland code: <strong>RCI</strong>" in page
    assert "2 completed attempts" in page
    assert str(family.stella.public_id) in page
    assert "Review the plan" in page and f"/plan/{family.stella.public_id}/" in page
    assert "Welding Technology" in page


def test_it_lets_a_teacher_read_without_review_links(client, family: Family):
    login(client, family.cast.teacher)
    page = client.get(staff_url(family.stella)).content.decode()
    assert "Review the plan" not in page and "Open the plan" in page
    assert "You can read this record." in page


def test_it_suggests_good_fit_careers_in_non_traditional_programs_without_asking_sex(client, family: Family):
    login(client, family.cast.counselor)
    stella = client.get(staff_url(family.stella))
    nudges = stella.context["record"].nudges
    # A Doers profile fits welding (a field where fewer than 1 in 4 workers are women).
    assert [n.occupation.code for n in nudges] == ["51-4121.00"]
    assert nudges[0].programs == [family.welding] and nudges[0].fields == ["female"]
    assert "Fewer than 1 in 4 people working in this field are women." in stella.content.decode()
    assert "does not record a student's sex or gender" in stella.content.decode()
    # A Helpers profile fits registered nursing (fewer than 1 in 4 are men).
    cy = client.get(staff_url(family.cy)).context["record"].nudges
    assert {n.occupation.code for n in cy} == {"29-1141.00", "29-1141.01"}  # registered and acute care nurses
    assert {tuple(n.fields) for n in cy} == {("male",)}
    # No results yet: no suggestions.
    assert client.get(staff_url(family.ana)).context["record"].nudges == []


def test_it_shows_consent_state_and_the_consent_link(client, family: Family):
    cast = family.cast
    login(client, cast.district_admin)
    page = client.get(staff_url(cast.other_student)).content.decode()
    assert "Waiting for consent" in page
    assert f"/profiler/consent/{cast.other_student.public_id}/" in page


# --- API ----------------------------------------------------------------------------------------


def test_it_lists_the_caseload_in_the_api_and_records_it(client, family: Family):
    login(client, family.cast.counselor)
    response = client.get("/api/v1/caseload", {"status": "submitted"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["counts"]["total"] == 4
    item = body["items"][0]
    assert item["name"] == "Stella Student" and item["grade"] == 10
    assert item["plan"] == {
        "status": "submitted",
        "label": "Waiting for counselor review",
        "program": "Welding Technology",
    }
    assert item["profiler"]["top"] == "RCI" and item["may_act"] is True
    event = AuditEvent.objects.get(action="student.list")
    assert event.details["via"] == "api" and event.details["count"] == 1


@pytest.mark.parametrize(
    ("who", "count"), [("teacher", 4), ("district_admin", 5), ("admin", 5), ("outsider", 1)]
)
def test_it_scopes_the_caseload_api_like_the_page(client, family: Family, who: str, count: int):
    login(client, getattr(family.cast, who))
    body = client.get("/api/v1/caseload").json()
    assert body["count"] == count
    if who == "teacher":
        assert {i["may_act"] for i in body["items"]} == {False}


def test_it_refuses_bad_caseload_api_requests(client, family: Family):
    cast = family.cast
    login(client, cast.counselor)
    response = client.get("/api/v1/caseload", {"school": str(cast.beta_school.public_id)})
    assert response.status_code == 404 and response.json()["detail"][0]["loc"] == ["query", "school"]
    assert client.get("/api/v1/caseload", {"grade": "13"}).status_code == 422
    assert client.get("/api/v1/caseload", {"status": "nope"}).status_code == 422
    response = client.get("/api/v1/caseload", {"program": str(family.beta_program.public_id)})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "program"]
    login(client, cast.guardian)
    assert client.get("/api/v1/caseload").status_code == 404
    client.logout()
    assert client.get("/api/v1/caseload").status_code == 401


def test_it_keeps_the_caseload_api_within_a_query_budget(
    client, family: Family, django_assert_max_num_queries
):
    cast = family.cast
    for n in range(30):
        student(cast, f"extra{n:02d}", f"Extra{n:02d}", "Zed", 10, cast.school)
    login(client, cast.admin)
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/caseload", {"limit": 100}).json()
    assert body["count"] == 35 and len(body["items"]) == 35
