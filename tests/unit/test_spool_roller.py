"""Spool segments → Parquet: torn lines, idempotent replay, dedupe, Paris dates, locks."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hub.settings import Settings, load_settings
from ingest.collect import roller
from ingest.collect.roller import DedupeIndex, day_groups, roll_pending, roll_records
from ingest.collect.schema import SpoolRecord
from ingest.collect.spool import SegmentWriter, candidates


@pytest.fixture
def cfg(tmp_path: Path) -> Settings:
    settings = load_settings(data_dir=tmp_path / "data")
    settings.ensure_dirs()
    return settings


@pytest.fixture
def dedupe(cfg: Settings) -> DedupeIndex:
    return DedupeIndex(cfg.spool_dir / "dedupe.sqlite3")


def us(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1_000_000)


def rec(event_id: str, at: str = "2026-11-20T10:00:00", reason: str | None = None) -> SpoolRecord:
    return SpoolRecord(
        event_id=event_id,
        type="page_view",
        received_at=us(at),
        key="lp_x",
        account_id="acc",
        props='{"a":1}',
        reason=reason,
    )


def lines(*records: SpoolRecord) -> bytes:
    return b"".join(msgspec.json.encode(r) + b"\n" for r in records)


def lake_ids(root: Path) -> list[str]:
    ids: list[str] = []
    for path in sorted(root.glob("date=*/*.parquet")):
        ids += pq.read_table(path).column("event_id").to_pylist()
    return ids


def test_torn_last_line_is_skipped_and_counted(cfg: Settings, dedupe: DedupeIndex) -> None:
    data = lines(rec("a"), rec("b"), rec("c")) + b'{"event_id":"d","type":"pa'
    stats = roll_records(data, "seg-h-1-1-000001", cfg, dedupe)
    assert (stats.events, stats.torn_lines) == (3, 1)
    assert sorted(lake_ids(cfg.raw_dir)) == ["a", "b", "c"]


def test_replay_after_crash_rewrites_the_same_files(cfg: Settings, dedupe: DedupeIndex) -> None:
    data = lines(rec("a"), rec("b"), rec("q", reason="key:unknown"))
    first = roll_records(data, "seg-h-1-1-000001", cfg, dedupe)
    files = sorted(cfg.lake_dir.rglob("*.parquet"))
    before = {p: p.read_bytes() for p in files}
    # The segment was not deleted (crash): rolling it again must not drop its own events.
    again = roll_records(data, "seg-h-1-1-000001", cfg, dedupe)
    assert (first.events, first.quarantined) == (again.events, again.quarantined) == (2, 1)
    assert again.duplicates == 0
    assert sorted(cfg.lake_dir.rglob("*.parquet")) == files
    assert {p: p.read_bytes() for p in files} == before
    assert sorted(lake_ids(cfg.raw_dir)) == ["a", "b"]
    assert not list(cfg.lake_dir.rglob("*.tmp"))


def test_dedupe_across_segments_and_within_one(cfg: Settings, dedupe: DedupeIndex) -> None:
    one = roll_records(lines(rec("a"), rec("b"), rec("a")), "seg-h-1-1-000001", cfg, dedupe)
    two = roll_records(lines(rec("b"), rec("c")), "seg-h-2-1-000001", cfg, dedupe)
    assert (one.events, one.duplicates) == (2, 1)
    assert (two.events, two.duplicates) == (1, 1)
    assert sorted(lake_ids(cfg.raw_dir)) == ["a", "b", "c"]


def test_dedupe_index_is_shared_by_processes(cfg: Settings) -> None:
    path = cfg.spool_dir / "dedupe.sqlite3"
    first, second = DedupeIndex(path), DedupeIndex(path)
    assert first.claim("seg-1", ["x", "y"]) == set()
    assert second.claim("seg-2", ["y", "z"]) == {"y"}
    assert first.claim("seg-1", ["x", "y"]) == set()  # replay of seg-1 keeps its own ids


@pytest.mark.parametrize(
    ("utc", "paris_day"),
    [
        ("2026-11-20T22:59:59.999999", "2026-11-20"),  # 23:59:59 CET
        ("2026-11-20T23:00:00", "2026-11-21"),  # midnight CET
        ("2026-03-28T22:59:59", "2026-03-28"),  # last CET evening before spring forward
        ("2026-03-28T23:00:00", "2026-03-29"),
        ("2026-03-29T01:30:00", "2026-03-29"),  # 03:30 CEST, after the switch
        ("2026-03-29T21:59:59", "2026-03-29"),  # 23:59:59 CEST
        ("2026-03-29T22:00:00", "2026-03-30"),
        ("2026-10-24T21:59:59", "2026-10-24"),  # 23:59:59 CEST
        ("2026-10-24T22:00:00", "2026-10-25"),
        ("2026-10-25T00:30:00", "2026-10-25"),  # 02:30 CEST, the first of the doubled hour
        ("2026-10-25T01:30:00", "2026-10-25"),  # 02:30 CET, the second one
        ("2026-10-25T22:59:59", "2026-10-25"),  # 23:59:59 CET
        ("2026-10-25T23:00:00", "2026-10-26"),
    ],
)
def test_paris_date_partition(utc: str, paris_day: str) -> None:
    assert list(day_groups(pa.chunked_array([pa.array([us(utc)], pa.int64())]))) == [paris_day]


def test_partitions_written_by_paris_date(cfg: Settings, dedupe: DedupeIndex) -> None:
    data = lines(rec("late", "2026-11-20T22:30:00"), rec("next", "2026-11-20T23:30:00"))
    roll_records(data, "seg-h-1-1-000001", cfg, dedupe)
    assert lake_ids(cfg.raw_dir / "..") == []  # nothing outside date partitions
    assert pq.read_table(cfg.raw_dir / "date=2026-11-20" / "seg-h-1-1-000001.parquet").column(
        "event_id"
    ).to_pylist() == ["late"]
    assert pq.read_table(cfg.raw_dir / "date=2026-11-21" / "seg-h-1-1-000001.parquet").column(
        "event_id"
    ).to_pylist() == ["next"]


def test_quarantine_keeps_reason_and_schema(cfg: Settings, dedupe: DedupeIndex) -> None:
    roll_records(lines(rec("q", reason="key:unknown")), "seg-h-1-1-000001", cfg, dedupe)
    table = pq.read_table(next((cfg.quarantine_dir / "events").glob("date=*/*.parquet")))
    assert table.column("reason").to_pylist() == ["key:unknown"]
    assert table.column("collector_id").to_pylist() == ["seg-h-1-1-000001"]
    assert str(table.schema.field("received_at").type) == "timestamp[us, tz=UTC]"
    assert lake_ids(cfg.raw_dir) == []


def test_live_segment_is_never_rolled_orphans_are(cfg: Settings, dedupe: DedupeIndex) -> None:
    writer = SegmentWriter(cfg.spool_dir, roll_seconds=60)
    writer.write_durable(lines(rec("live")))
    # An orphan: a dead writer's ".open" segment (nobody holds its lock), torn at the end.
    orphan = cfg.spool_dir / "seg-otherhost-999-1-000001.open"
    orphan.write_bytes(lines(rec("dead1"), rec("dead2")) + b'{"event_id":"x"')
    stats = roll_pending(cfg, dedupe)
    assert (stats.segments, stats.events, stats.torn_lines) == (1, 2, 1)
    assert not orphan.exists()
    assert writer.path is not None and writer.path.exists()
    assert sorted(lake_ids(cfg.raw_dir)) == ["dead1", "dead2"]
    sealed = writer.seal()
    assert sealed is not None and sealed.suffix == ".jsonl"
    assert roll_pending(cfg, dedupe).events == 1
    assert candidates(cfg.spool_dir) == []
    assert sorted(lake_ids(cfg.raw_dir)) == ["dead1", "dead2", "live"]


def test_writer_rotates_by_size_and_names_are_unique(cfg: Settings) -> None:
    writer = SegmentWriter(cfg.spool_dir, roll_seconds=60, max_bytes=50)
    for i in range(5):
        writer.write_durable(lines(rec(f"e{i}")))
    names = [p.name for p in candidates(cfg.spool_dir)]
    assert len(names) == len(set(names)) == 5
    assert all(f"-{os.getpid()}-" in name for name in names)
    assert sum(n.endswith(".jsonl") for n in names) == 5  # each reached the size cap


def test_a_big_segment_is_rolled_in_pieces_each_id_once_and_replayable(
    cfg: Settings, dedupe: DedupeIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pieces of ~1 KiB (``PART_BYTES``) cut after newlines: an id repeated in a later piece is
    dropped; a torn tail is counted; a replay of the same segment writes the same files."""
    monkeypatch.setattr(roller, "PART_BYTES", 1024)
    records = [rec(f"e{i}") for i in range(40)] + [rec("e3"), rec("e39")]
    data = lines(*records) + b'{"event_id":"torn'
    segment = cfg.spool_dir / "seg-h-1-1-000001.jsonl"
    segment.write_bytes(data)
    stats = roll_pending(cfg, dedupe)
    files = sorted(p.name for p in cfg.raw_dir.glob("date=*/*.parquet"))
    assert len(files) > 3 and files[0] == "seg-h-1-1-000001.1.parquet"
    assert "seg-h-1-1-000001.parquet" in files
    assert sorted(lake_ids(cfg.raw_dir)) == sorted(f"e{i}" for i in range(40))
    assert (stats.segments, stats.events, stats.duplicates, stats.torn_lines) == (1, 40, 2, 1)
    before = {p.name: p.read_bytes() for p in cfg.raw_dir.glob("date=*/*.parquet")}
    segment.write_bytes(data)  # a crash after the files, before the segment was deleted
    roll_pending(cfg, dedupe)
    assert {p.name: p.read_bytes() for p in cfg.raw_dir.glob("date=*/*.parquet")} == before


def test_pieces_are_cut_after_newlines_whatever_the_line_length() -> None:
    data = b"a" * 3000 + b"\n" + b"b\n" * 10 + b"tail"
    pieces = list(roller.parts(io.BytesIO(data), 1024))
    assert b"".join(pieces) == data
    assert all(piece.endswith(b"\n") for piece in pieces[:-1])
    assert pieces[0].startswith(b"a" * 3000 + b"\n") and pieces[-1] == b"tail"


AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "curl/8.5.0",
    "Ünïcode/1.0 (Ωmega)",
]


def test_the_roller_parses_the_user_agents_the_workers_left_out(
    cfg: Settings, dedupe: DedupeIndex
) -> None:
    # Decision 0068: a worker spools user_agent only; device, browser and os are the roller's,
    # by the same parse_agent as before (rows identical), refused events included.
    from ingest.collect.agents import parse_agent

    records = []
    for n, agent in enumerate([*AGENTS, None, AGENTS[0], AGENTS[1]]):
        record = rec(f"e{n}", reason="bot" if n == 3 else None)
        record.user_agent = agent
        records.append(record)
    old = rec("old")  # spooled by a worker from before 0068: the columns are recomputed alike
    old.user_agent, old.device, old.browser, old.os = AGENTS[1], "mobile", "Mobile Safari", "iOS"
    data = lines(*records, old)
    assert b'"device"' not in lines(*records)
    roll_records(data, "seg-h-1-1-000001", cfg, dedupe)
    rows = []
    for root in (cfg.raw_dir, cfg.quarantine_dir / "events"):
        for path in sorted(root.glob("date=*/*.parquet")):
            rows += pq.read_table(path).to_pylist()
    assert len(rows) == len(records) + 1
    for row in rows:
        agent = parse_agent(row["user_agent"])
        assert (row["device"], row["browser"], row["os"]) == (agent.device, agent.browser, agent.os)
    by_id = {row["event_id"]: row for row in rows}
    assert (by_id["e0"]["device"], by_id["e0"]["browser"]) == ("desktop", "Chrome")
    assert (by_id["e1"]["device"], by_id["e1"]["os"]) == ("mobile", "iOS")
    assert by_id["e2"]["device"] == "tablet" and by_id["e3"]["browser"] == "Googlebot"
    assert by_id["e6"]["device"] is None and by_id["e6"]["browser"] is None
    assert (by_id["old"]["device"], by_id["old"]["browser"]) == ("mobile", "Mobile Safari")
