"""``leadhub deliveries list|stats|requeue``: the delivery queue without SQL — deliveries
pending, retrying or dead, per-buyer breaker, success rate and p95 latency over 24 h, and the
requeue of dead letters once the buyer is fixed.

Thin callers of :mod:`hub.services.deliveries` (the same code as API v1 and the dashboard),
acting as ``--key`` or the server's operator (:func:`leadhub.cli.context.acting`). Errors print
as the API states them (exit code 1).
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from leadhub.cli.context import acting, run_op, utc_now
from leadhub.cli.context import settings as load

app = typer.Typer(
    help="Delivery queue: list (pending, retrying, dead), stats per buyer, requeue dead letters.",
    no_args_is_help=True,
)

BuyerOption = Annotated[str | None, typer.Option("--buyer", help="Only this buyer.")]
AccountOption = Annotated[str | None, typer.Option("--account", help="Only this account.")]


@app.command("list")
def deliveries_list(
    status: Annotated[str, typer.Option(help="pending, retrying or dead.")] = "dead",
    buyer: BuyerOption = None,
    account: AccountOption = None,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    limit: Annotated[int, typer.Option(min=1, max=5000)] = 500,
) -> None:
    """Deliveries in one status, oldest first, with the total, as JSON."""
    from hub.services import deliveries

    run_op(
        lambda con: deliveries.list_deliveries(
            con, acting(con), status, buyer_id=buyer, account_id=account, offset=offset, limit=limit
        )
    )


@app.command("stats")
def deliveries_stats(buyer: BuyerOption = None, account: AccountOption = None) -> None:
    """Per buyer: breaker state, success rate and p95 latency over 24 h, queue counts."""
    from hub.services import deliveries

    settings = load()
    run_op(
        lambda con: deliveries.buyer_stats(
            con, acting(con), settings, utc_now(), buyer_id=buyer, account_id=account
        )
    )


@app.command("requeue")
def deliveries_requeue(
    ids: Annotated[list[str] | None, typer.Argument(help="Delivery ids.")] = None,
    all_dead_of: Annotated[
        str | None, typer.Option("--all-dead-of", help="Every dead letter of this buyer.")
    ] = None,
) -> None:
    """Requeue dead letters by id (all or none), or every dead letter of one buyer."""
    from hub.services import deliveries

    def run(con: sqlite3.Connection) -> dict[str, Any]:
        actor = acting(con)
        chosen = list(ids or [])
        if all_dead_of is not None:
            dead = deliveries.list_deliveries(
                con, actor, "dead", buyer_id=all_dead_of, limit=deliveries.MAX_REQUEUE
            )
            chosen += [str(item["id"]) for item in dead["items"]]
        return deliveries.requeue(con, actor, {"ids": chosen or None}, utc_now())

    run_op(run)
