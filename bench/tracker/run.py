"""The tracker's size, and the redirect endpoint vs a bare Litestar redirect, in one run.

1. Size of ``/t.js`` as served (the minified build) and gzipped, next to the readable source
   and the design's 6 KB aim.
2. ``GET /r/{link_key}`` on the real ``leadhub collector`` (link lookup, a ``cta_click`` through
   the fsynced spool, ``302`` with ids and UTM carried) and on a bare Litestar app answering the
   same ``302`` with nothing behind it, with the same uvicorn options and workers, side by side
   under ``wrk`` (C, one thread, keep-alive). Prints requests/s, p50/p99 and the ratio, then
   checks that every click answered ``302`` is in the lake.

    .venv/bin/python bench/tracker/run.py [--workers 1] [--seconds 8] [--connections 16]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from bench.collector.run import group_peak_rss_mb, lake_rows, start, stop  # noqa: E402
from bench.collector.run import run_wrk as run_wrk_events  # noqa: E402
from ingest.collect.tracker import STATIC_DIR, load_tracker  # noqa: E402
from tests.e2e.procs import free_port, wait_for  # noqa: E402

UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"  # noqa: E501
PATH = "/r/lk_solaire_demo?utm_source=google&utm_campaign=hiver"
LUA = """
wrk.headers["User-Agent"] = "UA"
wrk.headers["Referer"] = "https://lp.example.fr/solaire/"
done = function(summary, latency, requests)
  io.write(string.format(
    'JSON{"requests":%d,"duration_us":%d,"bad":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def sizes() -> None:
    script = load_tracker()
    source = (STATIC_DIR / "t.js").read_bytes()
    print(f"t.js source {len(source)} B; served ({'minified' if script.minified else 'SOURCE'})")
    print(
        f"  minified {len(script.body)} B ({len(script.body) / 6144:.0%} of the 6 KB aim), "
        f"gzip -9 {len(gzip.compress(script.body, 9))} B"
    )


def run_wrk(url: str, seconds: int, connections: int, tmp: Path) -> dict[str, float]:
    lua = tmp / "redirect.lua"
    lua.write_text(LUA.replace('"UA"', json.dumps(UA)))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(lua), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads(next(line[4:] for line in out.splitlines() if line.startswith("JSON")))
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "bad": data["bad"],
        "ok": data["requests"] - data["bad"],
        "wrk_cpu": cpu / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    sizes()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing (apt-get install wrk): redirect part skipped")
    tmp = Path(tempfile.mkdtemp(prefix="bench-tracker-"))
    ports = {"bare": free_port(), "collector": free_port()}
    env = {
        **os.environ,
        "LEADHUB_DATA_DIR": str(tmp / "data"),
        "LEADHUB_COLLECTOR_WORKERS": str(args.workers),
        "LEADHUB_TEST_MODE": "0",
        "LEADHUB_RATE_LIMIT_IP_REQUESTS": "1000000000",
        "LEADHUB_RATE_LIMIT_KEY_EVENTS": "1000000000",
        "PYTHONPATH": str(REPO),
    }
    py = sys.executable
    seed = [py, "-m", "leadhub.cli", "seed", "demo", "--json"]
    subprocess.run(seed, env=env, cwd=REPO, check=True, capture_output=True)
    procs = {
        "bare": start(
            [py, "-m", "bench.tracker.bare_redirect"],
            {**env, "LEADHUB_COLLECTOR_PORT": str(ports["bare"])},
            tmp / "bare.log",
        ),
        "collector": start(
            [py, "-m", "leadhub.cli", "collector"],
            {**env, "LEADHUB_COLLECTOR_PORT": str(ports["collector"])},
            tmp / "collector.log",
        ),
    }
    results: dict[str, dict[str, float]] = {}
    try:
        for name, port in ports.items():
            wait_for(ready(f"http://127.0.0.1:{port}{PATH}"), 60, f"{name} on port {port}")
        for name in ("bare", "collector"):
            results[name] = run_wrk(
                f"http://127.0.0.1:{ports[name]}{PATH}", args.seconds, args.connections, tmp
            )
            time.sleep(1)
        # For scale: the same collector taking one event per POST /v1/events (the tracker's way).
        single = run_wrk_events(
            f"http://127.0.0.1:{ports['collector']}", 1, args.seconds, args.connections, tmp
        )
        results["events"] = {
            "rps": single.rps,
            "p50": single.p50_ms,
            "p99": single.p99_ms,
            "bad": single.bad,
            "ok": single.ok_requests,
            "wrk_cpu": single.client_cpu,
        }
        rss = {name: group_peak_rss_mb(proc.pid) for name, proc in procs.items()}
    finally:
        for proc in procs.values():
            stop(proc)
    report(results, rss, args)
    stored = lake_rows(tmp / "data")
    answered = int(results["collector"]["ok"] + results["events"]["ok"]) + 1  # + the probe
    # wrk stops counting with requests in flight: those are stored but not counted.
    verdict = "OK" if answered <= stored <= answered + 2 * args.connections else "MISMATCH"
    print(f"lake check: {stored} events in the lake, {answered} answered 302/202: {verdict}")
    shutil.rmtree(tmp, ignore_errors=True)


def ready(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(url, headers={"user-agent": UA}).status_code == 302


def report(
    results: dict[str, dict[str, float]], rss: dict[str, float], args: argparse.Namespace
) -> None:
    print(
        f"\nGET /r/{{link_key}}: collector vs bare Litestar 302, {args.workers} worker(s), "
        f"wrk -t1 -c{args.connections} -d{args.seconds}s, {os.cpu_count()} CPUs"
    )
    print(f"{'target':<36} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'bad':>4} {'wrk CPU':>7}")
    labels = {
        "bare": "bare Litestar GET /r/ (302)",
        "collector": "collector GET /r/ (click + 302)",
        "events": "collector POST /v1/events (1 event)",
    }
    for name, r in results.items():
        print(
            f"{labels[name]:<36} {r['rps']:>7.0f} {r['p50']:>7.2f} {r['p99']:>7.2f} "
            f"{r['bad']:>4.0f} {r['wrk_cpu']:>6.0%}"
        )
    bare, coll, single = results["bare"], results["collector"], results["events"]
    print(
        f"ratio collector/bare: req/s {coll['rps'] / bare['rps']:.0%}, "
        f"p50 {coll['p50'] / bare['p50']:.1f}x, p99 {coll['p99'] / bare['p99']:.1f}x; "
        f"redirect vs one event per POST: req/s {coll['rps'] / single['rps']:.0%}"
    )
    print(f"peak RSS: bare {rss['bare']:.0f} MB, collector {rss['collector']:.0f} MB")


if __name__ == "__main__":
    main()
