"""The real multi-worker collector: SIGTERM flushes and exits in time; rate limits and /metrics
hold across its worker processes."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.procs import Stack, wait_for
from tests.e2e.test_collector_crash import BROWSER, lake_counts

pytestmark = pytest.mark.e2e


def new_event(key: str = "lp_solaire_demo") -> dict[str, Any]:
    return {"event_id": str(uuid.uuid4()), "type": "page_view", "key": key}


def start_collector(tmp_path: Path, workers: int, **env: str) -> Stack:
    stack = Stack.create(tmp_path / "stack", LEADHUB_COLLECTOR_WORKERS=str(workers), **env)
    stack.cli("seed", "demo", "--json")
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    return stack


def test_sigterm_flushes_every_acknowledged_event_and_exits_within_10_s(tmp_path: Path) -> None:
    stack = start_collector(tmp_path, 2, LEADHUB_SPOOL_ROLL_SECONDS="30")  # all in the spool
    acked: set[str] = set()
    stop = threading.Event()

    def stream() -> None:
        with httpx.Client(base_url=stack.url("collector"), timeout=5, headers=BROWSER) as http:
            while not stop.is_set():
                batch = [new_event() for _ in range(10)]
                try:
                    r = http.post("/v1/events", json={"events": batch})
                except httpx.HTTPError:
                    continue  # the collector is going away: never acknowledged
                if r.status_code == 202:
                    acked.update(e["event_id"] for e in batch)

    threads = [threading.Thread(target=stream, daemon=True) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        wait_for(lambda: len(acked) >= 1500, 60, "1500 acknowledged events")
        proc = stack.procs.pop("collector")
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)  # to the supervisor only, as systemd or honcho do
        code = proc.wait(15)
        took = time.monotonic() - started
        stop.set()
        for thread in threads:
            thread.join(10)
        assert code == 0 and took < 10, (code, took, stack.log("collector"))
        counts = lake_counts(stack.data_dir)
        assert acked - counts.keys() == set()  # flushed and rolled before exiting
        assert max(counts.values()) == 1
        assert not list((stack.data_dir / "spool").glob("seg-*"))
        print(f"acked={len(acked)} exit_seconds={took:.2f}")
    finally:
        stop.set()
        stack.stop_all()


def metric(text: str, name: str) -> float:
    line = next((ln for ln in text.splitlines() if ln.startswith(name + " ")), f"{name} 0")
    return float(line.split()[-1])


def test_rate_limit_and_metrics_hold_across_three_workers(tmp_path: Path) -> None:
    # A day-long fixed window: a slow run on a loaded machine must not straddle a window edge,
    # which would reset the budget half-way and make the counts below depend on timing.
    stack = start_collector(
        tmp_path, 3, LEADHUB_RATE_LIMIT_IP_REQUESTS="40", LEADHUB_RATE_LIMIT_WINDOW_SECONDS="86400"
    )
    url = stack.url("collector")
    # uvicorn trusts X-Forwarded-For from loopback (a local reverse proxy): one client address.
    headers = {**BROWSER, "x-forwarded-for": "198.51.100.7"}
    try:
        statuses: list[int] = []
        for _ in range(100):  # a new connection each time: spread over the three workers
            with httpx.Client(base_url=url, timeout=10, headers=headers) as http:
                statuses.append(http.post("/v1/events", json=new_event()).status_code)
        assert statuses.count(202) == 40 and statuses.count(429) == 60
        other = httpx.post(f"{url}/v1/events", json=new_event(), headers=BROWSER)
        assert other.status_code == 202  # another address has its own budget
        for _ in range(30):  # scrapes land on various workers: the totals are the same
            r = httpx.get(f"{url}/metrics", timeout=10)
            assert r.status_code == 200
            assert metric(r.text, "leadhub_events_accepted_total") == 41
            assert metric(r.text, 'leadhub_requests_rate_limited_total{limit="ip"}') == 60
            assert metric(r.text, "leadhub_collector_processes") == 4  # 3 workers + the roller
        refused = httpx.get(f"{url}/metrics", headers={"x-forwarded-for": "203.0.113.9"})
        assert refused.status_code == 403  # only loopback clients (or the token)
    finally:
        stack.stop_all()


def _workers(supervisor: int) -> list[int]:
    """The uvicorn worker processes under the ``leadhub collector`` process."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == supervisor and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def _listening(port: int) -> int:
    """Listening sockets on ``port`` (``/proc/net/tcp``: state 0A); a worker listens on its
    socket once its app has started."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(
        1 for ln in lines if ln.split()[1].endswith(f":{port:04X}") and ln.split()[3] == "0A"
    )


def test_connections_are_spread_over_the_workers_even_when_one_is_busy(tmp_path: Path) -> None:
    """Each worker listens on its own SO_REUSEPORT socket (ingest.workers). With one shared
    socket, the worker that is free when connections arrive takes them all and keeps them
    (keep-alive): here one worker is stopped while 32 connections open, and still gets its
    share once it runs again (seen by the spool segment each worker writes, named by pid)."""
    stack = start_collector(tmp_path, 2, LEADHUB_SPOOL_ROLL_SECONDS="60")
    url = stack.url("collector")
    statuses: list[int] = []

    def client() -> None:
        with httpx.Client(base_url=url, timeout=30, headers=BROWSER) as http:
            for _ in range(5):
                statuses.append(http.post("/v1/events", json=new_event()).status_code)

    try:
        workers = _workers(stack.procs["collector"].pid)
        assert len(workers) == 2, workers
        port = int(url.rsplit(":", 1)[1])
        wait_for(lambda: _listening(port) == 2, 30, "both workers listening")
        busy = workers[0]
        os.kill(busy, signal.SIGSTOP)
        try:
            threads = [threading.Thread(target=client) for _ in range(32)]
            for thread in threads:
                thread.start()
            time.sleep(2)
        finally:
            os.kill(busy, signal.SIGCONT)
        for thread in threads:
            thread.join(30)
        assert statuses.count(202) == 160
        writers = {int(path.name.split("-")[2]) for path in stack.data_dir.glob("spool/seg-*")}
        assert writers == set(workers)
    finally:
        stack.stop_all()
