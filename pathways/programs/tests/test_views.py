"""Program pages as each role sees them; the outsider gets 404 everywhere in Alpha."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from pathways.programs import services
from pathways.programs.models import CourseLevel, ProgramCourse, ProgramOfStudy
from tests.cast import PASSWORD

from .conftest import World


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    assert client.login(username=user.username, password=PASSWORD)
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's visible text, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def full(world: World) -> World:
    """The nursing program with a sequence, dual credit, a credential, a teacher and an adviser."""
    admin, alpha = world.cast.admin, world.cast.alpha
    rows = []
    for code, title, level in (
        ("HS-301", "Clinical Practicum", CourseLevel.CAPSTONE),
        ("HS-101", "Foundations of Health Science", CourseLevel.INTRODUCTORY),
        ("HS-201", "Patient Care Skills", CourseLevel.CONCENTRATOR),
    ):
        course = services.course_create(acting_user=admin, consortium=alpha, code=code, title=title)
        rows.append(
            services.program_course_add(acting_user=admin, program=world.nursing, course=course, level=level)
        )
    services.dual_credit_add(
        acting_user=admin,
        program_course=rows[2],
        college=world.college,
        college_course_code="HCAP 110",
        college_course_title="Nursing Assistant",
        college_credits=5,
    )
    credential = services.credential_create(
        acting_user=admin,
        consortium=alpha,
        name="Certified Nursing Assistant",
        issuer="State Board of Nursing",
    )
    services.program_credential_add(
        acting_user=admin, program=world.nursing, credential=credential, level="capstone"
    )
    services.teacher_assign(
        acting_user=admin, program=world.nursing, teacher=world.cast.teacher, is_lead=True
    )
    services.teacher_license_add(
        acting_user=admin,
        consortium=alpha,
        teacher=world.cast.teacher,
        kind="endorsement",
        area="Health Science",
    )
    services.advisory_member_add(
        acting_user=admin,
        consortium=alpha,
        program=world.nursing,
        person_name="Rita Adviser",
        role_title="RN",
    )
    return world


def detail_url(program: ProgramOfStudy, name: str = "program-detail") -> str:
    return reverse(f"programs:{name}", kwargs={"public_id": program.public_id})


def test_it_shows_a_program_to_a_student(client: Client, full: World) -> None:
    response = login(client, full.cast.student).get(detail_url(full.nursing))
    assert response.status_code == 200
    page = text(response)
    assert "<title>Nursing · Pathways</title>" in response.content.decode()
    # The sequence by level, whatever the order of entry.
    assert page.index("Foundations of Health Science") < page.index("Patient Care Skills")
    assert page.index("Patient Care Skills") < page.index("Clinical Practicum")
    assert "Yes: 5 credits at Alpha College" in page
    assert "HCAP 110 Nursing Assistant" in page
    assert "Certified Nursing Assistant — issued by State Board of Nursing" in page
    assert "Careers this program prepares for" in page
    assert "Registered Nurses" in page and "$100,790" in page
    assert "BLS OEWS, May 2025, Santa Fe, NM" in page
    assert "Classes meet at Alpha High." in page
    # Staff-only facts stay hidden.
    assert "Tom Teacher" not in page
    assert "Rita Adviser" not in page
    assert "Edit this program" not in page


def test_it_shows_teachers_and_the_committee_to_staff(client: Client, full: World) -> None:
    page = text(login(client, full.cast.counselor).get(detail_url(full.nursing)))
    assert "Tom Teacher" in page and "lead teacher" in page
    assert "Endorsement: Health Science" in page
    assert "Rita Adviser" in page
    assert "Edit this program" not in page  # counselors read
    page = text(login(client, full.cast.admin).get(detail_url(full.nursing)))
    assert "Edit this program" in page


@pytest.mark.parametrize(
    "name",
    [
        "program-detail",
        "program-edit",
        "program-sequence",
        "program-dual-credit",
        "program-credentials",
        "program-teachers",
        "program-advisory",
    ],
)
def test_it_refuses_the_outsider_every_program_page(client: Client, world: World, name: str) -> None:
    client = login(client, world.cast.outsider)
    assert client.get(detail_url(world.nursing, name)).status_code == 404
    assert client.post(detail_url(world.nursing, name), {"action": "remove"}).status_code == 404


@pytest.mark.parametrize("who", ["counselor", "teacher", "student", "guardian", "partner_contact"])
def test_it_refuses_editing_pages_to_readers(client: Client, world: World, who: str) -> None:
    client = login(client, getattr(world.cast, who))
    assert client.get(detail_url(world.nursing, "program-edit")).status_code == 404
    assert client.get(detail_url(world.nursing, "program-sequence")).status_code == 404
    assert client.get(reverse("programs:program-create")).status_code == 404


def test_it_hides_planned_programs_from_students(client: Client, world: World) -> None:
    assert login(client, world.cast.student).get(detail_url(world.planned)).status_code == 404
    assert login(client, world.cast.counselor).get(detail_url(world.planned)).status_code == 200


def test_it_sends_strangers_to_sign_in(client: Client, world: World) -> None:
    for url in (reverse("programs:program-list"), reverse("programs:finder"), detail_url(world.nursing)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_visible_programs_in_few_queries(
    client: Client, world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login(client, world.cast.student)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programs:program-list"))
    page = text(response)
    assert "5 programs." in page
    assert "Beta Welding" not in page and "Nursing Assistant (planned)" not in page
    assert "Add a program" not in page
    page = text(login(client, world.cast.admin).get(reverse("programs:program-list") + "?delivery=virtual"))
    assert "1 program." in page and "Computer Science" in page and "Add a program" in page


def test_the_finder_starts_at_the_students_school_with_distances(
    client: Client, world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login(client, world.cast.student)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("programs:finder"))
    page = text(response)
    assert "4 programs are open to students of Alpha High." in page
    assert "At your school" in page and "Online" in page and "At another member school" in page
    assert re.search(r"About \d\d miles", page)
    assert "Electrical Trades" not in page
    page = text(
        client.get(reverse("programs:finder") + f"?school={world.cast.other_school.public_id}&sort=name")
    )
    assert "4 programs are open to students of Alpha Middle." in page and "Electrical Trades" in page


def test_the_finder_refuses_another_consortiums_school(client: Client, world: World) -> None:
    client = login(client, world.cast.outsider)
    assert (
        client.get(reverse("programs:finder") + f"?school={world.cast.school.public_id}").status_code == 404
    )
    assert client.get(reverse("programs:finder") + "?school=nonsense").status_code == 404
    page = text(client.get(reverse("programs:finder")))
    assert "Beta High" in page and "Alpha High" not in page


def test_the_finder_returns_a_fragment_to_htmx(client: Client, world: World) -> None:
    response = login(client, world.cast.student).get(
        reverse("programs:finder") + "?delivery=virtual", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and "Computer Science" in html and "Nursing" not in html


def _program_post(world: World, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "offered_by": f"school:{world.cast.school.public_id}",
        "name": "Culinary Arts",
        "description": "Cooking.",
        "cluster": "hospitality-events-tourism",
        "subcluster": "hospitality-events-tourism/culinary-food-services",
        "cip": "51.3902",
        "delivery_mode": "on_site",
        "status": "active",
        "nontraditional_for": "auto",
    }
    data.update(changes)
    return data


def test_a_leader_creates_a_program_from_the_form(client: Client, world: World) -> None:
    client = login(client, world.cast.admin)
    assert client.get(reverse("programs:program-create")).status_code == 200
    response = client.post(reverse("programs:program-create"), _program_post(world))
    program = ProgramOfStudy.objects.get(name="Culinary Arts")
    assert response.status_code == 302 and response["Location"] == detail_url(program, "program-sequence")
    assert program.subcluster is not None and program.subcluster.slug == "culinary-food-services"


def test_the_form_explains_errors_and_creates_nothing(client: Client, world: World) -> None:
    client = login(client, world.cast.admin)
    response = client.post(
        reverse("programs:program-create"),
        _program_post(world, subcluster="construction/skilled-trades", cip="51.39"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_cip"' in html  # the summary links to each field
    assert 'href="#id_subcluster"' in html
    assert 'aria-invalid="true"' in html
    assert "is not a sub-cluster of" in text(response)
    assert not ProgramOfStudy.objects.filter(name="Culinary Arts").exists()
    # A refusal from the service lands on its field too.
    response = client.post(reverse("programs:program-create"), _program_post(world, name="nursing"))
    assert "already has a program with this name" in text(response)
    assert 'href="#id_name"' in response.content.decode()


def test_the_edit_form_saves_changes(client: Client, world: World) -> None:
    client = login(client, world.cast.district_admin)
    url = detail_url(world.nursing, "program-edit")
    page = text(client.get(url))
    assert "Details" in page and "Course sequence" in page
    data = _program_post(
        world, name="Nursing Pathway", cluster="healthcare-human-services", subcluster="", cip="51.3801"
    )
    data.pop("offered_by")
    response = client.post(url, data)
    assert response.status_code == 302
    world.nursing.refresh_from_db()
    assert world.nursing.name == "Nursing Pathway"


def test_the_sequence_page_adds_a_new_course_and_removes_it(client: Client, world: World) -> None:
    client = login(client, world.cast.admin)
    url = detail_url(world.nursing, "program-sequence")
    response = client.post(
        url,
        {
            "course": "",
            "code": "HS-1",
            "title": "Health Foundations",
            "credits": "1",
            "level": "introductory",
            "recommended_grade": "9",
        },
    )
    assert response.status_code == 302
    row = ProgramCourse.objects.get(program=world.nursing)
    assert row.course.title == "Health Foundations" and row.recommended_grade == 9
    assert "Health Foundations" in text(client.get(url))
    # A new course needs its code and title.
    response = client.post(url, {"course": "", "level": "capstone"})
    assert "Needed for a new course." in text(response)
    response = client.post(url, {"action": "remove", "item": str(row.public_id)})
    assert response.status_code == 302
    assert not ProgramCourse.objects.filter(program=world.nursing).exists()
    # Another program's row cannot be removed from here.
    other = services.program_course_add(
        acting_user=world.cast.admin, program=world.welding, course=row.course, level="introductory"
    )
    assert client.post(url, {"action": "remove", "item": str(other.public_id)}).status_code == 404


def test_the_other_editing_pages_render_and_save(client: Client, full: World) -> None:
    client = login(client, full.cast.admin)
    for name in ("program-dual-credit", "program-credentials", "program-teachers", "program-advisory"):
        response = client.get(detail_url(full.nursing, name))
        assert response.status_code == 200, name
    response = client.post(
        detail_url(full.nursing, "program-advisory"),
        {"person_name": "Nora New", "organisation": str(full.cast.partner.public_id), "role_title": "Owner"},
    )
    assert response.status_code == 302
    assert "Nora New" in text(client.get(detail_url(full.nursing)))
    response = client.post(
        detail_url(full.nursing, "program-dual-credit"),
        {
            "action": "terms",
            "college": str(full.college.public_id),
            "tuition_per_credit": "55",
            "tuition_note": "",
        },
    )
    assert response.status_code == 302
    assert "$55 per credit" in text(client.get(detail_url(full.nursing, "program-dual-credit")))
