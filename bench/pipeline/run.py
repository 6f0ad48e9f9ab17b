"""The whole warehouse pipeline on realistic traffic vs one bare DuckDB funnel query.

Builds, in a temp data dir, a lake of ``--events`` realistic tracker events (default 10,000,000:
visitors, sessions of several page views, CTA clicks, form starts and submits, UTM sources and
campaigns, A/B variants, devices, skewed client clocks) over ``--days`` Paris days
(``lake/raw/events/date=YYYY-MM-DD/*.parquet``), and a seeded hub (demo world, the bench LPs and
forms, one lead per submit, most of them delivered). Then, side by side in one run:

- project, full rebuild: every lake partition loaded (``warehouse.events.load_partitions``, one
  load per stretch of consecutive days, as ``pipelines.plan`` runs them), the
  hub copied, every model of ``build_order()`` built with its data checks (``ab_tests`` with its
  P(best) fill, ``tracking_health`` with the quarantine), the snapshot published — the Dagster
  assets' code, each step on its own work-DB connection as the assets open it;
- project, incremental: one new minute of events at the evening peak's rate (one new lake
  file, its leads in the hub), then what the sensor triggers: the changed partitions found by
  fingerprint, loaded, the hub copied, every model rebuilt and checked, published;
- floor: the lake's files copied as they are into a DuckDB table (what keeping the events in
  DuckDB costs before anything is deduplicated, dated or built);
- baseline: one bare DuckDB query computing the funnel (visits → CTA → start → submit per day ×
  LP × source) straight from the same Parquet files; its rows are compared with funnel_daily's.

With ``--dagster``, one more new minute is run through ``pipelines.runner.run_once`` (the
assets in-process, Dagster's own run overhead included) after a warm-up minute.

Usage: ``.venv/bin/python bench/pipeline/run.py [--events N] [--days D] [--repeat R] [--dagster]
[--keep DIR]``; ``--keep DIR`` builds in DIR and leaves it there, then
``run.py --reuse DIR [--minutes M]`` only times M more new minutes on it (every stage's seconds),
and ``run.py --reuse DIR --rebuild [--repeat R]`` times the bare query, the floor and a full
rebuild of its warehouse.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.pipeline.traffic import EVENTS_PER_SESSION, HOURS, Target, generate, session_starts
from hub.db import iso, new_id, now_iso, open_hub, transaction
from hub.settings import Settings, load_settings
from leadhub.demo.seed import seed_demo
from pipelines.plan import stretches
from warehouse.ab import build_ab_tests
from warehouse.checks import checks_of
from warehouse.events import load_partitions, loaded_fingerprints, refresh_quarantined_files
from warehouse.hub_copy import copy_hub
from warehouse.lake import lake_fingerprints, partition_dirs
from warehouse.lake_write import write_table
from warehouse.lakeview import quarantine_table
from warehouse.models import build_model, build_order, model_sql
from warehouse.publish import publish_snapshot
from warehouse.sql import load as load_sql
from warehouse.store import DUCKDB_CONFIG, open_work, writer_lock

HERE = Path(__file__).resolve().parent
CHUNK = 250_000  # sessions generated (and written) at a time
LPS = 24  # per entity: solar and heat pump LPs of two sister entities, half running a test
ENTITIES = (("acc_soleil", "PV", "cmd_soleil_pv", "buy_soleil_crm", 3500),
            ("acc_eco", "ITE", "cmd_eco_ite", "buy_eco_crm", 2500))  # fmt: skip
PROJECT_FUNNEL = """
SELECT date, lp_id, source, sum(visits), sum(cta_clicks), sum(form_starts), sum(form_submits)
FROM funnel_daily WHERE lp_id IS NOT NULL GROUP BY ALL
HAVING sum(visits) + sum(cta_clicks) + sum(form_starts) + sum(form_submits) > 0 ORDER BY ALL
"""


def seed_hub(settings: Settings) -> list[Target]:
    con = open_hub(settings.hub_db)
    secret = "whsec_bGVhZGh1Yi1iZW5jaC1waXBlbGluZS0wMDAx"
    seed_demo(con, settings, buyer_secret=secret, password="bench")
    targets = []
    with transaction(con):
        for account, product, *_ in ENTITIES:
            for i in range(LPS):
                lp_id, form_id = new_id("lp"), new_id("frm")
                url = f"https://{account.removeprefix('acc_')}-{i}.bench.fr/"
                variants = ("A", "B") if i % 2 == 0 else ()
                con.execute(
                    "INSERT INTO landing_pages (id, key, account_id, name, url, product_code,"
                    " variants, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (lp_id, f"lp_{lp_id}", account, f"LP {i}", url, product,
                     '["A", "B"]' if variants else "[]", now_iso()),
                )  # fmt: skip
                con.execute(
                    "INSERT INTO forms (id, key, account_id, lp_id, name, url, thank_you_url,"
                    " product_code, consent_version, consent_text, created_at) VALUES"
                    " (?, ?, ?, ?, ?, ?, ?, ?, 'v1', 'ok', ?)",
                    (form_id, f"fm_{form_id}", account, lp_id, f"F {i}", f"{url}form/",
                     f"{url}merci/", product, now_iso()),
                )  # fmt: skip
                targets.append(Target(account, lp_id, f"lp_{lp_id}", url, form_id,
                                      f"fm_{form_id}", variants))  # fmt: skip
    con.close()
    return targets


def add_leads(settings: Settings, events: pa.Table, rng: np.random.Generator) -> int:
    """One hub lead per form_submit (5 % duplicates), 70 % of the others delivered."""
    subs = events.filter(pc.equal(events["type"], "form_submit")).to_pylist()
    entity = {e[0]: e for e in ENTITIES}
    leads, deliveries = [], []
    for row, roll in zip(subs, rng.random(len(subs)), strict=True):
        account, product, commande, buyer, price = entity[str(row["account_id"])]
        lead_id, at = new_id("lead"), iso(row["received_at"])
        status = "duplicate" if roll < 0.05 else "sold" if roll < 0.72 else "unrouted"
        leads.append((lead_id, account, row["form_id"], row["lp_id"], product, status,
                      row["visitor_id"], row["session_id"], row["user_agent"],
                      str(rng.integers(1, 96)).zfill(2), at, at))  # fmt: skip
        if status == "sold":
            deliveries.append((new_id("dlv"), lead_id, buyer, commande, price, at, at, at))
    con = open_hub(settings.hub_db)
    with transaction(con):
        con.executemany(
            "INSERT INTO leads (id, account_id, form_id, lp_id, product_code, status,"
            " phone_class, visitor_id, session_id, user_agent, departement, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, 'valid', ?, ?, ?, ?, ?, ?)",
            leads,
        )
        con.executemany(
            "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
            " attempts, created_at, delivered_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'delivered', 1, ?, ?, ?)",
            deliveries,
        )
    con.close()
    return len(leads)


def write_lake(settings: Settings, events: pa.Table, name: str) -> list[str]:
    day = pc.strftime(events["received_at"].cast(pa.timestamp("us", tz="Europe/Paris")), "%Y-%m-%d")
    days = sorted(str(d) for d in pc.unique(day).to_pylist())
    for d in days:
        write_table(settings, d, events.filter(pc.equal(day, d)), name)
    return days


Step = Callable[[duckdb.DuckDBPyConnection, Settings, Any], None]


def checked(con: duckdb.DuckDBPyConnection, table: str) -> None:
    failed = [c.name for c in checks_of(table) if c.offending(con)]
    if failed:
        raise SystemExit(f"data check(s) failed on {table}: {failed}")


def pipeline(settings: Settings, days: list[str], times: dict[str, float]) -> None:
    """What the Dagster assets run for these partitions then downstream; seconds per stage."""

    def stage(name: str, fn: Step, arg: object) -> None:
        started = time.perf_counter()
        with writer_lock(settings), open_work(settings) as con:
            fn(con, settings, arg)
        times[name] = times.get(name, 0.0) + time.perf_counter() - started

    for first, last in stretches(days):
        stage("load", load, [d for d in days if first <= d <= last])
    stage("hub copy", copy, "deliveries")
    for name in build_order():
        stage(f"model {name}", build, name)
    started = time.perf_counter()
    with writer_lock(settings):
        with open_work(settings) as con:
            refresh_quarantined_files(con, settings)
            con.execute(load_sql("snapshot_info"), ["bench"])
            con.execute("CHECKPOINT")
        publish_snapshot(settings)
    times["publish"] = time.perf_counter() - started


def copy(con: duckdb.DuckDBPyConnection, settings: Settings, checks: str) -> None:
    copy_hub(con, settings)
    checked(con, checks)


def load(con: duckdb.DuckDBPyConnection, settings: Settings, days: list[str]) -> None:
    load_partitions(con, settings, days)
    checked(con, "events")


def build(con: duckdb.DuckDBPyConnection, settings: Settings, name: str) -> None:
    if name == "ab_tests":
        build_ab_tests(con, min_exposures=settings.ab_min_exposures,
                       p_best_threshold=settings.ab_p_best_threshold)  # fmt: skip
    elif name == "tracking_health":
        con.register("quarantine_events", quarantine_table(settings)[0])
        con.execute(model_sql(name))
        con.unregister("quarantine_events")
    else:
        build_model(con, name)
    checked(con, name)


def changed_days(settings: Settings) -> list[str]:
    """The sensor's question: which lake partitions differ from what was loaded."""
    with writer_lock(settings), open_work(settings) as con:
        loaded = loaded_fingerprints(con)
    return sorted(d for d, fp in lake_fingerprints(settings.raw_dir).items() if loaded.get(d) != fp)


def bare(settings: Settings) -> list[tuple[object, ...]]:
    files = sorted(str(p) for p in settings.raw_dir.glob("date=*/*.parquet"))
    with duckdb.connect(config=DUCKDB_CONFIG) as con:
        return con.execute((HERE / "bare_funnel.sql").read_text(), {"files": files}).fetchall()


def copy_floor(settings: Settings, repeat: int) -> float:
    """A floor for any rebuild that keeps the events in DuckDB: the lake's files copied as they
    are into a table of a new DuckDB file (no dedupe, no dates, nothing built), seconds."""

    def copy() -> None:
        files = sorted(str(p) for p in settings.raw_dir.glob("date=*/*.parquet"))
        with (
            tempfile.TemporaryDirectory(dir=settings.data_dir) as tmp,
            duckdb.connect(str(Path(tmp) / "floor.duckdb"), config=DUCKDB_CONFIG) as con,
        ):
            con.execute("CREATE TABLE events AS SELECT * FROM read_parquet($f)", {"f": files})

    return best(copy, repeat)


def project_funnel(settings: Settings) -> list[tuple[object, ...]]:
    with closing(duckdb.connect(str(settings.warehouse_db), read_only=True)) as con:
        return con.execute(PROJECT_FUNNEL).fetchall()


def new_minute(
    settings: Settings, rng: np.random.Generator, targets: list[Target], sessions: int, k: int
) -> pa.Table:
    """A minute of new sessions ending 30 s ago (one new lake file, its leads in the hub)."""
    end = int(time.time() * 1e6) - 30_000_000
    starts = np.sort(rng.integers(end - 30_000_000, end, sessions))
    fresh = generate(rng, targets, starts, k * 10**12, gap_s=5.0)
    write_lake(settings, fresh, f"minute-{k}.parquet")
    add_leads(settings, fresh, rng)
    return fresh


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


STATE = "bench-state.json"  # what --reuse needs of a --keep dir: targets, minute size, k


def save_state(data_dir: Path, targets: list[Target], minute: int, k: int) -> None:
    state = {"targets": [dataclasses.asdict(t) for t in targets], "minute": minute, "k": k}
    (data_dir / STATE).write_text(json.dumps(state))


def load_state(data_dir: Path) -> tuple[list[Target], int, int]:
    state = json.loads((data_dir / STATE).read_text())
    targets = [Target(**{**t, "variants": tuple(t["variants"])}) for t in state["targets"]]
    return targets, int(state["minute"]), int(state["k"])


def timed_minutes(
    settings: Settings, rng: np.random.Generator, targets: list[Target], minute: int, k: int,
    count: int,
) -> tuple[int, list[tuple[float, dict[str, float], list[str], int]]]:  # fmt: skip
    """``count`` new minutes, each run through what the sensor triggers; next k and timings."""
    runs = []
    for _ in range(count):
        fresh = new_minute(settings, rng, targets, minute, k)
        k += 1
        started = time.perf_counter()
        changed = changed_days(settings)
        times: dict[str, float] = {"sensor: changed partitions": time.perf_counter() - started}
        pipeline(settings, changed, times)
        runs.append((sum(times.values()), times, changed, fresh.num_rows))
    return k, runs


def rebuild(settings: Settings, repeat: int) -> None:
    """The bare query and a full rebuild of a ``--keep`` dir's warehouse, side by side."""
    baseline = best(lambda: bare(settings), repeat)
    floor = copy_floor(settings, repeat)
    days = sorted(partition_dirs(settings.raw_dir))
    rebuilds = []
    for _ in range(repeat):
        shutil.rmtree(settings.warehouse_dir)
        times: dict[str, float] = {}
        pipeline(settings, days, times)
        rebuilds.append((sum(times.values()), times))
    full, full_times = min(rebuilds, key=lambda r: r[0])
    print(f"bare: {baseline:.2f}s; full rebuild {full:.2f}s ({full / baseline:.2f}× bare)")
    print(f"floor: the lake copied into a DuckDB table {floor:.2f}s ({floor / baseline:.2f}× bare)")
    for name, seconds in sorted(full_times.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<56}{seconds:>8.2f}")
    agree = bare(settings) == project_funnel(settings)
    print(f"funnel_daily = bare funnel after the rebuild: {agree}")


def reuse(data_dir: Path, minutes: int, seed: int, dagster: bool) -> None:
    """Only new minutes on a data dir built by ``--keep``: every stage's seconds (and with
    ``dagster``, two more through ``run_once``: a warm-up, then one timed)."""
    settings = load_settings(data_dir=data_dir, test_mode=True, allow_private_network=True)
    targets, minute, k = load_state(data_dir)
    rng = np.random.default_rng(seed + k)
    k, runs = timed_minutes(settings, rng, targets, minute, k, minutes)
    if dagster:
        from pipelines.runner import run_once

        for _ in range(2):
            new_minute(settings, rng, targets, minute, k)
            k += 1
            started = time.perf_counter()
            run_once(settings)
            print(f"one new minute via Dagster run_once: {time.perf_counter() - started:.2f}s")
    save_state(data_dir, targets, minute, k)
    for total, times, changed, events in runs:
        print(f"one new minute ({events} events, partitions {changed}): {total:.2f}s")
        for name, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<56}{seconds:>8.2f}")
    agree = bare(settings) == project_funnel(settings)
    print(f"funnel_daily = bare funnel (day × LP × source) after the minutes: {agree}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3, help="bare query and rebuild runs")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--dagster", action="store_true", help="also time run_once's minute")
    parser.add_argument("--keep", type=Path, help="build in this (new) data dir and leave it")
    parser.add_argument("--reuse", type=Path, help="only time new minutes on a --keep dir")
    parser.add_argument("--minutes", type=int, default=2, help="new minutes timed by --reuse")
    parser.add_argument("--rebuild", action="store_true", help="--reuse: time a full rebuild")
    args = parser.parse_args()
    if args.reuse and args.rebuild:
        settings = load_settings(data_dir=args.reuse, test_mode=True, allow_private_network=True)
        rebuild(settings, args.repeat)
        return
    if args.reuse:
        reuse(args.reuse, args.minutes, args.seed, args.dagster)
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(args, Path(tmp))


def run(args: argparse.Namespace, data_dir: Path) -> None:
    rng = np.random.default_rng(args.seed)
    now = datetime.now(UTC)
    settings = load_settings(data_dir=data_dir, test_mode=True, allow_private_network=True)
    settings.ensure_dirs()
    started = time.perf_counter()
    targets = seed_hub(settings)
    sessions = int(args.events / EVENTS_PER_SESSION)
    events, leads, days_seen = 0, 0, set()
    for chunk, first in enumerate(range(0, sessions, CHUNK)):  # one lake file per day each
        n = min(CHUNK, sessions - first)
        part = generate(rng, targets, session_starts(rng, n, now, args.days), events)
        days_seen.update(write_lake(settings, part, f"seg-{chunk:04d}.parquet"))
        leads += add_leads(settings, part, rng)
        events += part.num_rows
    days = sorted(days_seen)
    built = time.perf_counter() - started
    print(f"lake: {events:,} events in {sessions:,} sessions over {len(days)} Paris days, "
          f"{2 * LPS} LPs, {leads:,} leads (built in {built:.1f}s)")  # fmt: skip
    baseline = best(lambda: bare(settings), args.repeat)
    floor = copy_floor(settings, args.repeat)
    rebuilds = []
    for _ in range(args.repeat):
        shutil.rmtree(settings.warehouse_dir)
        times: dict[str, float] = {}
        pipeline(settings, days, times)
        rebuilds.append((sum(times.values()), times))
    full, full_times = min(rebuilds, key=lambda r: r[0])
    agree = bare(settings) == project_funnel(settings)
    # one new minute of events at the evening peak's rate, its submits' leads in the hub
    minute = max(1, round(sessions / (args.days * 1440) * HOURS.max() / HOURS.mean()))
    _, [(incremental, inc_times, changed, fresh_rows)] = timed_minutes(
        settings, rng, targets, minute, 1, 1
    )
    agree_after = bare(settings) == project_funnel(settings)
    dagster = None
    if args.dagster:  # the same through Dagster (run_once): a warm-up minute, then one timed
        from pipelines.runner import run_once

        for k in (2, 3):
            new_minute(settings, rng, targets, minute, k)
            started = time.perf_counter()
            run_once(settings)
            dagster = time.perf_counter() - started
    save_state(data_dir, targets, minute, 4)
    print(f"{'':<58}{'seconds':>10}{'× bare':>9}")
    runs = f"best of {args.repeat}"
    print(
        f"{f'bare: one DuckDB funnel query on the Parquet ({runs})':<58}{baseline:>10.2f}{1:>9.2f}"
    )
    label = f"floor: the lake copied into a DuckDB table ({runs})"
    print(f"{label:<58}{floor:>10.2f}{floor / baseline:>9.2f}")
    print(f"{f'project: full rebuild ({runs})':<58}{full:>10.2f}{full / baseline:>9.2f}")
    for name, seconds in sorted(full_times.items(), key=lambda kv: -kv[1]):
        print(f"{'  ' + name:<58}{seconds:>10.2f}")
    label = "project: incremental, one new minute"
    print(f"{label:<58}{incremental:>10.2f}{incremental / baseline:>9.2f}")
    for name, seconds in sorted(inc_times.items(), key=lambda kv: -kv[1])[:6]:
        print(f"{'  ' + name:<58}{seconds:>10.2f}")
    if dagster is not None:
        label = "project: incremental minute via Dagster run_once"
        print(f"{label:<58}{dagster:>10.2f}{dagster / baseline:>9.2f}")
    print(f"new minute: {fresh_rows:,} events, changed partitions {changed}")
    print(
        f"funnel_daily = bare funnel (day × LP × source): after rebuild {agree}, "
        f"after the new minute {agree_after}"
    )


if __name__ == "__main__":
    main()
