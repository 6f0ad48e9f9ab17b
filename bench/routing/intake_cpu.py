"""Intake CPU per lead, in-process (not wall time: meant for a shared machine).

Two measures on a seeded demo hub in a temporary directory, the same bodies as
``bench/routing/run.py``:
1. ``intake()`` called directly (validation, checks, the lead's write transaction): the CPU of
   the intake's own work per lead, with ``--profile`` a cProfile of it;
2. ``POST /v1/leads`` through the real Litestar app (``TestClient``, in this process): the
   whole request's CPU per lead, the test client's own work included;
3. ``GET /health`` the same way: what the app and the test client cost around any handler.

Usage: ``PYTHONPATH=. .venv/bin/python bench/routing/intake_cpu.py [--leads 500] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from bench.routing.run import SECRET, lead_body
from hub.db import open_hub
from hub.settings import load_settings
from ingest.app import create_app
from ingest.auth import KeyGuard
from ingest.intake.flow import intake
from ingest.intake.store import Client
from ingest.intake.submission import Submission
from leadhub.demo.seed import seed_demo


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-intake-cpu-") as tmp:
        settings = load_settings(
            data_dir=Path(tmp) / "data",
            allow_private_network=True,
            rate_limit_ip_requests=0,
            lead_min_submit_seconds=0,
        )
        settings.ensure_dirs()
        con = open_hub(settings.hub_db)
        seed_demo(con, settings, buyer_secret=SECRET)
        app = create_app(settings)
        n = args.leads
        bodies = [lead_body(i) for i in range(2 * n)]  # phone search: outside the measure
        logging.getLogger("httpx").setLevel(logging.WARNING)
        with TestClient(app) as http:
            state: Any = app.state
            guard = KeyGuard(state.key_guard, "127.0.0.1", state)
            client = Client("127.0.0.1", "bench")
            profiler = cProfile.Profile(time.process_time) if args.profile else None
            cpu0 = time.process_time()
            if profiler:
                profiler.enable()
            for i in range(n):
                answer, _ = intake(con, settings, Submission(bodies[i]), client, {}, guard)
                assert answer.status_code == 201, answer.body
            if profiler:
                profiler.disable()
            direct = time.process_time() - cpu0
            cpu0 = time.process_time()
            for i in range(n, 2 * n):
                r = http.post("/v1/leads", json=bodies[i])
                assert r.status_code == 201, r.text
            whole = time.process_time() - cpu0
            cpu0 = time.process_time()
            for _ in range(n):
                assert http.get("/health").status_code == 200
            bare = time.process_time() - cpu0
        print(f"intake() CPU {direct / n * 1000:.2f} ms per lead ({n} leads, shared machine)")
        print(f"POST /v1/leads CPU {whole / n * 1000:.2f} ms per lead (test client included)")
        print(f"GET /health CPU {bare / n * 1000:.2f} ms per request (same app and test client)")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
