"""Writes about people and access: API tokens, account settings, invitations and joining.

Every service takes `acting_user` (or, for joining, creates the user who acts) and records an
audit event. Bad input raises `InvalidInput` with a translatable message and changes nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound
from pathways.core.models import ensure_same_consortium
from pathways.orgs.models import Consortium, District, Partner, School

from . import policies
from .auth import TOKEN_PREFIX
from .models import ApiToken, GuardianLink, Invitation, Membership, User, hash_token
from .roles import CONSORTIUM_ROLES, DISTRICT_ROLES, PARTNER_ROLES, SCHOOL_ROLES, Role


@transaction.atomic
def api_token_create(*, acting_user: User, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token for `user`. Returns the token and its key; the key is never stored."""
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the token a name, for example the tool that will use it."), field="name")
    if len(name) > 100:
        raise InvalidInput(_("The name can be at most 100 characters."), field="name")
    if acting_user.pk != user.pk and not acting_user.is_superuser:
        raise NotFound(_("Not found."))
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_hash=hash_token(key))
    audit_record(
        acting_user=acting_user,
        action="api_token.create",
        object_type="api_token",
        object_id=str(token.public_id),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, acting_user: User, token: ApiToken) -> ApiToken:
    if token.user_id != acting_user.pk and not acting_user.is_superuser:
        raise NotFound(_("Not found."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            acting_user=acting_user,
            action="api_token.revoke",
            object_type="api_token",
            object_id=str(token.public_id),
        )
    return token


# --- account settings ------------------------------------------------------------------------

LANGUAGES = ("en", "es")


@transaction.atomic
def user_update_settings(
    *, acting_user: User, user: User, preferred_language: str, first_name: str, last_name: str
) -> User:
    """A person's own settings: the language of the pages, and their name."""
    if acting_user.pk != user.pk and not acting_user.is_superuser:
        raise NotFound(_("Not found."))
    errors = _name_errors(first_name, last_name)
    if preferred_language not in LANGUAGES:
        errors.append(("preferred_language", _("Choose English or Spanish.")))
    if errors:
        field, message = errors[0]
        raise InvalidInput(message, field=field)
    user.preferred_language = preferred_language
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.save(update_fields=["preferred_language", "first_name", "last_name"])
    audit_record(
        acting_user=acting_user,
        action="user.update_settings",
        object_type="user",
        object_id=str(user.public_id),
        details={"preferred_language": preferred_language},
    )
    return user


def _name_errors(first_name: str, last_name: str) -> list[tuple[str, str]]:
    errors = []
    if not first_name.strip():
        errors.append(("first_name", _("Enter your first name.")))
    elif len(first_name.strip()) > 150:
        errors.append(("first_name", _("The first name can be at most 150 characters.")))
    if not last_name.strip():
        errors.append(("last_name", _("Enter your last name.")))
    elif len(last_name.strip()) > 150:
        errors.append(("last_name", _("The last name can be at most 150 characters.")))
    return errors


def account_errors(
    *, username: str, first_name: str, last_name: str, password: str, preferred_language: str
) -> list[tuple[str, str]]:
    """Every problem with the details of a new account, as (field, message) pairs; empty if none.

    Used by the join form to show all problems at once, and by `invitation_accept_new_user`.
    """
    errors: list[tuple[str, str]] = []
    username = username.strip()
    if not username:
        errors.append(("username", _("Choose a username.")))
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors.append(
                ("username", _("A username can have letters, digits and these signs only: @ . + - _"))
            )
        else:
            if len(username) > 150:
                errors.append(("username", _("A username can be at most 150 characters.")))
            elif User.objects.filter(username__iexact=username).exists():
                errors.append(("username", _("This username is taken. Choose another one.")))
    errors.extend(_name_errors(first_name, last_name))
    if preferred_language not in LANGUAGES:
        errors.append(("preferred_language", _("Choose English or Spanish.")))
    if not password:
        errors.append(("password1", _("Choose a password.")))
    else:
        candidate = User(username=username, first_name=first_name.strip(), last_name=last_name.strip())
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            errors.extend(("password1", message) for message in exc.messages)
    return errors


# --- invitations -----------------------------------------------------------------------------

INVITATION_DAYS_DEFAULT = 30
INVITATION_DAYS_MAX = 180


def invitation_unusable_message() -> str:
    """One message for every code that does not work, whatever the reason (no oracle for guessing)."""
    return _(
        "This invitation code does not work. It may be mistyped, expired, already used or cancelled. "
        "Check the code, or ask the person who gave it to you for a new one."
    )


def _node_for_role(
    role: str,
    *,
    district: District | None,
    school: School | None,
    partner: Partner | None,
    student: User | None,
) -> None:
    """Refuse a node that does not fit the role (each role hangs at one kind of node)."""
    if role == Role.DISTRICT_ADMIN:
        if district is None:
            raise InvalidInput(_("Choose the district."), field="district")
    elif role in SCHOOL_ROLES:
        if school is None:
            raise InvalidInput(_("Choose the school."), field="school")
    elif role in PARTNER_ROLES:
        if partner is None:
            raise InvalidInput(_("Choose the partner organisation."), field="partner")
    elif role == Role.GUARDIAN:
        if student is None:
            raise InvalidInput(_("Choose the student this parent or guardian will follow."), field="student")
    elif role not in CONSORTIUM_ROLES:
        raise InvalidInput(_("Choose a role."), field="role")


@transaction.atomic
def invitation_create(
    *,
    acting_user: User,
    consortium: Consortium,
    role: str,
    district: District | None = None,
    school: School | None = None,
    partner: Partner | None = None,
    student: User | None = None,
    note: str = "",
    expires_in_days: int = INVITATION_DAYS_DEFAULT,
) -> Invitation:
    """A code that lets one person join `consortium` with `role` at a node, without email.

    Only the node the role needs is kept (a school for a student, a student for a guardian...).
    The acting user must be allowed to invite for that role there (see `policies.may_invite`);
    nobody can invite into a consortium they are not a member of.
    """
    if consortium.pk not in policies.scope_of(acting_user).member_of:
        raise NotFound(_("Not found."))
    if role not in Role.values:
        raise InvalidInput(_("Choose a role."), field="role")
    # Keep only the node this role sits at.
    district = district if role in DISTRICT_ROLES else None
    school = school if role in SCHOOL_ROLES else None
    partner = partner if role in PARTNER_ROLES else None
    student = student if role == Role.GUARDIAN else None
    _node_for_role(role, district=district, school=school, partner=partner, student=student)
    for field, node in (("district", district), ("school", school), ("partner", partner)):
        if node is not None and node.consortium_id != consortium.pk:
            raise InvalidInput(_("Choose a place in this consortium."), field=field)
    if (
        student is not None
        and not Membership.objects.filter(user=student, role=Role.STUDENT, consortium=consortium).exists()
    ):
        raise InvalidInput(_("Choose a student of this consortium."), field="student")
    if role not in policies.invitable_roles(acting_user, consortium.pk):
        raise InvalidInput(
            _("You cannot invite someone as “%(role)s”. Ask your consortium's coordinators.")
            % {"role": Role(role).label},
            field="role",
        )
    if not policies.may_invite(
        acting_user,
        role=role,
        consortium_id=consortium.pk,
        district=district,
        school=school,
        partner=partner,
        student=student,
    ):
        field = {Role.DISTRICT_ADMIN: "district", Role.GUARDIAN: "student"}.get(Role(role), "school")
        raise InvalidInput(_("You can invite people only where you work."), field=field)
    note = note.strip()
    if len(note) > 200:
        raise InvalidInput(_("The note can be at most 200 characters."), field="note")
    if not 1 <= expires_in_days <= INVITATION_DAYS_MAX:
        raise InvalidInput(
            _("An invitation can last from 1 to %(max)s days.") % {"max": INVITATION_DAYS_MAX},
            field="expires_in_days",
        )
    invitation = Invitation(
        consortium=consortium,
        role=role,
        district=district,
        school=school,
        partner=partner,
        student=student,
        note=note,
        created_by=acting_user,
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    ensure_same_consortium(invitation, district, school, partner)
    invitation.save()
    audit_record(
        acting_user=acting_user,
        action="invitation.create",
        object_type="invitation",
        object_id=str(invitation.public_id),
        details={"role": role, "consortium": consortium.slug},
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, acting_user: User, invitation: Invitation) -> Invitation:
    """Cancel an open invitation. Used or already cancelled invitations stay as they are."""
    # Whoever may see the invitation (its creator, or someone with the same reach) may cancel it.
    invitation = policies.access_invitation(acting_user, invitation.public_id)
    if invitation.accepted_at is not None:
        raise InvalidInput(_("This invitation has already been used; it can no longer be cancelled."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            acting_user=acting_user,
            action="invitation.revoke",
            object_type="invitation",
            object_id=str(invitation.public_id),
        )
    return invitation


def _usable_locked(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None or not locked.is_usable:
        raise InvalidInput(invitation_unusable_message(), field="code")
    return locked


@transaction.atomic
def invitation_accept(*, acting_user: User, invitation: Invitation) -> Invitation:
    """Give the signed-in `acting_user` what the invitation offers, and mark it used.

    A role at a node becomes a Membership; a guardian invitation links the guardian to the
    student and makes them a guardian member of the consortium. A code that is expired,
    cancelled or used changes nothing.
    """
    invitation = _usable_locked(invitation)
    if invitation.role == Role.GUARDIAN:
        assert invitation.student is not None  # guardian invitations always name the student
        if invitation.student_id == acting_user.pk:
            raise InvalidInput(
                _("This invitation is for a parent or guardian. Give it to them to use."), field="code"
            )
        GuardianLink.objects.get_or_create(
            guardian=acting_user,
            student=invitation.student,
            defaults={"consortium_id": invitation.consortium_id},
        )
    Membership.objects.get_or_create(
        user=acting_user,
        role=invitation.role,
        consortium_id=invitation.consortium_id,
        district_id=invitation.district_id,
        school_id=invitation.school_id,
        partner_id=invitation.partner_id,
    )
    invitation.accepted_by = acting_user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at", "updated_at"])
    policies.forget_scope(acting_user)
    audit_record(
        acting_user=acting_user,
        action="invitation.accept",
        object_type="invitation",
        object_id=str(invitation.public_id),
        details={"role": invitation.role},
    )
    return invitation


@transaction.atomic
def invitation_accept_new_user(
    *,
    invitation: Invitation,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    preferred_language: str,
) -> User:
    """Create an account for someone who holds a working invitation code, and accept it for them."""
    invitation = _usable_locked(invitation)
    errors = account_errors(
        username=username,
        first_name=first_name,
        last_name=last_name,
        password=password,
        preferred_language=preferred_language,
    )
    if errors:
        field, message = errors[0]
        raise InvalidInput(message, field=field)
    user = User.objects.create_user(
        username=username.strip(),
        password=password,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        preferred_language=preferred_language,
    )
    audit_record(
        acting_user=user,
        action="user.create",
        object_type="user",
        object_id=str(user.public_id),
        details={"via": "invitation", "invitation": str(invitation.public_id)},
    )
    invitation_accept(acting_user=user, invitation=invitation)
    return user
