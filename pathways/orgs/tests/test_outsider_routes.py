"""Every route that takes a UUID refuses the outsider (a counselor of Beta) for Alpha's rows.

The routes are read from the project's URL resolver, so routes that other apps add later are
covered without touching this file. Each UUID parameter gets the public id of an Alpha row of
the matching kind, found from the parameter's name or, for `public_id`-style names, from the
path segment before it (`schools/<uuid:public_id>` -> a school). Unknown kinds get the Alpha
school's id: the route must still answer 404, since nothing of Alpha is the outsider's.
Anonymous visitors must be sent to sign in (pages) or get 401/404 (API).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import UUIDConverter
from django.utils import timezone

from pathways.accounts.models import Invitation
from pathways.accounts.roles import Role
from pathways.accounts.services import api_token_create
from pathways.orgs.models import Contact

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
GENERIC_NAMES = {"public_id", "id", "uuid", "pk"}
# Routes meant for anyone (public pages addressed by UUID) would be listed here by view name,
# with the reason. None so far.
PUBLIC_ROUTES: set[str] = set()


@dataclass
class Route:
    template: str  # "schools/<uuid:school>/"
    name: str
    converters: dict[str, Any]


def _walk(
    patterns: list[Any], prefix: str = "", converters: dict[str, Any] | None = None, namespace: str = ""
) -> Iterator[Route]:
    for entry in patterns:
        pattern = entry.pattern
        found = {**(converters or {}), **getattr(pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(pattern), found, inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(pattern), f"{namespace}{entry.name or ''}", found)


def uuid_routes() -> list[Route]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        uuids = [
            name
            for name, converter in route.converters.items()
            if isinstance(converter, UUIDConverter) or "uuid" in type(converter).__name__.lower()
        ]
        if uuids and route.name not in PUBLIC_ROUTES:
            routes.append(route)
    return routes


def _kind(template: str, name: str) -> str:
    if name not in GENERIC_NAMES:
        return name.removesuffix("_id").removesuffix("_public_id")
    before = template.split(f":{name}>")[0].rstrip("/").split("/")[-1]  # "schools/<uuid" -> "schools"
    before = before.split("<")[0].rstrip("/").split("/")[-1] or template.split("/")[-3]
    return before


def _singular(word: str) -> str:
    word = word.lower().replace("-", "_")
    if word == "consortia":
        return "consortium"
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word.removesuffix("s")


@pytest.fixture
def alpha_ids(cast) -> dict[str, UUID]:
    contact = Contact.objects.create(consortium=cast.alpha, partner=cast.partner, name="Rita Foreman")
    invitation = Invitation.objects.create(
        consortium=cast.alpha, role=Role.STUDENT, school=cast.school, created_by=cast.counselor,
        expires_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    token, _key = api_token_create(acting_user=cast.admin, user=cast.admin, name="alpha")
    return {
        "consortium": cast.alpha.public_id,
        "network": cast.alpha.public_id,
        "region": cast.region.public_id,
        "district": cast.district.public_id,
        "school": cast.school.public_id,
        "partner": cast.partner.public_id,
        "contact": contact.public_id,
        "invitation": invitation.public_id,
        "token": token.public_id,
        "student": cast.student.public_id,
        "user": cast.student.public_id,
        "member": cast.student.public_id,
    }


def fill(route: Route, ids: dict[str, UUID], fallback: UUID) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group("name")
        converter = route.converters.get(name)
        if converter is None or not (
            isinstance(converter, UUIDConverter) or "uuid" in type(converter).__name__.lower()
        ):
            # Another kind of parameter: something plausible (`int`: 1, `slug`/`str`: alpha's slug).
            return "1" if (match.group("converter") or "") == "int" else "alpha"
        return str(ids.get(_singular(_kind(route.template, name)), fallback))

    path = PARAM.sub(value, route.template)
    path = path.lstrip("^").rstrip("$").replace("\\Z", "")
    return "/" + path.lstrip("/")


def answer(client: Any, path: str) -> int:
    """The status of the first method the route accepts (GET, then POST, then DELETE)."""
    status = 405
    for method in ("get", "post", "delete"):
        status = getattr(client, method)(path).status_code
        if status != 405:
            break
    return status


def test_it_finds_the_routes_of_this_issue():
    templates = {route.template for route in uuid_routes()}
    for expected in (
        "schools/<uuid:school>/",
        "invitations/<uuid:invitation>/print/",
        "network/<uuid:consortium>/",
    ):
        assert expected in templates
    assert any("api/v1/" in t and "schools" in t for t in templates)


def test_it_refuses_the_outsider_on_every_uuid_route(cast, client, alpha_ids):
    client.force_login(cast.outsider)
    failures = []
    for route in uuid_routes():
        path = fill(route, alpha_ids, cast.school.public_id)
        status = answer(client, path)
        if status != 404:
            failures.append(f"{path} ({route.name}): {status}")
    assert failures == []


def test_it_refuses_anonymous_visitors_on_every_uuid_route(cast, client, alpha_ids):
    failures = []
    for route in uuid_routes():
        path = fill(route, alpha_ids, cast.school.public_id)
        response = client.get(path)
        if response.status_code == 405:
            response = client.post(path)
        api = path.startswith("/api/")
        ok = response.status_code in ((401, 404, 405) if api else (404,)) or (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
        if not ok:
            failures.append(f"{path} ({route.name}): {response.status_code}")
    assert failures == []


def test_it_fills_parameters_by_name_and_by_segment(cast, alpha_ids):
    assert fill(
        Route("schools/<uuid:public_id>/", "", {"public_id": UUIDConverter()}),
        alpha_ids,
        cast.school.public_id,
    ) == (f"/schools/{cast.school.public_id}/")
    assert fill(
        Route("x/<uuid:invitation>/", "", {"invitation": UUIDConverter()}), alpha_ids, cast.school.public_id
    ) == (f"/x/{alpha_ids['invitation']}/")
    assert fill(
        Route("x/<uuid:meeting>/", "", {"meeting": UUIDConverter()}), alpha_ids, cast.school.public_id
    ) == (f"/x/{cast.school.public_id}/")
