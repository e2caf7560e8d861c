"""Demo people (order 20): one login per role in each seed consortium, all fictional.

Usernames are `<prefix>-<role>` with prefixes `mn`, `nmb`, `nmi`; the password of every demo
login is `pathways-demo`. The table of logins is in docs/demo-logins.md (`DEMO_LOGINS` below is
its source). Idempotent: users are found by username and their roles set again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from pathways.core.demo import demo_loader
from pathways.orgs.demo import CONSORTIA, DEMO_EMPLOYER
from pathways.orgs.models import Consortium, District, Partner, School

from .models import GuardianLink, Invitation, Membership, User
from .roles import Role

DEMO_PASSWORD = "pathways-demo"  # noqa: S105  (documented demo credential; demo loading refuses outside DEBUG)

PREFIXES = {"mn": "mn-service-coops", "nmb": "nm-region-b", "nmi": "nm-region-i"}

# Per consortium: the district and schools the demo staff and students belong to.
PLACES = {
    "mn": (
        "Lakeland Pines Schools (demo)",
        "North Star High School (demo)",
        "Pine Ridge Middle School (demo)",
    ),
    "nmb": ("Mesa Verde Schools (demo)", "Mesa Verde High School (demo)", "Piñon Middle School (demo)"),
    "nmi": (
        "Llano Estacado Schools (demo)",
        "Llano Estacado High School (demo)",
        "Yucca Middle School (demo)",
    ),
}

# (suffix, role, first name, last name, preferred language)
PEOPLE = {
    "mn": [
        ("admin", Role.CONSORTIUM_ADMIN, "Kari", "Demo-Lindgren", "en"),
        ("staff", Role.CONSORTIUM_STAFF, "Erik", "Demo-Olson", "en"),
        ("district", Role.DISTRICT_ADMIN, "Paula", "Demo-Nelson", "en"),
        ("counselor", Role.COUNSELOR, "Grace", "Demo-Johnson", "en"),
        ("teacher", Role.TEACHER, "Tom", "Demo-Anderson", "en"),
        ("student", Role.STUDENT, "Maya", "Demo-Hansen", "en"),
        ("student2", Role.STUDENT, "Leo", "Demo-Berg", "en"),
        ("guardian", Role.GUARDIAN, "Nora", "Demo-Hansen", "en"),
        ("partner", Role.PARTNER_CONTACT, "Sam", "Demo-Larson", "en"),
    ],
    "nmb": [
        ("admin", Role.CONSORTIUM_ADMIN, "Elena", "Demo-Martinez", "en"),
        ("staff", Role.CONSORTIUM_STAFF, "Diego", "Demo-Romero", "en"),
        ("district", Role.DISTRICT_ADMIN, "Rosa", "Demo-Trujillo", "en"),
        ("counselor", Role.COUNSELOR, "Carmen", "Demo-Valdez", "en"),
        ("teacher", Role.TEACHER, "Miguel", "Demo-Archuleta", "en"),
        ("student", Role.STUDENT, "Sofia", "Demo-Garcia", "en"),
        ("student2", Role.STUDENT, "Mateo", "Demo-Lucero", "es"),
        ("guardian", Role.GUARDIAN, "Ana", "Demo-Garcia", "es"),
        ("partner", Role.PARTNER_CONTACT, "Jordan", "Demo-Baca", "en"),
    ],
    "nmi": [
        ("admin", Role.CONSORTIUM_ADMIN, "Linda", "Demo-Carter", "en"),
        ("staff", Role.CONSORTIUM_STAFF, "James", "Demo-Reyes", "en"),
        ("district", Role.DISTRICT_ADMIN, "Patricia", "Demo-Wilson", "en"),
        ("counselor", Role.COUNSELOR, "Laura", "Demo-Ortiz", "en"),
        ("teacher", Role.TEACHER, "Kevin", "Demo-Brooks", "en"),
        ("student", Role.STUDENT, "Isabella", "Demo-Sanchez", "en"),
        ("student2", Role.STUDENT, "Noah", "Demo-Chavez", "en"),
        ("guardian", Role.GUARDIAN, "Maria", "Demo-Sanchez", "es"),
        ("partner", Role.PARTNER_CONTACT, "Tyler", "Demo-Morgan", "en"),
    ],
}
GRADES = {"student": 10, "student2": 7}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    place: str
    consortium: str
    language: str


def demo_logins() -> list[DemoLogin]:
    """Every demo login, in the order of docs/demo-logins.md."""
    rows = []
    for prefix, slug in PREFIXES.items():
        district, high, middle = PLACES[prefix]
        consortium = next(c.name for c in CONSORTIA if c.slug == slug)
        places = {
            Role.DISTRICT_ADMIN: district,
            Role.COUNSELOR: high,
            Role.TEACHER: high,
            Role.PARTNER_CONTACT: DEMO_EMPLOYER[slug],
        }
        for suffix, role, first, last, language in PEOPLE[prefix]:
            place = places.get(role, consortium)
            if role == Role.STUDENT:
                place = f"{high if suffix == 'student' else middle}, grade {GRADES[suffix]}"
            if role == Role.GUARDIAN:
                student = next(p for p in PEOPLE[prefix] if p[0] == "student")
                place = f"parent of {student[2]} {student[3]} ({prefix}-student)"
            rows.append(
                DemoLogin(
                    f"{prefix}-{suffix}",
                    f"{first} {last}",
                    str(Role(role).label),
                    place,
                    consortium,
                    language,
                )
            )
    return rows


def _user(username: str, first: str, last: str, language: str, grade: int | None) -> User:
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "preferred_language": language,
            "grade_level": grade,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _load_prefix(prefix: str, say: Callable[[str], None]) -> None:
    consortium = Consortium.objects.get(slug=PREFIXES[prefix])
    district_name, high_name, middle_name = PLACES[prefix]
    district = District.objects.get(consortium=consortium, name=district_name)
    high = School.objects.get(consortium=consortium, name=high_name)
    middle = School.objects.get(consortium=consortium, name=middle_name)
    partner = Partner.objects.get(consortium=consortium, name=DEMO_EMPLOYER[consortium.slug])
    nodes: dict[str, dict[str, Any]] = {
        Role.DISTRICT_ADMIN: {"district": district},
        Role.COUNSELOR: {"school": high},
        Role.TEACHER: {"school": high},
        Role.PARTNER_CONTACT: {"partner": partner},
    }
    users: dict[str, User] = {}
    for suffix, role, first, last, language in PEOPLE[prefix]:
        user = _user(f"{prefix}-{suffix}", first, last, language, GRADES.get(suffix))
        users[suffix] = user
        node = nodes.get(role, {})
        if role == Role.STUDENT:
            node = {"school": high if suffix == "student" else middle}
        Membership.objects.get_or_create(user=user, role=role, consortium=consortium, **node)
    GuardianLink.objects.get_or_create(
        guardian=users["guardian"],
        student=users["student"],
        defaults={"consortium": consortium, "relationship": "mother"},
    )
    # One open family invitation, so the invitation list and print page have something to show.
    note = f"Parent of {users['student2'].first_name} (demo)"
    if not Invitation.objects.filter(consortium=consortium, note=note).exists():
        Invitation.objects.create(
            consortium=consortium,
            role=Role.GUARDIAN,
            student=users["student2"],
            note=note,
            created_by=users["counselor"],
            expires_at=timezone.now() + timedelta(days=30),
        )
    say(f"{consortium.name}: {len(users)} demo logins ({prefix}-admin ... {prefix}-partner)")


@demo_loader("accounts", order=20)
def load(say: Callable[[str], None]) -> None:
    for prefix in PREFIXES:
        _load_prefix(prefix, say)
    say(f"Demo password for every login: {DEMO_PASSWORD}")
