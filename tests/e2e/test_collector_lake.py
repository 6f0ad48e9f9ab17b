"""A truncated and an empty Parquet file in the lake: quarantined by `leadhub pipelines run`,
which still loads every event the real collector acknowledged."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import httpx
import pytest

from hub.settings import load_settings
from tests.e2e.procs import Stack, wait_for
from tests.e2e.test_collector_crash import BROWSER, lake_counts
from warehouse.reader import query

pytestmark = pytest.mark.e2e


def test_corrupt_lake_files_are_quarantined_and_the_pipeline_goes_on(tmp_path: Path) -> None:
    stack = Stack.create(
        tmp_path / "stack", LEADHUB_TEST_MODE="0", LEADHUB_ALLOW_PRIVATE_NETWORK="0"
    )
    stack.cli("seed", "demo", "--json")
    url = stack.url("collector")
    events = [
        {"event_id": str(uuid.uuid4()), "type": t, "key": "lp_solaire_demo", "visitor_id": "v1"}
        for t in ("page_view", "cta_click") * 10
    ]
    try:
        stack.start("collector", "collector", ready=f"{url}/health")
        for start in range(0, len(events), 5):
            r = httpx.post(f"{url}/v1/events", json={"events": events[start : start + 5]},
                           headers=BROWSER, timeout=10)  # fmt: skip
            assert r.json() == {"accepted": 5, "rejected": []}
        acked = {e["event_id"] for e in events}
        wait_for(lambda: acked <= lake_counts(stack.data_dir).keys(), 30, "events rolled")
    finally:
        stack.stop_all()
    good = sorted((stack.data_dir / "lake/raw/events").glob("date=*/*.parquet"))
    partition = good[0].parent
    data = good[0].read_bytes()
    (partition / "truncated.parquet").write_bytes(data[: len(data) // 2])
    (partition / "empty.parquet").write_bytes(b"")
    shutil.copy(good[0], partition / ".half-written.parquet.tmp")  # never read: not final

    stack.cli("pipelines", "run", timeout=300)

    settings = load_settings(data_dir=stack.data_dir)
    rows = query(settings, "SELECT event_id, device, browser FROM events")
    assert {r["event_id"] for r in rows} == acked and len(rows) == len(acked)
    assert {(r["device"], r["browser"]) for r in rows} == {("desktop", "Firefox")}
    bad = query(settings, "SELECT file, reason FROM quarantined_files ORDER BY file")
    assert [Path(r["file"]).name for r in bad] == ["empty.parquet", "truncated.parquet"]
    assert all(r["reason"] for r in bad)
    moved = sorted(p.name for p in (stack.data_dir / "lake/quarantine/files").rglob("*.corrupt"))
    assert moved == ["empty.parquet.corrupt", "truncated.parquet.corrupt"]
    notes = (stack.data_dir / "lake/quarantine/files").rglob("*.reason.json")
    assert all(json.loads(p.read_text())["reason"] for p in notes)
    assert not (partition / "truncated.parquet").exists()
