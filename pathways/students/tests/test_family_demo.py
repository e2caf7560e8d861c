"""The students demo loader: idempotent, plans in every status, consistent records."""

from __future__ import annotations

from pathways.accounts.demo import load as load_people
from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.roles import Role
from pathways.catalog.models import CipProgram
from pathways.matching.interests import score_answers, top_areas
from pathways.orgs.demo import load as load_network
from pathways.programs.demo import load as load_programs
from pathways.students.demo import load as load_students
from pathways.students.models import (
    AttemptStatus,
    ConsentStatus,
    Favourite,
    Plan,
    PlanComment,
    PlanCourse,
    PlanStatus,
    PlanVersion,
    ProfilerAttempt,
    StudentProfile,
)
from pathways.students.selectors_profiler import consent_state

MODELS = (
    User,
    Membership,
    StudentProfile,
    ProfilerAttempt,
    Favourite,
    Plan,
    PlanCourse,
    PlanComment,
    PlanVersion,
)


def quiet(line: str) -> None:
    pass


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def load_all() -> None:
    # The public-data cut lacks two of Region I's CIP codes; the full data has them.
    CipProgram.objects.get_or_create(
        code="11.0901", defaults={"title": "Computer Systems Networking", "family": "11"}
    )
    CipProgram.objects.get_or_create(
        code="01.0101", defaults={"title": "Agricultural Business", "family": "01"}
    )
    load_network(quiet)
    load_people(quiet)
    load_programs(quiet)
    load_students(quiet)


def test_it_loads_student_records_once_with_plans_in_every_status(catalog_db):
    """One load (the loaders take a while), then every check, then a second run that adds nothing."""
    load_all()
    first = counts()
    assert StudentProfile.objects.count() > 100

    # Plans in every status in each consortium; reviewed versions have their snapshot.
    for slug in ("mn-service-coops", "nm-region-b", "nm-region-i"):
        statuses = set(Plan.objects.filter(consortium__slug=slug).values_list("status", flat=True))
        assert statuses == set(PlanStatus.values), slug
    for plan in Plan.objects.exclude(status=PlanStatus.DRAFT):
        assert plan.versions.filter(version=plan.version).exists()
    assert PlanCourse.objects.exists()

    # The demo student: an approved plan, comments from the counselor and from the family (Spanish).
    plan = Plan.objects.get(student__username="nmi-student")
    assert plan.status == PlanStatus.APPROVED and plan.acknowledged_at is None
    authors = set(PlanComment.objects.filter(plan=plan).values_list("author__username", flat=True))
    assert authors == {"nmi-counselor", "nmi-guardian"}
    assert PlanComment.objects.get(plan=plan, author__username="nmi-guardian").text.startswith("Gracias")
    guardian_of = GuardianLink.objects.filter(guardian__username="nmi-guardian")
    assert list(guardian_of.values_list("student__username", flat=True)) == ["nmi-student"]

    # Scored with the matching module, varied, some in progress.
    completed = ProfilerAttempt.objects.filter(status=AttemptStatus.COMPLETED)
    assert completed.count() > 100
    for attempt in completed:
        scores = score_answers(attempt.answers)
        assert attempt.scores == scores and attempt.top == "".join(top_areas(scores))
    assert ProfilerAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS).exists()
    assert len(set(completed.values_list("top", flat=True))) >= 10

    # Under 13: consent pending means nothing stored; granted by the school otherwise.
    pending = StudentProfile.objects.filter(consent_status=ConsentStatus.PENDING).select_related("student")
    assert pending.count() >= 3  # one per consortium, for the caseload
    for profile in pending:
        assert consent_state(profile.student, profile, profile.consortium_id).needs_consent
        assert not ProfilerAttempt.objects.filter(student=profile.student).exists()
        assert not Favourite.objects.filter(student=profile.student).exists()
    granted = StudentProfile.objects.filter(consent_status=ConsentStatus.GRANTED)
    assert granted.exists() and all(p.consent_source == "school" for p in granted)

    # Grades 6-12, schools of their own consortium, fictional names, no sign-in for synthetic students.
    for membership in Membership.objects.filter(role=Role.STUDENT).select_related("user", "school"):
        assert 6 <= (membership.user.grade_level or 0) <= 12
        assert membership.school is not None and membership.school.consortium_id == membership.consortium_id
    synthetic = User.objects.filter(username__regex=r"^(mn|nmb|nmi)-[a-z]+-\d\d$")
    assert synthetic.count() >= 150
    assert all("Demo-" in u.last_name for u in synthetic)
    assert not any(u.has_usable_password() for u in synthetic)

    load_students(quiet)
    assert counts() == first
