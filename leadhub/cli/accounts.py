"""``leadhub init`` and ``leadhub accounts|users|keys …``: start a business from an empty data
dir, then manage its accounts, users and API keys without SQL.

Thin callers of the hub services (the same code as API v1), acting as ``--key`` /
``LEADHUB_API_KEY`` or else as the server's operator (:func:`leadhub.cli.context.acting`; ``init``
always as the operator). Errors print as the API states
them; ``init`` on an initialised hub exits with code 2 and writes nothing, the other commands
exit with code 1 on an error (as the lead-ops commands do).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from hub.errors import ApiError
from leadhub.cli.context import (
    DataOption,
    SetOption,
    acting,
    echo_json,
    fail,
    hub,
    parse_fields,
    run_op,
    settings,
    utc_now,
)

accounts_app = typer.Typer(
    help="Accounts (entities and brands): list, show, create, update, archive, unarchive."
)
users_app = typer.Typer(help="Users: list, show, create, update, disable, password-link.")
keys_app = typer.Typer(help="API keys: list, show, create (shown once), update, revoke.")

LimitOption = Annotated[int, typer.Option(help="At most N.")]


def init(
    entity_name: Annotated[str, typer.Option(help="The first entity (the selling company).")],
    email: Annotated[str, typer.Option(help="The super-admin's e-mail (signs in with it).")],
    name: Annotated[str | None, typer.Option(help="The super-admin's name.")] = None,
    password: Annotated[
        str | None, typer.Option(help="The super-admin's password (else one is generated).")
    ] = None,
    siren: Annotated[str | None, typer.Option(help="The entity's SIREN (9 digits).")] = None,
    vat_number: Annotated[str | None, typer.Option(help="The entity's VAT number.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Initialise an empty hub: first entity, super-admin and API key (printed once).

    Refused (exit code 2, nothing written) when the hub holds any account."""
    from hub.services.actor import CLI
    from hub.services.onboarding import init_hub

    fields: dict[str, Any] = {
        "entity_name": entity_name,
        "siren": siren,
        "vat_number": vat_number,
        "email": email,
        "admin_name": name,
        "password": password,
    }
    with hub() as con:
        try:
            started = init_hub(con, CLI, fields, utc_now())  # the server's operator, always
        except ApiError as exc:
            fail(exc, 2)
    if as_json:
        typer.echo(json.dumps(started.to_dict(), ensure_ascii=False))
        return
    typer.echo(f"Initialised: entity {entity_name!r} ({started.account_id}).")
    typer.echo(f"Super-admin: {started.email}")
    if started.password is not None:
        typer.echo(f"  password (shown once): {started.password}")
    typer.echo(f"API key (super_admin, shown once): {started.api_key}")
    typer.echo(
        "Next: start leadhub collector, router, pipelines and dashboard (not leadhub up: it "
        "seeds the demo); add brands, users and keys with leadhub accounts|users|keys or API v1 "
        "('Authorization: Token <key>')."
    )


def register(app: typer.Typer) -> None:
    app.command("init")(init)


# accounts


@accounts_app.command("list")
def accounts_list(
    limit: LimitOption = 500,
    kind: Annotated[str | None, typer.Option(help="entity or brand.")] = None,
    parent: Annotated[str | None, typer.Option(help="Brands of this entity.")] = None,
    archived: Annotated[bool | None, typer.Option("--archived/--no-archived")] = None,
) -> None:
    """The accounts you see (filtered), as JSON."""
    from hub.services import accounts

    run_op(
        lambda con: accounts.list_accounts(
            con, acting(con), 0, limit, kind=kind, parent_id=parent, archived=archived
        )
    )


@accounts_app.command("show")
def accounts_show(account_id: str) -> None:
    """One account, as JSON."""
    from hub.services import accounts

    run_op(lambda con: accounts.get_account(con, acting(con), account_id))


@accounts_app.command("create")
def accounts_create(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a brand (--set parent_id=acc_…) or an entity (--set kind=entity); fields: name,
    kind, parent_id, legal_name, siren, vat_number, address, id."""
    from hub.services import accounts

    fields = parse_fields(sets, data)
    run_op(lambda con: accounts.create_account(con, acting(con), fields, utc_now()))


@accounts_app.command("update")
def accounts_update(account_id: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change name, legal_name, siren, vat_number or address."""
    from hub.services import accounts

    fields = parse_fields(sets, data)
    run_op(lambda con: accounts.update_account(con, acting(con), account_id, fields, utc_now()))


@accounts_app.command("archive")
def accounts_archive(account_id: str) -> None:
    """Archive an account (kept, never deleted)."""
    from hub.services import accounts

    run_op(lambda con: accounts.archive_account(con, acting(con), account_id, utc_now()))


@accounts_app.command("unarchive")
def accounts_unarchive(account_id: str) -> None:
    """Unarchive an account: the leads its archive held are routed now."""
    from hub.services import accounts

    run_op(lambda con: accounts.unarchive_account(con, acting(con), account_id, utc_now()))


# users


@users_app.command("list")
def users_list(
    limit: LimitOption = 500,
    account: Annotated[str | None, typer.Option(help="Members of this account.")] = None,
    role: Annotated[str | None, typer.Option(help="Users with this role.")] = None,
    disabled: Annotated[bool | None, typer.Option("--disabled/--enabled")] = None,
) -> None:
    """The users you see (filtered), as JSON."""
    from hub.services import users

    run_op(
        lambda con: users.list_users(
            con, acting(con), 0, limit, account_id=account, role=role, disabled=disabled
        )
    )


@users_app.command("show")
def users_show(user_id: str) -> None:
    """One user, as JSON."""
    from hub.services import users

    run_op(lambda con: users.get_user(con, acting(con), user_id))


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="E-mail (signs in with it).")],
    role: Annotated[
        str, typer.Option(help="super_admin, admin, ops, marketer, finance or viewer.")
    ],
    account: Annotated[list[str], typer.Option(help="An account of the user; repeatable.")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    password: Annotated[str | None, typer.Option(help="Else one is generated.")] = None,
) -> None:
    """Create a user; a generated password is printed once (field ``password``)."""
    from hub.services import users

    fields: dict[str, Any] = {"email": email, "role": role, "account_ids": account}
    fields.update({k: v for k, v in (("name", name), ("password", password)) if v is not None})
    run_op(lambda con: users.create_user(con, acting(con), fields, utc_now()))


@users_app.command("update")
def users_update(
    user_id: str,
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    role: Annotated[str | None, typer.Option(help="The new role.")] = None,
    account: Annotated[
        list[str] | None, typer.Option(help="The user's accounts (replace them); repeatable.")
    ] = None,
) -> None:
    """Change a user's name, role or accounts."""
    from hub.services import users

    fields: dict[str, Any] = {
        k: v for k, v in (("name", name), ("role", role), ("account_ids", account)) if v
    }
    run_op(lambda con: users.update_user(con, acting(con), user_id, fields, utc_now()))


@users_app.command("disable")
def users_disable(user_id: str) -> None:
    """Disable a user (no more sign-in; never deleted)."""
    from hub.services import users

    run_op(lambda con: users.disable_user(con, acting(con), user_id, utc_now()))


@users_app.command("password-link")
def users_password_link(
    user: Annotated[str, typer.Argument(help="The user's e-mail or id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Print a one-time link (24 h, used once; it replaces the user's previous link) where the
    user sets its own password. The link is shown this once."""
    from hub.services import password_links

    loaded = settings()
    with hub(loaded) as con:
        try:
            user_id = password_links.find_user(con, user)
            made = password_links.create_link(
                con, acting(con), user_id, loaded.dashboard_base_url, utc_now()
            )
        except ApiError as exc:
            fail(exc, 1)
    if as_json:
        echo_json(made)
        return
    typer.echo(made["url"])
    typer.echo(f"For {made['email']}: used once, expires {made['expires_at']} (UTC).", err=True)


# keys


@keys_app.command("list")
def keys_list(
    limit: LimitOption = 500,
    account: Annotated[str | None, typer.Option(help="Keys of this account.")] = None,
    role: Annotated[str | None, typer.Option(help="Keys with this role.")] = None,
    revoked: Annotated[bool | None, typer.Option("--revoked/--no-revoked")] = None,
) -> None:
    """API keys (prefix, role, dates; never the key; filtered), as JSON."""
    from hub.services import api_keys

    run_op(
        lambda con: api_keys.list_keys(
            con, acting(con), 0, limit, account_id=account, role=role, revoked=revoked
        )
    )


@keys_app.command("show")
def keys_show(key_id: str) -> None:
    """One API key, as JSON."""
    from hub.services import api_keys

    run_op(lambda con: api_keys.get_key(con, acting(con), key_id))


@keys_app.command("create")
def keys_create(
    account: Annotated[str, typer.Option(help="The key's account (it sees its sub-accounts).")],
    name: Annotated[str, typer.Option(help="What the key is for.")],
    role: Annotated[str, typer.Option(help="The key's role.")] = "admin",
) -> None:
    """Create an API key; the key is printed once (field ``key``)."""
    from hub.services import api_keys

    fields = {"account_id": account, "name": name, "role": role}
    run_op(lambda con: api_keys.create_key(con, acting(con), fields, utc_now()))


@keys_app.command("update")
def keys_update(
    key_id: str,
    name: Annotated[str | None, typer.Option(help="A new name.")] = None,
    role: Annotated[str | None, typer.Option(help="A new role (never above yours).")] = None,
) -> None:
    """Rename an API key or change its role."""
    from hub.services import api_keys

    fields = {k: v for k, v in (("name", name), ("role", role)) if v is not None}
    run_op(lambda con: api_keys.update_key(con, acting(con), key_id, fields, utc_now()))


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke an API key (401 from now on)."""
    from hub.services import api_keys

    run_op(lambda con: api_keys.revoke_key(con, acting(con), key_id, utc_now()))
