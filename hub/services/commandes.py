"""Lead-ops commands, shared by API v1 (``ingest.api_ops``) and the CLI (``leadhub.cli.ops``):
commandes (list, show, create, update, deactivate, simulate), leads (requeue, reroute, return)
and source blocks. ``scope`` is the set of account ids the caller may touch (None: all, the
CLI on the server). Errors are :class:`hub.errors.ApiError` (404, 409, 422 naming the field).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError, FieldError
from hub.rules import backlog
from hub.rules.commande import CommandeError, check_row, commande_columns
from hub.services.simulate import simulate

Scope = set[str] | None
_JSON_COLUMNS = ("delivery_days", "closed_dates")
_BOOL_COLUMNS = ("active", "closed_on_holidays")


def invalid(errors: list[tuple[str, str, str, str]], code: str = "invalid_commande") -> ApiError:
    fields = [FieldError(f, reason, fr, en) for f, reason, fr, en in errors]
    return ApiError(422, code, "Invalid fields: " + ", ".join(f.field for f in fields), fields)


def _not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, "not_found", f"No {kind} {ident!r} in this account.")


def commande_item(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    account = item.pop("buyer_account_id")
    item.pop("buyer_active")
    deps = item["departements"]
    item["departements"] = deps if deps == "*" else json.loads(deps)
    for name in _JSON_COLUMNS:
        item[name] = json.loads(item[name])
    for name in _BOOL_COLUMNS:
        item[name] = bool(item[name])
    item["account_id"] = account
    return item


def _rows(con: sqlite3.Connection, scope: Scope) -> list[sqlite3.Row]:
    rows = con.execute(sql("commandes_all")).fetchall()
    return [r for r in rows if scope is None or r["buyer_account_id"] in scope]


def list_commandes(
    con: sqlite3.Connection, scope: Scope, offset: int = 0, limit: int = 50
) -> dict[str, Any]:
    rows = _rows(con, scope)
    items = [commande_item(r) for r in rows[offset : offset + limit]]
    return {"items": items, "total": len(rows), "offset": offset, "limit": limit}


def get_commande(con: sqlite3.Connection, scope: Scope, commande_id: str) -> dict[str, Any]:
    for row in _rows(con, scope):
        if row["id"] == commande_id:
            return commande_item(row)
    raise _not_found("commande", commande_id)


def _validated(payload: Mapping[str, Any], partial: bool) -> dict[str, object]:
    if not isinstance(payload, Mapping):
        raise invalid([("body", "invalid", "Objet JSON attendu.", "A JSON object is expected.")])
    try:
        return commande_columns(payload, partial=partial)
    except CommandeError as exc:
        raise invalid(exc.fields) from None


def _check_refs(con: sqlite3.Connection, scope: Scope, row: Mapping[str, object]) -> None:
    buyer = con.execute("SELECT account_id FROM buyers WHERE id = ?", (row["buyer_id"],)).fetchone()
    errors = []
    if buyer is None or (scope is not None and buyer["account_id"] not in scope):
        errors.append(("buyer_id", "unknown", "Acheteur inconnu.", "Unknown buyer."))
    product = con.execute("SELECT 1 FROM products WHERE code = ?", (row["product_code"],))
    if product.fetchone() is None:
        errors.append(("product_code", "unknown", "Produit inconnu.", "Unknown product."))
    try:
        check_row(row)
    except CommandeError as exc:
        errors.extend(exc.fields)
    if errors:
        raise invalid(errors)


def _after_save(con: sqlite3.Connection, row: Mapping[str, object], now: datetime) -> int:
    """Route waiting leads of the product now; offer backlog leads to a backlog commande."""
    woken = backlog.wake(con, str(row["product_code"]), now)
    return woken


def create_commande(
    con: sqlite3.Connection, scope: Scope, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    columns = _validated(payload, partial=False)
    ident = payload.get("id") or new_id("cmd")
    if not isinstance(ident, str) or not 3 <= len(ident) <= 64:
        raise invalid([("id", "invalid", "Identifiant invalide.", "Invalid id.")])
    row = {**columns, "id": ident, "created_at": iso(now), "updated_at": iso(now)}
    _check_refs(con, scope, row)
    names = ", ".join(row)
    with transaction(con):
        if con.execute("SELECT 1 FROM commandes WHERE id = ?", (ident,)).fetchone():
            raise ApiError(409, "conflict", f"Commande {ident!r} already exists.")
        con.execute(
            f"INSERT INTO commandes ({names}) VALUES ({', '.join('?' for _ in row)})",
            tuple(row.values()),
        )
        woken = _after_save(con, row, now)
    offered = _offer_backlog(con, row, now)
    return {**get_commande(con, scope, ident), "woken_leads": woken + offered}


def update_commande(
    con: sqlite3.Connection,
    scope: Scope,
    commande_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    get_commande(con, scope, commande_id)  # 404 for another tenant's commande
    columns = _validated(payload, partial=True)
    columns.pop("id", None)
    with transaction(con):
        current = con.execute("SELECT * FROM commandes WHERE id = ?", (commande_id,)).fetchone()
        if current is None:
            raise _not_found("commande", commande_id)
        row = {**dict(current), **columns, "updated_at": iso(now)}
        _check_refs(con, scope, row)
        sets = ", ".join(f"{k} = ?" for k in (*columns, "updated_at"))
        con.execute(
            f"UPDATE commandes SET {sets} WHERE id = ?",
            (*columns.values(), iso(now), commande_id),
        )
        woken = _after_save(con, row, now)
    offered = _offer_backlog(con, row, now)
    return {**get_commande(con, scope, commande_id), "woken_leads": woken + offered}


def _offer_backlog(con: sqlite3.Connection, row: Mapping[str, object], now: datetime) -> int:
    if not row.get("active") or not int(str(row.get("backlog_share") or 0)):
        return 0
    return backlog.sweep(con, now, product_code=str(row["product_code"]), force=True)


def simulate_commande(
    con: sqlite3.Connection,
    scope: Scope,
    commande_id: str | None,
    changes: Mapping[str, Any],
    days: int,
    now: datetime,
    seed: str = "",
) -> dict[str, Any]:
    """Replay the last ``days`` days with the commande changed (or added), saving nothing."""
    if not 1 <= days <= 92:
        raise invalid([("days", "out_of_range", "entre 1 et 92", "between 1 and 92")], "invalid")
    if commande_id is None:
        columns = _validated(changes, partial=False)
        row: dict[str, object] = {**columns, "id": "cmd_simulated"}
    else:
        current = get_commande(con, scope, commande_id)
        columns = _validated(changes, partial=True)
        stored = con.execute("SELECT * FROM commandes WHERE id = ?", (commande_id,)).fetchone()
        row = {**dict(stored), **columns, "id": current["id"]}
    _check_refs(con, scope, row)
    result = simulate(con, now, days, row, seed=seed, visible_accounts=scope)
    return {"commande_id": row["id"], "days": days, "changes": dict(changes), **result.to_dict()}


def _lead_in_scope(con: sqlite3.Connection, scope: Scope, lead_id: str) -> None:
    row = con.execute("SELECT account_id FROM leads WHERE id = ?", (lead_id,)).fetchone()
    if row is None or (scope is not None and row["account_id"] not in scope):
        raise _not_found("lead", lead_id)


def lead_op(
    con: sqlite3.Connection, scope: Scope, lead_id: str, action: str, now: datetime
) -> dict[str, object]:
    """``requeue`` or ``reroute`` one lead."""
    _lead_in_scope(con, scope, lead_id)
    try:
        if action == "requeue":
            return backlog.requeue(con, lead_id, now)
        return backlog.reroute(con, lead_id, now)
    except backlog.OpsConflict as exc:
        raise ApiError(409, "conflict", str(exc)) from None


def return_lead(
    con: sqlite3.Connection,
    scope: Scope,
    lead_id: str,
    reason: object,
    now: datetime,
    buyer_id: str | None = None,
) -> dict[str, object]:
    """A buyer's return, through the delivery side's ``hub.services.returns.return_lead`` (window,
    credit); ``buyer_id`` says which buyer when the lead was shared."""
    if not isinstance(reason, str) or not 0 < len(reason.strip()) <= 500:
        fr, en = "Motif requis (500 caractères max).", "A reason is required (500 chars max)."
        raise invalid([("reason", "required", fr, en)], "invalid")
    _lead_in_scope(con, scope, lead_id)
    from hub.services.returns import return_lead as do_return

    credit = do_return(con, lead_id, reason.strip(), now, buyer_id=buyer_id)
    return {"lead_id": lead_id, "returned": True, "credit": asdict(credit)}


def block_source(
    con: sqlite3.Connection, account_id: str, source: str, reason: str, now: datetime
) -> None:
    with transaction(con):
        con.execute(
            "INSERT INTO source_blocks (account_id, source, reason, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (account_id, source) DO UPDATE SET"
            " reason = excluded.reason",
            (account_id, source, reason, iso(now)),
        )


def unblock_source(con: sqlite3.Connection, account_id: str, source: str, now: datetime) -> int:
    """Lift the block and route the leads it held now; returns how many."""
    with transaction(con):
        con.execute(
            "DELETE FROM source_blocks WHERE account_id = ? AND source = ?", (account_id, source)
        )
        held = con.execute(
            "SELECT id FROM leads WHERE status = 'held' AND source = ?", (source,)
        ).fetchall()
    for (lead_id,) in held:
        backlog.requeue(con, lead_id, now)
    return len(held)
