"""Router processes on real loopback ports: several share the outbox, SIGTERM stops them
cleanly, and a router killed with -9 mid-delivery is taken over after its lease."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.db import connect
from tests.e2e.procs import Stack, wait_for
from tests.integration.test_routing_support import SECRET, add_lead, phone, rows

pytestmark = pytest.mark.e2e


@pytest.fixture
def stack(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Stack]:
    extra = getattr(request, "param", {})
    stack = Stack.create(tmp_path / "data", **extra)
    stack.seed(SECRET, "e2e-password")
    stack.start_fake_crm(SECRET)
    try:
        yield stack
    finally:
        stack.stop_all()


def crm(stack: Stack) -> dict[str, Any]:
    return dict(httpx.get(f"{stack.url('fake_crm')}/_fake/received", timeout=5).json())


def polling(stack: Stack, name: str) -> Callable[[], bool]:
    return lambda: "polling" in stack.log(name)


def sold(stack: Stack, n: int) -> bool:
    with closing(connect(stack.data_dir / "hub.sqlite3")) as con:
        return bool(
            con.execute("SELECT count(*) FROM leads WHERE status = 'sold'").fetchone()[0] == n
        )


def test_two_routers_share_the_outbox_and_stop_cleanly_on_sigterm(stack: Stack) -> None:
    for name in ("router-1", "router-2"):
        stack.start(name, "router")
    for name in ("router-1", "router-2"):
        wait_for(polling(stack, name), 30, f"{name} to poll")
    with closing(connect(stack.data_dir / "hub.sqlite3")) as con:
        leads = {add_lead(con, phone_e164=phone(i)) for i in range(30)}
    wait_for(lambda: sold(stack, 30), 30, "30 leads sold")
    procs = [stack.procs["router-1"], stack.procs["router-2"]]
    stack.kill("router-1")
    stack.kill("router-2")
    assert [p.returncode for p in procs] == [0, 0], stack.log("router-1")
    assert "router stopped" in stack.log("router-1") and "router stopped" in stack.log("router-2")
    got = crm(stack)
    assert got["requests"] == 30 and got["replays"] == 0
    entries = got["leads"]
    assert {e["body"]["lead_id"] for e in entries} == leads
    assert all(e["signature_valid"] is True for e in entries)
    with closing(connect(stack.data_dir / "hub.sqlite3")) as con:
        workers = {
            r["claimed_by"].split(":")[1] for r in rows(con, "SELECT claimed_by FROM outbox")
        }
        pending = con.execute("SELECT count(*) FROM outbox WHERE done_at IS NULL").fetchone()[0]
        latency = con.execute(
            "SELECT max(julianday(d.delivered_at) - julianday(l.created_at)) * 86400"
            " FROM deliveries d JOIN leads l ON l.id = d.lead_id"
        ).fetchone()[0]
    assert len(workers) == 2 and pending == 0
    print(f"slowest of 30 leads: {latency:.3f} s from storage to buyer")
    assert latency < 2.0  # DESIGN: a lead reaches a healthy buyer within 2 s


@pytest.mark.parametrize("stack", [{"LEADHUB_ROUTER_LEASE_SECONDS": "2"}], indirect=True)
def test_router_killed_mid_delivery_is_taken_over_with_the_same_key(stack: Stack) -> None:
    httpx.post(
        f"{stack.url('fake_crm')}/_fake/script",
        json={"responses": [{"delay": 4.0, "status": 200}]},
        timeout=5,
    )
    stack.start("router-1", "router")
    with closing(connect(stack.data_dir / "hub.sqlite3")) as con:
        lead_id = add_lead(con)
    wait_for(lambda: len(crm(stack)["leads"]) == 1, 20, "the buyer to hold the lead")
    stack.kill("router-1", signal.SIGKILL)
    stack.start("router-2", "router")
    wait_for(lambda: sold(stack, 1), 20, "the lead to be sold by the second router")
    got = crm(stack)
    assert got["requests"] == 2 and got["replays"] == 1
    keys = {e["idempotency_key"] for e in got["leads"]}
    with closing(connect(stack.data_dir / "hub.sqlite3")) as con:
        delivery = rows(con, "SELECT id, status FROM deliveries WHERE lead_id = ?", lead_id)
    assert delivery == [{"id": keys.pop(), "status": "delivered"}]
