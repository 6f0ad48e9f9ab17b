"""``leadhub lps|forms|origins …``: the catalogue of an account (landing pages, forms, allowed
origins) without SQL.

Thin callers of :mod:`hub.services.catalogue` (the same code as API v1), acting as ``--key`` or
the server's operator (:func:`leadhub.cli.context.acting`); an error prints as the API states it,
exit code 1.
"""

from __future__ import annotations

from typing import Annotated

import typer

from leadhub.cli.context import DataOption, SetOption, acting, parse_fields, run_op, utc_now

lps_app = typer.Typer(help="Landing pages: list, show, create, update, archive, duplicate.")
forms_app = typer.Typer(help="Forms: list, show, create, update, archive.")
origins_app = typer.Typer(help="Origins allowed to send tracking events: list, add, remove.")

LimitOption = Annotated[int, typer.Option(help="At most N.")]
AccountFilter = Annotated[str | None, typer.Option("--account", help="Of this account only.")]
ProductFilter = Annotated[str | None, typer.Option("--product", help="Of this product only.")]
AccountOption = Annotated[str, typer.Option("--account", help="The account.")]


# landing pages


@lps_app.command("list")
def lps_list(
    account: AccountFilter = None, product: ProductFilter = None, limit: LimitOption = 500
) -> None:
    """Landing pages, as JSON."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.list_lps(con, acting(con), 0, limit, account, product))


@lps_app.command("show")
def lps_show(lp_id: str) -> None:
    """One landing page, as JSON."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.get_lp(con, acting(con), lp_id))


@lps_app.command("create")
def lps_create(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a landing page; fields: account_id, name, url, product_code."""
    from hub.services import catalogue

    fields = parse_fields(sets, data)
    run_op(lambda con: catalogue.create_lp(con, acting(con), fields, utc_now()))


@lps_app.command("update")
def lps_update(lp_id: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change name, url, product_code or active."""
    from hub.services import catalogue

    fields = parse_fields(sets, data)
    run_op(lambda con: catalogue.update_lp(con, acting(con), lp_id, fields, utc_now()))


@lps_app.command("archive")
def lps_archive(lp_id: str) -> None:
    """Archive a landing page (active false; never deleted)."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.archive_lp(con, acting(con), lp_id, utc_now()))


@lps_app.command("duplicate")
def lps_duplicate(
    lp_id: str,
    name: Annotated[
        str | None, typer.Option(help="The new LP's name (default: … (copie)).")
    ] = None,
) -> None:
    """Duplicate a landing page with its forms (new keys; consent text as a new v1)."""
    from hub.services import catalogue

    fields = {} if name is None else {"name": name}
    run_op(lambda con: catalogue.duplicate_lp(con, acting(con), lp_id, fields, utc_now()))


# forms


@forms_app.command("list")
def forms_list(
    account: AccountFilter = None,
    product: ProductFilter = None,
    lp: Annotated[str | None, typer.Option("--lp", help="Of this LP only.")] = None,
    limit: LimitOption = 500,
) -> None:
    """Forms, as JSON."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.list_forms(con, acting(con), 0, limit, account, product, lp))


@forms_app.command("show")
def forms_show(form_id: str) -> None:
    """One form, as JSON."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.get_form(con, acting(con), form_id))


@forms_app.command("create")
def forms_create(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a form; fields: account_id, lp_id, name, url, thank_you_url, product_code,
    consent_text, required_fields."""
    from hub.services import catalogue

    fields = parse_fields(sets, data)
    run_op(lambda con: catalogue.create_form(con, acting(con), fields, utc_now()))


@forms_app.command("update")
def forms_update(form_id: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change a form (a new consent_text gets a new consent_version)."""
    from hub.services import catalogue

    fields = parse_fields(sets, data)
    run_op(lambda con: catalogue.update_form(con, acting(con), form_id, fields, utc_now()))


@forms_app.command("archive")
def forms_archive(form_id: str) -> None:
    """Archive a form (active false; never deleted)."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.archive_form(con, acting(con), form_id, utc_now()))


# origins


@origins_app.command("list")
def origins_list(account: AccountOption) -> None:
    """The origins allowed for an account, as JSON."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.list_origins(con, acting(con), account))


@origins_app.command("add")
def origins_add(account: AccountOption, origin: str) -> None:
    """Allow an origin (http(s)://host[:port], no path)."""
    from hub.services import catalogue

    run_op(
        lambda con: catalogue.add_origin(con, acting(con), account, {"origin": origin}, utc_now())
    )


@origins_app.command("remove")
def origins_remove(account: AccountOption, origin: str) -> None:
    """Stop allowing an origin."""
    from hub.services import catalogue

    run_op(lambda con: catalogue.remove_origin(con, acting(con), account, origin, utc_now()))
