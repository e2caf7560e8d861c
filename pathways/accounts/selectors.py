"""Reads about people and access: the signed-in workspace, invitations, API tokens.

Every read is scoped by `policies` (the actor's `*_visible_to` filters); nothing here changes data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.orgs.models import Consortium, District, Partner, School

from . import policies
from .models import INVITATION_ALPHABET, ApiToken, Invitation, Membership, User
from .roles import LEADER_ROLES, Role

CODE_NOISE = re.compile(r"[\s\-\u2010-\u2015_.]+")  # spaces, dashes of every kind, dots


# --- invitation codes ------------------------------------------------------------------------


def invitation_code_normalize(raw: str) -> str | None:
    """The code as stored ("ABCDE-FGH23") from what a person typed, or None if it cannot be one.

    Forgiving: any case, with or without the dash, spaces anywhere.
    """
    compact = CODE_NOISE.sub("", raw or "").upper()
    if len(compact) != 10 or any(ch not in INVITATION_ALPHABET for ch in compact):
        return None
    return f"{compact[:5]}-{compact[5:]}"


def invitation_by_code(raw: str) -> Invitation | None:
    """The usable invitation with this code, or None (unknown, malformed, expired, used, cancelled)."""
    code = invitation_code_normalize(raw)
    if code is None:
        return None
    invitation = (
        Invitation.objects.select_related("consortium", "district", "school", "partner", "student")
        .filter(code=code)
        .first()
    )
    return invitation if invitation is not None and invitation.is_usable else None


# --- invitation lists ------------------------------------------------------------------------

INVITATION_STATUSES = ("open", "used", "expired", "revoked")


def invitation_status(invitation: Invitation, now: datetime | None = None) -> str:
    if invitation.accepted_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= (now or timezone.now()):
        return "expired"
    return "open"


def invitation_list(*, actor: policies.Actor, status: str = "") -> QuerySet[Invitation]:
    """Invitations the actor may see, newest first, optionally only one status."""
    now = timezone.now()
    rows = Invitation.objects.filter(policies.invitations_visible_to(actor))
    if status == "open":
        rows = rows.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
    elif status == "used":
        rows = rows.filter(accepted_at__isnull=False)
    elif status == "revoked":
        rows = rows.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    elif status == "expired":
        rows = rows.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    # `distinct` over the ids: the guardian rule joins the student's memberships.
    return (
        Invitation.objects.filter(pk__in=rows.values("pk"))
        .select_related("consortium", "district", "school", "partner", "student", "created_by", "accepted_by")
        .order_by("-created_at")
    )


# --- API tokens ------------------------------------------------------------------------------


def api_token_list(*, actor: policies.Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(policies.api_tokens_visible_to(actor)).order_by("-created_at")


# --- the workspace ---------------------------------------------------------------------------


@dataclass
class Link:
    label: str
    url: str


@dataclass
class RoleCard:
    """One of the user's roles, where it is, and what they can do with it."""

    role: str
    role_label: str
    place: str
    consortium: Consortium
    links: list[Link] = field(default_factory=list)


@dataclass
class GuardianStudent:
    name: str
    grade_level: int | None
    schools: list[str]
    consortium: str


@dataclass
class Workspace:
    cards: list[RoleCard]
    students: list[GuardianStudent]
    may_invite: bool
    works_here: bool  # staff or partner contact somewhere: offer tools such as API tokens


def _membership_card(m: Membership) -> RoleCard:
    role = Role(m.role)
    consortium = m.consortium
    place = (m.school or m.district or m.partner or consortium).name
    card = RoleCard(role=m.role, role_label=str(role.label), place=place, consortium=consortium)
    network = reverse("orgs:network", args=[consortium.public_id])
    schools = reverse("orgs:school-list", args=[consortium.public_id])
    partners = reverse("orgs:partner-list", args=[consortium.public_id])
    invite = reverse("accounts:invitation-create")
    invitations = reverse("accounts:invitation-list")
    school_url = reverse("orgs:school-detail", args=[m.school.public_id]) if m.school else ""
    # Other apps' pages, by URL name only (accounts does not import them).
    governance = Link(
        _("Strategic plan, target industries and meetings"), reverse("consortia:plan", args=[consortium.slug])
    )
    programs = Link(_("Programs of study"), reverse("programs:program-list"))
    finder = Link(_("Programs you can take"), reverse("programs:finder"))
    caseload = Link(_("Your students: profiler, plans and reviews"), reverse("students:family-caseload"))
    school_name = m.school.name if m.school else ""
    wbl_staff = [
        Link(_("Work-based learning: opportunities and approvals"), reverse("wbl:opportunity-list")),
        Link(_("Placements, hours and evaluations"), reverse("wbl:placement-list")),
    ]
    rounds = Link(_("Matching rounds for work-based learning"), reverse("wbl:round-list"))
    if role in LEADER_ROLES:
        card.links = [
            Link(_("Network overview: regions, districts, schools and partners"), network),
            Link(_("Schools"), schools),
            Link(_("Partners and contacts"), partners),
            Link(_("Invite someone to join"), invite),
            Link(_("Invitations you can see"), invitations),
            caseload,
            governance,
            programs,
            *wbl_staff,
            rounds,
            Link(
                _("Reports: Perkins V indicators, alignment, equity, needs assessment and impact"),
                reverse("reports:home", args=[consortium.slug]),
            ),
        ]
    elif role == Role.DISTRICT_ADMIN and m.district is not None:
        card.links = [
            Link(
                _("Your district: %(name)s") % {"name": m.district.name},
                reverse("orgs:district-detail", args=[m.district.public_id]),
            ),
            Link(_("Partners"), partners),
            Link(_("Invite staff or students"), invite),
            Link(_("Invitations"), invitations),
            caseload,
            programs,
            governance,
            *wbl_staff,
        ]
    elif role == Role.COUNSELOR and m.school is not None:
        card.links = [
            Link(_("Your school: %(name)s") % {"name": school_name}, school_url),
            Link(_("Partners"), partners),
            Link(_("Invite a student or a family"), invite),
            Link(_("Invitations"), invitations),
            caseload,
            programs,
            governance,
            *wbl_staff,
        ]
    elif role == Role.TEACHER and m.school is not None:
        card.links = [
            Link(_("Your school: %(name)s") % {"name": school_name}, school_url),
            Link(_("Partners"), partners),
            caseload,
            programs,
            governance,
            *wbl_staff,
        ]
    elif role == Role.STUDENT and m.school is not None:
        card.links = [
            Link(_("Your school: %(name)s") % {"name": school_name}, school_url),
            Link(
                _("Discover your interests (Interest Profiler) and careers that fit"),
                reverse("students:profiler-home"),
            ),
            Link(_("Your plan"), reverse("students:plans-edit")),
            Link(_("Favourites and comparing careers"), reverse("students:plans-favourites")),
            Link(_("Your career portfolio"), reverse("students:plans-portfolio")),
            Link(_("Explore careers"), reverse("catalog:home")),
            finder,
            Link(
                _("Try it: job shadows, internships and other work-based learning"), reverse("wbl:discover")
            ),
            Link(_("Matching rounds: rank your choices, see your result"), reverse("wbl:round-list")),
            Link(_("Your placements and hours"), reverse("wbl:placement-list")),
        ]
    elif role == Role.GUARDIAN:
        card.links = [
            Link(_("Your family: results, favourites and plans"), reverse("students:family-home")),
            Link(_("Explore careers together"), reverse("catalog:home")),
            finder,
        ]
    elif role == Role.PARTNER_CONTACT and m.partner is not None:
        partner_url = reverse("orgs:partner-detail", args=[m.partner.public_id])
        card.links = [
            Link(_("Your organisation: %(name)s") % {"name": m.partner.name}, partner_url),
            Link(
                _("Edit your organisation's profile"),
                reverse("orgs:partner-edit", args=[m.partner.public_id]),
            ),
            Link(
                _("Your work-based learning portal: sites, documents and opportunities"),
                reverse("wbl:partner-portal", args=[m.partner.public_id]),
            ),
            Link(_("Matching rounds: rank your applicants"), reverse("wbl:round-list")),
            Link(_("Students placed with you: hours and evaluations"), reverse("wbl:placement-list")),
            governance,
        ]
    return card


def workspace(user: User) -> Workspace:
    """The signed-in home: each role with its links, and a guardian's students by name."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("consortium", "district", "school", "partner")
        .order_by("consortium__name", "role")
    )
    cards = [_membership_card(m) for m in memberships]
    links = list(policies.guardian_links_of(user))
    schools_by_student: dict[int, list[str]] = {}
    for student_id, school_name in Membership.objects.filter(
        user_id__in=[link.student_id for link in links], role=Role.STUDENT
    ).values_list("user_id", "school__name"):
        schools_by_student.setdefault(student_id, []).append(school_name)
    students = [
        GuardianStudent(
            name=link.student.display_name,
            grade_level=link.student.grade_level,
            schools=schools_by_student.get(link.student_id, []),
            consortium=link.consortium.name,
        )
        for link in links
    ]
    may_invite = any(policies.invitable_roles(user, c) for c in {m.consortium_id for m in memberships})
    works_here = any(m.role not in (Role.STUDENT, Role.GUARDIAN) for m in memberships)
    return Workspace(cards=cards, students=students, may_invite=may_invite, works_here=works_here)


# --- invitation choices ----------------------------------------------------------------------


@dataclass
class InvitationChoices:
    """What a user may offer in an invitation: roles, and the places and students in their reach."""

    roles: list[tuple[str, str]]
    consortia: list[Consortium]
    districts: list[District]
    schools: list[School]
    partners: list[Partner]
    students: list[User]
    student_schools: dict[int, str] = field(default_factory=dict)

    def label(self, row: Consortium | District | School | Partner, several: bool) -> str:
        if several and not isinstance(row, Consortium):
            return f"{row.name} ({row.consortium.name})"
        return row.name

    def student_label(self, student: User) -> str:
        parts = [student.display_name]
        if student.grade_level is not None:
            parts.append(_("grade %(n)s") % {"n": student.grade_level})
        if student.pk in self.student_schools:
            parts.append(self.student_schools[student.pk])
        return ", ".join(parts)


def invitation_choices(user: User) -> InvitationChoices:
    s = policies.scope_of(user)
    roles_by_consortium = {c: policies.invitable_roles(user, c) for c in s.member_of}
    consortium_ids = [c for c, roles in roles_by_consortium.items() if roles]
    allowed = {role for roles in roles_by_consortium.values() for role in roles}
    consortia = list(Consortium.objects.filter(pk__in=consortium_ids).order_by("name"))
    leads = Q(consortium_id__in=s.leader_of)
    districts = list(
        District.objects.filter(leads | Q(pk__in=s.district_admin_of))
        .select_related("consortium")
        .order_by("name")
    )
    schools = list(
        School.objects.filter(leads | Q(district_id__in=s.district_admin_of) | Q(pk__in=s.counselor_at))
        .select_related("consortium")
        .order_by("name")
    )
    partners = list(Partner.objects.filter(leads).select_related("consortium").order_by("name"))
    student_rows = list(
        Membership.objects.filter(role=Role.STUDENT)
        .filter(leads | Q(school_id__in=s.counselor_at))
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name")
    )
    students: dict[int, User] = {}
    student_schools: dict[int, str] = {}
    for m in student_rows:
        students.setdefault(m.user_id, m.user)
        if m.school is not None:
            student_schools.setdefault(m.user_id, m.school.name)
    if Role.GUARDIAN not in allowed:
        students = {}
    return InvitationChoices(
        roles=[(role, str(Role(role).label)) for role in Role.values if role in allowed],
        consortia=consortia,
        districts=districts if Role.DISTRICT_ADMIN in allowed else [],
        schools=schools if allowed & {Role.COUNSELOR, Role.TEACHER, Role.STUDENT} else [],
        partners=partners if Role.PARTNER_CONTACT in allowed else [],
        students=list(students.values()),
        student_schools=student_schools,
    )


def invitation_place(invitation: Invitation) -> str:
    """Where the invitation puts its holder: the school, district, partner or consortium."""
    node = invitation.school or invitation.district or invitation.partner or invitation.consortium
    return node.name


def short_name(user: User) -> str:
    """ "Stella S.": enough for a family to recognise their child, not a full name on a shared page."""
    if user.first_name and user.last_name:
        return f"{user.first_name} {user.last_name[0]}."
    return user.first_name or user.username
