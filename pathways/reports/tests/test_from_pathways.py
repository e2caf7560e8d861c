"""Student-year records built from what Pathways records (plans, dual credit, work-based learning)
for a consortium with no export: the rows a leader would expect, re-running replaces the year, and
a year imported from a file is not overwritten unless asked."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from pathways.catalog.models import CareerCluster, CipProgram
from pathways.orgs.models import Partner, PartnerKind
from pathways.programs.models import Course, DualCreditCourse, ProgramCourse, ProgramOfStudy
from pathways.reports.models import ImportSource, StudentYear, StudentYearImport
from pathways.reports.services.from_pathways import BuildRefused, build_student_years, pathways_code
from pathways.reports.services.imports import cluster_code_of, import_student_years
from pathways.students.models import Plan, PlanCourse
from pathways.wbl.models import EngagementType, Opportunity, OpportunityStatus, Placement, PlacementStatus

from .conftest import DISTRICT, SCHOOL_A, SCHOOL_B, csv_text

MARCH_2025 = datetime.date(2025, 3, 1)  # school year 2025 (2024-25) in progress
AUGUST_2025 = datetime.date(2025, 8, 1)  # school year 2025 has ended; 2026 has begun


@pytest.fixture
def planned(alpha_codes: Any) -> Any:
    """Stella (grade 10, sourcedId S-100) plans Welding: a course in grades 9, 10 and 11; the grade-9
    course earns dual credit at two colleges (3 and 4 credits); she completed a placement in
    2024-25. Otto (grade 7) has no plan."""
    cast = alpha_codes
    cast.student.sourced_id = "S-100"
    cast.student.save()
    cluster = CareerCluster.objects.filter(framework="2024").order_by("slug")[0]
    cip = CipProgram.objects.order_by("code")[0]
    program = ProgramOfStudy.objects.create(
        consortium=cast.alpha,
        school=cast.school,
        name="Welding",
        cluster=cluster,
        cip=cip,
        reporting_code="WELD",
    )
    links = []
    for grade, level in ((9, "introductory"), (10, "concentrator"), (11, "capstone")):
        course = Course.objects.create(consortium=cast.alpha, code=f"W{grade}", title=f"Welding {grade}")
        link = ProgramCourse.objects.create(
            consortium=cast.alpha,
            program=program,
            course=course,
            level=level,
            order=grade,
            recommended_grade=grade,
        )
        links.append(link)
    for n, credits in enumerate(("3", "4")):
        college = Partner.objects.create(
            consortium=cast.alpha, kind=PartnerKind.POSTSECONDARY, name=f"College {n}"
        )
        DualCreditCourse.objects.create(
            consortium=cast.alpha,
            program_course=links[0],
            college=college,
            college_course_code=f"WLD10{n}",
            college_course_title="Intro welding",
            college_credits=Decimal(credits),
        )
    plan = Plan.objects.create(consortium=cast.alpha, student=cast.student, program=program)
    for grade, link in zip((9, 10, 11), links, strict=True):
        PlanCourse.objects.create(
            consortium=cast.alpha, plan=plan, grade=grade, program_course=link, title="x"
        )
    opportunity = Opportunity.objects.create(
        consortium=cast.alpha,
        partner=cast.partner,
        title="Fab shop internship",
        description="Welding.",
        engagement=EngagementType.INTERNSHIP,
        is_virtual=True,
        starts_on=datetime.date(2024, 10, 1),
        capacity=2,
        status=OpportunityStatus.APPROVED,
    )
    Placement.objects.create(
        consortium=cast.alpha,
        student=cast.student,
        opportunity=opportunity,
        starts_on=datetime.date(2024, 10, 1),
        status=PlacementStatus.COMPLETED,
        completed_on=datetime.date(2024, 12, 15),
    )
    cast.program = program
    return cast


def _rows(cast: Any, year: int) -> dict[str, StudentYear]:
    return {r.student_id: r for r in StudentYear.objects.filter(consortium=cast.alpha, school_year=year)}


def test_each_student_gets_a_row_from_their_plan_and_what_pathways_does_not_hold_stays_unknown(
    planned: Any,
) -> None:
    result = build_student_years(planned.alpha, 2025, acting_user=planned.admin, today=MARCH_2025)
    rows = _rows(planned, 2025)
    otto_id = str(planned.other_student.public_id)
    assert set(rows) == {"S-100", otto_id}  # Beta's student is not Alpha's
    stella = rows["S-100"]
    assert (stella.school_code, stella.district_code, stella.grade_level) == (SCHOOL_A, DISTRICT, 10)
    assert stella.program_code == "WELD" and stella.cluster_code == cluster_code_of(planned.program.cluster)
    # 2024-25 is in progress in March: only grade 9 is completed (1 course; the larger dual credit).
    assert stella.cte_courses_in_program == Decimal(1)
    assert stella.postsecondary_credits == Decimal(4)
    assert stella.wbl_participated is True
    unknown = ("economically_disadvantaged", "english_learner", "graduated_4yr", "math_proficient")
    assert all(getattr(stella, name) is None for name in unknown)
    assert (stella.sex, stella.race_ethnicity, stella.placement, stella.cohort_year) == (
        "",
        "unknown",
        "unknown",
        None,
    )
    assert stella.credential_attained is None  # a plan's credentials are planned, not earned
    otto = rows[otto_id]
    assert (otto.school_code, otto.grade_level, otto.program_code) == (SCHOOL_B, 7, "")
    assert otto.cte_courses_in_program is None and otto.postsecondary_credits is None
    assert otto.wbl_participated is False
    batch = StudentYearImport.objects.get(consortium=planned.alpha, school_year=2025, is_current=True)
    assert batch.source == ImportSource.PATHWAYS and batch.row_count == 2
    assert (result.students, result.with_plan, result.participants, result.wbl_participants) == (2, 1, 1, 1)
    assert result.public_ids == 1


def test_a_year_that_has_ended_counts_the_grade_the_student_was_in(planned: Any) -> None:
    planned.student.grade_level = 11  # August 2025: Stella has moved up to grade 11
    planned.student.save()
    build_student_years(planned.alpha, 2025, acting_user=None, today=AUGUST_2025)
    stella = _rows(planned, 2025)["S-100"]
    assert stella.grade_level == 10
    assert stella.cte_courses_in_program == Decimal(2)  # grades 9 and 10 are both completed


def test_schools_and_programs_without_official_codes_get_stable_ones(planned: Any) -> None:
    planned.school.nces_id = ""
    planned.school.save()
    planned.district.nces_id = ""
    planned.district.save()
    ProgramOfStudy.objects.filter(pk=planned.program.pk).update(reporting_code="")
    result = build_student_years(planned.alpha, 2025, acting_user=None, today=MARCH_2025)
    stella = _rows(planned, 2025)["S-100"]
    assert stella.school_code == pathways_code(planned.school.public_id)
    assert stella.district_code == pathways_code(planned.district.public_id)
    assert stella.program_code == pathways_code(planned.program.public_id)
    assert stella.cluster_code == cluster_code_of(planned.program.cluster)
    assert result.programs_without_code == ["Welding"] and result.schools_without_nces == ["Alpha High"]


def test_running_again_replaces_the_year(planned: Any) -> None:
    build_student_years(planned.alpha, 2025, acting_user=None, today=MARCH_2025)
    Plan.objects.filter(student=planned.student).delete()
    result = build_student_years(planned.alpha, 2025, acting_user=None, today=MARCH_2025)
    assert result.imported.replaced == {2025: 2} and result.replaced_source == ImportSource.PATHWAYS
    assert StudentYear.objects.filter(consortium=planned.alpha, school_year=2025).count() == 2
    assert _rows(planned, 2025)["S-100"].program_code == ""
    assert StudentYearImport.objects.filter(school_year=2025, is_current=True).count() == 1
    assert StudentYearImport.objects.filter(school_year=2025, is_current=False).count() == 1


def test_a_year_imported_from_a_file_is_kept_unless_replace_is_asked(planned: Any) -> None:
    text = csv_text([{"student_id": "F1", "school_code": SCHOOL_A, "school_year": 2025}])
    import_student_years(planned.alpha, io.StringIO(text), "state.csv", acting_user=planned.admin)
    with pytest.raises(BuildRefused) as refused:
        build_student_years(planned.alpha, 2025, acting_user=None, today=MARCH_2025)
    assert "state.csv" in refused.value.message
    assert set(_rows(planned, 2025)) == {"F1"}
    build_student_years(planned.alpha, 2025, acting_user=None, replace=True, today=MARCH_2025)
    assert "F1" not in _rows(planned, 2025) and "S-100" in _rows(planned, 2025)
    # ...and a file imported afterwards replaces the rows built from Pathways, without asking.
    import_student_years(planned.alpha, io.StringIO(text), "state.csv", acting_user=planned.admin)
    assert set(_rows(planned, 2025)) == {"F1"}


def test_a_school_year_not_started_yet_is_refused(planned: Any) -> None:
    with pytest.raises(BuildRefused):
        build_student_years(planned.alpha, 2026, acting_user=None, today=MARCH_2025)
    assert not StudentYear.objects.exists()


def test_a_shared_sourced_id_falls_back_to_the_pathways_id(planned: Any) -> None:
    planned.other_student.sourced_id = "S-100"
    planned.other_student.save()
    build_student_years(planned.alpha, 2025, acting_user=None, today=MARCH_2025)
    assert set(_rows(planned, 2025)) == {str(planned.student.public_id), str(planned.other_student.public_id)}


def test_the_command_dry_runs_stores_and_refuses_over_a_file(
    planned: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    year = datetime.date.today().year + (1 if datetime.date.today().month >= 7 else 0)
    call_command("build_student_years", consortium="alpha", year=year, dry_run=True)
    out = capsys.readouterr().out
    assert "Would store 2 student-year rows" in out and "Unknown (not recorded in Pathways)" in out
    assert not StudentYear.objects.exists()
    call_command("build_student_years", consortium="alpha", year=year)
    assert "Stored 2 student-year rows" in capsys.readouterr().out
    text = csv_text([{"student_id": "F1", "school_code": SCHOOL_A, "school_year": year}])
    import_student_years(planned.alpha, io.StringIO(text), "state.csv", acting_user=None)
    with pytest.raises(SystemExit) as exit_info:
        call_command("build_student_years", consortium="alpha", year=year)
    assert exit_info.value.code == 1
    assert "state.csv" in capsys.readouterr().err
    assert set(_rows(planned, year)) == {"F1"}
