"""The demo loader: programs for the seed consortia, idempotent, quiet when schools are missing."""

from __future__ import annotations

from pathways.accounts.models import Membership, User
from pathways.accounts.roles import Role
from pathways.catalog.models import CipProgram
from pathways.labor.models import ZipCode
from pathways.orgs.models import Consortium, District, Partner, School
from pathways.programs import demo, selectors
from pathways.programs.models import (
    AdvisoryCommitteeMember,
    CollegeTerms,
    DeliveryMode,
    DualCreditCourse,
    ProgramCourse,
    ProgramOfStudy,
    TeacherAssignment,
)


def region_i() -> Consortium:
    # The fixture's public-data cut lacks two of Region I's CIP codes; add them as the full data has them.
    CipProgram.objects.get_or_create(
        code="11.0901", defaults={"title": "Computer Systems Networking", "family": "11"}
    )
    CipProgram.objects.get_or_create(
        code="01.0101", defaults={"title": "Agricultural Business", "family": "01"}
    )
    consortium = Consortium.objects.create(slug="nm-region-i", name="Region I CTE Consortium")
    district = District.objects.create(consortium=consortium, name="Llano Estacado Schools (demo)")
    for name, zip_code in (
        ("Caprock High School (demo)", "88101"),
        ("Mesa High School (demo)", "88130"),
        ("Pecos Valley High School (demo)", "88203"),
    ):
        School.objects.create(
            consortium=consortium, district=district, name=name, zip_code=ZipCode.objects.get(zip=zip_code)
        )
    teacher = User.objects.create_user("demo-teacher", first_name="Teacher", last_name="Demo-Lopez")
    Membership.objects.create(
        user=teacher,
        role=Role.TEACHER,
        consortium=consortium,
        school=School.objects.filter(consortium=consortium).first(),
    )
    return consortium


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            ProgramOfStudy,
            ProgramCourse,
            DualCreditCourse,
            Partner,
            CollegeTerms,
            TeacherAssignment,
            AdvisoryCommitteeMember,
        )
    )


def test_it_loads_programs_of_study_for_the_seed_consortia_once(catalog_db) -> None:  # type: ignore[no-untyped-def]
    consortium = region_i()
    lines: list[str] = []
    demo.load(lines.append)
    first = counts()
    demo.load(lines.append)
    assert counts() == first  # idempotent
    programs = ProgramOfStudy.objects.filter(consortium=consortium)
    assert set(programs.values_list("name", flat=True)) == {
        "Cybersecurity and Networking",
        "Welding Technology",
        "Agribusiness and Agricultural Systems",
        "Diesel and Heavy Equipment Technology",
    }
    assert all(p.program_courses.count() == 3 for p in programs)
    assert {p.delivery_mode for p in programs} == set(DeliveryMode.values)
    college = Partner.objects.get(consortium=consortium, kind="postsecondary")
    assert (
        college.name.startswith("Eastern New Mexico University") and college.college_terms.tuition_per_credit
    )
    # The finder reaches across schools: from the third school, virtual, shared, college and its own.
    pecos = School.objects.get(name="Pecos Valley High School (demo)")
    reach = {r.program.name: r.how for r in selectors.programs_reachable_from(pecos)}
    assert reach["Cybersecurity and Networking"] == "virtual"
    assert reach["Agribusiness and Agricultural Systems"] == "here"
    assert reach["Diesel and Heavy Equipment Technology"] == "college"
    welding = next(
        r for r in selectors.programs_reachable_from(pecos) if r.program.name == "Welding Technology"
    )
    assert welding.how == "other_school" and welding.place == "Mesa High School (demo)"
    assert welding.distance_miles is not None and 50 < welding.distance_miles < 100  # Roswell to Portales
    assert TeacherAssignment.objects.filter(program__consortium=consortium).count() == 4
    assert any("nm-region-b: no such consortium" in line for line in lines)


def test_it_skips_a_consortium_without_schools(catalog_db) -> None:  # type: ignore[no-untyped-def]
    Consortium.objects.create(slug="nm-region-b", name="Region B CTE Consortium")
    lines: list[str] = []
    demo.load(lines.append)
    assert ProgramOfStudy.objects.count() == 0
    assert any("nm-region-b: no schools yet" in line for line in lines)
