"""``leadhub buyers|products|prices …``: the buyers leads are delivered to, the products and
their intercompany transfer prices, without SQL.

Thin callers of the hub services (the same code as API v1), acting as ``--key`` or the server's
operator (:func:`leadhub.cli.context.acting`). A buyer's generated signing secret is printed
once, never again; delivery mode and settings: ``leadhub delivery set``. Errors print as the API
states them (exit code 1).
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from leadhub.cli.context import DataOption, SetOption, acting, parse_fields, run_op, utc_now
from leadhub.cli.context import settings as load

buyers_app = typer.Typer(
    help="Buyers: list, show, create (secret shown once), update, archive; prepaid top-up and"
    " balance.",
    no_args_is_help=True,
)
products_app = typer.Typer(
    help="Products: list, show, create, update, archive, unarchive.", no_args_is_help=True
)
prices_app = typer.Typer(
    help="Transfer prices per product and pair of entities: list, set, delete.",
    no_args_is_help=True,
)

LimitOption = Annotated[int, typer.Option(help="At most N.")]


@buyers_app.command("list")
def buyers_list(
    limit: LimitOption = 500,
    account: Annotated[str | None, typer.Option(help="Buyers of this account.")] = None,
    active: Annotated[bool | None, typer.Option("--active/--archived")] = None,
    is_test: Annotated[bool | None, typer.Option("--is-test/--not-test")] = None,
) -> None:
    """The buyers you see (filtered), as JSON (never a secret)."""
    from hub.services import buyers

    run_op(
        lambda con: buyers.list_buyers(
            con, acting(con), 0, limit, account_id=account, active=active, is_test=is_test
        )
    )


@buyers_app.command("show")
def buyers_show(buyer_id: str) -> None:
    """One buyer, as JSON (never its secret)."""
    from hub.services import buyers

    run_op(lambda con: buyers.get_buyer(con, acting(con), buyer_id))


@buyers_app.command("create")
def buyers_create(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a buyer; fields: account_id, name, webhook_url, contact_email, dedupes,
    return_window_days, legal_name, siren, vat_number, address, billing_cycle (weekly,
    monthly, prepaid), payment_days, is_test (a test buyer: test leads only, never billed),
    secret (generated and printed once when absent), id."""
    from hub.services import buyers

    fields = parse_fields(sets, data)
    settings = load()
    run_op(lambda con: buyers.create_buyer(con, acting(con), settings, fields, utc_now()))


@buyers_app.command("update")
def buyers_update(buyer_id: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change name, legal identity, contact_email, webhook_url, dedupes, return_window_days,
    billing_cycle, payment_days, is_test, active or secret."""
    from hub.services import buyers

    fields = parse_fields(sets, data)
    settings = load()
    run_op(lambda con: buyers.update_buyer(con, acting(con), settings, buyer_id, fields, utc_now()))


@buyers_app.command("archive")
def buyers_archive(buyer_id: str) -> None:
    """Archive a buyer (active = 0; kept, never deleted)."""
    from hub.services import buyers

    run_op(lambda con: buyers.archive_buyer(con, acting(con), buyer_id, utc_now()))


@buyers_app.command("top-up")
def buyers_top_up(
    buyer_id: str,
    cents: Annotated[int, typer.Argument(help="Amount in euro cents HT (> 0).")],
    note: Annotated[str, typer.Option(help="The payment's reference (required).")] = "",
) -> None:
    """Top up a prepaid buyer's balance (logged; waiting leads are routed again at once)."""
    from hub.services import prepaid

    body = {"amount_cents": cents, "note": note}
    run_op(lambda con: prepaid.top_up(con, acting(con), buyer_id, body, utc_now()))


@buyers_app.command("balance")
def buyers_balance(buyer_id: str, limit: LimitOption = 50) -> None:
    """A buyer's prepaid balance (cents HT) and its last movements, as JSON."""
    from hub.services import prepaid

    def show(con: sqlite3.Connection) -> dict[str, Any]:
        actor = acting(con)
        out = prepaid.balance(con, actor, buyer_id)
        out["movements"] = prepaid.history(con, actor, buyer_id, 0, limit)
        return out

    run_op(show)


@products_app.command("list")
def products_list(
    limit: LimitOption = 500,
    archived: Annotated[bool | None, typer.Option("--archived/--open")] = None,
) -> None:
    """Products with their aides (filtered), as JSON."""
    from hub.services import products

    run_op(lambda con: products.list_products(con, acting(con), 0, limit, archived=archived))


@products_app.command("show")
def products_show(code: str) -> None:
    """One product, as JSON."""
    from hub.services import products

    run_op(lambda con: products.get_product(con, acting(con), code))


@products_app.command("archive")
def products_archive(code: str) -> None:
    """Archive a product: kept, refused for new LPs, forms and commandes."""
    from hub.services import products

    run_op(lambda con: products.archive_product(con, acting(con), code, utc_now()))


@products_app.command("unarchive")
def products_unarchive(code: str) -> None:
    """Open an archived product for new uses again."""
    from hub.services import products

    run_op(lambda con: products.unarchive_product(con, acting(con), code, utc_now()))


@products_app.command("create")
def products_create(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a product; fields: code ([A-Z][A-Z0-9_]{1,15}), label, aides (a JSON list)."""
    from hub.services import products

    fields = parse_fields(sets, data)
    run_op(lambda con: products.create_product(con, acting(con), fields, utc_now()))


@products_app.command("update")
def products_update(code: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change a product's label or aides."""
    from hub.services import products

    fields = parse_fields(sets, data)
    run_op(lambda con: products.update_product(con, acting(con), code, fields, utc_now()))


@prices_app.command("list")
def prices_list(
    limit: LimitOption = 500,
    product: Annotated[str | None, typer.Option(help="Prices of this product.")] = None,
) -> None:
    """Every transfer price you see (cents; defaults and pairs of entities), as JSON."""
    from hub.services import transfer_prices

    run_op(lambda con: transfer_prices.list_prices(con, acting(con), 0, limit, product=product))


FromOption = Annotated[
    str | None, typer.Option("--from", help="Producing entity (bills); default: any.")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Selling entity (billed); default: any.")
]


@prices_app.command("set")
def prices_set(
    code: str, price_cents: int, from_entity: FromOption = None, to_entity: ToOption = None
) -> None:
    """Set PRODUCT's transfer price in cents: its default, or the pair's given with --from and
    --to (logged before → after)."""
    from hub.services import transfer_prices

    payload = {"price_cents": price_cents, "from_entity": from_entity, "to_entity": to_entity}
    run_op(lambda con: transfer_prices.set_price(con, acting(con), code, payload, utc_now()))


@prices_app.command("delete")
def prices_delete(code: str, from_entity: FromOption = None, to_entity: ToOption = None) -> None:
    """Delete the pair's price of PRODUCT (its sales then use a less specific one)."""
    from hub.services import transfer_prices

    pair = {"from_entity": from_entity, "to_entity": to_entity}
    run_op(lambda con: transfer_prices.delete_price(con, acting(con), code, pair, utc_now()))
