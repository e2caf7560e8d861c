"""Writes of the programs app. Every service takes the acting user, checks that they may make the
change, validates everything before touching the database (bad input raises `InvalidInput` with
the offending field and changes nothing), keeps every row in its parents' consortium, and
records an audit event."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from pathways.accounts.models import Membership, User
from pathways.accounts.policies import Actor, is_leader
from pathways.accounts.roles import Role
from pathways.catalog.models import CareerCluster, CipProgram, Framework, SubCluster
from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import ConsortiumOwned, ensure_same_consortium
from pathways.orgs.models import Consortium, District, Partner, PartnerKind, School

from . import selectors
from .models import (
    IN_PERSON_AT_SCHOOL,
    AdvisoryCommitteeMember,
    CollegeTerms,
    Course,
    CourseLevel,
    Credential,
    DeliveryMode,
    DualCreditCourse,
    LicenseKind,
    NonTraditional,
    ProgramCourse,
    ProgramCredential,
    ProgramOfStudy,
    ProgramStatus,
    TeacherAssignment,
    TeacherLicense,
)
from .nontraditional import nontraditional_default

CTID_RE = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
AUTO = "auto"  # nontraditional_for: apply the default rule


# --- helpers ---------------------------------------------------------------------------------


def _same(child: ConsortiumOwned, parent: object, field: str) -> None:
    """`ensure_same_consortium`, with the error attached to the form field the parent came from."""
    try:
        ensure_same_consortium(child, parent)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=field) from exc


def _text(value: str | None, field: str, *, required: bool = True, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("Use at most %(n)s characters (this has %(len)s).") % {"n": max_length, "len": len(value)},
            field=field,
        )
    return value


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            _("Choose one of: %(values)s") % {"values": ", ".join(str(label) for label in choices.labels)},
            field=field,
        )
    return value


def _decimal(
    value: Decimal | float | int | str | None, field: str, *, minimum: Decimal, allow_zero: bool
) -> Decimal:
    try:
        number = Decimal(str(value)) if value is not None and str(value).strip() != "" else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise InvalidInput(_("Enter a number, like 3 or 1.5."), field=field)
    if number < minimum or (number == 0 and not allow_zero) or number >= 1000:
        raise InvalidInput(_("Enter a number between %(low)s and 999.") % {"low": minimum}, field=field)
    return number


def _grade(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= 14:
        raise InvalidInput(
            _("Enter a grade from 0 (kindergarten) to 14 (second year of college)."), field=field
        )
    return value


def _require(allowed: bool) -> None:
    """Refuse a change the user may not make, with the same answer as for a row they cannot see."""
    if not allowed:
        raise NotFound(_("Not found."))


def _audit(acting_user: Actor, action: str, row: ConsortiumOwned, **details: Any) -> None:
    audit_record(
        acting_user=acting_user,
        action=f"programs.{action}",
        object_type=type(row).__name__,
        object_id=str(row.public_id),
        details={"consortium": row.consortium_id, **details},
    )


# --- programs --------------------------------------------------------------------------------


def _program_values(
    *,
    consortium_id: int,
    school: School | None,
    district: District | None,
    name: str,
    description: str,
    cluster: CareerCluster | None,
    subcluster: SubCluster | None,
    cip: CipProgram | None,
    delivery_mode: str,
    host_school: School | None,
    host_partner: Partner | None,
    eligible_schools: Sequence[School] | None,
    status: str,
    nontraditional_for: str | None,
    exclude_pk: int | None = None,
) -> tuple[dict[str, Any], list[School]]:
    """Validate a program's fields; return the values to store and the eligible schools."""
    probe = ProgramOfStudy(consortium_id=consortium_id)
    name = _text(name, "name")
    description = _text(description, "description", required=False, max_length=5000)
    same_name = ProgramOfStudy.objects.filter(name__iexact=name)
    same_name = same_name.filter(school=school) if school is not None else same_name.filter(district=district)
    if exclude_pk is not None:
        same_name = same_name.exclude(pk=exclude_pk)
    if same_name.exists():
        raise InvalidInput(_("This school or district already has a program with this name."), field="name")
    if cluster is None:
        raise InvalidInput(_("Choose a Career Cluster."), field="cluster")
    if cluster.framework != Framework.MODERN:
        raise InvalidInput(_("Choose a Career Cluster of the 2024 framework."), field="cluster")
    if subcluster is not None and subcluster.cluster_id != cluster.pk:
        raise InvalidInput(
            _("%(sub)s is not a sub-cluster of %(cluster)s.")
            % {"sub": subcluster.name, "cluster": cluster.name},
            field="subcluster",
        )
    if cip is None:
        raise InvalidInput(_("Enter the program's CIP code."), field="cip")
    if cip.digits != 6:
        raise InvalidInput(
            _("Use a six-digit CIP code like 48.0508; %(code)s is a series.") % {"code": cip.code},
            field="cip",
        )
    delivery_mode = _choice(delivery_mode, DeliveryMode, "delivery_mode")
    if host_school is not None:
        _same(probe, host_school, "host_school")
        if delivery_mode not in IN_PERSON_AT_SCHOOL:
            raise InvalidInput(
                _("Only programs taught on site or shared meet at a member school; clear this choice."),
                field="host_school",
            )
        if delivery_mode == DeliveryMode.ON_SITE and school is not None and host_school.pk != school.pk:
            raise InvalidInput(
                _(
                    "A program taught on site meets at the offering school. "
                    "Choose “Shared” if it meets elsewhere."
                ),
                field="host_school",
            )
    elif district is not None and delivery_mode in IN_PERSON_AT_SCHOOL:
        raise InvalidInput(_("Choose the school where the district's program meets."), field="host_school")
    if delivery_mode == DeliveryMode.COLLEGE:
        if host_partner is None:
            raise InvalidInput(_("Choose the college or technical center."), field="host_partner")
        _same(probe, host_partner, "host_partner")
        if host_partner.kind != PartnerKind.POSTSECONDARY:
            raise InvalidInput(
                _("%(name)s is not a postsecondary partner.") % {"name": host_partner.name},
                field="host_partner",
            )
    elif host_partner is not None:
        raise InvalidInput(
            _("Only programs at a college or technical center have a college; clear this choice."),
            field="host_partner",
        )
    if eligible_schools:
        chosen = list(dict.fromkeys(eligible_schools))
        for eligible in chosen:
            _same(probe, eligible, "eligible_schools")
    elif school is not None:
        chosen = [school]
    else:
        assert district is not None
        chosen = list(School.objects.filter(district=district))
    if school is not None and school not in chosen:
        chosen.insert(0, school)  # an offering school is always open to its own students
    status = _choice(status, ProgramStatus, "status")
    if nontraditional_for in (None, "", AUTO):
        nontraditional, by_staff = nontraditional_default(cip.code), False
    else:
        nontraditional, by_staff = (
            _choice(str(nontraditional_for), NonTraditional, "nontraditional_for"),
            True,
        )
    values = {
        "name": name,
        "description": description,
        "cluster": cluster,
        "subcluster": subcluster,
        "cip": cip,
        "delivery_mode": delivery_mode,
        "host_school": host_school,
        "host_partner": host_partner if delivery_mode == DeliveryMode.COLLEGE else None,
        "status": status,
        "nontraditional_for": nontraditional,
        "nontraditional_set_by_staff": by_staff,
    }
    return values, chosen


@transaction.atomic
def program_create(
    *,
    acting_user: Actor,
    school: School | None = None,
    district: District | None = None,
    name: str,
    description: str = "",
    cluster: CareerCluster | None,
    subcluster: SubCluster | None = None,
    cip: CipProgram | None,
    delivery_mode: str = DeliveryMode.ON_SITE,
    host_school: School | None = None,
    host_partner: Partner | None = None,
    eligible_schools: Sequence[School] | None = None,
    status: str = ProgramStatus.ACTIVE,
    nontraditional_for: str | None = None,
) -> ProgramOfStudy:
    """A new program offered by `school` or by `district` (exactly one)."""
    if (school is None) == (district is None):
        raise InvalidInput(
            _("Choose the school or the district that offers the program."), field="offered_by"
        )
    offerer: School | District = school if school is not None else district  # type: ignore[assignment]
    _require(
        is_leader(acting_user, offerer.consortium_id)
        or (selectors.offering_schools(acting_user).filter(pk=school.pk).exists() if school else False)
        or (selectors.offering_districts(acting_user).filter(pk=district.pk).exists() if district else False)
    )
    values, eligible = _program_values(
        consortium_id=offerer.consortium_id,
        school=school,
        district=district,
        name=name,
        description=description,
        cluster=cluster,
        subcluster=subcluster,
        cip=cip,
        delivery_mode=delivery_mode,
        host_school=host_school,
        host_partner=host_partner,
        eligible_schools=eligible_schools,
        status=status,
        nontraditional_for=nontraditional_for,
    )
    program = ProgramOfStudy(consortium_id=offerer.consortium_id, school=school, district=district, **values)
    program.save()
    program.eligible_schools.set(eligible)
    _audit(acting_user, "program.create", program, name=program.name, cip=program.cip_id)
    return program


@transaction.atomic
def program_update(
    *,
    acting_user: Actor,
    program: ProgramOfStudy,
    name: str,
    description: str = "",
    cluster: CareerCluster | None,
    subcluster: SubCluster | None = None,
    cip: CipProgram | None,
    delivery_mode: str,
    host_school: School | None = None,
    host_partner: Partner | None = None,
    eligible_schools: Sequence[School] | None = None,
    status: str,
    nontraditional_for: str | None = None,
) -> ProgramOfStudy:
    """Change a program's fields (not who offers it). The in-memory `program` changes only on success."""
    _require(selectors.may_edit_program(acting_user, program))
    values, eligible = _program_values(
        consortium_id=program.consortium_id,
        school=program.school,
        district=program.district,
        name=name,
        description=description,
        cluster=cluster,
        subcluster=subcluster,
        cip=cip,
        delivery_mode=delivery_mode,
        host_school=host_school,
        host_partner=host_partner,
        eligible_schools=eligible_schools,
        status=status,
        nontraditional_for=nontraditional_for,
        exclude_pk=program.pk,
    )
    changed = [key for key, value in values.items() if getattr(program, key) != value]
    for key, value in values.items():
        setattr(program, key, value)
    program.save(update_fields=[*changed, "updated_at"])
    program.eligible_schools.set(eligible)
    _audit(acting_user, "program.update", program, changed=changed)
    return program


# --- courses and the sequence ----------------------------------------------------------------


def _course_values(
    *,
    code: str,
    title: str,
    description: str,
    credits: Decimal | float | int | str | None,
    grade_low: int | None,
    grade_high: int | None,
) -> dict[str, Any]:
    values = {
        "code": _text(code, "code", max_length=30),
        "title": _text(title, "title"),
        "description": _text(description, "description", required=False, max_length=5000),
        "credits": _decimal(credits, "credits", minimum=Decimal(0), allow_zero=True),
        "grade_low": _grade(grade_low, "grade_low"),
        "grade_high": _grade(grade_high, "grade_high"),
    }
    if grade_low is not None and grade_high is not None and grade_low > grade_high:
        raise InvalidInput(_("The highest grade must not be below the lowest."), field="grade_high")
    return values


@transaction.atomic
def course_create(
    *,
    acting_user: Actor,
    consortium: Consortium,
    code: str,
    title: str,
    description: str = "",
    credits: Decimal | float | int | str | None = 1,
    grade_low: int | None = None,
    grade_high: int | None = None,
    is_cte: bool = True,
) -> Course:
    _require(selectors.may_manage_catalog(acting_user, consortium.pk))
    values = _course_values(
        code=code,
        title=title,
        description=description,
        credits=credits,
        grade_low=grade_low,
        grade_high=grade_high,
    )
    if Course.objects.filter(consortium=consortium, code__iexact=values["code"]).exists():
        raise InvalidInput(
            _("The consortium already has a course %(code)s; choose it from the list.")
            % {"code": values["code"]},
            field="code",
        )
    course = Course.objects.create(consortium=consortium, is_cte=is_cte, **values)
    _audit(acting_user, "course.create", course, code=course.code)
    return course


@transaction.atomic
def course_update(
    *,
    acting_user: Actor,
    course: Course,
    code: str,
    title: str,
    description: str = "",
    credits: Decimal | float | int | str | None = 1,
    grade_low: int | None = None,
    grade_high: int | None = None,
    is_cte: bool = True,
) -> Course:
    _require(selectors.may_manage_catalog(acting_user, course.consortium_id))
    values = _course_values(
        code=code,
        title=title,
        description=description,
        credits=credits,
        grade_low=grade_low,
        grade_high=grade_high,
    )
    if (
        Course.objects.filter(consortium_id=course.consortium_id, code__iexact=values["code"])
        .exclude(pk=course.pk)
        .exists()
    ):
        raise InvalidInput(
            _("Another course already has the code %(code)s.") % {"code": values["code"]}, field="code"
        )
    values["is_cte"] = is_cte
    for key, value in values.items():
        setattr(course, key, value)
    course.save(update_fields=[*values, "updated_at"])
    _audit(acting_user, "course.update", course, code=course.code)
    return course


@transaction.atomic
def program_course_add(
    *,
    acting_user: Actor,
    program: ProgramOfStudy,
    course: Course,
    level: str,
    order: int | None = None,
    recommended_grade: int | None = None,
) -> ProgramCourse:
    """Place a course in the program's sequence; `order` defaults to after the last course."""
    _require(selectors.may_edit_program(acting_user, program))
    row = ProgramCourse(consortium_id=program.consortium_id, program=program, course=course)
    _same(row, course, "course")
    level = _choice(level, CourseLevel, "level")
    recommended_grade = _grade(recommended_grade, "recommended_grade")
    if program.program_courses.filter(course=course).exists():
        raise InvalidInput(_("%(course)s is already in this sequence.") % {"course": course}, field="course")
    if order is None:
        order = (program.program_courses.aggregate(m=Max("order"))["m"] or 0) + 1
    elif not 1 <= order <= 99:
        raise InvalidInput(_("Enter a position from 1 to 99."), field="order")
    row.level, row.order, row.recommended_grade = level, order, recommended_grade
    row.save()
    _audit(acting_user, "program_course.add", row, program=str(program.public_id), course=course.code)
    return row


@transaction.atomic
def program_course_remove(*, acting_user: Actor, program_course: ProgramCourse) -> None:
    _require(selectors.may_edit_program(acting_user, program_course.program))
    _audit(acting_user, "program_course.remove", program_course, course=program_course.course.code)
    program_course.delete()  # its dual-credit rows go with it


@transaction.atomic
def program_course_move(*, acting_user: Actor, program_course: ProgramCourse, direction: str) -> None:
    """Swap the course with its neighbour within the same level ("up" or "down")."""
    program = program_course.program
    _require(selectors.may_edit_program(acting_user, program))
    if direction not in ("up", "down"):
        raise InvalidInput(_("Move a course up or down."), field="direction")
    same_level = [pc for pc in selectors.program_sequence(program) if pc.level == program_course.level]
    index = next(i for i, pc in enumerate(same_level) if pc.pk == program_course.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(same_level):
        return
    # Renumber the level's courses in their new order so that equal positions cannot stick.
    same_level[index], same_level[other_index] = same_level[other_index], same_level[index]
    base = min(pc.order for pc in same_level)
    for offset, pc in enumerate(same_level):
        if pc.order != base + offset:
            pc.order = base + offset
            pc.save(update_fields=["order", "updated_at"])
    _audit(acting_user, "program_course.move", program_course, direction=direction)


# --- dual credit and colleges ----------------------------------------------------------------


def _college(row: ConsortiumOwned, college: Partner | None, field: str) -> Partner:
    if college is None:
        raise InvalidInput(_("Choose the college."), field=field)
    _same(row, college, field)
    if college.kind != PartnerKind.POSTSECONDARY:
        raise InvalidInput(
            _("%(name)s is not a postsecondary partner.") % {"name": college.name}, field=field
        )
    return college


@transaction.atomic
def dual_credit_add(
    *,
    acting_user: Actor,
    program_course: ProgramCourse,
    college: Partner | None,
    college_course_code: str,
    college_course_title: str,
    college_credits: Decimal | float | int | str | None,
    articulation_note: str = "",
) -> DualCreditCourse:
    _require(selectors.may_edit_program(acting_user, program_course.program))
    row = DualCreditCourse(consortium_id=program_course.consortium_id, program_course=program_course)
    row.college = _college(row, college, "college")
    row.college_course_code = _text(college_course_code, "college_course_code", max_length=30)
    row.college_course_title = _text(college_course_title, "college_course_title")
    row.college_credits = _decimal(
        college_credits, "college_credits", minimum=Decimal("0.5"), allow_zero=False
    )
    row.articulation_note = _text(articulation_note, "articulation_note", required=False, max_length=2000)
    if DualCreditCourse.objects.filter(
        program_course=program_course,
        college=row.college,
        college_course_code__iexact=row.college_course_code,
    ).exists():
        raise InvalidInput(
            _("This college course is already listed for this course."), field="college_course_code"
        )
    row.save()
    _audit(acting_user, "dual_credit.add", row, college=row.college.name, code=row.college_course_code)
    return row


@transaction.atomic
def dual_credit_remove(*, acting_user: Actor, dual_credit: DualCreditCourse) -> None:
    _require(selectors.may_edit_program(acting_user, dual_credit.program_course.program))
    _audit(acting_user, "dual_credit.remove", dual_credit, code=dual_credit.college_course_code)
    dual_credit.delete()


@transaction.atomic
def college_terms_set(
    *,
    acting_user: Actor,
    college: Partner,
    tuition_per_credit: Decimal | float | int | str | None,
    tuition_note: str = "",
) -> CollegeTerms:
    """A college's tuition per credit (None: unknown). Consortium leaders only."""
    _require(is_leader(acting_user, college.consortium_id))
    probe = CollegeTerms(consortium_id=college.consortium_id)
    _college(probe, college, "college")
    tuition = (
        None
        if tuition_per_credit in (None, "")
        else _decimal(tuition_per_credit, "tuition_per_credit", minimum=Decimal(0), allow_zero=True)
    )
    note = _text(tuition_note, "tuition_note", required=False)
    terms, _created = CollegeTerms.objects.update_or_create(
        partner=college,
        defaults={
            "consortium_id": college.consortium_id,
            "tuition_per_credit": tuition,
            "tuition_note": note,
        },
    )
    _audit(acting_user, "college_terms.set", terms, college=college.name, tuition=str(tuition))
    return terms


# --- credentials -----------------------------------------------------------------------------


@transaction.atomic
def credential_create(
    *, acting_user: Actor, consortium: Consortium, name: str, issuer: str, url: str = "", ctid: str = ""
) -> Credential:
    _require(selectors.may_manage_catalog(acting_user, consortium.pk))
    name = _text(name, "credential_name")
    issuer = _text(issuer, "issuer")
    url = _text(url, "url", required=False)
    if url and not re.match(r"^https?://[^\s]+$", url):
        raise InvalidInput(_("Enter a web address starting with https://"), field="url")
    ctid = _text(ctid, "ctid", required=False, max_length=60).lower()
    if ctid and not CTID_RE.match(ctid):
        raise InvalidInput(
            _("A CTID looks like ce-1a2b3c4d-0000-4000-8000-123456789abc (from the Credential Registry)."),
            field="ctid",
        )
    if Credential.objects.filter(consortium=consortium, name__iexact=name, issuer__iexact=issuer).exists():
        raise InvalidInput(
            _("This credential is already listed; choose it from the list."), field="credential_name"
        )
    credential = Credential.objects.create(
        consortium=consortium, name=name, issuer=issuer, url=url, ctid=ctid
    )
    _audit(acting_user, "credential.create", credential, name=name, issuer=issuer)
    return credential


@transaction.atomic
def program_credential_add(
    *, acting_user: Actor, program: ProgramOfStudy, credential: Credential | None, level: str
) -> ProgramCredential:
    _require(selectors.may_edit_program(acting_user, program))
    if credential is None:
        raise InvalidInput(_("Choose a credential, or describe a new one."), field="credential")
    row = ProgramCredential(consortium_id=program.consortium_id, program=program, credential=credential)
    _same(row, credential, "credential")
    row.level = _choice(level, CourseLevel, "level")
    if program.program_credentials.filter(credential=credential).exists():
        raise InvalidInput(_("This credential is already listed for the program."), field="credential")
    row.save()
    _audit(acting_user, "program_credential.add", row, credential=credential.name)
    return row


@transaction.atomic
def program_credential_remove(*, acting_user: Actor, program_credential: ProgramCredential) -> None:
    _require(selectors.may_edit_program(acting_user, program_credential.program))
    _audit(acting_user, "program_credential.remove", program_credential)
    program_credential.delete()


# --- teachers --------------------------------------------------------------------------------


def _teacher(consortium_id: int, teacher: User | None, field: str = "teacher") -> User:
    if teacher is None:
        raise InvalidInput(_("Choose a teacher."), field=field)
    if not Membership.objects.filter(user=teacher, consortium_id=consortium_id, role=Role.TEACHER).exists():
        raise InvalidInput(
            _("%(name)s is not a teacher in this consortium.") % {"name": teacher.display_name}, field=field
        )
    return teacher


@transaction.atomic
def teacher_assign(
    *, acting_user: Actor, program: ProgramOfStudy, teacher: User | None, is_lead: bool = False
) -> TeacherAssignment:
    _require(selectors.may_edit_program(acting_user, program))
    teacher = _teacher(program.consortium_id, teacher)
    if program.teacher_assignments.filter(teacher=teacher).exists():
        raise InvalidInput(_("This teacher is already assigned to the program."), field="teacher")
    row = TeacherAssignment.objects.create(
        consortium_id=program.consortium_id, program=program, teacher=teacher, is_lead=is_lead
    )
    _audit(acting_user, "teacher.assign", row, teacher=str(teacher.public_id))
    return row


@transaction.atomic
def teacher_unassign(*, acting_user: Actor, assignment: TeacherAssignment) -> None:
    _require(selectors.may_edit_program(acting_user, assignment.program))
    _audit(acting_user, "teacher.unassign", assignment, teacher=str(assignment.teacher.public_id))
    assignment.delete()


@transaction.atomic
def teacher_license_add(
    *,
    acting_user: Actor,
    consortium: Consortium,
    teacher: User | None,
    kind: str,
    area: str,
    expires_on: date | None = None,
) -> TeacherLicense:
    """A teacher's licensure or endorsement area. Leaders and district administrators of the consortium."""
    _require(selectors.may_manage_catalog(acting_user, consortium.pk))
    teacher = _teacher(consortium.pk, teacher)
    kind = _choice(kind, LicenseKind, "kind")
    area = _text(area, "area")
    if TeacherLicense.objects.filter(
        consortium=consortium, teacher=teacher, kind=kind, area__iexact=area
    ).exists():
        raise InvalidInput(_("This area is already on record for the teacher."), field="area")
    row = TeacherLicense.objects.create(
        consortium=consortium, teacher=teacher, kind=kind, area=area, expires_on=expires_on
    )
    _audit(acting_user, "teacher_license.add", row, teacher=str(teacher.public_id), area=area)
    return row


@transaction.atomic
def teacher_license_remove(*, acting_user: Actor, license: TeacherLicense) -> None:
    _require(selectors.may_manage_catalog(acting_user, license.consortium_id))
    _audit(acting_user, "teacher_license.remove", license, area=license.area)
    license.delete()


# --- advisory committees ---------------------------------------------------------------------


@transaction.atomic
def advisory_member_add(
    *,
    acting_user: Actor,
    consortium: Consortium,
    program: ProgramOfStudy | None = None,
    person_name: str,
    organisation: Partner | None = None,
    organisation_name: str = "",
    role_title: str = "",
    term_start: date | None = None,
    term_end: date | None = None,
) -> AdvisoryCommitteeMember:
    """A member of a program's advisory committee, or (no program) of the consortium's."""
    row = AdvisoryCommitteeMember(consortium=consortium, program=program)
    if program is not None:
        _same(row, program, "program")
        _require(selectors.may_edit_program(acting_user, program))
    else:
        _require(is_leader(acting_user, consortium.pk))
    row.person_name = _text(person_name, "person_name")
    if organisation is not None:
        _same(row, organisation, "organisation")
    row.organisation = organisation
    row.organisation_name = (
        "" if organisation is not None else _text(organisation_name, "organisation_name", required=False)
    )
    row.role_title = _text(role_title, "role_title", required=False)
    if term_start is not None and term_end is not None and term_end < term_start:
        raise InvalidInput(_("The term must end after it starts."), field="term_end")
    row.term_start, row.term_end = term_start, term_end
    row.save()
    _audit(acting_user, "advisory_member.add", row, program=str(program.public_id) if program else None)
    return row


@transaction.atomic
def advisory_member_remove(*, acting_user: Actor, member: AdvisoryCommitteeMember) -> None:
    if member.program_id is not None and member.program is not None:
        _require(selectors.may_edit_program(acting_user, member.program))
    else:
        _require(is_leader(acting_user, member.consortium_id))
    _audit(acting_user, "advisory_member.remove", member)
    member.delete()
