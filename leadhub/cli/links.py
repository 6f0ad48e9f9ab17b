"""``leadhub links …``: the tracked redirect links (``GET /r/{link_key}``) of the LPs.

Thin callers of :mod:`hub.services.catalogue.links` (the same code as API v1), acting as
``--key`` or the server's operator (:func:`leadhub.cli.context.acting`); an error prints as the
API states it, exit code 1.
"""

from __future__ import annotations

from typing import Annotated

import typer

from leadhub.cli.context import DataOption, SetOption, acting, parse_fields, run_op, utc_now

links_app = typer.Typer(help="Redirect links of LPs: list, show, create, update, archive.")


@links_app.command("list")
def links_list(
    account: Annotated[str | None, typer.Option("--account", help="Of this account.")] = None,
    lp: Annotated[str | None, typer.Option("--lp", help="Of this LP only.")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--archived", help="Active or archived only.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most N.")] = 500,
) -> None:
    """Redirect links, as JSON."""
    from hub.services.catalogue import links

    run_op(lambda con: links.list_links(con, acting(con), 0, limit, account, lp, active))


@links_app.command("show")
def links_show(link_key: str) -> None:
    """One redirect link, as JSON."""
    from hub.services.catalogue import links

    run_op(lambda con: links.get_link(con, acting(con), link_key))


@links_app.command("create")
def links_create(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a redirect link; fields: lp_id, name, target_url, form_id."""
    from hub.services.catalogue import links

    fields = parse_fields(sets, data)
    run_op(lambda con: links.create_link(con, acting(con), fields, utc_now()))


@links_app.command("update")
def links_update(link_key: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change name, target_url, form_id or active."""
    from hub.services.catalogue import links

    fields = parse_fields(sets, data)
    run_op(lambda con: links.update_link(con, acting(con), link_key, fields, utc_now()))


@links_app.command("archive")
def links_archive(link_key: str) -> None:
    """Archive a link: it still redirects, its clicks are quarantined (key:inactive)."""
    from hub.services.catalogue import links

    run_op(lambda con: links.archive_link(con, acting(con), link_key, utc_now()))
