"""Tracking health cost: ``live_health`` and ``verify`` vs a bare DuckDB scan of the same lake.

Builds a synthetic lake (default 1,000,000 accepted events over 7 Paris days on 50 LPs with
their forms, plus 2 % quarantined) in a temp data dir with a seeded hub, then times, side by
side in one run:

- project: ``warehouse.lakeview.live_health`` (everything the dashboard page and the alert sensor
  compute) and ``warehouse.verify.verify`` for one LP URL over 60 minutes;
- baseline: one bare DuckDB query over the same files (events and last event per target).

Usage: ``.venv/bin/python bench/health/run.py [--events N] [--repeat R]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hub.db import new_id, now_iso, open_hub, transaction
from hub.settings import Settings, load_settings
from leadhub.demo.seed import seed_demo
from warehouse.lake_schema import LAKE_SCHEMA, QUARANTINE_SCHEMA
from warehouse.lakeview import PARIS, lake_files, live_health, paris_days
from warehouse.verify import verify

LPS = 50


def build(settings: Settings, events: int, now: datetime) -> str:
    con = open_hub(settings.hub_db)
    seed_demo(
        con,
        settings,
        buyer_secret="whsec_bGVhZGh1Yi1iZW5jaC1oZWFsdGgtc2VjcmV0LTAwMDE=",
        password="bench",
    )
    targets = []
    with transaction(con):
        for i in range(LPS):
            lp_id, form_id = new_id("lp"), new_id("frm")
            url = f"https://lp{i}.bench.fr/"
            con.execute(
                "INSERT INTO landing_pages (id, key, account_id, name, url, product_code,"
                " created_at) VALUES (?, ?, 'acc_soleil', ?, ?, 'PV', ?)",
                (lp_id, f"lp_bench_{i}", f"LP {i}", url, now_iso()),
            )
            con.execute(
                "INSERT INTO forms (id, key, account_id, lp_id, name, url, thank_you_url,"
                " product_code, consent_version, consent_text, created_at) VALUES"
                " (?, ?, 'acc_soleil', ?, ?, ?, ?, 'PV', 'v1', 'ok', ?)",
                (form_id, f"fm_bench_{i}", lp_id, f"F {i}", f"{url}form/", f"{url}ok/", now_iso()),
            )
            targets.append((lp_id, form_id, url))
    con.close()
    span = 7 * 24 * 3600
    rows: dict[str, list[dict[str, object]]] = {}
    for n in range(events):
        lp_id, form_id, url = targets[n % LPS]
        at = now - timedelta(seconds=span * n / events)
        is_form = n % 3 == 0
        rows.setdefault(str(at.astimezone(PARIS).date()), []).append(
            {
                "event_id": uuid.UUID(int=n).hex,
                "type": "form_start" if is_form else "page_view",
                "key": f"fm_bench_{n % LPS}" if is_form else f"lp_bench_{n % LPS}",
                "account_id": "acc_soleil",
                "lp_id": lp_id,
                "form_id": form_id if is_form else None,
                "received_at": at,
                "url": f"{url}form/" if is_form else f"{url}?utm_source=x",
                "is_test": False,
            }
        )
    for day, day_rows in rows.items():
        for root, schema, part in (
            (settings.raw_dir, LAKE_SCHEMA, day_rows),
            (
                settings.quarantine_dir / "events",
                QUARANTINE_SCHEMA,
                [{**r, "key": "lp_typo", "reason": "key:unknown"} for r in day_rows[::50]],
            ),
        ):
            directory = root / f"date={day}"
            directory.mkdir(parents=True, exist_ok=True)
            cols = {f.name: [r.get(f.name) for r in part] for f in schema}
            cols["collector_id"] = ["seg-bench"] * len(part)
            pq.write_table(pa.table(cols, schema=schema), directory / "seg-bench.parquet")
    return targets[0][2]


def timed(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), test_mode=True, allow_private_network=True)
        settings.ensure_dirs()
        started = time.perf_counter()
        lp_url = build(settings, args.events, now)
        print(
            f"lake: {args.events:,} events, 7 days, {LPS} LPs + forms, 2% quarantined "
            f"(built in {time.perf_counter() - started:.1f}s)"
        )
        files = [
            str(p) for p in lake_files(settings.raw_dir, paris_days(now - timedelta(days=7), now))
        ]

        def bare() -> object:
            with duckdb.connect() as con:
                return con.execute(
                    "SELECT coalesce(form_id, lp_id), count(*), max(received_at)"
                    " FROM read_parquet(?) GROUP BY 1",
                    [files],
                ).fetchall()

        with closing(open_hub(settings.hub_db)) as con:
            health = timed(lambda: live_health(settings, con, now), args.repeat)
            check = timed(lambda: verify(settings, con, now, url=lp_url), args.repeat)
        baseline = timed(bare, args.repeat)
    print(f"{'':<34}{'seconds (best of ' + str(args.repeat) + ')':>24}{'× baseline':>12}")
    print(f"{'baseline: bare DuckDB group-by':<34}{baseline:>24.3f}{1:>12.2f}")
    print(f"{'project: live_health (all targets)':<34}{health:>24.3f}{health / baseline:>12.2f}")
    print(f"{'project: verify (one URL, 60 min)':<34}{check:>24.3f}{check / baseline:>12.2f}")


if __name__ == "__main__":
    main()
