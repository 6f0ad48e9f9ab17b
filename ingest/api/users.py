"""API v1 users: list, create (a generated password is returned once), read, change, disable.

Scoped to the key's accounts (another tenant's user is a 404); the work is done by
:mod:`hub.services.users`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

from typing import cast

from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services import users
from hub.services.actor import Actor
from ingest.api.bodies import UserCreate, UserUpdate
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.accounts import User, UserCreated, UserPage

TAGS = ["API v1: accounts, users, keys"]


@get(
    "/v1/users",
    opt={"permission": "users.read"},
    sync_to_thread=True,
    summary="Users of these accounts (paginated; filters: account_id, role, disabled)",
    tags=TAGS,
)
def list_users(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    role: FromQuery[str | None] = None,
    disabled: FromQuery[str | None] = None,
) -> UserPage:
    return cast(
        UserPage,
        users.list_users(
            hub.con(),
            actor,
            page.offset,
            page.limit,
            account_id=account_id,
            role=role,
            disabled=bool_param("disabled", disabled),
        ),
    )


@post(
    "/v1/users",
    opt={"permission": "users.write"},
    sync_to_thread=True,
    summary="Create a user (a generated password is returned once)",
    description="Fields: email (required), name, role (super_admin, admin, ops, marketer, "
    "finance, viewer; never above the caller's), account_ids (required), password (12 to 200 "
    "characters; generated and returned once when absent). 409 when the e-mail is taken.",
    tags=TAGS,
)
def create_user(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: UserCreate
) -> UserCreated:
    return cast(UserCreated, users.create_user(hub.con(), actor, json_object(data), utcnow()))


@get(
    "/v1/users/{user_id:str}",
    opt={"permission": "users.read"},
    sync_to_thread=True,
    summary="One user",
    tags=TAGS,
)
def get_user(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], user_id: FromPath[str]
) -> User:
    return cast(User, users.get_user(hub.con(), actor, user_id))


@patch(
    "/v1/users/{user_id:str}",
    opt={"permission": "users.write"},
    sync_to_thread=True,
    summary="Change a user's name, role or accounts",
    description="Fields: name, role, account_ids, password (a new one, 12 to 200 characters).",
    tags=TAGS,
)
def update_user(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    user_id: FromPath[str],
    data: UserUpdate,
) -> User:
    return cast(User, users.update_user(hub.con(), actor, user_id, json_object(data), utcnow()))


@delete(
    "/v1/users/{user_id:str}",
    opt={"permission": "users.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Disable a user (never deleted)",
    tags=TAGS,
)
def disable_user(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], user_id: FromPath[str]
) -> User:
    return cast(User, users.disable_user(hub.con(), actor, user_id, utcnow()))


routes: list[HTTPRouteHandler] = [
    list_users,
    create_user,
    get_user,
    update_user,
    disable_user,
]
