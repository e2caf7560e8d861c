"""Signal handlers of the accounts app (connected in `AccountsConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def remember_language(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """On sign-in, switch the pages to the person's preferred language.

    The rest of this request is translated at once; the language cookie is written on the
    response by `views.language_cookie_apply` (a signal has no response to set it on), so the
    next pages stay in that language.
    """
    language = getattr(user, "preferred_language", "")
    if request is None or language not in dict(settings.LANGUAGES):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request.pathways_language = language  # type: ignore[attr-defined]  # read by views.language_cookie_apply
