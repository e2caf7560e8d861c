"""JSON API of the accounts app: who am I, and my personal API tokens.

All endpoints need a signed-in caller (`auth=API_AUTH`: a personal token or the browser session).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from pathways.labor.api import ErrorOut

from . import policies, selectors, services
from .auth import API_AUTH
from .models import ApiToken, Membership, User
from .roles import Role

router = Router(tags=["accounts"])


class NodeOut(Schema):
    type: str = Field(description="`consortium`, `district`, `school` or `partner`.")
    public_id: UUID
    name: str


class RoleOut(Schema):
    role: str
    role_label: str
    consortium: str = Field(description="Consortium slug.")
    node: NodeOut = Field(description="Where the role sits in the consortium's tree.")


class MeOut(Schema):
    public_id: UUID
    username: str
    display_name: str
    preferred_language: str
    roles: list[RoleOut]


class TokenOut(Schema):
    public_id: UUID
    name: str
    prefix: str = Field(description="The first characters of the key, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenListOut(Schema):
    count: int
    items: list[TokenOut]


class TokenIn(Schema):
    name: str = Field(description="What will use the token, e.g. 'SIS nightly sync'.", max_length=100)


class TokenCreatedOut(TokenOut):
    key: str = Field(description="The secret key. Shown this once only: store it now.")


def _role_out(m: Membership) -> RoleOut:
    for kind, node in (("school", m.school), ("district", m.district), ("partner", m.partner)):
        if node is not None:
            return RoleOut(
                role=m.role,
                role_label=str(Role(m.role).label),
                consortium=m.consortium.slug,
                node=NodeOut(type=kind, public_id=node.public_id, name=node.name),
            )
    return RoleOut(
        role=m.role,
        role_label=str(Role(m.role).label),
        consortium=m.consortium.slug,
        node=NodeOut(type="consortium", public_id=m.consortium.public_id, name=m.consortium.name),
    )


def _token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        public_id=token.public_id,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


def _caller(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # API_AUTH
    return request.user


@router.get(
    "/me", auth=API_AUTH, response=MeOut, summary="Who am I", description="The caller and their roles."
)
def me(request: HttpRequest) -> MeOut:
    user = _caller(request)
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("consortium", "district", "school", "partner")
        .order_by("consortium__name", "role")
    )
    return MeOut(
        public_id=user.public_id,
        username=user.username,
        display_name=user.display_name,
        preferred_language=user.preferred_language,
        roles=[_role_out(m) for m in memberships],
    )


@router.get(
    "/me/tokens",
    auth=API_AUTH,
    response=TokenListOut,
    summary="List my API tokens",
    description="The caller's personal tokens, revoked ones included. Keys are never returned.",
)
def tokens_list(request: HttpRequest) -> TokenListOut:
    items = [_token_out(t) for t in selectors.api_token_list(actor=_caller(request))]
    return TokenListOut(count=len(items), items=items)


@router.post(
    "/me/tokens",
    auth=API_AUTH,
    response={201: TokenCreatedOut, 422: ErrorOut},
    summary="Create an API token",
    description="A new personal token for the caller. The response holds the key, this once only.",
)
def tokens_create(request: HttpRequest, payload: TokenIn) -> tuple[int, TokenCreatedOut]:
    user = _caller(request)
    token, key = services.api_token_create(acting_user=user, user=user, name=payload.name)
    return 201, TokenCreatedOut(**_token_out(token).dict(), key=key)


@router.delete(
    "/me/tokens/{uuid:public_id}",
    auth=API_AUTH,
    response={204: None, 404: ErrorOut},
    summary="Revoke an API token",
    description="The token stops working at once. Revoking a revoked token changes nothing.",
)
def tokens_revoke(request: HttpRequest, public_id: UUID) -> tuple[int, None]:
    user = _caller(request)
    token = policies.access_api_token(user, public_id)
    services.api_token_revoke(acting_user=user, token=token)
    return 204, None
