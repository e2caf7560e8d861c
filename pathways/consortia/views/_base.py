"""What every governance view shares: the sign-in and error wrappers, form errors, fragments."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from pathways.core.errors import DomainError, NotFound
from pathways.orgs.models import Consortium

from .. import selectors
from ..services import NotAllowed

View = Callable[..., HttpResponse]


def _translate_errors(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapped


def public_view(view: View) -> View:
    """Anyone may ask; what they see is decided by the selectors. Missing or hidden: 404."""
    return _translate_errors(view)


def member_view(view: View) -> View:
    """Signed-in only (others go to the sign-in page); then the selectors decide, 404 for not-yours."""
    return login_required(_translate_errors(view))


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], fragment: str | None = None
) -> HttpResponse:
    """The whole page, or only `fragment` (a partialdef) when HTMX asks for it."""
    htmx = getattr(request, "htmx", None)
    wants_fragment = fragment is not None and bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    context = {**context, "fragment": wants_fragment}
    response = render(request, f"{template}#{fragment}" if wants_fragment else template, context)
    if fragment is not None:
        patch_vary_headers(response, ["HX-Request"])
    return response


def governance_context(request: HttpRequest, consortium: Consortium, section: str) -> dict[str, Any]:
    return {
        "consortium": consortium,
        "section": section,
        "is_leader": selectors.is_facilitator(request.user, consortium.pk),
    }


def leaders_only(context: dict[str, Any]) -> None:
    """Pages for leaders: a participant who is not one gets 403 (an outsider already got 404)."""
    if not context["is_leader"]:
        raise NotAllowed(_("Only the consortium's leaders (administrators and staff) can do this."))


def apply_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else above the form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to the page the form came from (same host only), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


def flash_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)
