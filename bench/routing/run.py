"""Routing benchmark: intake through the real collector and delivery through the real router,
each side by side with a bare baseline in the same run.

1. intake   — N leads POSTed to ``/v1/leads`` (collector process, C concurrent clients) vs a
              bare insert of the same rows into SQLite (WAL, synchronous=FULL, one commit each,
              like intake) — leads/s.
2. delivery — the router (one process) drains those N leads to a local fake CRM (another
              process) vs a bare ``httpx`` POST loop of the same payloads to the same CRM —
              deliveries/s.
3. latency  — the router running, leads submitted at a steady rate: submit → delivered p50/p99.

Usage: ``.venv/bin/python bench/routing/run.py [--leads 2000] [--concurrency 16] [--workers 1]
[--routers 1]`` (``--workers``: the collector's worker processes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.routing.loadgen import post_leads
from hub.phones import normalise

SECRET = "whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI="
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(url)


class Procs:
    def __init__(self, data: Path) -> None:
        self.ports = {"collector": free_port(), "crm": free_port()}
        self.data = data
        self.env = {
            **os.environ,
            "LEADHUB_DATA_DIR": str(data),
            "LEADHUB_ALLOW_PRIVATE_NETWORK": "1",  # the fake CRM is on loopback; leads stay real
            "LEADHUB_COLLECTOR_PORT": str(self.ports["collector"]),
            "LEADHUB_RATE_LIMIT_IP_REQUESTS": "0",  # measure intake, not the per-IP limiter
            "LEADHUB_LEAD_MIN_SUBMIT_SECONDS": "0",
        }
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def cli(self, *args: str) -> str:
        cmd = [sys.executable, "-m", "leadhub.cli", *args]
        return subprocess.run(
            cmd, env=self.env, cwd=REPO, check=True, capture_output=True
        ).stdout.decode()

    def start(self, name: str, *args: str) -> None:
        log = (self.data / f"{name}.log").open("ab")
        cmd = [sys.executable, "-m", "leadhub.cli", *args]
        self.running[name] = subprocess.Popen(
            cmd,
            env=self.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def cpu_seconds(self, name: str) -> float:
        """User + system CPU time so far of a running process and its live children (the
        collector's workers and roller), from Linux /proc."""
        stats: dict[int, tuple[int, float]] = {}  # pid: (parent, cpu seconds)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks = int(fields[11]) + int(fields[12])
            stats[int(stat.parent.name)] = (int(fields[1]), ticks / os.sysconf("SC_CLK_TCK"))
        tree, total = {self.running[name].pid}, 0.0
        for pid in sorted(stats):  # children have larger pids than their parent here
            parent, cpu = stats[pid]
            if pid in tree or parent in tree:
                tree.add(pid)
                total += cpu
        return total

    def stop(self, name: str) -> None:
        proc = self.running.pop(name)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)


def valid_phone(i: int) -> str:
    """The i-th distinct French mobile number that intake classes as valid."""
    k = i
    while True:
        national = f"06{(k * 7_919_113 + 12_345_679) % 100_000_000:08d}"
        if normalise(national).cls == "valid":
            return national
        k += 10_000_000  # another number, never one of the first ten million indexes


def lead_body(i: int) -> dict[str, Any]:
    return {
        "form_key": "fm_solaire_demo",
        "first_name": "Jeanne",
        "last_name": f"Martin{i}",
        "phone": valid_phone(i),
        "postal_code": "13001",
        "city": "Marseille",
        "email": f"jeanne{i}@example.org",
        "consent": True,
        "session_id": f"bench-{i}",
    }


def bare_insert(path: Path, bodies: list[dict[str, Any]]) -> float:
    """The same rows into a bare SQLite table, one committed transaction each."""
    with closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute(
            "CREATE TABLE leads (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at TEXT)"
        )
        t0 = time.perf_counter()
        for body in bodies:
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "INSERT INTO leads (body, created_at) VALUES (?, ?)",
                (json.dumps(body), datetime.now().isoformat()),
            )
            con.execute("COMMIT")
        return time.perf_counter() - t0


def hub_counts(hub: Path) -> tuple[int, list[tuple[str, str]]]:
    with closing(sqlite3.connect(f"file:{hub}?mode=ro", uri=True, timeout=30)) as con:
        done = con.execute("SELECT count(*) FROM deliveries WHERE status = 'delivered'").fetchone()[
            0
        ]
        rows = con.execute(
            "SELECT lead_id, delivered_at FROM deliveries WHERE status = 'delivered'"
        ).fetchall()
    return int(done), [(str(a), str(b)) for a, b in rows]


def wait_delivered(hub: Path, n: int, timeout: float = 120.0) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if hub_counts(hub)[0] >= n:
            return time.perf_counter() - t0
        time.sleep(0.05)
    raise TimeoutError(f"{hub_counts(hub)[0]}/{n} delivered after {timeout}s")


def bare_posts(url: str, bodies: list[dict[str, Any]]) -> float:
    with httpx.Client(timeout=10) as client:
        t0 = time.perf_counter()
        for i, body in enumerate(bodies):
            client.post(url, json=body, headers={"Idempotency-Key": f"bare-{i}"}).raise_for_status()
        return time.perf_counter() - t0


def show(phase: str, ours: str, rate: float, unit: str, bare: str, bare_rate: float) -> None:
    print(
        f"{phase:8s} {ours} {rate:7.0f} {unit}   {bare} {bare_rate:7.0f}/s"
        f"   ratio {rate / bare_rate:.2f}",
        flush=True,
    )


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rate", type=float, default=100.0, help="latency phase, leads/s")
    parser.add_argument("--seconds", type=float, default=5.0, help="latency phase length")
    parser.add_argument("--routers", type=int, default=1, help="router processes")
    parser.add_argument("--workers", type=int, default=1, help="collector workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-routing-") as tmp:
        data = Path(tmp) / "data"
        procs = Procs(data)
        procs.env["LEADHUB_COLLECTOR_WORKERS"] = str(args.workers)
        crm = f"http://127.0.0.1:{procs.ports['crm']}"
        try:
            procs.cli(
                "seed", "demo", "--json", "--buyer-url", f"{crm}/leads", "--buyer-secret", SECRET
            )
            procs.start("fake-crm", "fake-crm", "--port", str(procs.ports["crm"]))
            procs.start("collector", "collector")
            collector = f"http://127.0.0.1:{procs.ports['collector']}"
            wait_http(f"{crm}/_fake/received")
            wait_http(f"{collector}/health")
            hub = data / "hub.sqlite3"
            with closing(sqlite3.connect(hub)) as con:  # no cap stops the bench
                con.execute(
                    "UPDATE commandes SET daily_cap = NULL, weekly_cap = NULL, monthly_cap = NULL"
                )
                con.commit()
            bodies = [lead_body(i) for i in range(args.leads)]
            n = len(bodies)

            cpu0, own0 = procs.cpu_seconds("collector"), time.process_time()
            t0 = time.perf_counter()
            posted = asyncio.run(post_leads(f"{collector}/v1/leads", bodies, args.concurrency))
            intake_s = time.perf_counter() - t0
            cpu, own = procs.cpu_seconds("collector") - cpu0, time.process_time() - own0
            bare_s = bare_insert(Path(tmp) / "bare.sqlite3", bodies)
            show("intake", "collector", n / intake_s, "leads/s", "bare SQLite insert", n / bare_s)
            print(
                f"         collector CPU {cpu / n * 1000:.2f} ms per lead"
                f" ({args.workers} worker(s)), this bench's client {own / n * 1000:.2f} ms;"
                f" answer p50 {pct(posted.ms, 50):.1f} ms p99 {pct(posted.ms, 99):.1f} ms"
                f" ({args.concurrency} connections)"
            )

            for r in range(args.routers):
                procs.start(f"router-{r}", "router")
            drain_s = wait_delivered(hub, n)
            cpu = sum(procs.cpu_seconds(f"router-{r}") for r in range(args.routers))
            loop_s = bare_posts(f"{crm}/bare", bodies)
            show("delivery", "router", n / drain_s, "deliv/s", "bare httpx POST loop", n / loop_s)
            per_lead = cpu / n * 1000
            print(
                f"         router CPU {per_lead:.1f} ms per lead routed and delivered (incl. start)"
            )

            steady = [lead_body(n + i) for i in range(int(args.rate * args.seconds))]
            sent: dict[str, float] = {}
            t_start = time.time()
            for i, body in enumerate(steady):
                time.sleep(max(0.0, t_start + i / args.rate - time.time()))
                sent.update(asyncio.run(post_leads(f"{collector}/v1/leads", [body], 1)).sent)
            wait_delivered(hub, n + len(steady))
            delivered = dict(hub_counts(hub)[1])
            ms = [
                (datetime.fromisoformat(delivered[k]).timestamp() - t) * 1000
                for k, t in sent.items()
            ]
            print(
                f"latency  submit->delivered at {args.rate:.0f} leads/s (n={len(ms)}):"
                f" p50 {pct(ms, 50):.0f} ms  p99 {pct(ms, 99):.0f} ms  max {max(ms):.0f} ms"
                f"  mean {statistics.mean(ms):.0f} ms"
            )
        except Exception:
            with closing(sqlite3.connect(data / "hub.sqlite3")) as con:
                why = "SELECT reason, count(*) FROM routing_decisions GROUP BY 1 ORDER BY 2 DESC"
                print("routing decisions:", con.execute(why).fetchall()[:8])
            for name in ("router-0", "collector", "fake-crm"):
                log = data / f"{name}.log"
                if log.exists():
                    print(f"--- {name}.log", log.read_text(errors="replace")[-3000:], sep="\n")
            raise
        finally:
            procs.stop_all()


if __name__ == "__main__":
    main()
