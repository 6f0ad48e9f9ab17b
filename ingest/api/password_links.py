"""API v1 one-time password links: an admin's key makes a link for a user of its accounts (the
URL and token answered once); the link's holder sets the password with the token alone.

``POST /v1/password-links/{token}`` takes no API key: the token is the credential (404 unknown,
410 used, replaced or expired, 429 over the sign-in limit of the client). The work is done by
:mod:`hub.services.password_links`, shared with the ``leadhub`` CLI and the dashboard.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from hub.db import Hub, utcnow
from hub.services import password_links
from hub.services.actor import Actor
from hub.settings import Settings
from ingest.api.bodies import PasswordSet
from ingest.api.responses.accounts import PasswordChanged, PasswordLink

TAGS = ["API v1: accounts, users, keys"]


@post(
    "/v1/users/{user_id:str}/password-link",
    opt={"permission": "users.write"},
    sync_to_thread=True,
    summary="A one-time link for the user to set its password (shown once)",
    description="The answer holds url (the dashboard page to open) and token, shown this once; "
    "the link lasts 24 h, is used once, and replaces the user's previous link. 409 for a "
    "disabled user.",
    tags=TAGS,
)
def create_password_link(
    hub: NamedDependency[Hub],
    settings: NamedDependency[Settings],
    actor: NamedDependency[Actor],
    user_id: FromPath[str],
) -> PasswordLink:
    base = settings.dashboard_base_url
    return cast(PasswordLink, password_links.create_link(hub.con(), actor, user_id, base, utcnow()))


@post(
    "/v1/password-links/{token:str}",
    sync_to_thread=True,
    status_code=200,
    summary="Set a password with a one-time link (no API key)",
    description="404 unknown token, 410 used, replaced or expired, 422 naming a bad password, "
    "429 (Retry-After) after too many unknown tokens from this client. Ends every dashboard "
    "session of the user.",
    tags=TAGS,
)
def set_password(
    request: Request[Any, Any, Any],
    hub: NamedDependency[Hub],
    settings: NamedDependency[Settings],
    token: FromPath[str],
    data: PasswordSet,
) -> PasswordChanged:
    client = request.client.host if request.client else "unknown"
    limit = password_links.limit_of(settings)
    answer = password_links.set_password(hub.con(), token, data, client, limit, utcnow())
    return cast(PasswordChanged, answer)


routes: list[HTTPRouteHandler] = [create_password_link]
# Answered without an API key (the token is the credential), like public lead intake.
public_routes: list[HTTPRouteHandler] = [set_password]
