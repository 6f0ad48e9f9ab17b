"""Reading issued documents (invoices and credit notes) and moving their status.

Finance, admins and viewers read the documents of the buyers of their accounts (another
tenant's document is a 404; an intercompany document is seen by both entities); ``GET``
filters: kind, buyer, period, status, intercompany; pages with a total.
The stored PDF and CSV are served as issued, byte for byte. The status only moves forward,
issued → sent → paid (``sent`` may be skipped), each step logged; nothing else ever changes.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from hub.db import iso, sql, transaction
from hub.errors import ApiError, FieldError
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, not_found

KINDS = ("invoice", "credit_note")
STATUSES = ("issued", "sent", "paid")
FILTERS = ("kind", "buyer_id", "period", "status", "intercompany")


def _item(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    out["prepaid"] = bool(out["prepaid"])
    return out


def _invalid(name: str, choices: tuple[str, ...]) -> ApiError:
    listed = ", ".join(choices)
    return ApiError(
        422,
        "invalid",
        f"{name}: one of {listed}",
        [FieldError(name, "invalid_choice", f"Valeurs possibles : {listed}.", f"One of {listed}.")],
    )


def list_invoices(
    con: sqlite3.Connection,
    actor: Actor,
    filters: dict[str, str | None],
    offset: int = 0,
    limit: int = 50,
) -> dict[str, Any]:
    actor.require("billing.read")
    params: dict[str, Any] = {name: filters.get(name) or None for name in FILTERS}
    if params["kind"] is not None and params["kind"] not in KINDS:
        raise _invalid("kind", KINDS)
    if params["status"] is not None and params["status"] not in STATUSES:
        raise _invalid("status", STATUSES)
    ic = params["intercompany"]
    if ic is not None:
        if str(ic).lower() not in ("true", "false", "1", "0"):
            raise _invalid("intercompany", ("true", "false"))
        params["intercompany"] = int(str(ic).lower() in ("true", "1"))
    accounts = actor.accounts
    params["account_ids"] = None if accounts is None else json.dumps(sorted(accounts))
    rows = [_item(r) for r in con.execute(sql("billing/invoices_list"), params)]
    return {
        "items": rows[offset : offset + limit],
        "total": len(rows),
        "offset": offset,
        "limit": limit,
    }


def _visible(actor: Actor, row: sqlite3.Row | None, invoice_id: str) -> sqlite3.Row:
    """The document's row if the actor sees its account, or the entity an intercompany
    document bills; a 404 otherwise."""
    if row is None or not (actor.sees(row["account_id"]) or actor.sees(row["customer_entity_id"])):
        raise not_found("invoice", invoice_id)
    return row


def get_invoice(con: sqlite3.Connection, actor: Actor, invoice_id: str) -> dict[str, Any]:
    actor.require("billing.read")
    row = con.execute(sql("billing/invoice_get"), {"id": invoice_id}).fetchone()
    out = _item(_visible(actor, row, invoice_id))
    out["lines"] = [dict(r) for r in con.execute(sql("billing/invoice_lines"), {"id": invoice_id})]
    return out


def invoice_file(
    con: sqlite3.Connection, actor: Actor, invoice_id: str, fmt: str
) -> tuple[str, bytes]:
    """``(file name, bytes)`` of the stored ``pdf`` or ``csv``, exactly as issued."""
    actor.require("billing.read")
    row = con.execute(sql("billing/invoice_file"), {"id": invoice_id}).fetchone()
    row = _visible(actor, row, invoice_id)
    if fmt == "pdf":
        return f"{row['number']}.pdf", bytes(row["pdf"])
    return f"{row['number']}.csv", str(row["csv"]).encode("utf-8")


def set_status(
    con: sqlite3.Connection,
    actor: Actor,
    invoice_id: str,
    payload: Any,
    now: datetime,
) -> dict[str, Any]:
    """``{"status": "sent" | "paid"}``: forward only (409 backwards); the same status again
    changes nothing and logs nothing."""
    actor.require("billing.write")
    f = Fields(payload, ("status",))
    status = f.choice("status", STATUSES[1:], required=True)
    f.check()
    with transaction(con):
        current = get_invoice(con, actor, invoice_id)
        if not actor.sees(current["account_id"]):  # the billed entity reads, the issuer marks
            raise ApiError(403, "forbidden", "Only the issuing side moves a document's status.")
        before = current["status"]
        if status == before:
            return current
        if STATUSES.index(status) < STATUSES.index(before):
            raise ApiError(
                409, "status_backwards", f"A {before} document cannot become {status} again."
            )
        con.execute(
            sql("billing/invoice_status_set"), {"id": invoice_id, "status": status, "now": iso(now)}
        )
        detail = {"number": current["number"], "before": before, "after": status}
        log_change(
            con,
            actor,
            f"{current['kind']}.{status}",
            invoice_id,
            current["account_id"],
            detail,
            now,
        )
    return get_invoice(con, actor, invoice_id)
