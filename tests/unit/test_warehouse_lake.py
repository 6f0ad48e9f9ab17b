"""Lake file conformance, partition discovery and fingerprints."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from warehouse.lake import conform, final_files, fingerprint, partition_dirs
from warehouse.lake_schema import EVENT_SCHEMA
from warehouse.sql import load

TS = pa.timestamp("us", tz="UTC")
AT = datetime(2026, 1, 15, 10, tzinfo=UTC)


def test_conform_fills_missing_optional_columns_and_orders_them() -> None:
    table = pa.table(
        {"received_at": pa.array([AT], TS), "type": ["page_view"], "event_id": ["e1"], "extra": [1]}
    )
    out = conform(table, "f.parquet")
    assert out.column_names == [*EVENT_SCHEMA.names, "source_file", "file_row"]
    assert out.column("utm_source").to_pylist() == [None]
    assert out.column("source_file").to_pylist() == ["f.parquet"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pa.table({"type": ["x"], "received_at": pa.array([AT], TS)}), "event_id"),
        (pa.table({"event_id": ["e"], "type": ["x"], "received_at": ["yesterday"]}), "received_at"),
        (
            pa.table(
                {
                    "event_id": ["e"],
                    "type": ["x"],
                    "received_at": pa.array([AT], TS),
                    "is_test": ["maybe"],
                }
            ),
            "is_test",
        ),
    ],
)
def test_conform_names_the_bad_column(table: pa.Table, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        conform(table, "bad.parquet")


def test_partitions_and_final_files_skip_temp_and_malformed_names(tmp_path: Path) -> None:
    day = tmp_path / "date=2026-01-15"
    day.mkdir()
    (tmp_path / "date=2026-13-45").mkdir()
    (tmp_path / "notes").mkdir()
    for name in ("b.parquet", "a.parquet", ".a.parquet.tmp", ".hidden.parquet", "x.json"):
        (day / name).write_bytes(b"1")
    assert partition_dirs(tmp_path) == {"2026-01-15": day}
    assert [p.name for p in final_files(day)] == ["a.parquet", "b.parquet"]
    assert partition_dirs(tmp_path / "missing") == {}


def test_fingerprint_changes_on_add_resize_and_remove(tmp_path: Path) -> None:
    a = tmp_path / "a.parquet"
    a.write_bytes(b"1")
    one = fingerprint([a])
    assert fingerprint([a]) == one
    b = tmp_path / "b.parquet"
    b.write_bytes(b"2")
    two = fingerprint([a, b])
    a.write_bytes(b"11")
    assert len({one, two, fingerprint([a, b]), fingerprint([])}) == 4


def test_sql_names_cannot_escape_the_sql_dir() -> None:
    assert "CREATE" in load("marts/funnel_daily")
    with pytest.raises(ValueError, match="outside"):
        load("../store")
