"""Incremental models (warehouse/incremental.py) equal a whole rebuild, on real Parquet and DuckDB.

History is loaded partition by partition and the models built after each load, as the sensor
does; then new files arrive: the evening's sessions, a session crossing Paris midnight, an event
sent after midnight that happened the day before, an event re-sent the next day (a later copy), and
a visitor already seen days before. After each step the incremental tables must equal the same
tables built from scratch in a fresh work DB, and only the touched dates were rebuilt.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hub.settings import Settings
from tests.integration.test_warehouse_helpers import fresh_copy, table_rows
from warehouse.events import load_partition
from warehouse.incremental import build_incremental
from warehouse.lake import lake_fingerprints
from warehouse.lake_write import write_events
from warehouse.models import build_model, model_sql
from warehouse.store import open_work

pytestmark = pytest.mark.integration

MODELS = (
    "lp_forms",
    "sessions_core",
    "funnel_sessions_daily",
    "funnel_events_daily",
    "tracking_events_daily",
)
START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
SOURCES = (None, "google", "facebook", "newsletter")
TYPES = ("page_view", "page_view", "cta_click", "form_start", "form_submit")


def traffic(
    rng: random.Random, prefix: str, start: datetime, visitors: int
) -> list[dict[str, Any]]:
    rows = []
    for v in range(visitors):
        at = start + timedelta(minutes=rng.randrange(0, 600))
        visitor = f"{prefix}-v{v}" if rng.random() < 0.9 else None  # some cookieless
        source = rng.choice(SOURCES)
        for s in range(rng.randrange(1, 3)):
            session = f"{prefix}-s{v}-{s}"
            for i in range(rng.randrange(1, 5)):
                at += timedelta(minutes=rng.choice((1, 5, 29, 31)))
                skew = timedelta(hours=2) if rng.random() < 0.1 else timedelta(0)
                rows.append({
                    "event_id": f"{prefix}-e{v}-{s}-{i}", "type": TYPES[i],
                    "account_id": "acc", "lp_id": f"lp{v % 3}", "visitor_id": visitor,
                    "session_id": session, "received_at": at, "ts": at - skew,
                    "sent_at": at - skew + timedelta(seconds=1),
                    "url": f"https://lp{v % 3}.example/", "utm_source": source if i == 0 else None,
                    "utm_campaign": f"c-{source}" if source and i == 0 else None,
                    "variant": rng.choice(("A", "B")), "is_test": False,
                })  # fmt: skip
    return rows


def load_and_build(settings: Settings) -> None:
    with open_work(settings) as con:
        loaded = {str(d): fp for d, fp in con.execute(
            "SELECT lake_date, fingerprint FROM lake_partitions").fetchall()}  # fmt: skip
        for day, fp in sorted(lake_fingerprints(settings.raw_dir).items()):
            if loaded.get(day) != fp:
                load_partition(con, settings, day)
        con.execute("CREATE OR REPLACE TABLE forms AS SELECT 'frm1' AS id, 'lp1' AS lp_id,"
                    " true AS active, TIMESTAMPTZ '2026-01-01' AS created_at")  # fmt: skip
        for name in MODELS:
            build_model(con, name)


def tables(settings: Settings) -> dict[str, list[tuple[object, ...]]]:
    return table_rows(settings, MODELS)


def from_scratch(settings: Settings, tmp: Path) -> dict[str, list[tuple[object, ...]]]:
    fresh = fresh_copy(settings, tmp)
    load_and_build(fresh)
    return tables(fresh)


def test_incremental_equals_a_whole_rebuild_step_by_step(
    settings: Settings, tmp_path: Path
) -> None:
    rng = random.Random(7)
    for day in range(4):  # four days of history, loaded and built day by day
        write_events(settings, traffic(rng, f"d{day}", START + timedelta(days=day), 40))
        load_and_build(settings)
    assert tables(settings) == from_scratch(settings, tmp_path)

    last = START + timedelta(days=3)
    evening = traffic(rng, "late", last.replace(hour=21, minute=50), 30)  # crosses midnight
    old_visitor = dict(evening[0], event_id="back-1", visitor_id="d0-v1", session_id="d0-s1-0")
    resent = dict(evening[2], event_id="d1-e0-0-0", received_at=last + timedelta(hours=1))
    write_events(settings, [*evening, old_visitor, resent], "evening.parquet")
    with open_work(settings) as con:
        rebuilt_before = con.execute("SELECT count(*) FROM model_dirty_dates").fetchall()
    assert rebuilt_before == [(0,)]
    load_and_build(settings)
    assert tables(settings) == from_scratch(settings, tmp_path)
    with open_work(settings) as con:
        assert con.execute("SELECT count(*) FROM model_dirty_dates").fetchall() == [(0,)]

    # Sent at 00:05 on the 7th after 15 minutes offline: it happened on the 6th (Paris).
    sent = datetime(2026, 11, 6, 23, 5, tzinfo=UTC)
    queued = dict(evening[1], event_id="queued-1", visitor_id="late-v1", received_at=sent,
                  ts=sent - timedelta(minutes=15), sent_at=sent)  # fmt: skip
    write_events(settings, [queued], "queued.parquet")
    load_and_build(settings)
    assert tables(settings) == from_scratch(settings, tmp_path)


def test_only_touched_dates_are_rebuilt_and_a_new_version_rebuilds_all(
    settings: Settings,
) -> None:
    rng = random.Random(3)
    for day in range(3):
        write_events(settings, traffic(rng, f"d{day}", START + timedelta(days=day), 10))
    load_and_build(settings)
    write_events(
        settings, traffic(rng, "new", START + timedelta(days=2, hours=2), 5), "new.parquet"
    )
    with open_work(settings) as con:
        day = sorted(lake_fingerprints(settings.raw_dir))[-1]
        load_partition(con, settings, day)
        dirty = con.execute(
            "SELECT model, CAST(date AS VARCHAR) FROM model_dirty_dates ORDER BY ALL"
        ).fetchall()
        assert dirty == [
            ("funnel_sessions_daily", "2026-11-04"),
            ("sessions_core", "2026-11-04"),
            ("tracking_events_daily", "2026-11-04"),
        ]
        # funnel_events_daily adds up the days its sessions model counted again
        build_model(con, "funnel_sessions_daily")
        assert con.execute(
            "SELECT model, CAST(date AS VARCHAR) FROM model_dirty_dates WHERE model LIKE 'funnel%'"
        ).fetchall() == [("funnel_events_daily", "2026-11-04")]
        # Rows of other days are kept as they were (not deleted and inserted again).
        con.execute("CREATE TEMP TABLE before AS SELECT * FROM sessions_core")
        build_model(con, "sessions_core")
        kept = con.execute(
            "SELECT count(*) FROM before WHERE date < DATE '2026-11-04'"
            " AND session_id NOT IN (SELECT session_id FROM sessions_core)"
        ).fetchall()
        assert kept == [(0,)]
        # A model whose SQL changed is rebuilt whole, whatever is marked.
        con.execute("DELETE FROM sessions_core WHERE date = DATE '2026-11-02'")
        build_model(con, "sessions_core")
        assert con.execute(
            "SELECT count(*) FROM sessions_core WHERE date = DATE '2026-11-02'"
        ).fetchall() == [(0,)]
        build_incremental(con, "sessions_core", model_sql("sessions_core") + "\n")
        assert con.execute(
            "SELECT count(*) FROM sessions_core WHERE date = DATE '2026-11-02'"
        ).fetchall() != [(0,)]


def test_a_changed_lookup_table_rebuilds_the_model_whole(settings: Settings) -> None:
    rng = random.Random(5)
    write_events(settings, traffic(rng, "d", START, 10))
    load_and_build(settings)
    with open_work(settings) as con:
        con.execute("UPDATE funnel_events_daily SET visits = 999")
        build_model(con, "funnel_events_daily")  # nothing dirty, same version: untouched
        assert con.execute("SELECT min(visits) FROM funnel_events_daily").fetchall() == [(999,)]
        con.execute("UPDATE forms SET id = 'frm2'")
        build_model(con, "lp_forms")
        build_model(con, "funnel_sessions_daily")  # lp_forms changed: both rebuilt whole
        build_model(con, "funnel_events_daily")
        assert con.execute("SELECT max(visits) FROM funnel_events_daily").fetchall() != [(999,)]
        assert con.execute(
            "SELECT count(*) FROM funnel_events_daily WHERE form_id = 'frm2'"
        ).fetchall() != [(0,)]


def test_the_event_id_check_sees_a_duplicate_of_the_last_load(settings: Settings) -> None:
    from warehouse.checks import checks_of

    write_events(settings, traffic(random.Random(1), "d", START, 5))
    load_and_build(settings)
    (check,) = [c for c in checks_of("events") if c.name == "event_id_unique"]
    with open_work(settings) as con:
        assert check.offending(con) == 0
        con.execute(
            "INSERT INTO events SELECT * REPLACE (DATE '2026-10-01' AS lake_date) FROM events"
            " LIMIT 1"
        )
        assert check.offending(con) == 1


def test_the_event_id_check_probes_the_history_for_an_appended_files_ids(
    settings: Settings,
) -> None:
    """Decision 0066: the check reads the ids of the last load (an appended file: its ids only)
    and still fails when one of them is also on an older row of the history."""
    from warehouse.checks import checks_of

    write_events(settings, traffic(random.Random(1), "d", START, 5))
    load_and_build(settings)
    later = traffic(random.Random(2), "n", START + timedelta(hours=1), 2)  # the same day
    write_events(settings, later, "later.parquet")
    load_and_build(settings)
    (check,) = [c for c in checks_of("events") if c.name == "event_id_unique"]
    with open_work(settings) as con:
        ids = con.execute(
            "SELECT event_id FROM events SEMI JOIN events_last_files"
            " USING (lake_date, source_file) ORDER BY 1"
        ).fetchall()
        assert ids == sorted((row["event_id"],) for row in later)
        assert check.offending(con) == 0
        con.execute(  # an old row of the history now carries one of the new ids
            "UPDATE events SET event_id = ? WHERE event_id = (SELECT min(event_id) FROM events"
            " WHERE event_id LIKE 'd-%')",
            [later[0]["event_id"]],
        )
        assert check.offending(con) == 1


def test_a_new_minute_cuts_again_only_the_touched_visitors_sessions(
    settings: Settings, tmp_path: Path
) -> None:
    """Keyed sessions_core (decision 0063): new events for a visitor already seen that day, one
    29 minutes after their last event (same session) and one 31 minutes after (a new one), an
    event arriving late and out of order, and an event without visitor or session id."""
    rng = random.Random(11)
    for day in range(2):
        write_events(settings, traffic(rng, f"d{day}", START + timedelta(days=day), 30))
    load_and_build(settings)
    with open_work(settings) as con:
        seen, untouched = (row[0] for row in con.execute(
            "SELECT DISTINCT visitor_id FROM events WHERE visitor_id LIKE 'd1-%' ORDER BY 1 LIMIT 2"
        ).fetchall())  # fmt: skip
        (last,) = con.execute(
            "SELECT max(received_at) FROM events WHERE visitor_id = ?", [seen]
        ).fetchall()[0]
        # An untouched visitor's sessions of the same day: a keyed build leaves their rows alone.
        con.execute("CREATE TABLE kept AS SELECT session_id, pages FROM sessions_core"
                    " WHERE visitor_id = ?", [untouched])  # fmt: skip
        assert con.execute("SELECT count(*) FROM kept").fetchall() != [(0,)]
        con.execute("UPDATE sessions_core SET pages = 999 WHERE visitor_id = ?", [untouched])
    base = {"type": "page_view", "account_id": "acc", "lp_id": "lp0", "url": "https://lp0.example/",
            "visitor_id": seen, "session_id": "minute-s", "is_test": False}  # fmt: skip
    at_29, at_31 = last + timedelta(minutes=29), last + timedelta(minutes=29 + 31)
    late = last - timedelta(minutes=3)  # happened before the visitor's last event, sent now
    write_events(settings, [
        dict(base, event_id="m-1", received_at=at_29, ts=at_29, sent_at=at_29),
        dict(base, event_id="m-2", received_at=at_31, ts=at_31, sent_at=at_31),
        dict(base, event_id="m-3", received_at=at_31, ts=late, sent_at=at_31),
        dict(base, event_id="m-4", visitor_id=None, session_id=None, received_at=at_31),
    ], "minute.parquet")  # fmt: skip
    load_and_build(settings)
    with open_work(settings) as con:
        assert con.execute(
            "SELECT DISTINCT pages FROM sessions_core WHERE visitor_id = ?", [untouched]
        ).fetchall() == [(999,)]
        con.execute("UPDATE sessions_core AS s SET pages = k.pages FROM kept AS k"
                    " WHERE s.session_id = k.session_id")  # fmt: skip
        assert con.execute("SELECT count(*) FROM model_dirty_keys").fetchall() == [(0,)]
        assert con.execute(  # the event's own Paris day, stored by the load
            "SELECT count(*) FROM events WHERE event_day IS NULL OR event_day"
            " <> paris_date(event_time(ts, sent_at, received_at))"
        ).fetchall() == [(0,)]
        assert con.execute(
            "SELECT count(*) FROM sessions_core WHERE visitor_id = $v AND started_at > $last",
            {"v": seen, "last": last},
        ).fetchall() == [(1,)]  # 29 minutes: the same session; 31: a new one
    assert tables(settings) == from_scratch(settings, tmp_path)
