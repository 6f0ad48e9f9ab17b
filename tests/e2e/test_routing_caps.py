"""200 concurrent leads written by four processes, routed by three router processes to a real
fake CRM, against commandes with caps 10 (day) and 25 (week): exactly 10 and 25 are sold, the
rest go elsewhere or wait unrouted, never more; every lead's decision log names every
commande considered."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from hub.db import connect, now_iso, transaction
from tests.e2e.procs import REPO, Stack, wait_for
from tests.integration.test_routing_support import SECRET, rows

pytestmark = pytest.mark.e2e

WRITERS, PER_WRITER = 4, 50
WRITER = """
import sys
from contextlib import closing
from hub.db import connect
from tests.integration.test_routing_support import add_lead, phone
start, n = int(sys.argv[1]), int(sys.argv[2])
with closing(connect(__import__("pathlib").Path(sys.argv[3]))) as con:
    for i in range(start, start + n):
        south = i % 2 == 0
        add_lead(con, phone_e164=phone(i), postal_code="13001" if south else "75011",
                 departement="13" if south else "75")
"""


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    stack = Stack.create(tmp_path / "data")
    stack.seed(SECRET, "e2e-password")
    stack.start_fake_crm(SECRET)
    try:
        yield stack
    finally:
        stack.stop_all()


def setup_commandes(db: Path) -> None:
    """cap 10 a day (Soleil), cap 25 a week (Eco), Paris-only overflow (a third buyer)."""
    with closing(connect(db)) as con, transaction(con):
        con.execute("UPDATE commandes SET active = 0")
        con.execute(
            "INSERT INTO buyers (id, account_id, name, webhook_url, secret_enc, created_at)"
            " SELECT 'buy_north', 'acc_soleil', 'Nord', webhook_url, secret_enc, created_at"
            " FROM buyers WHERE id = 'buy_soleil_crm'"
        )
        for ident, buyer, day, week, deps, prio in (
            ("cmd_cap10", "buy_soleil_crm", 10, None, "*", 1),
            ("cmd_cap25", "buy_eco_crm", None, 25, "*", 2),
            ("cmd_north", "buy_north", None, None, '["75"]', 3),
        ):
            con.execute(
                "INSERT INTO commandes (id, buyer_id, name, product_code, departements,"
                " daily_cap, weekly_cap, price_cents, priority, cross_entity, created_at)"
                " VALUES (?, ?, ?, 'PV', ?, ?, ?, 3000, ?, 'always', ?)",
                (ident, buyer, ident, deps, day, week, prio, now_iso()),
            )


def settled(db: Path) -> bool:
    with closing(connect(db)) as con:
        waiting = con.execute(
            "SELECT (SELECT count(*) FROM leads WHERE status NOT IN ('sold', 'unrouted')),"
            " (SELECT count(*) FROM leads),"
            " (SELECT count(*) FROM outbox WHERE kind = 'deliver' AND done_at IS NULL)"
        ).fetchone()
    return bool(waiting[0] == 0 and waiting[1] == WRITERS * PER_WRITER and waiting[2] == 0)


def test_200_concurrent_leads_never_exceed_caps_10_and_25(stack: Stack) -> None:
    db = stack.data_dir / "hub.sqlite3"
    setup_commandes(db)
    for n in range(3):
        stack.start(f"router-{n}", "router")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(w * PER_WRITER), str(PER_WRITER), str(db)],
            cwd=REPO,
            env=stack.env,
        )
        for w in range(WRITERS)
    ]
    assert [w.wait(120) for w in writers] == [0] * WRITERS
    wait_for(lambda: settled(db), 90, "every lead sold or unrouted")

    with closing(connect(db)) as con:
        sold = dict(
            con.execute(
                "SELECT commande_id, count(*) FROM deliveries WHERE status = 'delivered'"
                " GROUP BY commande_id"
            ).fetchall()
        )
        used = dict(
            con.execute("SELECT commande_id || ' ' || period, used FROM cap_usage").fetchall()
        )
        statuses = rows(
            con, "SELECT status, departement, count(*) AS n FROM leads GROUP BY 1, 2 ORDER BY 1, 2"
        )
        decisions = con.execute(
            "SELECT lead_id, count(DISTINCT commande_id) FROM routing_decisions"
            " WHERE commande_id IS NOT NULL GROUP BY lead_id"
        ).fetchall()
        commandes = con.execute("SELECT count(*) FROM commandes").fetchone()[0]
        pending = con.execute("SELECT count(*) FROM deliveries WHERE status <> 'delivered'")
        assert pending.fetchone()[0] == 0
    assert sold["cmd_cap10"] == 10 and sold["cmd_cap25"] == 25
    paris_leads = WRITERS * PER_WRITER // 2
    assert (
        sold["cmd_cap10"]
        + sold["cmd_cap25"]
        + sold["cmd_north"]
        + sum(r["n"] for r in statuses if r["status"] == "unrouted")
        == WRITERS * PER_WRITER
    )
    assert all(r["departement"] == "13" for r in statuses if r["status"] == "unrouted")
    assert {"status": "sold", "departement": "75", "n": paris_leads} in statuses
    day = [v for k, v in used.items() if k.startswith("cmd_cap10 day:")]
    week = [v for k, v in used.items() if k.startswith("cmd_cap25 week:")]
    assert day == [10] and week == [25]
    assert len(decisions) == WRITERS * PER_WRITER
    assert all(n == commandes for _, n in decisions)  # every commande named for every lead
    got = httpx.get(f"{stack.url('fake_crm')}/_fake/received", timeout=5).json()
    assert got["requests"] == sum(sold.values()) and got["replays"] == 0
    assert len({e["body"]["lead_id"] for e in got["leads"]}) == sum(sold.values())
