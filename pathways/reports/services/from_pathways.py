"""Student-year records built from what Pathways itself records, for a consortium with no export.

    result = build_student_years(consortium, 2025, acting_user=user)

One row per student of the consortium (a user with a student membership at one of its schools)
for the school year, stored through the import path (`services.imports.import_parsed`, source
`ImportSource.PATHWAYS`): the school year's rows are replaced in one transaction, and a later
file import for the same year replaces these rows in turn.

What each column comes from (docs/reports-rollups.md, "Student years from Pathways' own records"):

- student_id: the student's OneRoster sourcedId; their Pathways public id when it is blank, longer
  than 40 characters or shared with another student of the consortium.
- school_code: the school's NCES id; `PW-` and 12 hex digits of its public id when it has none
  (district_code likewise from its district).
- grade_level: the student's current grade, moved back one grade per year for a past school year.
  Students who would have been below grade 6 or above 13 that year are left out.
- program_code: the reporting code of the plan's program of study (`PW-…` of the program's public
  id when it has none); cluster_code: that program's Career Cluster.
- cte_courses_in_program: the plan's CTE courses of that program in completed grades. Pathways
  records planned courses, not transcripts: a course planned in a completed grade is taken as
  completed. For a school year that has ended, the student's grade that year is completed; for
  the school year in progress, only the grades below it are.
- postsecondary_credits: the college credits of the plan's dual-credit program courses in
  completed grades (the most any one college gives for a course).
- wbl_participated: yes when the work-based learning app records the student as a participant in
  the school year (`wbl_participants`: a completed placement or an attended event), else no.
- Everything else is unknown: sex, race and ethnicity, the special populations, cohort year,
  graduation, proficiency, exit and placement are not held by Pathways. credential_attained is
  unknown too: a plan's credentials are planned ones, with no record that one was earned.

A student with no plan has no program, and unknown courses and credits; a student with no known
grade has unknown courses and credits (which grades are completed is not known).

A school year whose current rows came from a file (or the synthetic generator) is refused unless
`replace=True`: a file from the state's system is the better record, and is not overwritten by
accident. Rows built from Pathways before are replaced without asking.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import Membership
from pathways.accounts.roles import Role
from pathways.core.errors import InvalidInput
from pathways.orgs.models import Consortium, School
from pathways.programs.models import DualCreditCourse, ProgramOfStudy
from pathways.students.models import Plan, PlanCourse
from pathways.wbl.selectors_rounds import wbl_participants

from ..models import ImportSource, StudentYearImport
from ..studentyears import ALL_COLUMNS, GRADE_MAX, GRADE_MIN, MAX_LENGTHS, ParsedYears, to_columns
from .imports import Actor, ImportResult, cluster_code_of, import_parsed

__all__ = ["BuildRefused", "BuildResult", "build_student_years", "current_school_year", "pathways_code"]

CODE_PREFIX = "PW-"


class BuildRefused(InvalidInput):
    """The school year was not built; nothing changed. `message` says why."""


@dataclass(frozen=True)
class BuildResult:
    school_year: int
    imported: ImportResult
    students: int  # rows built
    left_out: int  # students outside grades 6-13 that year
    with_plan: int
    with_program: int
    participants: int  # at least one course of their program in completed grades
    with_credits: int
    wbl_participants: int
    unknown_grade: int
    public_ids: int  # students identified by their Pathways public id
    replaced_source: str = ""  # source of the rows replaced ("" when there were none)
    programs_without_code: list[str] = field(default_factory=list)
    schools_without_nces: list[str] = field(default_factory=list)


def current_school_year(today: datetime.date) -> int:
    """The ending year of the school year `today` falls in (July 1 to June 30)."""
    return today.year + 1 if today.month >= 7 else today.year


def pathways_code(public_id: Any) -> str:
    """A stable code for a school, district or program that has no official one."""
    return CODE_PREFIX + str(public_id).replace("-", "")[:12]


@dataclass
class _Student:
    user_id: int
    sourced_id: str
    public_id: str
    grade_level: int | None
    school: School


class _PlannedCourse(NamedTuple):
    grade: int
    program_course_id: int
    program_id: int
    is_cte: bool


def _completed(course_grade: int, grade: int, in_progress: bool) -> bool:
    """A course planned in a grade before the student's grade that year, or in that grade once the
    school year has ended, is taken as completed."""
    return course_grade < grade or (course_grade == grade and not in_progress)


def _students(consortium: Consortium) -> list[_Student]:
    """Every student of the consortium, at the school of their latest student membership."""
    latest = (
        Membership.objects.filter(consortium=consortium, role=Role.STUDENT, school__isnull=False)
        .values("user_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    rows = (
        Membership.objects.filter(pk__in=list(latest))
        .select_related("user", "school", "school__district")
        .order_by("user_id")
    )
    return [
        _Student(
            user_id=m.user_id,
            sourced_id=m.user.sourced_id.strip(),
            public_id=str(m.user.public_id),
            grade_level=m.user.grade_level,
            school=m.school,  # type: ignore[arg-type]  # school__isnull=False above
        )
        for m in rows
    ]


def _student_ids(students: list[_Student]) -> dict[int, str]:
    usable = Counter(s.sourced_id for s in students if s.sourced_id)
    limit = MAX_LENGTHS["student_id"]
    return {
        s.user_id: s.sourced_id
        if s.sourced_id and usable[s.sourced_id] == 1 and len(s.sourced_id) <= limit
        else s.public_id
        for s in students
    }


def _school_codes(school: School) -> tuple[str, str]:
    district = school.district
    district_code = (district.nces_id or pathways_code(district.public_id)) if district else ""
    return school.nces_id or pathways_code(school.public_id), district_code


def _refuse_other_sources(consortium: Consortium, school_year: int, replace: bool) -> str:
    current = (
        StudentYearImport.objects.filter(consortium=consortium, school_year=school_year, is_current=True)
        .order_by("-created_at")
        .first()
    )
    if current is None:
        return ""
    if current.source != ImportSource.PATHWAYS and not replace:
        raise BuildRefused(
            _(
                "The school year %(year)s holds records from %(source)s (%(file)s). Nothing was "
                "changed; build again with replace to overwrite them."
            )
            % {
                "year": school_year,
                "source": current.get_source_display(),
                "file": current.filename or "-",
            },
            field="school_year",
        )
    return str(current.source)


def build_student_years(
    consortium: Consortium,
    school_year: int,
    *,
    acting_user: Actor,
    replace: bool = False,
    dry_run: bool = False,
    today: datetime.date | None = None,
) -> BuildResult:
    """Build and store (or with dry_run, only count) the school year's rows from Pathways' records.

    Raises BuildRefused (nothing changed) for a school year not started yet, a consortium with no
    students, or a year holding file records without `replace`."""
    today = today or timezone.localdate()
    now = current_school_year(today)
    if not 2000 <= school_year <= now:
        raise BuildRefused(
            _("Choose a school year from 2000 to %(year)s (the year in progress).") % {"year": now},
            field="school_year",
        )
    in_progress = school_year == now
    years_back = now - school_year

    with transaction.atomic():
        replaced_source = _refuse_other_sources(consortium, school_year, replace)
        students = _students(consortium)
        ids = _student_ids(students)
        plans = {
            p.student_id: p
            for p in Plan.objects.filter(
                consortium=consortium, student_id__in=[s.user_id for s in students]
            ).select_related("program", "program__cluster")
        }
        courses: dict[int, list[_PlannedCourse]] = defaultdict(list)
        planned = PlanCourse.objects.filter(
            consortium=consortium, plan_id__in=[p.pk for p in plans.values()], program_course__isnull=False
        ).values_list(
            "plan_id",
            "grade",
            "program_course_id",
            "program_course__program_id",
            "program_course__course__is_cte",
        )
        for found in planned:
            courses[found[0]].append(_PlannedCourse(*found[1:]))
        credits_of: dict[int, Decimal] = {}
        for pc_id, college_credits in DualCreditCourse.objects.filter(consortium=consortium).values_list(
            "program_course_id", "college_credits"
        ):
            credits_of[pc_id] = max(credits_of.get(pc_id, Decimal(0)), college_credits)
        wbl = wbl_participants(consortium, school_year)

        records: list[dict[str, Any]] = []
        left_out = unknown_grade = with_plan = participants = with_credits = wbl_count = public_ids = 0
        no_code: set[str] = set()
        no_nces: set[str] = set()
        for student in students:
            grade = None if student.grade_level is None else student.grade_level - years_back
            if grade is not None and not GRADE_MIN <= grade <= GRADE_MAX:
                left_out += 1
                continue
            public_ids += ids[student.user_id] == student.public_id
            school_code, district_code = _school_codes(student.school)
            if not student.school.nces_id:
                no_nces.add(student.school.name)
            plan = plans.get(student.user_id)
            with_plan += plan is not None
            program: ProgramOfStudy | None = plan.program if plan is not None else None
            program_code = cluster_code = ""
            if program is not None:
                program_code = program.reporting_code or pathways_code(program.public_id)
                cluster_code = cluster_code_of(program.cluster)
                if not program.reporting_code:
                    no_code.add(program.name)
            in_program: Decimal | None = None
            credits: Decimal | None = None
            if grade is None:
                unknown_grade += 1
            elif plan is not None:
                done = [c for c in courses.get(plan.pk, []) if _completed(c.grade, grade, in_progress)]
                program_id = program.pk if program is not None else None
                in_program = Decimal(sum(1 for c in done if c.program_id == program_id and c.is_cte))
                credits = sum((credits_of.get(c.program_course_id, Decimal(0)) for c in done), Decimal(0))
                participants += in_program >= 1
                with_credits += credits > 0
            key = student.sourced_id or student.public_id  # how wbl_participants names students
            took_wbl = key in wbl
            wbl_count += took_wbl
            row = dict.fromkeys(ALL_COLUMNS)
            row.update(
                student_id=ids[student.user_id],
                school_code=school_code,
                district_code=district_code,
                school_year=school_year,
                grade_level=grade,
                program_code=program_code,
                cluster_code=cluster_code,
                cte_courses_in_program=in_program if program_code else None,
                postsecondary_credits=credits,
                wbl_participated=took_wbl,
            )
            records.append(row)

        if not records:
            raise BuildRefused(
                _("%(consortium)s had no students in school year %(year)s; nothing was changed.")
                % {"consortium": consortium.name, "year": school_year},
                field="consortium",
            )
        parsed = ParsedYears(
            filename=f"Pathways {today.isoformat()}",  # a name that needs no translation
            columns=to_columns(records),
            school_years=[school_year],
        )
        imported = import_parsed(
            consortium, parsed, acting_user=acting_user, source=ImportSource.PATHWAYS, dry_run=dry_run
        )
    return BuildResult(
        school_year=school_year,
        imported=imported,
        students=len(records),
        left_out=left_out,
        with_plan=with_plan,
        with_program=sum(1 for r in records if r["program_code"]),
        participants=participants,
        with_credits=with_credits,
        wbl_participants=wbl_count,
        unknown_grade=unknown_grade,
        public_ids=public_ids,
        replaced_source=replaced_source,
        programs_without_code=sorted(no_code),
        schools_without_nces=sorted(no_nces),
    )
