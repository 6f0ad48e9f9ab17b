"""Builders shared by the warehouse and pipelines tests (this module holds no tests).

Lake files are written with ``warehouse.lake_write`` in the contract schema; hub rows are
inserted with plain SQL into the real, seeded hub.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hub.db import iso, transaction
from hub.settings import Settings, load_settings
from warehouse.events import load_partition
from warehouse.hub_copy import copy_hub
from warehouse.lake import lake_fingerprints
from warehouse.models import build_model
from warehouse.store import open_work

T0 = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)  # a winter Thursday, 11:00 in Paris
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130"


def demo_page(
    con: sqlite3.Connection, lp_key: str = "lp_solaire_demo"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The seeded landing page with this key, and its form."""
    lp = dict(con.execute("SELECT * FROM landing_pages WHERE key = ?", (lp_key,)).fetchone())
    form = dict(con.execute("SELECT * FROM forms WHERE lp_id = ?", (lp["id"],)).fetchone())
    return lp, form


def event(event_id: str, type_: str, at: datetime, **fields: Any) -> dict[str, Any]:
    return {"event_id": event_id, "type": type_, "received_at": at, "ts": at, **fields}


def visitor_funnel(
    prefix: str, lp: dict[str, Any], form: dict[str, Any], at: datetime, **attribution: Any
) -> list[dict[str, Any]]:
    """One visitor's full path: LP view, CTA click, form view, start, step, submit."""
    common = {
        "account_id": lp["account_id"],
        "visitor_id": f"{prefix}-visitor",
        "session_id": f"{prefix}-session",
        "user_agent": IPHONE,
        "is_test": False,
        "collector_id": "test",
    }
    on_lp = {**common, "key": lp["key"], "lp_id": lp["id"], "url": lp["url"]}
    on_form = {
        **common,
        "key": form["key"],
        "lp_id": lp["id"],
        "form_id": form["id"],
        "url": form["url"],
        "referrer": lp["url"],
    }
    seconds = [0, 5, 8, 20, 40, 60]
    types = ["page_view", "cta_click", "page_view", "form_start", "form_step", "form_submit"]
    rows = []
    for i, (delay, type_) in enumerate(zip(seconds, types, strict=True)):
        base = on_lp if i < 2 else on_form
        extra = attribution if i == 0 else {}
        rows.append(event(f"{prefix}-e{i}", type_, at + timedelta(seconds=delay), **base, **extra))
    return rows


def insert_lead(
    con: sqlite3.Connection,
    lead_id: str,
    lp: dict[str, Any],
    form: dict[str, Any],
    created_at: datetime,
    *,
    status: str = "sold",
    **fields: Any,
) -> None:
    row = {
        "id": lead_id,
        "account_id": lp["account_id"],
        "form_id": form["id"],
        "lp_id": lp["id"],
        "product_code": lp["product_code"],
        "status": status,
        "phone_e164": "+33612345678",
        "phone_class": "valid",
        "first_name": "Jeanne",
        "consent_given": 1,
        "created_at": iso(created_at),
        "updated_at": iso(created_at),
        **fields,
    }
    cols = ", ".join(row)
    with transaction(con):
        con.execute(
            f"INSERT INTO leads ({cols}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
        )


def insert_delivery(
    con: sqlite3.Connection,
    delivery_id: str,
    lead_id: str,
    commande_id: str,
    price_cents: int,
    status: str,
    at: datetime,
) -> None:
    buyer = con.execute("SELECT buyer_id FROM commandes WHERE id = ?", (commande_id,)).fetchone()
    delivered = iso(at) if status == "delivered" else None
    with transaction(con):
        con.execute(
            "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
            " attempts, created_at, delivered_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (
                delivery_id,
                lead_id,
                buyer[0],
                commande_id,
                price_cents,
                status,
                iso(at),
                delivered,
                iso(at),
            ),
        )


def build_warehouse(settings: Settings) -> None:
    """Load every lake partition, copy the hub and build the models (no Dagster)."""
    with open_work(settings) as con:
        for day in lake_fingerprints(settings.raw_dir):
            load_partition(con, settings, day)
        copy_hub(con, settings)
        for name in (
            "lp_forms",
            "funnel_sessions_daily",
            "funnel_events_daily",
            "funnel_daily",
            "billing_monthly",
        ):
            build_model(con, name)


def work_query(settings: Settings, sql: str) -> list[dict[str, Any]]:
    with open_work(settings) as con:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def table_rows(settings: Settings, names: Sequence[str]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of these work-DB tables, sorted: what an incremental build must equal."""
    with open_work(settings) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in names}


def fresh_copy(settings: Settings, tmp: Path, hub: bool = False) -> Settings:
    """A new data dir with the same lake (and, with ``hub``, a copy of the hub), nothing built:
    the start of a whole rebuild to compare an incremental one with."""
    fresh = load_settings(data_dir=tmp / "fresh")
    shutil.rmtree(fresh.data_dir, ignore_errors=True)
    fresh.ensure_dirs()
    shutil.copytree(settings.raw_dir, fresh.raw_dir, dirs_exist_ok=True)
    if hub:
        source, target = sqlite3.connect(settings.hub_db), sqlite3.connect(fresh.hub_db)
        with closing(source), closing(target):
            source.backup(target)
    return fresh
