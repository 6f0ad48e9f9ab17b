"""kill -9 of the collector mid-stream: every event it acknowledged is in the lake exactly once.

A client thread streams single events and batches of 20 to a real 2-worker collector and records
which got 202. The collector's process group is SIGKILLed mid-stream and restarted; the client
then retries what it never saw acknowledged (as a tracker does, same event ids). The restarted
collector rolls the dead workers' orphaned segments; the lake must hold each acknowledged
event_id exactly once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from ingest.collect.roller_status import read_status
from tests.e2e.procs import Stack, wait_for

pytestmark = pytest.mark.e2e

KEYS = ("lp_solaire_demo", "fm_solaire_demo", "lp_pac_demo")
# Not test mode: an HTTP library's user agent would be quarantined as a bot.
BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}


def new_event(n: int) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "type": "page_view",
        "key": KEYS[n % 3],
        "visitor_id": f"v{n % 50}",
        "session_id": f"s{n % 80}",
        "ts": int(time.time() * 1000),
    }


class Client:
    """Streams events; remembers acknowledged ids and the events it must retry."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.acked: set[str] = set()
        self.unacked: list[dict[str, Any]] = []
        self.errors = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def send(self, http: httpx.Client, events: list[dict[str, Any]], n: int) -> None:
        body: Any = events[0] if len(events) == 1 else {"events": events}
        try:
            if n % 2:  # sendBeacon style
                r = http.post(
                    "/v1/events",
                    content=httpx.Request("POST", "/", json=body).content,
                    headers={"content-type": "text/plain;charset=UTF-8"},
                )
            else:
                r = http.post("/v1/events", json=body)
            ok = r.status_code == 202 and r.json()["accepted"] == len(events)
        except httpx.HTTPError:
            ok = False
        with self.lock:
            if ok:
                self.acked.update(e["event_id"] for e in events)
            else:
                self.errors += 1
                self.unacked.extend(events)

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=5, headers=BROWSER) as http:
            n = 0
            while not self.stop.is_set():
                n += 1
                with self.lock:  # a tracker resends what failed first, with the same ids
                    retry, self.unacked = self.unacked[:20], self.unacked[20:]
                events = retry or [new_event(n + i) for i in range(1 if n % 3 == 0 else 20)]
                self.send(http, events, n)
                if retry and self.unacked:
                    time.sleep(0.1)  # collector down: back off

    def count(self) -> int:
        with self.lock:
            return len(self.acked)


def lake_counts(data_dir: Path) -> dict[str, int]:
    files = sorted(str(p) for p in (data_dir / "lake/raw/events").glob("date=*/*.parquet"))
    if not files:
        return {}
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT event_id, count(*) FROM read_parquet(?) GROUP BY event_id", [files]
        ).fetchall()
    return {event_id: int(n) for event_id, n in rows}


def crash_stack(data_dir: Path) -> Stack:
    return Stack.create(
        data_dir,
        LEADHUB_COLLECTOR_WORKERS="2",
        LEADHUB_SPOOL_ROLL_SECONDS="0.5",
        LEADHUB_TEST_MODE="0",
        LEADHUB_ALLOW_PRIVATE_NETWORK="0",
    )


def retry_unacked(stack: Stack, clients: list[Client]) -> set[str]:
    """A tracker retries what was not acknowledged, with the same event ids; every acked id."""
    with httpx.Client(base_url=stack.url("collector"), timeout=10, headers=BROWSER) as http:
        for client in clients:
            pending, client.unacked = client.unacked, []
            for start in range(0, len(pending), 20):
                client.send(http, pending[start : start + 20], 0)
            assert not client.unacked, "retries after the restart must all be acknowledged"
    return set().union(*(c.acked for c in clients))


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_acknowledged_events_survive_kill_9(tmp_path: Path) -> None:
    stack = crash_stack(tmp_path / "crash")
    stack.cli("seed", "demo", "--json")
    health = f"{stack.url('collector')}/health"
    spool = stack.data_dir / "spool"
    clients = [Client(stack.url("collector")) for _ in range(2)]  # two connections, two workers
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]

    def acked_count() -> int:
        return sum(c.count() for c in clients)

    try:
        stack.start("collector", "collector", ready=health)
        for thread in threads:
            thread.start()
        wait_for(lambda: acked_count() >= 2000, 60, "2000 acknowledged events")
        # Kill while events are flowing (a loaded machine can stall the clients long enough for
        # every segment to roll, and then there is nothing open to kill mid-write).
        flowing = acked_count()
        wait_for(lambda: acked_count() > flowing + 20, 30, "events still flowing")
        stack.kill("collector", signal.SIGKILL)
        orphans = sorted(spool.glob("seg-*.open"))
        acked_before_kill = acked_count()
        assert orphans, "the kill should leave live segments behind"

        stack.start("collector", "collector", ready=health)
        wait_for(lambda: acked_count() >= acked_before_kill + 500, 60, "traffic after restart")
        for client, thread in zip(clients, threads, strict=True):
            client.stop.set()
            thread.join(10)
        acked = retry_unacked(stack, clients)

        wait_for(lambda: acked <= lake_counts(stack.data_dir).keys(), 60, "acked events rolled")
        counts = lake_counts(stack.data_dir)
        assert {eid for eid in acked if counts.get(eid, 0) != 1} == set()
        assert max(counts.values()) == 1  # no event_id written twice, retries included
        assert not [p for p in orphans if p.exists()]  # the dead workers' segments were rolled
        print(
            f"acked={len(acked)} before_kill={acked_before_kill} orphans={len(orphans)} "
            f"failed_requests={sum(c.errors for c in clients)} lake={len(counts)}"
        )
    finally:
        for client in clients:
            client.stop.set()
        stack.stop_all()


def test_the_roller_process_killed_under_load_is_restarted_and_loses_nothing(
    tmp_path: Path,
) -> None:
    stack = crash_stack(tmp_path / "roller")
    stack.cli("seed", "demo", "--json")
    spool = stack.data_dir / "spool"
    clients = [Client(stack.url("collector")) for _ in range(2)]
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]

    def acked_count() -> int:
        return sum(c.count() for c in clients)

    try:
        stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
        wait_for(lambda: read_status(spool).get("alive") is True, 30, "the roller's status")
        first = int(read_status(spool)["pid"])
        parent = stack.procs["collector"].pid
        workers = [pid for pid in children(parent) if pid != first]
        assert first in children(parent) and len(workers) >= 2
        for thread in threads:
            thread.start()
        wait_for(lambda: acked_count() >= 1000, 60, "1000 acknowledged events")
        os.kill(first, signal.SIGKILL)  # mid-stream: its segment half rolled, or not at all
        wait_for(
            lambda: (
                read_status(spool).get("pid") not in (None, first) and read_status(spool)["alive"]
            ),
            30,
            "a new roller",
        )
        before = acked_count()
        wait_for(lambda: acked_count() >= before + 500, 60, "traffic after the restart")
        for client, thread in zip(clients, threads, strict=True):
            client.stop.set()
            thread.join(10)
        acked = retry_unacked(stack, clients)

        wait_for(lambda: acked <= lake_counts(stack.data_dir).keys(), 60, "acked events rolled")
        counts = lake_counts(stack.data_dir)
        assert {eid for eid in acked if counts.get(eid, 0) != 1} == set()
        assert max(counts.values()) == 1
        # The request workers never loaded what the roller needs (pyarrow, numpy, DuckDB,
        # ua-parser's Rust resolver: decision 0068).
        for pid in workers:
            maps = Path(f"/proc/{pid}/maps").read_text()
            libs = ("pyarrow", "numpy", "duckdb", "ua_parser")
            assert not [lib for lib in libs if lib in maps], pid
        assert "roller.exited" in stack.log("collector")
        print(
            f"acked={len(acked)} lake={len(counts)} roller {first} -> {read_status(spool)['pid']}"
        )
    finally:
        for client in clients:
            client.stop.set()
        stack.stop_all()
