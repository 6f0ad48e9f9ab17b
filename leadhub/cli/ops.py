"""``leadhub commandes …``, ``leadhub leads …`` and ``leadhub sources …``: the lead-ops CLI.

Thin entry points over the hub services (the same code as API v1), on the hub of
``LEADHUB_DATA_DIR``, with no tenant scope (the operator of the server). Values given with
``--set name=value`` are read as JSON when they parse (``--set daily_cap=10``,
``--set departements='["13","83"]'``), else as text (``--set name=PV Sud``).
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from hub.services import commandes, leadops
from leadhub.cli.context import (
    DataOption,
    SetOption,
    acting,
    parse_fields,
    run_op,
    utc_now,
)

commandes_app = typer.Typer(help="Commandes: list, show, create, update, simulate.")
leads_app = typer.Typer(help="Lead ops: requeue, reroute, return, simulate, backlog.")
sources_app = typer.Typer(help="Traffic sources: list, block, unblock (its leads held).")

DaysOption = Annotated[int, typer.Option(help="Replay the leads of the last N days.")]


@commandes_app.command("list")
def list_cmd(limit: Annotated[int, typer.Option(help="At most N.")] = 500) -> None:
    """Every commande, as JSON."""

    run_op(lambda con: commandes.list_commandes(con, acting(con), 0, limit))


@commandes_app.command("show")
def show_cmd(commande_id: str) -> None:
    """One commande, as JSON."""

    run_op(lambda con: commandes.get_commande(con, acting(con), commande_id))


@commandes_app.command("create")
def create_cmd(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a commande (buyer_id, name, product_code, price_cents required); waiting leads of
    its product are routed at once."""

    fields = parse_fields(sets, data)
    run_op(lambda con: commandes.create_commande(con, acting(con), fields, utc_now()))


@commandes_app.command("update")
def update_cmd(commande_id: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change fields of a commande; waiting leads of its product are routed at once."""

    fields = parse_fields(sets, data)
    run_op(lambda con: commandes.update_commande(con, acting(con), commande_id, fields, utc_now()))


@commandes_app.command("deactivate")
def deactivate_cmd(commande_id: str) -> None:
    """Stop a commande (kept: its sales refer to it)."""

    run_op(
        lambda con: commandes.update_commande(
            con, acting(con), commande_id, {"active": False}, utc_now()
        )
    )


def _simulate(commande_id: str | None, fields: dict[str, Any], days: int, full: bool) -> None:

    def action(con: sqlite3.Connection) -> dict[str, Any]:
        result = commandes.simulate_commande(con, acting(con), commande_id, fields, days, utc_now())
        if not full:
            result["leads"] = [item for item in result["leads"] if item["changed"]]
        return result

    run_op(action)


@commandes_app.command("simulate")
def simulate_cmd(
    commande_id: str,
    sets: SetOption = None,
    data: DataOption = None,
    days: DaysOption = 7,
    full: Annotated[bool, typer.Option("--all", help="List unchanged leads too.")] = False,
) -> None:
    """What would have gone where over the last N days with this change (nothing is saved)."""
    _simulate(commande_id, parse_fields(sets, data), days, full)


@leads_app.command("simulate")
def leads_simulate_cmd(
    commande: Annotated[str | None, typer.Option(help="Commande to change (none: a new one).")],
    sets: SetOption = None,
    data: DataOption = None,
    days: DaysOption = 7,
    full: Annotated[bool, typer.Option("--all", help="List unchanged leads too.")] = False,
) -> None:
    """Replay the last N days of leads against a changed (or new) commande, saving nothing."""
    _simulate(commande, parse_fields(sets, data), days, full)


@leads_app.command("requeue")
def requeue_cmd(lead_id: str) -> None:
    """Try dead deliveries again (same idempotency key), or route a waiting lead now."""

    run_op(lambda con: leadops.lead_op(con, acting(con), lead_id, "requeue", utc_now()))


@leads_app.command("reroute")
def reroute_cmd(lead_id: str) -> None:
    """Take the lead back from its pending or dead deliveries and route it elsewhere."""

    run_op(lambda con: leadops.lead_op(con, acting(con), lead_id, "reroute", utc_now()))


@leads_app.command("return")
def return_cmd(
    lead_id: str,
    reason: Annotated[str, typer.Option(help="Why the buyer returns it.")],
    buyer: Annotated[str | None, typer.Option(help="Which buyer, for a shared lead.")] = None,
) -> None:
    """A buyer returns the lead within its return window (credits the buyer)."""

    run_op(lambda con: leadops.return_lead(con, acting(con), lead_id, reason, utc_now(), buyer))


@leads_app.command("backlog")
def backlog_cmd() -> None:
    """Queue now every sold lead due for backlog (LB) resale (the router does it every 5 min)."""
    from hub.rules import backlog

    run_op(lambda con: {"queued": backlog.sweep(con, utc_now(), force=True)})


@sources_app.command("block")
def block_cmd(
    source: str,
    account: Annotated[str, typer.Option(help="Account (and its sub-accounts) it applies to.")],
    reason: Annotated[str, typer.Option(help="Why.")],
) -> None:
    """Hold every new lead of this source (leads.source, e.g. provider:Acme) until unblocked."""

    run_op(lambda con: leadops.block_source(con, acting(con), account, source, reason, utc_now()))
    typer.echo(f"blocked {source} for {account}")


@sources_app.command("unblock")
def unblock_cmd(
    source: str, account: Annotated[str, typer.Option(help="Account of the block.")]
) -> None:
    """Lift the block and route the leads it held."""

    run_op(
        lambda con: {
            "requeued_leads": leadops.unblock_source(con, acting(con), account, source, utc_now())
        }
    )
