"""Sign in, the signed-in workspace, account settings, API tokens, invitations and joining.

Views are thin: rows come through `policies.access_*` (one 404 for missing and not-yours),
lists through `selectors`, writes through `services`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pathways.core.audit import audit_record
from pathways.core.errors import InvalidInput, NotFound

from . import policies, selectors, services
from .forms import (
    InvitationForm,
    JoinAccountForm,
    JoinCodeForm,
    LoginForm,
    PasswordForm,
    SettingsForm,
    TokenCreateForm,
    form_error_apply,
)
from .models import Invitation, Membership, User
from .roles import CONSORTIUM_ROLES, DISTRICT_ROLES, PARTNER_ROLES, SCHOOL_ROLES, Role

P = ParamSpec("P")
PAGE_SIZE = 25
# Guessing invitation codes: at most this many codes that do not work per hour, per browser
# session and (more loosely, for shared school networks) per address.
JOIN_FAILURES_PER_SESSION = 10
JOIN_FAILURES_PER_ADDRESS = 50
JOIN_WINDOW_SECONDS = 3600


def member_page(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Signed in, and `NotFound` from the policies becomes the one 404 page."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return login_required(wrapper)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


def language_cookie_apply(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Write the language chosen at sign-in (see `signals.remember_language`) into the cookie."""
    language = getattr(request, "pathways_language", None)
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax" in settings
        )
    return response


def _remember_language(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request.pathways_language = language  # type: ignore[attr-defined]  # read by language_cookie_apply


# --- sign in and the workspace ---------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        return language_cookie_apply(self.request, super().form_valid(form))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "accounts/home.html", {"workspace": selectors.workspace(user)})


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_settings(acting_user=user, user=user, **form.cleaned_data)
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            _remember_language(request, user.preferred_language)
            messages.success(request, _("Your settings were saved."))
            return language_cookie_apply(request, HttpResponseRedirect(reverse("accounts:settings")))
    return render(request, "accounts/settings.html", {"form": form}, status=422 if form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordForm
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(
            acting_user=self.request.user,
            action="user.password_change",
            object_type="user",
            object_id=str(getattr(self.request.user, "public_id", "")),
        )
        messages.success(self.request, _("Your password was changed."))
        return response

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 422
        return response


# --- API tokens ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """Personal API tokens: the list, and a form for a new one whose key is shown once."""
    user = _user(request)
    form = TokenCreateForm(request.POST or None)
    new_key = ""
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token, new_key = services.api_token_create(
                acting_user=user, user=user, name=form.cleaned_data["name"]
            )
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            form = TokenCreateForm()
    response = render(
        request,
        "accounts/token_list.html",
        {
            "form": form,
            "tokens": selectors.api_token_list(actor=user),
            "new_key": new_key,
            "new_token": new_token,
            "api_url": request.build_absolute_uri("/api/v1/"),
        },
        status=422 if form.errors else 200,
    )
    if new_key:  # the key is in this page only: never cache it
        response["Cache-Control"] = "no-store"
    return response


@member_page
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_api_token(user, token)
    if request.method == "POST":
        services.api_token_revoke(acting_user=user, token=row)
        messages.success(
            request, _("The token “%(name)s” was revoked. It no longer works.") % {"name": row.name}
        )
        return HttpResponseRedirect(reverse("accounts:token-list"))
    return render(request, "accounts/token_revoke.html", {"token": row})


# --- invitations -----------------------------------------------------------------------------


def _pick(rows: list[Any], public_id: str) -> Any:
    return next((row for row in rows if str(row.public_id) == public_id), None) if public_id else None


@member_page
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    choices = selectors.invitation_choices(user)
    if not choices.roles:
        raise NotFound(_("Not found."))
    initial = {
        key: request.GET[key] for key in ("school", "district", "partner", "student") if key in request.GET
    }
    if "student" in initial:
        initial["role"] = Role.GUARDIAN
    elif "school" in initial and len(choices.roles) == 2:  # a counselor: students or families
        initial["role"] = Role.STUDENT
    form = InvitationForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        role = c["role"]
        district = _pick(choices.districts, c.get("district", ""))
        school = _pick(choices.schools, c.get("school", ""))
        partner = _pick(choices.partners, c.get("partner", ""))
        student = _pick(choices.students, c.get("student", ""))
        consortium = None
        if role in CONSORTIUM_ROLES and role != Role.GUARDIAN:
            consortium = _pick(choices.consortia, c.get("consortium", ""))
            missing = ("consortium", _("Choose the consortium."))
        elif role in DISTRICT_ROLES:
            consortium = district.consortium if district else None
            missing = ("district", _("Choose the district."))
        elif role in SCHOOL_ROLES:
            consortium = school.consortium if school else None
            missing = ("school", _("Choose the school."))
        elif role in PARTNER_ROLES:
            consortium = partner.consortium if partner else None
            missing = ("partner", _("Choose the partner organisation."))
        else:  # guardian: the consortium of the student, among the user's
            if student is not None:
                membership = Membership.objects.filter(
                    user=student, role=Role.STUDENT, consortium__in=choices.consortia
                ).first()
                consortium = membership.consortium if membership else None
            missing = ("student", _("Choose the student this parent or guardian will follow."))
        if consortium is None:
            form.add_error(missing[0] if missing[0] in form.fields else None, missing[1])
        else:
            try:
                invitation = services.invitation_create(
                    acting_user=user,
                    consortium=consortium,
                    role=role,
                    district=district,
                    school=school,
                    partner=partner,
                    student=student,
                    note=c["note"],
                    expires_in_days=c["expires_in_days"],
                )
            except InvalidInput as exc:
                form_error_apply(form, exc)
            else:
                messages.success(request, _("The invitation is ready. Print it or copy the code."))
                return HttpResponseRedirect(reverse("accounts:invitation-print", args=[invitation.public_id]))
    return render(
        request, "accounts/invitation_form.html", {"form": form}, status=422 if form.errors else 200
    )


@member_page
def invitation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "open")
    if status not in (*selectors.INVITATION_STATUSES, "all"):
        status = "open"
    rows = selectors.invitation_list(actor=user, status="" if status == "all" else status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for invitation in page.object_list:
        invitation.status = selectors.invitation_status(invitation)
        invitation.place = selectors.invitation_place(invitation)
    return render(
        request,
        "accounts/invitation_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [
                ("open", _("Open")),
                ("used", _("Used")),
                ("expired", _("Expired")),
                ("revoked", _("Cancelled")),
                ("all", _("All")),
            ],
            "may_invite": bool(selectors.invitation_choices(user).roles),
        },
    )


@member_page
def invitation_print(request: HttpRequest, invitation: Any) -> HttpResponse:
    """A page to print and hand over: the code, the link, and what to do, in English and Spanish."""
    user = _user(request)
    row = policies.access_invitation(user, invitation)
    join_url = request.build_absolute_uri(reverse("accounts:join"))
    return render(
        request,
        "accounts/invitation_print.html",
        {
            "invitation": row,
            "status": selectors.invitation_status(row),
            "place": selectors.invitation_place(row),
            "student_name": row.student.display_name if row.student else "",
            "join_url": join_url,
            "join_code_url": request.build_absolute_uri(reverse("accounts:join-code", args=[row.code])),
        },
    )


@member_page
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, invitation: Any) -> HttpResponse:
    user = _user(request)
    row = policies.access_invitation(user, invitation)
    error = ""
    if request.method == "POST":
        try:
            services.invitation_revoke(acting_user=user, invitation=row)
        except InvalidInput as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("The invitation %(code)s was cancelled. The code no longer works.") % {"code": row.code},
            )
            return HttpResponseRedirect(reverse("accounts:invitation-list"))
    return render(
        request,
        "accounts/invitation_revoke.html",
        {"invitation": row, "place": selectors.invitation_place(row), "error": error},
        status=422 if error else 200,
    )


# --- joining with a code ---------------------------------------------------------------------


def _failure_keys(request: HttpRequest) -> list[tuple[str, int]]:
    if not request.session.session_key:
        request.session.save()
    address = request.META.get("REMOTE_ADDR", "")
    return [
        (f"join-failures:session:{request.session.session_key}", JOIN_FAILURES_PER_SESSION),
        (f"join-failures:address:{address}", JOIN_FAILURES_PER_ADDRESS),
    ]


def _too_many_failures(request: HttpRequest) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _failure_keys(request))


def _failure_record(request: HttpRequest) -> None:
    for key, _limit in _failure_keys(request):
        cache.add(key, 0, JOIN_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, JOIN_WINDOW_SECONDS)


def _join_refused(request: HttpRequest, code: str, *, blocked: bool) -> HttpResponse:
    form = JoinCodeForm(initial={"code": code})
    message = (
        _(
            "Too many codes that did not work. For your safety, please wait an hour and try again, "
            "or ask the person who gave you the code for help."
        )
        if blocked
        else services.invitation_unusable_message()
    )
    return render(
        request, "accounts/join.html", {"form": form, "error": message}, status=429 if blocked else 422
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Enter an invitation code (or arrive with ?code=...)."""
    data = request.POST if request.method == "POST" else request.GET
    if "code" not in data:
        return render(request, "accounts/join.html", {"form": JoinCodeForm(), "error": ""})
    form = JoinCodeForm(data)
    if not form.is_valid():
        return render(request, "accounts/join.html", {"form": form, "error": ""}, status=422)
    code = form.cleaned_data["code"]
    if _too_many_failures(request):
        return _join_refused(request, code, blocked=True)
    invitation = selectors.invitation_by_code(code)
    if invitation is None:
        _failure_record(request)
        return _join_refused(request, code, blocked=False)
    return HttpResponseRedirect(reverse("accounts:join-code", args=[invitation.code]))


def _offer(invitation: Invitation) -> dict[str, Any]:
    return {
        "invitation": invitation,
        "place": selectors.invitation_place(invitation),
        "student_name": selectors.short_name(invitation.student) if invitation.student else "",
    }


@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """What the invitation offers; accept it (signed in) or create an account to accept it."""
    if _too_many_failures(request):
        return _join_refused(request, code, blocked=True)
    invitation = selectors.invitation_by_code(code)
    if invitation is None:
        _failure_record(request)
        return _join_refused(request, code, blocked=False)
    if code != invitation.code:  # typed by hand in another shape: show the canonical address
        return HttpResponseRedirect(reverse("accounts:join-code", args=[invitation.code]))
    context = _offer(invitation)
    if request.user.is_authenticated:
        user = _user(request)
        error = ""
        if request.method == "POST":
            try:
                services.invitation_accept(acting_user=user, invitation=invitation)
            except InvalidInput as exc:
                error = exc.message
            else:
                messages.success(request, _joined_message(invitation))
                return HttpResponseRedirect(reverse("accounts:home"))
        return render(
            request, "accounts/join_accept.html", {**context, "error": error}, status=422 if error else 200
        )
    form = JoinAccountForm(request.POST or None, initial={"preferred_language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            user = services.invitation_accept_new_user(
                invitation=invitation,
                username=c["username"],
                first_name=c["first_name"],
                last_name=c["last_name"],
                password=c["password1"],
                preferred_language=c["preferred_language"],
            )
        except InvalidInput as exc:
            form_error_apply(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _joined_message(invitation))
            return language_cookie_apply(request, HttpResponseRedirect(reverse("accounts:home")))
    login_url = reverse("accounts:login") + "?next=" + reverse("accounts:join-code", args=[invitation.code])
    return render(
        request,
        "accounts/join_account.html",
        {**context, "form": form, "login_url": login_url},
        status=422 if form.errors else 200,
    )


def _joined_message(invitation: Invitation) -> str:
    if invitation.role == Role.GUARDIAN and invitation.student is not None:
        return _("Welcome! You are now connected to %(student)s in %(consortium)s.") % {
            "student": selectors.short_name(invitation.student),
            "consortium": invitation.consortium.name,
        }
    return _("Welcome! You joined %(place)s as %(role)s.") % {
        "place": selectors.invitation_place(invitation),
        "role": Role(invitation.role).label,
    }
