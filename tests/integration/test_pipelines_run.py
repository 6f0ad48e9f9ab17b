"""``run_once`` end to end: real Parquet lake, real seeded hub, Dagster ``materialize`` on a
persistent instance, published DuckDB snapshot, and readers in other processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.all_assets import ALL_ASSETS
from pipelines.defs.resources import WarehouseResource
from pipelines.runner import (
    PID_TAG,
    RUNNER_TAG,
    install_dagster_yaml,
    prepare_instance,
    reap_dead_runs,
    run_once,
)
from tests.integration.test_warehouse_helpers import (
    DESKTOP,
    IPHONE,
    T0,
    demo_page,
    event,
    insert_delivery,
    insert_lead,
    visitor_funnel,
)
from warehouse.lake_write import write_events
from warehouse.reader import query

pytestmark = pytest.mark.integration

ATTRIBUTION = {"utm_source": "google", "utm_campaign": "hiver", "variant": "A"}


def _funnel(settings: Settings, day: date) -> list[dict[str, object]]:
    return query(
        settings, "SELECT * EXCLUDE (date) FROM funnel_daily WHERE date = ? ORDER BY ALL", [day]
    )


def test_run_once_loads_partitions_dedupes_quarantines_and_publishes(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    path = visitor_funnel("v1", lp, form, T0, **ATTRIBUTION)
    write_events(settings, path, name="a.parquet")
    write_events(settings, path[:2], name="b.parquet")  # tracker retries: same event ids
    (settings.raw_dir / "date=2026-01-15" / "broken.parquet").write_bytes(b"")
    night = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # 00:30 on the 16th in Paris
    write_events(
        settings,
        [
            event(
                "n1",
                "page_view",
                night,
                account_id=lp["account_id"],
                lp_id=lp["id"],
                session_id="n",
                visitor_id="vn",
                user_agent=DESKTOP,
            )
        ],
    )
    insert_lead(
        hub_con,
        "lead-v1",
        lp,
        form,
        T0 + timedelta(seconds=61),
        status="sold",
        source="google",
        utm_campaign="hiver",
        variant="A",
        user_agent=IPHONE,
        session_id="v1-session",
        visitor_id="v1-visitor",
    )
    insert_delivery(
        hub_con, "dlv-v1", "lead-v1", "cmd_soleil_pv", 3500, "delivered", T0 + timedelta(seconds=62)
    )

    summary = run_once(settings)

    assert "2 partition(s) loaded (2026-01-15, 2026-01-16)" in summary
    assert "7 event rows, 2 duplicates dropped" in summary
    assert "1 file(s) quarantined" in summary
    one_visitor = {
        "account_id": lp["account_id"],
        "lp_id": lp["id"],
        "form_id": form["id"],
        "source": "google",
        "campaign": "hiver",
        "variant": "A",
        "device": "mobile",
        "is_test": False,
        "visits": 1,
        "unique_visitors": 1,
        "cta_clicks": 1,
        "form_starts": 1,
        "form_submits": 1,
        "leads": 1,
        "sold_leads": 1,
        "revenue_eur": Decimal("35.00"),
    }
    assert _funnel(settings, date(2026, 1, 15)) == [one_visitor]
    night_rows = _funnel(settings, date(2026, 1, 16))
    assert [(r["source"], r["device"], r["visits"]) for r in night_rows] == [
        ("direct", "desktop", 1)
    ]
    assert query(settings, "SELECT count(*) AS n FROM quarantined_files") == [{"n": 1}]
    assert not (settings.raw_dir / "date=2026-01-15" / "broken.parquet").exists()

    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        runs = instance.get_runs()
        # two consecutive days: one run loads both in one transaction
        assert [r.status for r in runs] == [dg.DagsterRunStatus.SUCCESS]
        assert runs[0].tags["dagster/asset_partition_range_start"] == "2026-01-15"
        assert runs[0].tags["dagster/asset_partition_range_end"] == "2026-01-16"
        assert instance.get_materialized_partitions(dg.AssetKey("events")) == {
            "2026-01-15",
            "2026-01-16",
        }
        published = query(settings, "SELECT run_id FROM snapshot_info")
        assert published == [{"run_id": runs[0].run_id}]

    # A new file in one partition (a second visitor, and one more retry): only that
    # partition is reloaded, nothing is counted twice.
    write_events(
        settings,
        [
            event(
                "v2-e0",
                "page_view",
                T0 + timedelta(hours=1),
                account_id=lp["account_id"],
                lp_id=lp["id"],
                session_id="v2",
                visitor_id="v2",
                user_agent=IPHONE,
                **ATTRIBUTION,
            ),
            path[3],
        ],
        name="c.parquet",
    )

    summary = run_once(settings)

    assert "1 partition(s) loaded (2026-01-15)" in summary
    assert _funnel(settings, date(2026, 1, 15)) == [
        {**one_visitor, "visits": 2, "unique_visitors": 2}
    ]
    assert query(settings, "SELECT count(*) AS n FROM events") == [{"n": 8}]
    assert _funnel(settings, date(2026, 1, 16)) == night_rows
    # The A/B asset ran on the sessions: one variant seen, nothing to compare yet.
    ab = "SELECT scope, arm, exposures, conversions, sold_conversions, p_best, verdict_code"
    assert query(settings, f"{ab} FROM ab_tests ORDER BY scope") == [
        {**row, "arm": "A", "p_best": 1.0, "verdict_code": "single_arm"}
        for row in (
            {"scope": "lp", "exposures": 2, "conversions": 1, "sold_conversions": 1},
            {"scope": "lp_form", "exposures": 1, "conversions": 1, "sold_conversions": 1},
        )
    ]

    # Materializing the same partition again changes nothing.
    before = query(settings, "SELECT * EXCLUDE (date) FROM funnel_daily ORDER BY ALL")
    with dg.DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        result = dg.materialize(
            ALL_ASSETS,
            instance=instance,
            partition_key="2026-01-15",
            resources={"warehouse": WarehouseResource(data_dir=str(settings.data_dir))},
        )
    assert result.success
    assert query(settings, "SELECT * EXCLUDE (date) FROM funnel_daily ORDER BY ALL") == before
    assert query(settings, "SELECT count(*) AS n FROM events") == [{"n": 8}]


HOLDER = """
import sys, duckdb, pathlib, time
path, stop = sys.argv[1], pathlib.Path(sys.argv[2])
con = duckdb.connect(path, read_only=True)
sql = "SELECT run_id, (SELECT count(*) FROM events) FROM snapshot_info"
print("before", *con.execute(sql).fetchall()[0], flush=True)
while not stop.exists():
    time.sleep(0.02)
print("after", *con.execute(sql).fetchall()[0], flush=True)
con.close()
"""

POLLER = """
import sys, duckdb, pathlib, time
path, stop = sys.argv[1], pathlib.Path(sys.argv[2])
sql = "SELECT run_id, (SELECT count(*) FROM events) FROM snapshot_info"
seen = set()
print("ready", flush=True)
while not stop.exists():
    try:
        con = duckdb.connect(path, read_only=True)
        try:
            seen.add(" ".join(map(str, con.execute(sql).fetchall()[0])))
        finally:
            con.close()
    except Exception as exc:
        seen.add(f"error {type(exc).__name__}: {exc}")
    time.sleep(0.01)
for state in sorted(seen):
    print(state, flush=True)
"""


def test_readers_in_other_processes_never_block_a_run_and_see_whole_snapshots(
    settings: Settings, tmp_path: Path
) -> None:
    write_events(settings, [event(f"a{i}", "page_view", T0, session_id=f"s{i}") for i in range(3)])
    run_once(settings)
    old = query(settings, "SELECT run_id FROM snapshot_info")[0]["run_id"]
    write_events(settings, [event(f"b{i}", "page_view", T0, session_id=f"t{i}") for i in range(4)])
    stop = tmp_path / "stop"
    db = str(settings.warehouse_db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, db, str(stop)], stdout=subprocess.PIPE, text=True
    )
    poller = subprocess.Popen(
        [sys.executable, "-c", POLLER, db, str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and poller.stdout is not None
        assert holder.stdout.readline().split() == ["before", old, "3"]
        assert poller.stdout.readline().strip() == "ready"
        started = time.monotonic()
        summary = run_once(settings)  # the snapshot is open read-only in two other processes
        elapsed = time.monotonic() - started
        assert "1 partition(s) loaded" in summary
        new = query(settings, "SELECT run_id FROM snapshot_info")[0]["run_id"]
        assert new != old
        time.sleep(0.5)  # let the poller open the new snapshot a few times
    finally:
        stop.touch()
        held_out, _ = holder.communicate(timeout=30)
        polled_out, _ = poller.communicate(timeout=30)
    assert held_out.split() == ["after", old, "3"]  # an open connection keeps its snapshot
    states = set(polled_out.strip().splitlines())
    assert states <= {f"{old} 3", f"{new} 7"}, states
    assert f"{new} 7" in states
    assert elapsed < 120


def test_runs_of_a_killed_run_once_are_marked_failed(settings: Settings) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive_tags = {RUNNER_TAG: "run_once", PID_TAG: str(os.getppid())}
    dead_tags = {RUNNER_TAG: "run_once", PID_TAG: str(dead.pid)}
    home = install_dagster_yaml(settings)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for run_id, tags in (("dead", dead_tags), ("alive", alive_tags)):
            instance.add_run(
                dg.DagsterRun(
                    job_name="warehouse_job",
                    run_id=run_id,
                    status=dg.DagsterRunStatus.STARTED,
                    tags=tags,
                )
            )
        assert reap_dead_runs(instance) == 1
        statuses = {r.run_id: r.status for r in instance.get_runs()}
    assert statuses == {
        "dead": dg.DagsterRunStatus.FAILURE,
        "alive": dg.DagsterRunStatus.STARTED,
    }


def test_the_instance_storage_exists_before_dagster_dev_starts(settings: Settings) -> None:
    home = prepare_instance(settings)
    for db in ("history/runs.db", "history/runs/index.db", "schedules/schedules.db"):
        with closing(sqlite3.connect(home / db)) as con:  # one migration head each, stamped
            assert len(con.execute("SELECT version_num FROM alembic_version").fetchall()) == 1
    assert prepare_instance(settings) == home  # again: nothing to do, nothing broken
