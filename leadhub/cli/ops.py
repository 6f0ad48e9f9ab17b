"""``leadhub commandes …``, ``leadhub leads …`` and ``leadhub sources …``: the lead-ops CLI.

Thin entry points over the hub services (the same code as API v1), on the hub of
``LEADHUB_DATA_DIR``, with no tenant scope (the operator of the server). Values given with
``--set name=value`` are read as JSON when they parse (``--set daily_cap=10``,
``--set departements='["13","83"]'``), else as text (``--set name=PV Sud``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Annotated, Any

import typer

from hub.errors import ApiError
from hub.services import commandes, leadops
from hub.services.actor import CLI
from leadhub.cli.context import fail, hub

commandes_app = typer.Typer(help="Commandes: list, show, create, update, simulate.")
leads_app = typer.Typer(help="Lead ops: requeue, reroute, return, simulate, backlog.")
sources_app = typer.Typer(help="Block or unblock a traffic source (its leads are held).")

SetOption = Annotated[
    list[str] | None, typer.Option("--set", help="name=value (JSON or text); repeatable.")
]
DataOption = Annotated[str | None, typer.Option("--data", help="The fields as a JSON object.")]
DaysOption = Annotated[int, typer.Option(help="Replay the leads of the last N days.")]


def _echo(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _fields(sets: list[str] | None, data: str | None) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if data:
        try:
            parsed = json.loads(data)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"--data is not JSON: {exc}") from None
        if not isinstance(parsed, dict):
            raise typer.BadParameter("--data must be a JSON object")
        fields.update(parsed)
    for item in sets or []:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"--set {item!r}: expected name=value")
        try:
            fields[name.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            fields[name.strip()] = raw
    return fields


def _run(action: Callable[[sqlite3.Connection], Any]) -> None:
    """Run one operation; an ApiError prints its message and fields, exit code 1."""
    with hub() as con:
        try:
            result = action(con)
        except ApiError as exc:
            fail(exc, 1)
    if result is not None:
        _echo(result)


def _now() -> Any:
    from hub.db import utcnow

    return utcnow()


@commandes_app.command("list")
def list_cmd(limit: Annotated[int, typer.Option(help="At most N.")] = 500) -> None:
    """Every commande, as JSON."""

    _run(lambda con: commandes.list_commandes(con, CLI, 0, limit))


@commandes_app.command("show")
def show_cmd(commande_id: str) -> None:
    """One commande, as JSON."""

    _run(lambda con: commandes.get_commande(con, CLI, commande_id))


@commandes_app.command("create")
def create_cmd(data: DataOption = None, sets: SetOption = None) -> None:
    """Create a commande (buyer_id, name, product_code, price_cents required); waiting leads of
    its product are routed at once."""

    fields = _fields(sets, data)
    _run(lambda con: commandes.create_commande(con, CLI, fields, _now()))


@commandes_app.command("update")
def update_cmd(commande_id: str, data: DataOption = None, sets: SetOption = None) -> None:
    """Change fields of a commande; waiting leads of its product are routed at once."""

    fields = _fields(sets, data)
    _run(lambda con: commandes.update_commande(con, CLI, commande_id, fields, _now()))


@commandes_app.command("deactivate")
def deactivate_cmd(commande_id: str) -> None:
    """Stop a commande (kept: its sales refer to it)."""

    _run(lambda con: commandes.update_commande(con, CLI, commande_id, {"active": False}, _now()))


def _simulate(commande_id: str | None, fields: dict[str, Any], days: int, full: bool) -> None:

    def action(con: sqlite3.Connection) -> dict[str, Any]:
        result = commandes.simulate_commande(con, CLI, commande_id, fields, days, _now())
        if not full:
            result["leads"] = [item for item in result["leads"] if item["changed"]]
        return result

    _run(action)


@commandes_app.command("simulate")
def simulate_cmd(
    commande_id: str,
    sets: SetOption = None,
    data: DataOption = None,
    days: DaysOption = 7,
    full: Annotated[bool, typer.Option("--all", help="List unchanged leads too.")] = False,
) -> None:
    """What would have gone where over the last N days with this change (nothing is saved)."""
    _simulate(commande_id, _fields(sets, data), days, full)


@leads_app.command("simulate")
def leads_simulate_cmd(
    commande: Annotated[str | None, typer.Option(help="Commande to change (none: a new one).")],
    sets: SetOption = None,
    data: DataOption = None,
    days: DaysOption = 7,
    full: Annotated[bool, typer.Option("--all", help="List unchanged leads too.")] = False,
) -> None:
    """Replay the last N days of leads against a changed (or new) commande, saving nothing."""
    _simulate(commande, _fields(sets, data), days, full)


@leads_app.command("requeue")
def requeue_cmd(lead_id: str) -> None:
    """Try dead deliveries again (same idempotency key), or route a waiting lead now."""

    _run(lambda con: leadops.lead_op(con, CLI, lead_id, "requeue", _now()))


@leads_app.command("reroute")
def reroute_cmd(lead_id: str) -> None:
    """Take the lead back from its pending or dead deliveries and route it elsewhere."""

    _run(lambda con: leadops.lead_op(con, CLI, lead_id, "reroute", _now()))


@leads_app.command("return")
def return_cmd(
    lead_id: str,
    reason: Annotated[str, typer.Option(help="Why the buyer returns it.")],
    buyer: Annotated[str | None, typer.Option(help="Which buyer, for a shared lead.")] = None,
) -> None:
    """A buyer returns the lead within its return window (credits the buyer)."""

    _run(lambda con: leadops.return_lead(con, CLI, lead_id, reason, _now(), buyer))


@leads_app.command("backlog")
def backlog_cmd() -> None:
    """Queue now every sold lead due for backlog (LB) resale (the router does it every 5 min)."""
    from hub.rules import backlog

    _run(lambda con: {"queued": backlog.sweep(con, _now(), force=True)})


@sources_app.command("block")
def block_cmd(
    source: str,
    account: Annotated[str, typer.Option(help="Account (and its sub-accounts) it applies to.")],
    reason: Annotated[str, typer.Option(help="Why.")],
) -> None:
    """Hold every new lead of this source (leads.source, e.g. provider:Acme) until unblocked."""

    _run(lambda con: leadops.block_source(con, CLI, account, source, reason, _now()))
    typer.echo(f"blocked {source} for {account}")


@sources_app.command("unblock")
def unblock_cmd(
    source: str, account: Annotated[str, typer.Option(help="Account of the block.")]
) -> None:
    """Lift the block and route the leads it held."""

    _run(lambda con: {"requeued_leads": leadops.unblock_source(con, CLI, account, source, _now())})
