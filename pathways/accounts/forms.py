"""Forms for signing in, account settings, tokens, invitations and joining.

Forms check the shape of input and offer only the choices the user's scope allows; the rules
are enforced again by `services` (whose `InvalidInput` errors are shown on the right field).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from pathways.core.errors import InvalidInput

from . import services
from .selectors import InvitationChoices

LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


def form_error_apply(form: forms.Form, exc: InvalidInput) -> None:
    """Show a service's error on its field, or above the form when the field is not on it."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "That username and password do not match an account. Check both (capital letters count) "
            "and try again."
        ),
        "inactive": _("This account is switched off. Ask your school or consortium coordinator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class SettingsForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Language of the pages"),
        choices=LANGUAGE_CHOICES,
        help_text=_("Pathways switches to this language each time you sign in."),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, for example “SIS nightly sync” or “Power BI report”."),
    )


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        error_messages={"required": _("Type the code from your invitation.")},
        help_text=_(
            "10 letters and numbers, for example ABCDE-FGH23. Capital letters and the dash are optional."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )


class JoinAccountForm(forms.Form):
    """The new account of someone joining with an invitation code."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Enter your first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Enter your last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        error_messages={"required": _("Choose a username.")},
        help_text=_("You will use it to sign in. Letters, digits and @ . + - _ only; no spaces."),
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Choose a password.")},
        help_text=_("At least 10 characters. A short sentence is easy to remember and hard to guess."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        error_messages={"required": _("Type the password a second time.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of the pages"), choices=LANGUAGE_CHOICES, initial="en"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        if cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("The two passwords are not the same. Type them again."))
        for field, message in services.account_errors(
            username=cleaned["username"],
            first_name=cleaned["first_name"],
            last_name=cleaned["last_name"],
            password=cleaned["password1"],
            preferred_language=cleaned["preferred_language"],
        ):
            self.add_error(field, message)
        return cleaned


# Which node field each role needs (the page shows only the field for the chosen role).
NODE_FIELD_ROLES = {
    "consortium": "consortium_admin consortium_staff",
    "district": "district_admin",
    "school": "counselor teacher student",
    "partner": "partner_contact",
    "student": "guardian",
}


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    consortium = forms.ChoiceField(label=_("Consortium"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    school = forms.ChoiceField(label=_("School"), required=False)
    partner = forms.ChoiceField(label=_("Partner organisation"), required=False)
    student = forms.ChoiceField(
        label=_("Student"),
        required=False,
        help_text=_("The parent or guardian will be linked to this student."),
    )
    note = forms.CharField(
        label=_("Who it is for"),
        max_length=200,
        required=False,
        help_text=_("A note for you, printed on the invitation: for example “Parent of Ana R.”"),
    )
    expires_in_days = forms.IntegerField(
        label=_("Days before the code expires"),
        min_value=1,
        max_value=services.INVITATION_DAYS_MAX,
        initial=services.INVITATION_DAYS_DEFAULT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, choices: InvitationChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        several = len(choices.consortia) > 1

        def named(rows: list[Any], label: Any) -> list[tuple[str, str]]:
            return [("", label), *((str(row.public_id), choices.label(row, several)) for row in rows)]

        self._set("role", [("", _("Choose a role")), *choices.roles])
        self._set("consortium", named(choices.consortia, _("Choose a consortium")))
        self._set("district", named(choices.districts, _("Choose a district")))
        self._set("school", named(choices.schools, _("Choose a school")))
        self._set("partner", named(choices.partners, _("Choose a partner")))
        self._set(
            "student",
            [
                ("", _("Choose a student")),
                *((str(s.public_id), choices.student_label(s)) for s in choices.students),
            ],
        )
        # Only one place to choose: choose it.
        only: list[tuple[str, list[Any]]] = [("district", choices.districts), ("school", choices.schools)]
        for name, places in only:
            if len(places) == 1:
                self.initial.setdefault(name, str(places[0].public_id))
        if len(choices.consortia) == 1:
            self.fields["consortium"].widget = forms.HiddenInput()
            self.initial.setdefault("consortium", str(choices.consortia[0].public_id))
        for name, rows in (
            ("district", choices.districts),
            ("school", choices.schools),
            ("partner", choices.partners),
            ("student", choices.students),
        ):
            if not rows:
                del self.fields[name]

    def _set(self, name: str, options: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = options

    def node_fields(self) -> list[tuple[forms.BoundField, str]]:
        """The place fields, each with the roles it applies to (for the page script)."""
        return [
            (self[name], NODE_FIELD_ROLES[name])
            for name in NODE_FIELD_ROLES
            if name in self.fields and not self[name].is_hidden
        ]


class PasswordForm(PasswordChangeForm):
    """Django's password change, with one plain hint instead of the validators' list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Your current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "At least 10 characters, not only digits, not a common password, not like your name."
        )
        self.fields["new_password2"].label = _("New password again")
