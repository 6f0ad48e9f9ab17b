"""Loading lake partitions into ``events``: dedupe, idempotence, Paris dates, quarantine.
Real Parquet files and a real DuckDB work database; no Dagster."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hub.settings import Settings
from tests.integration.test_warehouse_helpers import T0, event
from warehouse.events import load_partition, load_partitions, loaded_fingerprints
from warehouse.lake import final_files, lake_fingerprints
from warehouse.lake_schema import EVENT_SCHEMA
from warehouse.lake_write import write_events, write_table
from warehouse.store import open_work

pytestmark = pytest.mark.integration

DAY = "2026-01-15"


def _rows(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with open_work(settings) as con:
        return con.execute(sql).fetchall()


def _load(settings: Settings, day: str) -> dict[str, object]:
    with open_work(settings) as con:
        return dict(load_partition(con, settings, day).as_dict())


def test_partition_dedupes_by_event_id_and_reloads_identically(settings: Settings) -> None:
    first = [
        event(f"e{i}", "page_view", T0 + timedelta(seconds=i), session_id="s1") for i in range(5)
    ]
    # The tracker retried e0 and e1: same ids, received later, in another file.
    retried = [
        event("e0", "page_view", T0 + timedelta(minutes=5), session_id="retry"),
        event("e1", "page_view", T0 + timedelta(minutes=5), session_id="retry"),
    ]
    write_events(settings, first, name="a.parquet")
    write_events(settings, retried, name="b.parquet")

    stats = _load(settings, DAY)
    assert stats["rows_read"] == 7
    assert stats["rows_loaded"] == 5
    assert stats["duplicates"] == 2
    assert stats["files"] == 2
    snapshot_sql = "SELECT * EXCLUDE (lake_date) FROM events ORDER BY event_id"
    before = _rows(settings, snapshot_sql)
    assert {r[0] for r in before} == {f"e{i}" for i in range(5)}
    # The first received copy is kept.
    assert _rows(settings, "SELECT session_id FROM events WHERE event_id = 'e0'") == [("s1",)]

    again = _load(settings, DAY)
    assert _rows(settings, snapshot_sql) == before
    assert {k: again[k] for k in ("rows_loaded", "duplicates")} == {
        "rows_loaded": 5,
        "duplicates": 2,
    }
    with open_work(settings) as con:
        assert loaded_fingerprints(con) == lake_fingerprints(settings.raw_dir)


def test_reload_reflects_the_partition_files_exactly(settings: Settings) -> None:
    write_events(settings, [event("keep", "page_view", T0)], name="a.parquet")
    extra = write_events(settings, [event("gone", "page_view", T0)], name="b.parquet")
    _load(settings, DAY)
    assert {r[0] for r in _rows(settings, "SELECT event_id FROM events")} == {"keep", "gone"}
    extra[0].unlink()
    write_events(
        settings, [event("keep", "cta_click", T0 - timedelta(seconds=1))], name="c.parquet"
    )
    _load(settings, DAY)
    assert _rows(settings, "SELECT event_id, type FROM events") == [("keep", "cta_click")]


def test_a_reloaded_partition_keeps_its_rows_that_did_not_change(settings: Settings) -> None:
    """A file gone reloads the day whole: the rows of the other files come back as they were
    (their earlier load is no earlier copy: it is deleted with the partition)."""
    write_events(settings, [event("keep", "page_view", T0)], name="a.parquet")
    extra = write_events(settings, [event("gone", "page_view", T0)], name="b.parquet")
    _load(settings, DAY)
    extra[0].unlink()
    stats = _load(settings, DAY)
    assert _rows(settings, "SELECT event_id, source_file FROM events") == [("keep", "a.parquet")]
    assert (stats["rows_loaded"], stats["duplicates"]) == (1, 0)


def test_same_event_in_two_partitions_is_kept_once_first_received(settings: Settings) -> None:
    # 23:59:30 and 00:00:30 Paris: the retry crossed midnight into the next partition.
    late = datetime(2026, 1, 15, 22, 59, 30, tzinfo=UTC)
    write_events(settings, [event("x", "cta_click", late, session_id="first")])
    write_events(
        settings, [event("x", "cta_click", late + timedelta(minutes=1), session_id="retry")]
    )
    assert sorted(p.parent.name for p in settings.raw_dir.glob("*/*.parquet")) == [
        "date=2026-01-15",
        "date=2026-01-16",
    ]

    _load(settings, "2026-01-16")  # the later copy arrives in the warehouse first
    assert _rows(settings, "SELECT session_id FROM events") == [("retry",)]
    stats = _load(settings, "2026-01-15")
    assert stats["rows_loaded"] == 1
    _load(settings, "2026-01-16")  # reloading the later partition does not bring it back
    assert _rows(settings, "SELECT session_id, lake_date FROM events") == [
        ("first", date(2026, 1, 15))
    ]


def test_date_is_the_paris_date_of_received_at(settings: Settings) -> None:
    cases = {
        "winter-2330-utc": datetime(2026, 1, 15, 23, 30, tzinfo=UTC),  # 00:30 on the 16th
        "winter-2259-utc": datetime(2026, 1, 15, 22, 59, tzinfo=UTC),  # 23:59 on the 15th
        "summer-2200-utc": datetime(2026, 7, 15, 22, 0, tzinfo=UTC),  # 00:00 on the 16th
        "summer-2159-utc": datetime(2026, 7, 15, 21, 59, tzinfo=UTC),  # 23:59 on the 15th
    }
    write_events(settings, [event(k, "page_view", at) for k, at in cases.items()])
    assert sorted(lake_fingerprints(settings.raw_dir)) == [
        "2026-01-15",
        "2026-01-16",
        "2026-07-15",
        "2026-07-16",
    ]
    for day in lake_fingerprints(settings.raw_dir):
        _load(settings, day)
    dates = {str(r[0]): r[1] for r in _rows(settings, "SELECT event_id, date FROM events")}
    assert dates == {
        "winter-2330-utc": date(2026, 1, 16),
        "winter-2259-utc": date(2026, 1, 15),
        "summer-2200-utc": date(2026, 7, 16),
        "summer-2159-utc": date(2026, 7, 15),
    }


def test_date_comes_from_received_at_even_in_a_misplaced_file(settings: Settings) -> None:
    at = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    table = pa.Table.from_pylist([event("m", "page_view", at)], schema=EVENT_SCHEMA)
    write_table(settings, "2026-01-15", table)  # wrong partition for this time
    _load(settings, "2026-01-15")
    assert _rows(settings, "SELECT date, lake_date FROM events") == [
        (date(2026, 1, 16), date(2026, 1, 15))
    ]


def _valid_parquet_bytes() -> bytes:
    buf = io.BytesIO()
    rows = [event(f"big{i}", "page_view", T0, url="https://x/" + "p" * 50) for i in range(200)]
    pq.write_table(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA), buf)
    return buf.getvalue()


def test_unreadable_files_are_quarantined_with_a_reason(settings: Settings) -> None:
    write_events(settings, [event("good", "page_view", T0)], name="good.parquet")
    part = settings.raw_dir / f"date={DAY}"
    (part / "empty.parquet").write_bytes(b"")
    data = _valid_parquet_bytes()
    (part / "truncated.parquet").write_bytes(data[: len(data) // 2])
    no_id = pa.table(
        {"type": ["page_view"], "received_at": pa.array([T0], pa.timestamp("us", tz="UTC"))}
    )
    pq.write_table(no_id, part / "no_event_id.parquet")
    (part / ".inflight.parquet.tmp").write_bytes(b"partial")  # being written: never touched

    stats = _load(settings, DAY)

    assert stats["quarantined_files"] == 3
    assert stats["files"] == 1 and stats["rows_loaded"] == 1
    assert [p.name for p in final_files(part)] == ["good.parquet"]
    assert (part / ".inflight.parquet.tmp").exists()
    moved = settings.quarantine_dir / "files" / f"date={DAY}"
    notes = {p.name: json.loads(p.read_text()) for p in moved.glob("*.reason.json")}
    assert set(notes) == {
        f"{n}.parquet.corrupt.reason.json" for n in ("empty", "truncated", "no_event_id")
    }
    assert "event_id" in notes["no_event_id.parquet.corrupt.reason.json"]["reason"]
    assert notes["empty.parquet.corrupt.reason.json"]["bytes"] == 0
    assert all((moved / n.removesuffix(".reason.json")).exists() for n in notes)
    recorded = _rows(settings, "SELECT file, reason FROM quarantined_files ORDER BY file")
    assert [Path(str(f)).name for f, _ in recorded] == [
        "empty.parquet",
        "no_event_id.parquet",
        "truncated.parquet",
    ]
    assert all(reason for _, reason in recorded)

    again = _load(settings, DAY)  # nothing left to quarantine, the count stays visible
    assert again["quarantined_files"] == 0 and again["rows_loaded"] == 1
    assert len(_rows(settings, "SELECT * FROM quarantined_files")) == 3


def test_rows_missing_a_key_are_rejected_and_counted(settings: Settings) -> None:
    table = pa.Table.from_pylist(
        [
            event("ok", "page_view", T0),
            {"event_id": None, "type": "page_view", "received_at": T0},
            {"event_id": "no-type", "type": "", "received_at": T0},
        ],
        schema=EVENT_SCHEMA,
    )
    write_table(settings, DAY, table)
    stats = _load(settings, DAY)
    assert (stats["rows_read"], stats["rows_loaded"], stats["rejected_rows"]) == (3, 1, 2)


def test_collector_files_are_read_by_duckdb_not_pyarrow(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_events(settings, [event("a", "page_view", T0)], name="a.parquet")
    write_events(settings, [event("b", "page_view", T0)], name="b.parquet")

    def no_pyarrow(*args: object) -> object:
        raise AssertionError("a conforming file went through pyarrow")

    monkeypatch.setattr("warehouse.lake_scan.read_files", no_pyarrow)
    stats = _load(settings, DAY)
    assert (stats["files"], stats["rows_loaded"]) == (2, 2)
    assert _rows(settings, "SELECT source_file FROM events ORDER BY 1") == [
        ("a.parquet",),
        ("b.parquet",),
    ]


def test_a_collector_file_without_the_client_times_is_read_by_duckdb(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older roller's file (no ``ts`` nor ``sent_at``) still has EVENT_SCHEMA's types: read
    by DuckDB, its event times are the received times."""
    names = [n for n in EVENT_SCHEMA.names if n not in ("ts", "sent_at")]
    table = pa.Table.from_pylist([event("old", "page_view", T0)], schema=EVENT_SCHEMA)
    write_table(settings, DAY, table.select(names), "old.parquet")

    def no_pyarrow(*args: object) -> object:
        raise AssertionError("a conforming file went through pyarrow")

    monkeypatch.setattr("warehouse.lake_scan.read_files", no_pyarrow)
    assert _load(settings, DAY)["rows_loaded"] == 1
    assert _rows(settings, "SELECT ts, sent_at, event_day FROM events") == [
        (None, None, date(2026, 1, 15))
    ]


def test_a_file_with_a_good_footer_and_bad_pages_is_quarantined(settings: Settings) -> None:
    write_events(settings, [event("good", "page_view", T0)], name="good.parquet")
    data = bytearray(_valid_parquet_bytes())
    data[4:200] = bytes(196)  # the first data pages, footer intact
    (settings.raw_dir / f"date={DAY}" / "pages.parquet").write_bytes(bytes(data))

    stats = _load(settings, DAY)

    assert (stats["quarantined_files"], stats["files"], stats["rows_loaded"]) == (1, 1, 1)
    assert _rows(settings, "SELECT event_id FROM events") == [("good",)]


def test_foreign_columns_are_conformed_next_to_collector_files(settings: Settings) -> None:
    write_events(settings, [event("plain", "page_view", T0)], name="a.parquet")
    odd = pa.table(
        {
            "event_id": ["odd"],
            "type": ["page_view"],
            "received_at": pa.array([T0], pa.timestamp("ms", tz="UTC")),  # not microseconds
            "extra": ["dropped"],
        }
    )
    pq.write_table(odd, settings.raw_dir / f"date={DAY}" / "b.parquet")
    stats = _load(settings, DAY)
    assert (stats["files"], stats["rows_loaded"], stats["quarantined_files"]) == (2, 2, 0)
    assert _rows(settings, "SELECT event_id, source_file FROM events ORDER BY 1") == [
        ("odd", "b.parquet"),
        ("plain", "a.parquet"),
    ]


def test_loading_many_partitions_at_once_equals_loading_them_one_by_one(
    settings: Settings,
) -> None:
    rows = [event(f"d{i}", "page_view", T0 + timedelta(hours=7 * i)) for i in range(12)]
    # re-sent after midnight, and re-sent again two days later: the first copy wins
    rows += [event("d1", "cta_click", T0 + timedelta(days=1, hours=1), session_id="late")]
    rows += [event("d1", "cta_click", T0 + timedelta(days=3), session_id="later")]
    write_events(settings, rows)
    days = sorted(lake_fingerprints(settings.raw_dir))
    assert len(days) >= 3
    with open_work(settings) as con:
        together = [s.as_dict() for s in load_partitions(con, settings, days)]
    snapshot = "SELECT * EXCLUDE (lake_date) FROM events ORDER BY event_id"
    at_once = _rows(settings, snapshot)
    settings.warehouse_work_db.unlink()
    assert [_load(settings, day) for day in days] == together
    assert _rows(settings, snapshot) == at_once
    settings.warehouse_work_db.unlink()
    for day in reversed(days):  # the same rows in any order
        _load(settings, day)
    assert _rows(settings, snapshot) == at_once
    assert _rows(settings, "SELECT session_id FROM events WHERE event_id = 'd1'") == [(None,)]


def test_new_files_are_appended_without_reading_the_loaded_ones_again(settings: Settings) -> None:
    [old] = write_events(
        settings, [event(f"a{i}", "page_view", T0) for i in range(3)], name="a.parquet"
    )
    _load(settings, DAY)
    # Make the loaded file unreadable while keeping its size and mtime: an append never reads it.
    st = old.stat()
    old.write_bytes(bytes(st.st_size))
    os.utime(old, ns=(st.st_atime_ns, st.st_mtime_ns))
    write_events(
        settings,
        [event("b0", "page_view", T0), event("a1", "cta_click", T0 + timedelta(minutes=1))],
        name="b.parquet",
    )
    stats = _load(settings, DAY)
    assert stats["quarantined_files"] == 0
    assert (stats["files"], stats["rows_read"], stats["rows_loaded"], stats["duplicates"]) == (
        2,
        5,
        4,
        1,
    )
    assert {r[0] for r in _rows(settings, "SELECT event_id FROM events")} == {
        "a0",
        "a1",
        "a2",
        "b0",
    }
    with open_work(settings) as con:
        assert loaded_fingerprints(con) == lake_fingerprints(settings.raw_dir)


def test_an_appended_file_with_an_earlier_copy_wins_as_a_full_reload_would(
    settings: Settings,
) -> None:
    write_events(
        settings,
        [event("x", "page_view", T0 + timedelta(minutes=5), session_id="late")],
        name="b.parquet",
    )
    _load(settings, DAY)
    # another worker's file, rolled later, holds the copy received first
    write_events(
        settings,
        [event("x", "page_view", T0, session_id="first"), event("y", "page_view", T0)],
        name="a.parquet",
    )
    appended = _load(settings, DAY)
    snapshot = "SELECT * EXCLUDE (lake_date) FROM events ORDER BY event_id"
    after_append = _rows(settings, snapshot)
    assert _rows(settings, "SELECT session_id FROM events WHERE event_id = 'x'") == [("first",)]
    settings.warehouse_work_db.unlink()
    assert _load(settings, DAY) == appended
    assert _rows(settings, snapshot) == after_append


def test_copies_received_at_the_same_time_keep_the_first_row_of_the_file(
    settings: Settings,
) -> None:
    """Decision 0069: rows are inserted in any order; the row within the file decides a tie."""
    rows = [event(f"f{i}", "page_view", T0) for i in range(50)]
    rows.insert(20, event("f7", "cta_click", T0, session_id="second"))
    rows.insert(10, event("f30", "cta_click", T0, session_id="first"))
    write_events(settings, rows, name="a.parquet")
    for _ in range(2):
        stats = _load(settings, DAY)
        assert (stats["rows_loaded"], stats["duplicates"]) == (50, 2)
        assert _rows(
            settings,
            "SELECT event_id, type, file_row FROM events WHERE event_id IN ('f7', 'f30')"
            " ORDER BY 1",
        ) == [("f30", "cta_click", 10), ("f7", "page_view", 7)]
