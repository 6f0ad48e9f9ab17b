"""API v1 accounts: list, create (a brand; an entity: super_admin only), read, change, archive,
unarchive (the leads the archive held are routed).

Scoped to the key's account and its sub-accounts (another tenant's account is a 404); the work is
done by :mod:`hub.services.accounts`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

from typing import cast

from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services import accounts
from hub.services.actor import Actor
from ingest.api.bodies import AccountCreate, AccountUpdate
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.accounts import Account, AccountPage, AccountUnarchived

TAGS = ["API v1: accounts, users, keys"]


@get(
    "/v1/accounts",
    opt={"permission": "accounts.read"},
    sync_to_thread=True,
    summary="Accounts this key sees (paginated; filters: kind, parent_id, archived)",
    tags=TAGS,
)
def list_accounts(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    kind: FromQuery[str | None] = None,
    parent_id: FromQuery[str | None] = None,
    archived: FromQuery[str | None] = None,
) -> AccountPage:
    return cast(
        AccountPage,
        accounts.list_accounts(
            hub.con(),
            actor,
            page.offset,
            page.limit,
            kind=kind,
            parent_id=parent_id,
            archived=bool_param("archived", archived),
        ),
    )


@post(
    "/v1/accounts",
    opt={"permission": "accounts.write"},
    sync_to_thread=True,
    summary="Create a brand under an entity (an entity: super_admin only)",
    description="Fields: name (required), kind (brand | entity, default brand), parent_id (the "
    "entity of a brand), legal_name, siren (9 digits), vat_number, address, id (optional).",
    tags=TAGS,
)
def create_account(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: AccountCreate
) -> Account:
    return cast(Account, accounts.create_account(hub.con(), actor, json_object(data), utcnow()))


@get(
    "/v1/accounts/{account_id:str}",
    opt={"permission": "accounts.read"},
    sync_to_thread=True,
    summary="One account",
    tags=TAGS,
)
def get_account(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], account_id: FromPath[str]
) -> Account:
    return cast(Account, accounts.get_account(hub.con(), actor, account_id))


@patch(
    "/v1/accounts/{account_id:str}",
    opt={"permission": "accounts.write"},
    sync_to_thread=True,
    summary="Change an account's name or legal identity",
    description="Fields: name, legal_name, siren, vat_number, address (null clears).",
    tags=TAGS,
)
def update_account(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    account_id: FromPath[str],
    data: AccountUpdate,
) -> Account:
    return cast(
        Account, accounts.update_account(hub.con(), actor, account_id, json_object(data), utcnow())
    )


@delete(
    "/v1/accounts/{account_id:str}",
    opt={"permission": "accounts.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Archive an account (kept, never deleted)",
    tags=TAGS,
)
def archive_account(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], account_id: FromPath[str]
) -> Account:
    return cast(Account, accounts.archive_account(hub.con(), actor, account_id, utcnow()))


@post(
    "/v1/accounts/{account_id:str}/unarchive",
    opt={"permission": "accounts.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Unarchive an account (its held leads are routed)",
    description="An entity: super_admin only; a brand of an archived entity: 409 (unarchive the "
    "entity first). The answer is the account with released_leads (the leads the archive held, "
    "routed now) and woken_leads (waiting leads its buyers may take again).",
    tags=TAGS,
)
def unarchive_account(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], account_id: FromPath[str]
) -> AccountUnarchived:
    return cast(
        AccountUnarchived, accounts.unarchive_account(hub.con(), actor, account_id, utcnow())
    )


routes: list[HTTPRouteHandler] = [
    list_accounts,
    create_account,
    get_account,
    update_account,
    archive_account,
    unarchive_account,
]
