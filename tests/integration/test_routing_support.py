"""Helpers shared by the routing tests (no tests here): leads as intake writes them, a fake CRM
on a loopback port, and a fast retry policy."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from hub.db import new_id, now_iso, transaction
from leadhub.demo.fake_crm import FakeCrmServer
from routing.retry import RetryPolicy

SECRET = "whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI="  # the `world` fixture's buyer secret


def fast_policy(**overrides: Any) -> RetryPolicy:
    """Tiny backoff so retry tests take milliseconds, seeded for repeatability."""
    params: dict[str, Any] = {"base_delay": 0.01, "max_delay": 0.05, "rng": random.Random(7)}
    params.update(overrides)
    return RetryPolicy(**params)


def phone(i: int) -> str:
    """Distinct, valid-looking French mobile numbers."""
    return f"+3361{(4_000_000 + i * 7919) % 10_000_000:07d}"


def add_lead(
    con: sqlite3.Connection,
    *,
    product: str = "PV",
    postal_code: str = "13001",
    departement: str = "13",
    phone_e164: str | None = None,
    phone_class: str = "valid",
    status: str = "new",
    is_test: bool = False,
) -> str:
    """Insert a lead and its 'route' outbox row in one transaction, as intake does (a real
    lead unless ``is_test``: a test lead goes to test buyers only)."""
    form = con.execute(
        "SELECT id, account_id, lp_id, consent_version, consent_text FROM forms"
        " WHERE product_code = ? ORDER BY key LIMIT 1",
        (product,),
    ).fetchone()
    lead_id = new_id("lead")
    now = now_iso()
    with transaction(con):
        con.execute(
            "INSERT INTO leads (id, account_id, form_id, lp_id, product_code, status, first_name,"
            " last_name, email, phone_e164, phone_class, postal_code, departement, city,"
            " page_url, consent_given, consent_version, consent_text, consent_at, is_test,"
            " created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'Jeanne', 'Martin', 'jeanne@example.org', ?, ?, ?, ?,"
            " 'Marseille', 'http://127.0.0.1:8102/solaire/formulaire/', 1, ?, ?, ?, ?, ?, ?)",
            (
                lead_id,
                form["account_id"],
                form["id"],
                form["lp_id"],
                product,
                status,
                phone_e164 or phone(random.randrange(1_000_000)),
                phone_class,
                postal_code,
                departement,
                form["consent_version"],
                form["consent_text"],
                now,
                int(is_test),
                now,
                now,
            ),
        )
        con.execute(
            "INSERT INTO outbox (kind, ref_id, available_at, created_at) VALUES ('route', ?, ?, ?)",
            (lead_id, now, now),
        )
    return lead_id


def point_buyers(con: sqlite3.Connection, url: str) -> None:
    with transaction(con):
        con.execute("UPDATE buyers SET webhook_url = ?", (url,))


def only_commandes(con: sqlite3.Connection, *ids: str) -> None:
    with transaction(con):
        con.execute("UPDATE commandes SET active = 0")
        con.executemany("UPDATE commandes SET active = 1 WHERE id = ?", [(i,) for i in ids])


@contextmanager
def fake_crm(secret: str | None = SECRET, record: Path | None = None) -> Iterator[FakeCrmServer]:
    server = FakeCrmServer("127.0.0.1", 0, secret, record)
    thread = server.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def received(server: FakeCrmServer) -> dict[str, Any]:
    return dict(httpx.get(f"{server.url}/_fake/received", timeout=5).json())


def script(server: FakeCrmServer, *responses: dict[str, Any]) -> None:
    r = httpx.post(f"{server.url}/_fake/script", json={"responses": list(responses)}, timeout=5)
    r.raise_for_status()


def rows(con: sqlite3.Connection, sql: str, *params: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in con.execute(sql, params).fetchall()]
