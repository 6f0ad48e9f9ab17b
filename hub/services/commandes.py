"""Commandes: list, show, create, update, simulate — for API v1, the CLI and the dashboard.

Each takes the acting :class:`~hub.services.actor.Actor` (its role is checked, another tenant's
commande is a 404) and logs what it changes. Errors are :class:`hub.errors.ApiError` (403, 404,
409, 422 naming the field).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError, FieldError
from hub.rules import backlog
from hub.rules.commande import CommandeError, check_row, commande_columns
from hub.services.actor import Actor, log_change
from hub.services.catalogue.common import product_refusal
from hub.services.simulate import simulate

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
    item.pop("buyer_archived", None)
    item.pop("buyer_is_test", None)
    deps = item["departements"]
    item["departements"] = deps if deps == "*" else json.loads(deps)
    for name in _JSON_COLUMNS:
        item[name] = json.loads(item[name])
    for name in _BOOL_COLUMNS:
        item[name] = bool(item[name])
    item["account_id"] = account
    return item


def _rows(con: sqlite3.Connection, actor: Actor) -> list[sqlite3.Row]:
    rows = con.execute(sql("commandes_all")).fetchall()
    return [r for r in rows if actor.sees(r["buyer_account_id"])]


def list_commandes(
    con: sqlite3.Connection, actor: Actor, offset: int = 0, limit: int = 50
) -> dict[str, Any]:
    actor.require("commandes.read")
    rows = _rows(con, actor)
    items = [commande_item(r) for r in rows[offset : offset + limit]]
    return {"items": items, "total": len(rows), "offset": offset, "limit": limit}


def get_commande(con: sqlite3.Connection, actor: Actor, commande_id: str) -> dict[str, Any]:
    actor.require("commandes.read")
    for row in _rows(con, actor):
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


def _check_refs(
    con: sqlite3.Connection, actor: Actor, row: Mapping[str, object], keeps: object = None
) -> str:
    """The buyer's account, once the buyer, the product (not archived, unless the commande
    already has it: ``keeps``) and the settings are known good."""
    buyer = con.execute(sql("buyer_account"), {"buyer_id": row["buyer_id"]}).fetchone()
    errors = []
    if buyer is None or not actor.sees(buyer["account_id"]):
        errors.append(("buyer_id", "unknown", "Acheteur inconnu.", "Unknown buyer."))
    refused = product_refusal(con, str(row["product_code"]), None if keeps is None else str(keeps))
    if refused is not None:
        errors.append(("product_code", *refused))
    try:
        check_row(row)
    except CommandeError as exc:
        errors.extend(exc.fields)
    if errors:
        raise invalid(errors)
    return str(buyer["account_id"])


def _after_save(con: sqlite3.Connection, row: Mapping[str, object], now: datetime) -> int:
    """Route waiting leads of the product now; offer backlog leads to a backlog commande."""
    woken = backlog.wake(con, str(row["product_code"]), now)
    return woken


def create_commande(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    actor.require("commandes.write")
    columns = _validated(payload, partial=False)
    ident = payload.get("id") or new_id("cmd")
    if not isinstance(ident, str) or not 3 <= len(ident) <= 64:
        raise invalid([("id", "invalid", "Identifiant invalide.", "Invalid id.")])
    row = {**columns, "id": ident, "created_at": iso(now), "updated_at": iso(now)}
    account = _check_refs(con, actor, row)
    names = ", ".join(row)
    with transaction(con):
        if con.execute(sql("commande_exists"), {"commande_id": ident}).fetchone():
            raise ApiError(409, "conflict", f"Commande {ident!r} already exists.")
        con.execute(
            f"INSERT INTO commandes ({names}) VALUES ({', '.join('?' for _ in row)})",
            tuple(row.values()),
        )
        log_change(con, actor, "commande.created", ident, account, columns, now)
        woken = _after_save(con, row, now)
    offered = _offer_backlog(con, row, now)
    return {**get_commande(con, actor, ident), "woken_leads": woken + offered}


def update_commande(
    con: sqlite3.Connection,
    actor: Actor,
    commande_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    actor.require("commandes.write")
    get_commande(con, actor, commande_id)  # 404 for another tenant's commande
    columns = _validated(payload, partial=True)
    columns.pop("id", None)
    with transaction(con):
        current = con.execute(sql("commande_get"), {"commande_id": commande_id}).fetchone()
        if current is None:
            raise _not_found("commande", commande_id)
        row = {**dict(current), **columns, "updated_at": iso(now)}
        account = _check_refs(con, actor, row, current["product_code"])
        sets = ", ".join(f"{k} = ?" for k in (*columns, "updated_at"))
        con.execute(
            f"UPDATE commandes SET {sets} WHERE id = ?",
            (*columns.values(), iso(now), commande_id),
        )
        before = {k: current[k] for k in columns}
        log_change(
            con, actor, "commande.updated", commande_id, account,
            {"before": before, "after": columns}, now,
        )  # fmt: skip
        woken = _after_save(con, row, now)
    offered = _offer_backlog(con, row, now)
    return {**get_commande(con, actor, commande_id), "woken_leads": woken + offered}


def _offer_backlog(con: sqlite3.Connection, row: Mapping[str, object], now: datetime) -> int:
    if not row.get("active") or not int(str(row.get("backlog_share") or 0)):
        return 0
    return backlog.sweep(con, now, product_code=str(row["product_code"]), force=True)


def simulate_commande(
    con: sqlite3.Connection,
    actor: Actor,
    commande_id: str | None,
    changes: Mapping[str, Any],
    days: int,
    now: datetime,
    seed: str = "",
) -> dict[str, Any]:
    """Replay the last ``days`` days with the commande changed (or added), saving nothing."""
    actor.require("commandes.read")
    if not 1 <= days <= 92:
        raise invalid([("days", "out_of_range", "entre 1 et 92", "between 1 and 92")], "invalid")
    keeps = None  # an existing commande may keep its archived product
    if commande_id is None:
        columns = _validated(changes, partial=False)
        row: dict[str, object] = {**columns, "id": "cmd_simulated"}
    else:
        current = get_commande(con, actor, commande_id)
        columns = _validated(changes, partial=True)
        stored = con.execute(sql("commande_get"), {"commande_id": commande_id}).fetchone()
        row = {**dict(stored), **columns, "id": current["id"]}
        keeps = stored["product_code"]
    _check_refs(con, actor, row, keeps)
    result = simulate(con, now, days, row, seed=seed, visible_accounts=actor.scope)
    return {"commande_id": row["id"], "days": days, "changes": dict(changes), **result.to_dict()}
