"""Collector vs bare Litestar apps, side by side in one run: single events and batches of 20.

All servers run with the same uvicorn options (``ingest.server.run_server``: uvloop,
httptools, same workers, one socket per worker, no access log) on free loopback ports; the
collector is the real ``leadhub collector`` (durable spool, key resolution, origin/bot checks,
UA parsing, shared rate limits set high enough never to refuse, metrics, roller writing
Parquet). Two baselines: a bare ``@post`` handler (Litestar's usual way) and a bare ``@asgi``
handler (the way the collector's events route is written). The load generator is ``wrk`` (C,
one thread, keep-alive connections, a Lua script sending events shaped like ``t.js``'s, each
with a unique id); its own CPU use is printed, to show it is not the bottleneck. After each
collector run, the time the roller takes to roll everything is printed too.

    .venv/bin/python bench/collector/run.py [--workers 2] [--seconds 10] [--connections 32]

Prints requests/s, events/s, p50/p99 latency, the server's CPU per request (all its processes,
the roller's drain included: less sensitive than req/s to what else the machine runs) and peak
RSS (VmHWM, summed and per process) for each, and the collector/bare ratios. Needs ``wrk``
(Debian: ``apt-get install wrk``). After the run, it checks that every event answered 202 by
the collector is in the lake.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.e2e.procs import free_port, wait_for  # noqa: E402

PROBE = {"event_id": "warmup", "type": "page_view", "key": "lp_solaire_demo"}
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"  # noqa: E501
LUA = """
local counter = 0
local prefix = "PREFIX-"
local batch = BATCH
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["User-Agent"] = "UA"
-- what t.js sends: ISO times (ts, sent_at), consent, empty props and referrer, ids, UTM
local function event()
  counter = counter + 1
  local now = os.date("!%Y-%m-%dT%H:%M:%S.000Z")
  return '{"event_id":"b' .. prefix .. counter .. '","type":"page_view","key":"lp_solaire_demo",'
    .. '"ts":"' .. now .. '","url":"https://lp.example/solaire/?utm_source=google",'
    .. '"referrer":"","props":{},"utm_source":"google","utm_campaign":"hiver",'
    .. '"consent":true,"visitor_id":"v' .. (counter % 997) .. '","session_id":"s'
    .. (counter % 1999) .. '","sent_at":"' .. now .. '"}'
end
request = function()
  if batch == 1 then
    return wrk.format(nil, "/v1/events", nil, event())
  end
  local parts = {}
  for i = 1, batch do parts[i] = event() end
  return wrk.format(nil, "/v1/events", nil, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
done = function(summary, latency, requests)
  io.write(string.format(
    'JSON{"requests":%d,"duration_us":%d,"non2xx":%d,"errors":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Result:
    target: str
    batch: int
    rps: float
    eps: float
    p50_ms: float
    p99_ms: float
    bad: int
    client_cpu: float
    ok_requests: int
    drain_s: float | None = None  # after the run, until the roller had rolled every event
    server_cpu_us: float = 0.0  # the server's CPU per request (workers, and the roller's drain)


TARGETS = ("bare", "bare_asgi", "collector")


def metric(text: str, name: str) -> float:
    line = next((ln for ln in text.splitlines() if ln.startswith(name + " ")), f"{name} 0")
    return float(line.split()[-1])


def drain_seconds(url: str, timeout: float = 300) -> float:
    """Seconds from the end of a run until the roller has rolled every accepted event (the
    spool absorbs a burst; the roller, below the workers' priority, catches up after it)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        text = httpx.get(f"{url}/metrics", timeout=10).text
        rolled = metric(text, "leadhub_lake_events_rolled_total")
        rolled += metric(text, "leadhub_lake_duplicates_dropped_total")
        if rolled >= metric(text, "leadhub_events_accepted_total"):
            return time.monotonic() - started
        time.sleep(0.2)
    return float("nan")


def accepts(url: str) -> bool:
    return httpx.post(url, json=PROBE, headers={"user-agent": UA}).status_code == 202


def group(leader: int) -> list[Path]:
    """The ``/proc`` entries of every process of the leader's process group."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[2]) == leader:
            found.append(entry)
    return found


def peak_rss_mb(leader: int) -> dict[str, float]:
    """VmHWM (peak resident) of each process of the leader's group, by a short name."""
    peaks: dict[str, float] = {}
    for entry in group(leader):
        try:
            status = (entry / "status").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        hwm = next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:")), 0)
        kind = "roller" if "roller_process" in cmd else "worker" if "spawn_main" in cmd else None
        kind = kind or ("tracker" if "resource_tracker" in cmd else "main")
        name = kind if kind not in peaks else f"{kind}{sum(k.startswith(kind) for k in peaks) + 1}"
        peaks[name] = hwm / 1024
    return peaks


def group_cpu_seconds(leader: int) -> float:
    """User + system CPU used so far by the processes of the leader's group."""
    total = 0
    for entry in group(leader):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            cmd, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def run_wrk(url: str, batch: int, seconds: int, connections: int, scripts: Path) -> Result:
    script = scripts / f"batch{batch}.lua"
    lua = LUA.replace("BATCH", str(batch)).replace("PREFIX", f"{time.time_ns():x}")
    script.write_text(lua.replace('"UA"', json.dumps(UA)))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads(next(line[4:] for line in out.splitlines() if line.startswith("JSON")))
    rps = data["requests"] / (data["duration_us"] / 1e6)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / seconds
    return Result(
        "",
        batch,
        rps,
        rps * batch,
        data["p50_us"] / 1000,
        data["p99_us"] / 1000,
        data["non2xx"] + data["errors"],
        cpu,
        data["requests"] - data["non2xx"],
    )


def lake_check(data_dir: Path) -> tuple[int, int]:
    """(rows, distinct event ids) in the lake, after rolling what the shutdown left behind."""
    import duckdb

    from hub.settings import load_settings
    from ingest.collect.roller import DedupeIndex, roll_pending

    settings = load_settings(data_dir=data_dir)
    dedupe = DedupeIndex(settings.spool_dir / "dedupe.sqlite3")
    roll_pending(settings, dedupe)
    dedupe.close()
    files = [str(p) for p in settings.raw_dir.glob("date=*/*.parquet")]
    with duckdb.connect() as con:
        sql = "SELECT count(*), count(DISTINCT event_id) FROM read_parquet(?)"
        rows, distinct = con.execute(sql, [files]).fetchall()[0]
    return int(rows), int(distinct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3, help="Runs per case; medians shown.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="bench-collector-"))
    ports = {"collector": free_port(), "bare": free_port(), "bare_asgi": free_port()}
    env = dict(os.environ)
    env.update(
        {
            "LEADHUB_DATA_DIR": str(tmp / "data"),
            "LEADHUB_COLLECTOR_WORKERS": str(args.workers),
            "LEADHUB_TEST_MODE": "0",
            "LEADHUB_RATE_LIMIT_IP_REQUESTS": "1000000000",  # exercised, never refusing
            "LEADHUB_RATE_LIMIT_KEY_EVENTS": "1000000000",
            "PYTHONPATH": str(REPO),
        }
    )
    py = sys.executable
    seed = [py, "-m", "leadhub.cli", "seed", "demo", "--json"]
    subprocess.run(seed, env=env, cwd=REPO, check=True, capture_output=True)
    procs = {
        "bare": start(
            [py, "-m", "bench.collector.bare_app"],
            {**env, "LEADHUB_COLLECTOR_PORT": str(ports["bare"])},
            tmp / "bare.log",
        ),
        "bare_asgi": start(
            [py, "-m", "bench.collector.bare_app", "asgi"],
            {**env, "LEADHUB_COLLECTOR_PORT": str(ports["bare_asgi"])},
            tmp / "bare_asgi.log",
        ),
        "collector": start(
            [py, "-m", "leadhub.cli", "collector"],
            {**env, "LEADHUB_COLLECTOR_PORT": str(ports["collector"])},
            tmp / "collector.log",
        ),
    }
    results: list[Result] = []
    accepted_events = 0
    try:
        for name, port in ports.items():
            url = f"http://127.0.0.1:{port}/v1/events"
            wait_for(functools.partial(accepts, url), 60, f"{name} on {url}")
            accepted_events += 1 if name == "collector" else 0
        for _ in range(args.rounds):  # alternate, so both see the same machine load
            for batch in (1, 20):
                for name in TARGETS:
                    url = f"http://127.0.0.1:{ports[name]}"
                    cpu = group_cpu_seconds(procs[name].pid)
                    result = run_wrk(url, batch, args.seconds, args.connections, tmp)
                    result.target = name
                    results.append(result)
                    if name == "collector":
                        accepted_events += result.ok_requests * batch
                        result.drain_s = drain_seconds(url)
                    cpu = group_cpu_seconds(procs[name].pid) - cpu
                    result.server_cpu_us = cpu / max(result.ok_requests, 1) * 1e6
                    time.sleep(1)
        rss = {name: peak_rss_mb(proc.pid) for name, proc in procs.items()}
    finally:
        for proc in procs.values():
            stop(proc)
    report(results, rss, args)
    rows, distinct = lake_check(tmp / "data")
    verdict = "OK" if rows == distinct >= accepted_events else "MISMATCH"
    print(
        f"lake check: {rows} events ({distinct} distinct ids) in the lake, {accepted_events} "
        f"answered 202 as wrk counted (it stops with requests in flight): {verdict}"
    )
    shutil.rmtree(tmp, ignore_errors=True)


def report(
    results: list[Result], rss: dict[str, dict[str, float]], args: argparse.Namespace
) -> None:
    print(
        f"\ncollector vs bare Litestar (@post; and @asgi, as the collector's events route), "
        f"{args.workers} workers, wrk -t1 -c{args.connections} "
        f"-d{args.seconds}s, {os.cpu_count()} CPUs"
    )
    head = f"{'target':<10} {'batch':>5} {'req/s':>9} {'events/s':>10} {'p50 ms':>7} {'p99 ms':>7}"
    head += f" {'non-2xx':>7} {'wrk CPU':>7} {'CPU us/req':>10}"
    print(head + f"   (median of {args.rounds} runs)")
    medians: dict[tuple[str, int], Result] = {}
    for batch in (1, 20):
        for name in TARGETS:
            runs = sorted((r for r in results if (r.target, r.batch) == (name, batch)),
                          key=lambda r: r.rps)  # fmt: skip
            r = medians[name, batch] = runs[len(runs) // 2]
            print(
                f"{r.target:<10} {r.batch:>5} {r.rps:>9.0f} {r.eps:>10.0f} {r.p50_ms:>7.2f} "
                f"{r.p99_ms:>7.2f} {sum(x.bad for x in runs):>7} {r.client_cpu:>6.0%} "
                f"{r.server_cpu_us:>10.0f}"
                f"   all req/s: {', '.join(f'{x.rps:.0f}' for x in runs)}"
                + (f"; roller drained in {r.drain_s:.1f} s" if r.drain_s is not None else "")
            )
    for batch in (1, 20):
        coll = medians["collector", batch]
        for base in ("bare", "bare_asgi"):
            bare = medians[base, batch]
            print(
                f"ratio collector/{base}, batch {batch}: req/s {coll.rps / bare.rps:.0%}, "
                f"p50 {coll.p50_ms / bare.p50_ms:.1f}x, p99 {coll.p99_ms / bare.p99_ms:.1f}x"
            )
    total = {name: sum(peaks.values()) for name, peaks in rss.items()}
    print(
        f"peak RSS (all processes): bare {total['bare']:.0f} MB, bare_asgi "
        f"{total['bare_asgi']:.0f} MB, collector {total['collector']:.0f} MB"
        f" ({total['collector'] / max(total['bare'], 1):.1f}x)"
    )
    for name, peaks in rss.items():
        each = ", ".join(f"{kind} {mb:.0f}" for kind, mb in sorted(peaks.items()))
        print(f"peak RSS per process (MB), {name}: {each}")


if __name__ == "__main__":
    main()
