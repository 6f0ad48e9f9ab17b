"""Router CPU per lead, in-process (not wall time: meant for a shared machine).

Seeds a demo hub in a temporary directory, queues N leads as intake does (lead + ``route``
outbox row in one transaction), starts the fake CRM in its own process (its signature checks
are not ours), then runs the router in this process until idle and reports the process CPU
(user + system, ``time.process_time``) per lead routed and delivered. ``--profile`` adds a
cProfile of the same run (slower; the per-function split is what it is for).

Usage: ``PYTHONPATH=. .venv/bin/python bench/routing/cpu.py [--leads 500] [--threads 4]
[--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import routing.worker
from bench.routing.run import SECRET, free_port, wait_http
from hub.db import open_hub
from hub.settings import load_settings
from leadhub.demo.seed import seed_demo
from routing import claims, deliver
from routing.claims import Job
from routing.worker import Worker, run_until_idle
from tests.integration.test_routing_support import add_lead, phone

REPO = Path(__file__).resolve().parents[2]


class Split:
    """Thread CPU spent in the router's steps (the wrapped functions do not nest)."""

    def __init__(self) -> None:
        self.cpu: Counter[str] = Counter()
        self.lock = threading.Lock()

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.thread_time() - t0
                with self.lock:
                    self.cpu[name] += spent

        return timed

    def install(self) -> None:
        routing.worker.route_lead = self.wrap(
            "route (select, reserve, write)", routing.worker.route_lead
        )
        claims.claim = self.wrap("claim", claims.claim)
        deliver.WalSync.sync = self.wrap("WAL fsync", deliver.WalSync.sync)  # type: ignore[method-assign]
        deliver.Deliverer._call = self.wrap("sign + HTTP POST", deliver.Deliverer._call)  # type: ignore[method-assign]
        deliver.Deliverer._settle = self.wrap("settle", deliver.Deliverer._settle)  # type: ignore[method-assign]


class ThreadProfiles:
    """cProfile follows one thread: one profiler per router thread, merged at the end."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.all: list[cProfile.Profile] = []
        self.lock = threading.Lock()

    def wrap(self, handle: Callable[[Worker, Job], None]) -> Callable[[Worker, Job], None]:
        def profiled(worker: Worker, job: Job) -> None:
            prof = getattr(self.local, "prof", None)
            if prof is None:
                prof = self.local.prof = cProfile.Profile(time.thread_time)
                with self.lock:
                    self.all.append(prof)
            prof.enable()
            try:
                handle(worker, job)
            finally:
                prof.disable()

        return profiled

    def stats(self, main: cProfile.Profile) -> pstats.Stats:
        out = pstats.Stats(main)
        for prof in self.all:
            out.add(prof)
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=500)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-router-cpu-") as tmp:
        port = free_port()
        crm = subprocess.Popen(
            [sys.executable, "-m", "leadhub.cli", "fake-crm", "--port", str(port)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_http(f"http://127.0.0.1:{port}/_fake/received")
            settings = load_settings(data_dir=Path(tmp) / "data", allow_private_network=True)
            settings.ensure_dirs()
            con = open_hub(settings.hub_db)
            seed_demo(
                con, settings, buyer_url=f"http://127.0.0.1:{port}/leads", buyer_secret=SECRET
            )
            con.execute(  # no cap stops the run
                "UPDATE commandes SET daily_cap = NULL, weekly_cap = NULL, monthly_cap = NULL"
            )
            for i in range(args.leads):
                add_lead(con, phone_e164=phone(i))
            con.close()
            split = Split()
            split.install()
            profiler = cProfile.Profile(time.thread_time) if args.profile else None
            threads = ThreadProfiles()
            if profiler:
                Worker._handle = threads.wrap(Worker._handle)  # type: ignore[method-assign]
            cpu0, wall0 = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            stats = run_until_idle(settings, threads=args.threads, horizon=0.5, timeout=600)
            if profiler:
                profiler.disable()
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            print(dict(stats))
            print(
                f"router CPU {cpu / args.leads * 1000:.2f} ms per lead"
                f" ({args.leads} leads, {args.threads} threads, wall {wall:.1f} s, shared machine)"
            )
            for name, spent in split.cpu.most_common():
                print(f"  {name:32s} {spent / args.leads * 1000:6.2f} ms per lead (thread CPU)")
            if profiler:
                threads.stats(profiler).sort_stats("cumulative").print_stats(args.top)
        finally:
            crm.terminate()
            crm.wait(10)


if __name__ == "__main__":
    main()
