"""Ad spend per day × source × campaign of an account — for API v1, the CLI and the dashboard.

Readers with ``costs.read`` list the costs of their accounts; marketers (and admins, finance)
import them (``costs.write``) from a CSV (ours, a Google Ads or a Meta export) or JSON rows,
read by :mod:`hub.services.cost_rows`. An import is all or nothing: one bad row is a ``422``
naming each bad line and field, and nothing of the file is written. Rows of one file with the
same day × source × campaign (an export per ad or ad set) are summed; importing a day × source ×
campaign again replaces what an earlier import wrote. Each import is one activity log entry.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from hub.calendar import paris_date
from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError, FieldError
from hub.services.actor import Actor, log_change
from hub.services.cost_csv import from_csv
from hub.services.cost_rows import CostRow, from_json, parse_date
from hub.services.fields import page

FILTERS = ("account_id", "source", "campaign", "date_from", "date_to")

Key = tuple[str, str, str]


def _account(con: sqlite3.Connection, actor: Actor, account_id: str | None) -> str:
    """The account the costs are for: one the actor sees (404 otherwise), not archived."""
    if not account_id:
        raise ApiError(
            422,
            "invalid",
            "Invalid fields: account_id",
            [
                FieldError(
                    "account_id", "required", "Compte obligatoire.", "account_id is required."
                )
            ],
        )
    row = con.execute(sql("account_get"), {"id": account_id}).fetchone()
    actor.require("costs.write", account_id, "account")
    if row is None:
        raise ApiError(404, "not_found", f"No account {account_id!r} in this account.")
    if row["archived_at"] is not None:
        raise ApiError(
            422,
            "invalid",
            "Invalid fields: account_id",
            [FieldError("account_id", "archived", "Compte archivé.", "The account is archived.")],
        )
    return account_id


def _summed(rows: list[CostRow]) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for r in rows:
        key = (r.date, r.source, r.campaign)
        out[key] = out.get(key, 0) + r.cost_cents
    return out


def import_costs(
    con: sqlite3.Connection,
    actor: Actor,
    account_id: str | None,
    content: str | list[Any] | None,
    now: datetime,
    filename: str | None = None,
) -> dict[str, Any]:
    """Import a CSV text or JSON rows (anything else: a 422) for ``account_id``; what was
    written, replaced, summed."""
    actor.require("costs.write")
    account = _account(con, actor, account_id)
    until = paris_date(now) + timedelta(days=1)  # a platform a timezone ahead: tomorrow
    rows = from_csv(content, until) if isinstance(content, str) else from_json(content, until)
    summed = _summed(rows)
    import_id = new_id("imp")
    replaced = 0
    with transaction(con):
        for (day, source, campaign), cents in summed.items():
            params = {"account_id": account, "date": day, "source": source, "campaign": campaign}
            if con.execute(sql("costs/exists"), params).fetchone() is not None:
                replaced += 1
            con.execute(
                sql("costs/upsert"),
                {**params, "cost_cents": cents, "imported_at": iso(now), "import_id": import_id},
            )
        days = sorted(k[0] for k in summed)
        result = {
            "import_id": import_id,
            "account_id": account,
            "lines": len(rows),
            "rows": len(summed),
            "replaced": replaced,
            "date_from": days[0],
            "date_to": days[-1],
            "sources": sorted({k[1] for k in summed}),
            "total_cost_cents": sum(summed.values()),
            "currency": "EUR",
        }
        detail = {k: v for k, v in result.items() if k not in ("import_id", "account_id")}
        log_change(
            con, actor, "costs.imported", import_id, account, {**detail, "file": filename}, now
        )
    return result


def _filter_date(name: str, value: str | None, errors: list[FieldError]) -> str | None:
    if value in (None, ""):
        return None
    day = parse_date(value)
    if day is None:
        errors.append(
            FieldError(name, "invalid_date", "Date AAAA-MM-JJ attendue.", "A YYYY-MM-DD date.")
        )
        return None
    return day.isoformat()


def list_costs(
    con: sqlite3.Connection,
    actor: Actor,
    filters: Mapping[str, str | None],
    offset: int = 0,
    limit: int = 50,
) -> dict[str, Any]:
    """Cost rows of the actor's accounts (``account_id`` of another tenant: 404), filtered by
    source, campaign and a date range; newest day first, with the total of what matched."""
    actor.require("costs.read")
    errors = [
        FieldError(name, "unknown_filter", "Filtre inconnu.", f"Unknown filter {name!r}.")
        for name in filters
        if name not in FILTERS
    ]
    date_from = _filter_date("date_from", filters.get("date_from"), errors)
    date_to = _filter_date("date_to", filters.get("date_to"), errors)
    if errors:
        names = ", ".join(e.field for e in errors)
        raise ApiError(422, "invalid_query", f"Invalid query parameters: {names}.", errors)
    account_id = filters.get("account_id") or None
    if account_id is not None:
        actor.require("costs.read", account_id, "account")
        scope: list[str] | None = [account_id]
    else:
        scope = None if actor.accounts is None else sorted(actor.accounts)
    params = {
        "account_ids": None if scope is None else json.dumps(scope),
        "source": (filters.get("source") or "").strip().lower() or None,
        "campaign": filters.get("campaign") or None,
        "date_from": date_from,
        "date_to": date_to,
    }
    items = [dict(r) for r in con.execute(sql("costs/list"), params)]
    out = page(items, offset, limit)
    out["total_cost_cents"] = sum(int(r["cost_cents"]) for r in items)
    return out


def last_import(con: sqlite3.Connection, actor: Actor) -> str | None:
    """When ad spend of the actor's accounts was last imported (ISO time), None: never."""
    actor.require("costs.read")
    scope = None if actor.accounts is None else json.dumps(sorted(actor.accounts))
    row = con.execute(sql("costs/last_import"), {"account_ids": scope}).fetchone()
    return None if row is None or row[0] is None else str(row[0])
