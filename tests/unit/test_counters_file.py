"""The per-process counters file: increments through a float64 view land in the file's slots."""

from __future__ import annotations

from pathlib import Path

from ingest.collect.counters import SLOTS, Counters, read_file, series


def test_increments_are_in_the_file_as_read_by_collect(tmp_path: Path) -> None:
    counters = Counters(tmp_path)
    name = series("leadhub_events_quarantined_total", reason="bot")
    for _ in range(3):
        counters.inc("leadhub_events_accepted_total", 20)
        counters.inc(name)
    counters.observe_fsync(0.003)
    values = read_file(counters.path.read_bytes())  # what another process reads
    assert values["leadhub_events_accepted_total"] == 60.0
    assert values[name] == 3.0
    assert values['leadhub_spool_fsync_seconds_bucket{le="0.005"}'] == 1.0
    assert values.get('leadhub_spool_fsync_seconds_bucket{le="0.0025"}', 0.0) == 0.0
    assert values["leadhub_spool_fsync_seconds_sum"] == 0.003
    counters.close()


def test_every_slot_can_be_used(tmp_path: Path) -> None:
    counters = Counters(tmp_path)
    for n in range(SLOTS):
        counters.inc(f"s{n}", n)
    values = read_file(counters.path.read_bytes())
    assert len(values) == SLOTS and values[f"s{SLOTS - 1}"] == SLOTS - 1
    counters.close()
