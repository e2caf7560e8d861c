"""Program services: what they store, what they refuse, and that a refusal changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import AuditEvent
from pathways.orgs.models import Partner, PartnerKind, School
from pathways.programs import services
from pathways.programs.models import (
    AdvisoryCommitteeMember,
    Course,
    CourseLevel,
    Credential,
    DeliveryMode,
    DualCreditCourse,
    NonTraditional,
    ProgramCourse,
    ProgramOfStudy,
    TeacherAssignment,
)
from pathways.programs.nontraditional import nontraditional_default

from .conftest import World, cip, cluster, sub


def base_kwargs(world: World) -> dict:
    return {
        "acting_user": world.cast.admin,
        "school": world.cast.school,
        "name": "Culinary Arts",
        "cluster": cluster("healthcare-human-services"),
        "cip": cip("51.3902"),
    }


def test_it_opens_a_program_to_its_own_school_and_applies_the_nontraditional_rule(world: World) -> None:
    assert list(world.nursing.eligible_schools.all()) == [world.cast.school]
    assert world.nursing.nontraditional_for == NonTraditional.MALE  # registered nursing
    assert world.welding.nontraditional_for == NonTraditional.FEMALE  # welding
    assert world.nursing.nontraditional_set_by_staff is False
    assert AuditEvent.objects.filter(
        action="programs.program.create", object_id=str(world.nursing.public_id)
    ).exists()


def test_it_opens_a_district_program_to_every_school_of_the_district(world: World) -> None:
    assert set(world.cs.eligible_schools.all()) == {world.cast.school, world.cast.other_school}
    assert world.cs.offered_by == world.cast.district


def test_it_keeps_the_offering_school_eligible(world: World) -> None:
    program = services.program_create(**base_kwargs(world), eligible_schools=[world.cast.other_school])
    assert set(program.eligible_schools.all()) == {world.cast.school, world.cast.other_school}


def test_it_lets_staff_override_the_nontraditional_default(world: World) -> None:
    program = services.program_create(**base_kwargs(world), nontraditional_for=NonTraditional.NONE)
    assert program.nontraditional_for == NonTraditional.NONE
    assert program.nontraditional_set_by_staff is True


def test_the_nontraditional_rule_reads_the_longest_cip_prefix() -> None:
    assert nontraditional_default("48.0508") == "female"
    assert nontraditional_default("51.3902") == "male"
    assert nontraditional_default("51.0801") == "male"
    assert nontraditional_default("51.0000") == "none"
    assert nontraditional_default("01.0101") == "none"
    assert nontraditional_default("01.0205") == "female"
    assert nontraditional_default("11.0701") == "female"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"eligible_schools": "beta"}, "eligible_schools"),
        ({"host_school": "beta", "delivery_mode": DeliveryMode.SHARED}, "host_school"),
        ({"host_partner": "beta_college", "delivery_mode": DeliveryMode.COLLEGE}, "host_partner"),
        ({"host_partner": "employer", "delivery_mode": DeliveryMode.COLLEGE}, "host_partner"),
        ({"delivery_mode": DeliveryMode.COLLEGE}, "host_partner"),
        ({"host_partner": "alpha_college"}, "host_partner"),
        ({"subcluster": "not-in-cluster"}, "subcluster"),
        ({"cluster": "legacy"}, "cluster"),
        ({"cip": "51.39"}, "cip"),
        ({"name": "  "}, "name"),
        ({"name": "nursing"}, "name"),  # same name at the same school, any case
        ({"delivery_mode": "teleport"}, "delivery_mode"),
        ({"status": "dreaming"}, "status"),
        ({"nontraditional_for": "both"}, "nontraditional_for"),
        ({"host_school": "other", "delivery_mode": DeliveryMode.ON_SITE}, "host_school"),
        ({"host_school": "other", "delivery_mode": DeliveryMode.VIRTUAL}, "host_school"),
    ],
)
def test_it_refuses_bad_input_and_creates_nothing(world: World, change: dict, field: str) -> None:
    cast = world.cast
    from pathways.catalog.models import CareerCluster

    values = {
        "beta": [cast.beta_school],
        "beta_college": world.beta_college,
        "alpha_college": world.college,
        "employer": cast.partner,
        "not-in-cluster": sub("construction", "skilled-trades"),
        "legacy": CareerCluster.objects.filter(framework="legacy").first(),
        "51.39": cip("51.39"),
        "other": cast.other_school,
    }
    kwargs = base_kwargs(world)
    for key, value in change.items():
        if key == "host_school" and value == "beta":
            kwargs[key] = cast.beta_school
        else:
            kwargs[key] = values.get(value, value) if isinstance(value, str) else value
    before = (ProgramOfStudy.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InvalidInput) as refused:
        services.program_create(**kwargs)
    assert refused.value.field == field
    assert (ProgramOfStudy.objects.count(), AuditEvent.objects.count()) == before


def test_it_names_the_other_consortium_in_the_error(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.program_create(**base_kwargs(world), eligible_schools=[world.cast.beta_school])
    assert "another consortium" in refused.value.message


def test_it_needs_a_meeting_school_for_a_district_program_taught_in_person(world: World) -> None:
    kwargs = {**base_kwargs(world), "school": None, "district": world.cast.district}
    with pytest.raises(InvalidInput) as refused:
        services.program_create(**kwargs)
    assert refused.value.field == "host_school"
    program = services.program_create(**kwargs, host_school=world.cast.other_school)
    assert program.location_school == world.cast.other_school


def test_it_refuses_one_offerer_too_many_or_too_few(world: World) -> None:
    for extra in ({"district": world.cast.district}, {"school": None}):
        with pytest.raises(InvalidInput) as refused:
            services.program_create(**{**base_kwargs(world), **extra})
        assert refused.value.field == "offered_by"


@pytest.mark.parametrize(
    "who", ["counselor", "teacher", "student", "guardian", "partner_contact", "outsider"]
)
def test_it_lets_only_leaders_and_district_admins_create_programs(world: World, who: str) -> None:
    with pytest.raises(NotFound):
        services.program_create(**{**base_kwargs(world), "acting_user": getattr(world.cast, who)})
    assert not ProgramOfStudy.objects.filter(name="Culinary Arts").exists()


def test_it_lets_a_district_admin_create_and_edit_in_their_district(world: World) -> None:
    program = services.program_create(**{**base_kwargs(world), "acting_user": world.cast.district_admin})
    services.program_update(
        acting_user=world.cast.district_admin,
        program=program,
        name="Culinary Arts and Hospitality",
        cluster=program.cluster,
        cip=program.cip,
        delivery_mode=program.delivery_mode,
        status=program.status,
    )
    program.refresh_from_db()
    assert program.name == "Culinary Arts and Hospitality"
    with pytest.raises(NotFound):
        services.program_update(
            acting_user=world.cast.outsider,
            program=program,
            name="Hijacked",
            cluster=program.cluster,
            cip=program.cip,
            delivery_mode=program.delivery_mode,
            status=program.status,
        )


def test_an_update_with_bad_input_changes_nothing(world: World) -> None:
    program = world.nursing
    with pytest.raises(InvalidInput):
        services.program_update(
            acting_user=world.cast.admin,
            program=program,
            name="Renamed",
            cluster=program.cluster,
            subcluster=sub("construction", "skilled-trades"),
            cip=program.cip,
            delivery_mode=program.delivery_mode,
            status=program.status,
        )
    assert program.name == "Nursing"
    program.refresh_from_db()
    assert program.name == "Nursing"


def test_it_builds_a_sequence_in_order_and_moves_courses(world: World) -> None:
    admin = world.cast.admin
    courses = [
        services.course_create(
            acting_user=admin, consortium=world.cast.alpha, code=f"HS-{n}", title=f"Health {n}"
        )
        for n in (1, 2, 3)
    ]
    rows = [
        services.program_course_add(
            acting_user=admin, program=world.nursing, course=c, level=CourseLevel.CONCENTRATOR
        )
        for c in courses
    ]
    assert [r.order for r in rows] == [1, 2, 3]
    services.program_course_move(acting_user=admin, program_course=rows[2], direction="up")
    ordered = ProgramCourse.objects.filter(program=world.nursing).order_by("order")
    assert [pc.course.code for pc in ordered] == ["HS-1", "HS-3", "HS-2"]
    services.program_course_remove(acting_user=admin, program_course=rows[0])
    assert ProgramCourse.objects.filter(program=world.nursing).count() == 2


def test_it_refuses_a_course_of_another_consortium_or_twice(world: World) -> None:
    beta_course = Course.objects.create(consortium=world.cast.beta, code="B-1", title="Beta course")
    with pytest.raises(InvalidInput) as refused:
        services.program_course_add(
            acting_user=world.cast.admin,
            program=world.nursing,
            course=beta_course,
            level=CourseLevel.INTRODUCTORY,
        )
    assert refused.value.field == "course"
    course = services.course_create(
        acting_user=world.cast.admin, consortium=world.cast.alpha, code="A", title="A"
    )
    services.program_course_add(
        acting_user=world.cast.admin, program=world.nursing, course=course, level=CourseLevel.INTRODUCTORY
    )
    with pytest.raises(InvalidInput):
        services.program_course_add(
            acting_user=world.cast.admin, program=world.nursing, course=course, level=CourseLevel.CAPSTONE
        )
    assert ProgramCourse.objects.count() == 1


def test_it_refuses_bad_courses(world: World) -> None:
    admin, alpha = world.cast.admin, world.cast.alpha
    for kwargs, field in [
        ({"code": "", "title": "T"}, "code"),
        ({"code": "X", "title": "T", "credits": "lots"}, "credits"),
        ({"code": "X", "title": "T", "grade_low": 12, "grade_high": 9}, "grade_high"),
        ({"code": "X", "title": "T", "grade_low": 20}, "grade_low"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            services.course_create(acting_user=admin, consortium=alpha, **kwargs)
        assert refused.value.field == field
    assert Course.objects.count() == 0
    with pytest.raises(NotFound):
        services.course_create(acting_user=world.cast.counselor, consortium=alpha, code="X", title="T")


def _program_course(world: World) -> ProgramCourse:
    course = services.course_create(
        acting_user=world.cast.admin, consortium=world.cast.alpha, code="W1", title="Weld"
    )
    return services.program_course_add(
        acting_user=world.cast.admin, program=world.welding, course=course, level=CourseLevel.CONCENTRATOR
    )


def test_it_adds_dual_credit_only_with_a_college_of_the_consortium(world: World) -> None:
    pc = _program_course(world)
    for college in (world.beta_college, world.cast.partner, None):
        with pytest.raises(InvalidInput) as refused:
            services.dual_credit_add(
                acting_user=world.cast.admin,
                program_course=pc,
                college=college,
                college_course_code="WELD 101",
                college_course_title="Intro",
                college_credits=3,
            )
        assert refused.value.field == "college"
    with pytest.raises(InvalidInput) as refused:
        services.dual_credit_add(
            acting_user=world.cast.admin,
            program_course=pc,
            college=world.college,
            college_course_code="WELD 101",
            college_course_title="Intro",
            college_credits=0,
        )
    assert refused.value.field == "college_credits"
    assert DualCreditCourse.objects.count() == 0
    row = services.dual_credit_add(
        acting_user=world.cast.admin,
        program_course=pc,
        college=world.college,
        college_course_code="WELD 101",
        college_course_title="Intro",
        college_credits="3.5",
    )
    assert row.college_credits == Decimal("3.5")


def test_it_keeps_tuition_per_credit_for_leaders_only(world: World) -> None:
    terms = services.college_terms_set(
        acting_user=world.cast.admin, college=world.college, tuition_per_credit="55.50"
    )
    assert terms.tuition_per_credit == Decimal("55.50")
    terms = services.college_terms_set(
        acting_user=world.cast.admin, college=world.college, tuition_per_credit=60
    )
    assert terms.tuition_per_credit == Decimal(60)
    for who in ("district_admin", "outsider"):
        with pytest.raises(NotFound):
            services.college_terms_set(
                acting_user=getattr(world.cast, who), college=world.college, tuition_per_credit=1
            )
    with pytest.raises(InvalidInput):
        services.college_terms_set(acting_user=world.cast.admin, college=world.college, tuition_per_credit=-1)


def test_it_checks_credentials(world: World) -> None:
    admin, alpha = world.cast.admin, world.cast.alpha
    with pytest.raises(InvalidInput) as refused:
        services.credential_create(
            acting_user=admin, consortium=alpha, name="CNA", issuer="State", ctid="ce-nope"
        )
    assert refused.value.field == "ctid"
    credential = services.credential_create(
        acting_user=admin,
        consortium=alpha,
        name="CNA",
        issuer="State board",
        ctid="CE-1A2B3C4D-0000-4000-8000-123456789ABC",
    )
    assert credential.ctid == "ce-1a2b3c4d-0000-4000-8000-123456789abc"
    with pytest.raises(InvalidInput):
        services.credential_create(acting_user=admin, consortium=alpha, name="cna", issuer="state board")
    beta_credential = Credential.objects.create(consortium=world.cast.beta, name="X", issuer="Y")
    with pytest.raises(InvalidInput) as refused:
        services.program_credential_add(
            acting_user=admin, program=world.nursing, credential=beta_credential, level=CourseLevel.CAPSTONE
        )
    assert refused.value.field == "credential"
    services.program_credential_add(
        acting_user=admin, program=world.nursing, credential=credential, level="capstone"
    )
    assert world.nursing.program_credentials.count() == 1


def test_it_assigns_only_teachers_of_the_consortium(world: World) -> None:
    admin = world.cast.admin
    for person in (world.cast.counselor, world.beta_teacher, None):
        with pytest.raises(InvalidInput) as refused:
            services.teacher_assign(acting_user=admin, program=world.nursing, teacher=person)
        assert refused.value.field == "teacher"
    assert TeacherAssignment.objects.count() == 0
    services.teacher_assign(
        acting_user=admin, program=world.nursing, teacher=world.cast.teacher, is_lead=True
    )
    licence = services.teacher_license_add(
        acting_user=admin,
        consortium=world.cast.alpha,
        teacher=world.cast.teacher,
        kind="endorsement",
        area="Health Science",
        expires_on=date(2030, 6, 30),
    )
    assert licence.consortium_id == world.cast.alpha.pk
    with pytest.raises(InvalidInput):
        services.teacher_license_add(
            acting_user=admin,
            consortium=world.cast.alpha,
            teacher=world.beta_teacher,
            kind="license",
            area="CTE",
        )


def test_it_keeps_advisory_members_in_the_consortium(world: World) -> None:
    admin, alpha = world.cast.admin, world.cast.alpha
    beta_partner = Partner.objects.create(
        consortium=world.cast.beta, kind=PartnerKind.EMPLOYER, name="Beta Co"
    )
    with pytest.raises(InvalidInput) as refused:
        services.advisory_member_add(
            acting_user=admin,
            consortium=alpha,
            program=world.nursing,
            person_name="Ann",
            organisation=beta_partner,
        )
    assert refused.value.field == "organisation"
    with pytest.raises(InvalidInput) as refused:
        services.advisory_member_add(
            acting_user=admin, consortium=world.cast.beta, program=world.nursing, person_name="Ann"
        )
    assert refused.value.field == "program"
    with pytest.raises(InvalidInput) as refused:
        services.advisory_member_add(
            acting_user=admin,
            consortium=alpha,
            program=world.nursing,
            person_name="Ann",
            term_start=date(2026, 1, 1),
            term_end=date(2025, 1, 1),
        )
    assert refused.value.field == "term_end"
    assert AdvisoryCommitteeMember.objects.count() == 0
    member = services.advisory_member_add(
        acting_user=admin,
        consortium=alpha,
        program=world.nursing,
        person_name="Ann",
        organisation=world.cast.partner,
    )
    assert member.organisation_label == "Alpha Manufacturing"
    # The consortium's own committee (no program): leaders only.
    with pytest.raises(NotFound):
        services.advisory_member_add(
            acting_user=world.cast.district_admin, consortium=alpha, person_name="Bo"
        )
    services.advisory_member_add(
        acting_user=admin, consortium=alpha, person_name="Bo", organisation_name="Chamber"
    )
    assert AdvisoryCommitteeMember.objects.filter(program__isnull=True).count() == 1


def test_schools_of_the_fixture_have_places(world: World) -> None:
    assert School.objects.filter(zip_code__isnull=False).count() == 2
