"""`leadhub seed traffic` walks visitors through the real collector: nothing refused."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import duckdb
import pytest

from tests.e2e.procs import Stack, wait_for

pytestmark = pytest.mark.e2e


def _lake_count(data_dir: Path, area: str) -> int:
    files = sorted((data_dir / "lake" / area / "events").glob("date=*/*.parquet"))
    if not files:
        return 0
    with duckdb.connect() as con:
        row = con.execute("SELECT count(*) FROM read_parquet(?)", [[str(f) for f in files]])
        return int(row.fetchall()[0][0])


def test_demo_traffic_lands_whole(tmp_path: Path) -> None:
    stack = Stack.create(tmp_path / "data")
    stack.seed("whsec_bGVhZGh1Yi1kZW1vLXRyYWZmaWMtc2VjcmV0LTAwMDE=", "pw-demo-traffic")
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    try:
        out = stack.cli("seed", "traffic", "--visitors", "40", "--seed", "7")
        match = re.search(r"(\d+) visitors, (\d+) events, (\d+) leads", out)
        assert match, out
        visitors, events, leads = map(int, match.groups())
        assert visitors == 40 and events >= 40 and leads >= 1
        wait_for(lambda: _lake_count(stack.data_dir, "raw") == events, 20, "events rolled")
        assert _lake_count(stack.data_dir, "quarantine") == 0
        with sqlite3.connect(stack.data_dir / "hub.sqlite3") as con:
            stored = con.execute("SELECT count(*) FROM leads WHERE status = 'new'").fetchone()
        assert stored[0] == leads
    finally:
        stack.stop_all()
