"""``leadhub providers …`` (lead suppliers and their keys) and ``leadhub sources list``.

Thin callers of :mod:`hub.services.providers` and :mod:`hub.services.sources` (the same code as
API v1), acting as ``--key`` or the server's operator (:func:`leadhub.cli.context.acting`); an
error prints as the API states it, exit code 1.
"""

from __future__ import annotations

from typing import Annotated

import typer

from leadhub.cli.context import DataOption, SetOption, acting, parse_fields, run_op, utc_now

providers_app = typer.Typer(help="Providers (lead suppliers): list, show, create, update, archive.")

AccountFilter = Annotated[str | None, typer.Option("--account", help="Of this account only.")]
BlockedFilter = Annotated[
    bool | None, typer.Option("--blocked/--not-blocked", help="Blocked or not only.")
]
LimitOption = Annotated[int, typer.Option(help="At most N.")]


@providers_app.command("list")
def providers_list(
    account: AccountFilter = None,
    blocked: BlockedFilter = None,
    archived: Annotated[
        bool | None, typer.Option("--archived/--current", help="Archived or current only.")
    ] = None,
    limit: LimitOption = 500,
) -> None:
    """Providers, as JSON."""
    from hub.services import providers

    run_op(
        lambda con: providers.list_providers(con, acting(con), 0, limit, account, blocked, archived)
    )


@providers_app.command("show")
def providers_show(provider_id: str) -> None:
    """One provider, as JSON."""
    from hub.services import providers

    run_op(lambda con: providers.get_provider(con, acting(con), provider_id))


@providers_app.command("create")
def providers_create(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a provider and its API key (printed once); fields: account_id, name, blocked,
    blocked_reason."""
    from hub.services import providers

    fields = parse_fields(sets, data)
    run_op(lambda con: providers.create_provider(con, acting(con), fields, utc_now()))


@providers_app.command("update")
def providers_update(provider_id: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change name, blocked or blocked_reason."""
    from hub.services import providers

    fields = parse_fields(sets, data)
    run_op(lambda con: providers.update_provider(con, acting(con), provider_id, fields, utc_now()))


@providers_app.command("archive")
def providers_archive(provider_id: str) -> None:
    """Archive a provider: its keys are revoked (kept, never deleted)."""
    from hub.services import providers

    run_op(lambda con: providers.archive_provider(con, acting(con), provider_id, utc_now()))


def sources_list(
    account: AccountFilter = None, blocked: BlockedFilter = None, limit: LimitOption = 500
) -> None:
    """Traffic sources and providers seen per account, blocked or not, as JSON."""
    from hub.services import sources

    run_op(lambda con: sources.list_sources(con, acting(con), 0, limit, account, blocked))
