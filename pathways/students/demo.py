"""Demo student records (order 50): profiles, Interest Profiler results, favourites, plans in every
status, and a few comments, for the demo students of each seed consortium.

For each consortium (prefixes `mn`, `nmb`, `nmi` of the accounts loader):

- the demo logins `<prefix>-student` (grade 10) and `<prefix>-student2` (grade 7) get a profile,
  a completed Interest Profiler and favourites; `<prefix>-student` also gets an approved plan
  (waiting for the family's acknowledgement) with a comment from the counselor and one from
  `<prefix>-guardian`, the only student that guardian is linked to;
- synthetic students, clearly fictional ("Ana Demo-Ruiz", no password, they cannot sign in): 30 at
  the consortium's demo high school (the counselor's caseload, enough for the interest chart to
  show some groups and suppress others), 10 at each other high school, 4 at each middle school;
- every fourth middle-school student is under 13 and waiting for consent (nothing else stored),
  the other under-13s have consent given by the school;
- answers are generated from a per-student interest persona with a fixed seed, and scored with
  `matching.interests.score_answers` / `top_areas`; favourite careers are the student's best
  matches (`rank_occupations`); plans follow a program the student's school can reach, with its
  course sequence, dual credit, credentials and a step after high school.

Idempotent: students are found by username; an existing profile, attempt history, favourite,
plan or comment is left as it is, so a second run adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.db.models import Q
from django.utils import timezone

from pathways.accounts.models import GuardianLink, Membership, User
from pathways.accounts.roles import Role
from pathways.catalog.models import Occupation
from pathways.core.demo import demo_loader
from pathways.matching.interests import AREAS, is_flat, rank_occupations, score_answers, top_areas
from pathways.orgs.models import Consortium, Partner, PartnerKind, School
from pathways.programs.models import ProgramCredential, ProgramOfStudy
from pathways.programs.selectors import occupations_for_program, programs_reachable_from

from .models import (
    AttemptStatus,
    ConsentSource,
    ConsentStatus,
    Plan,
    PlanComment,
    PlanStatus,
    PostsecondaryStep,
    ProfilerAttempt,
    StudentProfile,
)
from .services import plans as plan_services
from .services import profiler as profiler_services

Say = Callable[[str], None]

PREFIXES = {"mn": "mn-service-coops", "nmb": "nm-region-b", "nmi": "nm-region-i"}
# The demo high school of each consortium (where `<prefix>-counselor` and `<prefix>-teacher` work).
MAIN_HIGH = {
    "mn": "North Star High School (demo)",
    "nmb": "Mesa Verde High School (demo)",
    "nmi": "Llano Estacado High School (demo)",
}
# The interests of `<prefix>-student`, chosen to fit a program their school can reach (so the
# family page tells a coherent story): manufacturing, nursing, computers.
DEMO_STUDENT_PERSONA = {"mn": "RI", "nmb": "SI", "nmi": "IC"}
MAIN_HIGH_STUDENTS = 30
OTHER_HIGH_STUDENTS = 10
MIDDLE_STUDENTS = 4

FIRST_NAMES = [
    "Ana", "Luis", "Emma", "Diego", "Olivia", "Mateo", "Ava", "Santiago", "Mia", "Ethan",
    "Camila", "Liam", "Valeria", "Noah", "Lucia", "Elijah", "Sofia", "Gabriel", "Harper", "Daniel",
    "Ximena", "Owen", "Jasmine", "Adrian", "Chloe", "Julian", "Renata", "Caleb", "Aaliyah", "Marco",
    "Hannah", "Isaac", "Paloma", "Wyatt", "Lila", "Andres", "Grace", "Tomas", "Zoe", "Joaquin",
]  # fmt: skip
LAST_NAMES = [
    "Ruiz", "Baca", "Nguyen", "Lopez", "Begay", "Olson", "Martinez", "Yazzie", "Peterson", "Montoya",
    "Hernandez", "Thompson", "Chavez", "Lee", "Gallegos", "Johnson", "Tafoya", "Schmidt", "Romero", "Kim",
]  # fmt: skip

# Strongest interest area of each synthetic student at the demo high school, by position. Most
# are Doers (R) or Helpers (S), so two groups pass the minimum cell size and the others are
# suppressed; the positions without results (see ACTIVITY) are the rarer areas.
MAIN_PERSONAS = "IA" + "RSRSRSIR" + "EC" + "SRSRSERS" + "AC" + "RSRSRIRS"
OTHER_PERSONAS = "RISAECSRIE"
MIDDLE_PERSONAS = "ASRI"
# For each position: "none" (no attempt), "progress" (started), "done", "retake" (two completed).
ACTIVITY = ["none", "progress", "done", "done", "retake", "done", "done", "done", "done", "done"]
# Plan status by position among students in grades 9-12 with results ("" = no plan yet).
PLAN_CYCLE = [
    PlanStatus.SUBMITTED,
    PlanStatus.DRAFT,
    PlanStatus.APPROVED,
    PlanStatus.CHANGES_REQUESTED,
    "",
    PlanStatus.SUBMITTED,
    PlanStatus.APPROVED,
    PlanStatus.DRAFT,
]
STEPS = [
    PostsecondaryStep.CERTIFICATE,
    PostsecondaryStep.TWO_YEAR,
    PostsecondaryStep.APPRENTICESHIP,
    PostsecondaryStep.FOUR_YEAR,
]
LEVEL_GRADE = {"introductory": 10, "concentrator": 11, "capstone": 12}
REVIEW_NOTE = (
    "Good start. Please add the dual-credit course in grade 11 and talk with your family about the step "
    "after high school, then submit again."
)
COMMENTS = {
    "counselor": (
        "Great choice of program. The dual-credit course in grade 11 counts at the college too, so you "
        "start your certificate before graduation."
    ),
    "guardian_en": (
        "Thank you. What does the certificate cost after high school, and can it be done part time?"
    ),
    "guardian_es": (
        "Gracias. ¿Cuánto cuesta el certificado después de la preparatoria? ¿Se puede estudiar medio tiempo?"
    ),
}


@dataclass(frozen=True)
class Ratings:
    """O*NET interest ratings of every occupation that has all six, for ranking demo favourites."""

    occupations: list[Occupation]
    matrix: np.ndarray
    codes: list[str]
    zones: np.ndarray
    # Per school: the programs its students can reach, with their careers (filled as needed).
    reach: dict[int, list[tuple[ProgramOfStudy, list[Occupation]]]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Ratings:
        rows = list(
            Occupation.objects.exclude(
                Q(interest_r__isnull=True)
                | Q(interest_i__isnull=True)
                | Q(interest_a__isnull=True)
                | Q(interest_s__isnull=True)
                | Q(interest_e__isnull=True)
                | Q(interest_c__isnull=True)
            ).order_by("code")
        )
        matrix = np.array([[getattr(o, f"interest_{a.lower()}") for a in AREAS] for o in rows], dtype=float)
        zones = np.array([o.job_zone_id or 0 for o in rows])
        return cls(rows, matrix.reshape(-1, len(AREAS)), [o.code for o in rows], zones)

    def best(self, scores: dict[str, int], *, zones: tuple[int, ...] = (2, 3, 4)) -> list[Occupation]:
        if not self.occupations:
            return []
        ranking = rank_occupations(
            [scores[a] for a in AREAS], self.matrix, codes=self.codes, job_zones=self.zones, zones=zones
        )
        return [self.occupations[i] for i in ranking.order.tolist()]


def answers_for(persona: str, rng: random.Random) -> str:
    """60 answers (1-5) of someone whose strongest area is `persona[0]` (and next `persona[1]`)."""
    second = [a for a in AREAS if a not in persona[:2]]
    rng.shuffle(second)
    if len(persona) > 1:
        second.insert(0, persona[1])
    liking = {persona[0]: 4.6, second[0]: 3.6, second[1]: 3.0}
    for area in second[2:]:
        liking[area] = rng.choice([1.6, 2.0, 2.4])
    while True:
        answers = "".join(
            str(min(5, max(1, round(rng.gauss(liking["RIASEC"[(i % 12) // 2]], 0.8))))) for i in range(60)
        )
        scores = score_answers(answers)
        if not is_flat(scores) and top_areas(scores, 1)[0] == persona[0]:
            return answers


def birth_date(grade: int, rng: random.Random, *, under_13: bool | None = None) -> date:
    """A plausible date of birth for a grade (a 10th grader is 15 or 16); optionally forced under or
    over 13 on the day the demo is loaded."""
    today = timezone.localdate()
    while True:
        born = date(today.year - grade - 6, 1, 1) + timedelta(days=rng.randrange(365))
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if under_13 is None or (age < 13) == under_13:
            return born


def _student(
    username: str, first: str, last: str, grade: int, consortium: Consortium, school: School
) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "grade_level": grade}
    )
    if created:
        user.set_unusable_password()  # synthetic records: nobody signs in as them
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, role=Role.STUDENT, consortium=consortium, school=school)
    return user


def _profile(student: User, rng: random.Random, *, pending: bool, recorder: User | None) -> StudentProfile:
    """The profile (created by the profiler part's service), a date of birth that fits the grade,
    and, for a child under 13, consent given by the school unless `pending`."""
    profile = profiler_services.profile_ensure(acting_user=student, student=student)
    if profile.date_of_birth is not None:
        return profile
    grade = student.grade_level or 9
    # Grade 6 is under 13; grade 7 usually; a student waiting for consent is under 13.
    under_13 = (grade <= 6 or pending or (grade == 7 and rng.random() < 0.7)) if grade <= 7 else False
    profile.date_of_birth = birth_date(grade, rng, under_13=under_13)
    profile.consent_status = ConsentStatus.PENDING if under_13 else ConsentStatus.NOT_NEEDED
    profile.middle_school_mode = True if grade <= 8 else None
    profile.save(update_fields=["date_of_birth", "consent_status", "middle_school_mode", "updated_at"])
    if under_13 and not pending and recorder is not None:
        profile = profiler_services.consent_record(
            acting_user=recorder, student=student, source=ConsentSource.SCHOOL
        )
        StudentProfile.objects.filter(pk=profile.pk).update(
            consent_recorded_at=timezone.now() - timedelta(days=40)
        )
    return profile


def _attempts(student: User, persona: str, activity: str, rng: random.Random) -> dict[str, int] | None:
    """The student's attempt history (taken once, through the profiler part's services, then dated
    in the past); the scores of the latest completed attempt."""
    if not ProfilerAttempt.objects.filter(student=student).exists() and activity != "none":
        now = timezone.now()
        runs = {"progress": ["progress"], "done": ["done"], "retake": ["done", "done"]}[activity]
        for index, run in enumerate(runs):
            answers = answers_for(persona, rng)
            attempt = profiler_services.attempt_start(acting_user=student, student=student)
            if run == "progress":
                answered = rng.randrange(12, 48)
                profiler_services.attempt_answers_save(
                    acting_user=student, attempt=attempt, answers={i + 1: answers[i] for i in range(answered)}
                )
                continue
            profiler_services.attempt_answers_save(
                acting_user=student, attempt=attempt, answers={i + 1: a for i, a in enumerate(answers)}
            )
            attempt = profiler_services.attempt_complete(acting_user=student, attempt=attempt)
            days_ago = rng.randrange(20, 60) + (90 if len(runs) > 1 and index == 0 else 0)
            when = now - timedelta(days=days_ago, minutes=rng.randrange(600))
            ProfilerAttempt.objects.filter(pk=attempt.pk).update(
                completed_at=when, created_at=when - timedelta(minutes=12)
            )
    latest = (
        ProfilerAttempt.objects.filter(student=student, status=AttemptStatus.COMPLETED)
        .order_by("-completed_at", "-pk")
        .first()
    )
    return dict(latest.scores) if latest is not None and latest.scores else None


def _favourites(student: User, careers: list[Occupation], program: ProgramOfStudy | None) -> None:
    for occupation in careers:
        plan_services.favourite_add(acting_user=student, student=student, occupation=occupation)
    if program is not None:
        plan_services.favourite_add(acting_user=student, student=student, program=program)


def _best_program(
    school: School, scores: dict[str, int], ratings: Ratings
) -> tuple[ProgramOfStudy | None, list[Occupation]]:
    """The reachable program whose careers fit the student best, and those careers best first."""
    best: tuple[int, ProgramOfStudy | None, list[Occupation]] = (10**9, None, [])
    ranked = ratings.best(scores, zones=(1, 2, 3, 4))  # careers a high-school program leads toward
    position = {o.code: i for i, o in enumerate(ranked)}
    if school.pk not in ratings.reach:
        ratings.reach[school.pk] = [
            (row.program, occupations_for_program(row.program))
            for row in programs_reachable_from(school, sort="name")
        ]
    for program, occupations in ratings.reach[school.pk]:
        careers = sorted((o for o in occupations if o.code in position), key=lambda o: position[o.code])
        if careers and position[careers[0].code] < best[0]:
            best = (position[careers[0].code], program, careers)
    return best[1], best[2]


def _plan(
    student: User,
    program: ProgramOfStudy | None,
    careers: list[Occupation],
    status: str,
    step: str,
    reviewer: User | None,
    employer: Partner | None,
    rng: random.Random,
) -> Plan:
    """The plan, written and sent for review through the plans part's services, as the student and
    their counselor would; then dated in the past."""
    existing = Plan.objects.filter(student=student).first()
    if existing is not None:
        return existing
    plan = plan_services.plan_get_or_create(acting_user=student, student=student)
    for occupation in careers[:2]:
        plan_services.plan_career_add(acting_user=student, plan=plan, occupation=occupation)
    if program is not None:
        plan_services.plan_program_set(acting_user=student, plan=plan, program=program)
        credentials = [
            pc.credential
            for pc in ProgramCredential.objects.filter(program=program).select_related("credential")
        ]
        if credentials:
            plan_services.plan_credentials_set(acting_user=student, plan=plan, credentials=credentials)
    plan_services.plan_course_add(acting_user=student, plan=plan, grade=11, title="Algebra II")
    if employer is not None:
        plan_services.plan_activity_add(
            acting_user=student,
            plan=plan,
            kind="job_shadow",
            description=f"Job shadow at {employer.name}",
            grade=11,
        )
    cip = program.cip if program is not None and step != PostsecondaryStep.APPRENTICESHIP else None
    goals = (
        f"I am interested in careers like {careers[0].title}, and I want to stay close to my family."
        if careers
        else "I want a job where I learn something new every day."
    )
    plan_services.plan_next_step_set(
        acting_user=student,
        plan=plan,
        step=step,
        postsecondary_program=cip if cip is not None and len(cip.code) == 7 else None,
        goals=goals,
    )
    if status != PlanStatus.DRAFT and careers:
        plan_services.plan_submit(acting_user=student, plan=plan)
        if status in (PlanStatus.APPROVED, PlanStatus.CHANGES_REQUESTED) and reviewer is not None:
            decision = "approve" if status == PlanStatus.APPROVED else "request_changes"
            note = REVIEW_NOTE if decision == "request_changes" else ""
            plan_services.plan_review(acting_user=reviewer, plan=plan, decision=decision, note=note)
        submitted = timezone.now() - timedelta(days=rng.randrange(3, 15))
        Plan.objects.filter(pk=plan.pk).update(
            submitted_at=submitted,
            reviewed_at=submitted + timedelta(days=2) if status != PlanStatus.SUBMITTED else None,
        )
    plan.refresh_from_db()
    return plan


@dataclass
class Place:
    consortium: Consortium
    counselor: User | None
    district_admin: User | None
    leader: User | None
    employer: Partner | None


def _load_student(
    place: Place,
    student: User,
    school: School,
    persona: str,
    activity: str,
    plan_status: str | None,
    step: str,
    ratings: Ratings,
    *,
    pending: bool = False,
) -> tuple[str, str]:
    """One student's record; returns (attempt activity, plan status) as stored."""
    rng = random.Random(f"pathways-demo:{student.username}")  # noqa: S311  (demo data, not secrets)
    reviewer = place.counselor if school.name in MAIN_HIGH.values() else place.leader
    profile = _profile(student, rng, pending=pending, recorder=place.district_admin)
    if profile.consent_status == ConsentStatus.PENDING:
        return "none", ""  # under 13 without consent: nothing else is stored
    scores = _attempts(student, persona, activity, rng)
    if scores is None:
        return activity, ""
    grade = student.grade_level or 9
    program: ProgramOfStudy | None = None
    program_careers: list[Occupation] = []
    if grade >= 9:
        program, program_careers = _best_program(school, scores, ratings)
    zones = (1, 2, 3) if grade <= 8 else (2, 3, 4)
    careers = [o for o in ratings.best(scores, zones=zones) if o not in program_careers][:2]
    _favourites(student, (program_careers[:1] + careers)[:3], program)
    if grade >= 9 and plan_status:
        plan = _plan(
            student,
            program,
            program_careers[:2] or careers[:1],
            plan_status,
            step,
            reviewer,
            place.employer,
            rng,
        )
        return activity, plan.status
    return activity, ""


def _comments(plan: Plan, counselor: User | None, guardian: User | None) -> None:
    if plan.comments.exists():
        return
    now = timezone.now()
    if counselor is not None:
        comment = plan_services.plan_comment_add(acting_user=counselor, plan=plan, text=COMMENTS["counselor"])
        PlanComment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(days=3))
    if guardian is not None:
        key = "guardian_es" if guardian.preferred_language == "es" else "guardian_en"
        comment = plan_services.plan_comment_add(acting_user=guardian, plan=plan, text=COMMENTS[key])
        PlanComment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(days=2))


def _load_prefix(prefix: str, ratings: Ratings, say: Say) -> None:
    consortium = Consortium.objects.filter(slug=PREFIXES[prefix]).first()
    if consortium is None:
        say(f"{PREFIXES[prefix]}: no such consortium (the orgs loader creates it); skipped")
        return
    users = {u.username: u for u in User.objects.filter(username__startswith=f"{prefix}-")}
    place = Place(
        consortium=consortium,
        counselor=users.get(f"{prefix}-counselor"),
        district_admin=users.get(f"{prefix}-district"),
        leader=users.get(f"{prefix}-admin"),
        employer=Partner.objects.filter(
            consortium=consortium, kind=PartnerKind.EMPLOYER, name__endswith="(demo)"
        )
        .order_by("name")
        .first(),
    )
    schools = list(School.objects.filter(consortium=consortium).order_by("name"))
    if not schools:
        say(f"{consortium.name}: no schools yet; skipped")
        return
    made = {"students": 0}
    plans: dict[str, int] = {}
    name_index = sum(ord(c) for c in prefix)  # a different cast of names in each consortium

    def track(result: tuple[str, str]) -> None:
        made["students"] += 1
        if result[1]:
            plans[result[1]] = plans.get(result[1], 0) + 1

    # The demo logins.
    student = users.get(f"{prefix}-student")
    if student is not None:
        membership = (
            Membership.objects.filter(user=student, role=Role.STUDENT).select_related("school").first()
        )
        if membership is not None and membership.school is not None:
            track(
                _load_student(
                    place,
                    student,
                    membership.school,
                    DEMO_STUDENT_PERSONA[prefix],
                    "done",
                    PlanStatus.APPROVED,
                    PostsecondaryStep.CERTIFICATE,
                    ratings,
                )
            )
            plan = Plan.objects.filter(student=student).first()
            guardian = GuardianLink.objects.filter(student=student).select_related("guardian").first()
            if plan is not None:
                _comments(plan, place.counselor, guardian.guardian if guardian else None)
    student2 = users.get(f"{prefix}-student2")
    if student2 is not None:
        membership = (
            Membership.objects.filter(user=student2, role=Role.STUDENT).select_related("school").first()
        )
        if membership is not None and membership.school is not None:
            track(_load_student(place, student2, membership.school, "RA", "done", None, "", ratings))

    # Synthetic students.
    for school in schools:
        high = school.grade_high is None or school.grade_high >= 9
        low = school.grade_low if school.grade_low is not None else (9 if high else 6)
        if high and school.name == MAIN_HIGH.get(prefix):
            count, personas = MAIN_HIGH_STUDENTS, MAIN_PERSONAS
        elif high:
            count, personas = OTHER_HIGH_STUDENTS, OTHER_PERSONAS
        else:
            count, personas = MIDDLE_STUDENTS, MIDDLE_PERSONAS
        grades = list(range(max(low, 9) if high else low, (school.grade_high or 12) + 1))
        slug = "".join(word[0] for word in school.name.replace("(demo)", "").split()).lower()
        plan_position = 0
        for n in range(count):
            first = FIRST_NAMES[(name_index + n * 7) % len(FIRST_NAMES)]
            last = LAST_NAMES[(name_index + n * 3 + len(slug)) % len(LAST_NAMES)]
            grade = grades[n % len(grades)]
            user = _student(f"{prefix}-{slug}-{n + 1:02d}", first, f"Demo-{last}", grade, consortium, school)
            activity = ACTIVITY[n % len(ACTIVITY)] if high else ("done" if n % MIDDLE_STUDENTS else "none")
            plan_status: str | None = None
            if high and activity in ("done", "retake"):
                plan_status = PLAN_CYCLE[plan_position % len(PLAN_CYCLE)]
                plan_position += 1
            track(
                _load_student(
                    place,
                    user,
                    school,
                    personas[n % len(personas)],
                    activity,
                    plan_status,
                    STEPS[n % len(STEPS)],
                    ratings,
                    pending=not high and n % MIDDLE_STUDENTS == 0,
                )
            )
    summary = ", ".join(f"{plans[k]} {k}" for k in sorted(plans))
    say(f"{consortium.name}: {made['students']} student records; plans: {summary or 'none'}")


@demo_loader("students", order=50)
def load(say: Say) -> None:
    ratings = Ratings.load()
    if not ratings.occupations:
        say("students: no O*NET interest ratings loaded (run load_public_data); favourites skipped")
    for prefix in PREFIXES:
        _load_prefix(prefix, ratings, say)
