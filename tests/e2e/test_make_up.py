"""`leadhub up` exactly as `make up` runs it: its own generated secrets, its demo traffic, and
within a minute the fake CRM holds signed leads and the published funnel shows sales.

The bug this guards (issue 7): secrets generated with the URL-safe alphabet broke signing in
two runs out of three while every test passed with fixed secrets.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.e2e.procs import REPO, Stack, wait_for

pytestmark = pytest.mark.e2e


def _received(stack: Stack) -> list[dict[str, object]]:
    got = httpx.get(f"{stack.url('fake_crm')}/_fake/received", timeout=5).json()
    return list(got["leads"])


def _published_sales(data_dir: Path) -> tuple[int, float]:
    snapshot = data_dir / "warehouse" / "leadhub.duckdb"
    if not snapshot.exists():
        return 0, 0.0
    with duckdb.connect(str(snapshot), read_only=True) as con:
        row = con.execute(
            "SELECT coalesce(sum(sold_leads), 0), coalesce(sum(revenue_eur), 0) FROM funnel_daily"
        ).fetchall()[0]
    return int(row[0]), float(row[1])


def test_make_up_sells_with_generated_secrets(tmp_path: Path) -> None:
    stack = Stack.create(tmp_path / "data")
    leadhub = Path(sys.executable).with_name("leadhub")  # the script `make up` runs
    log_path = tmp_path / "up.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(leadhub), "up"],
            env=stack.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: "demo traffic:" in log_path.read_text(), 120, "the demo traffic")
        deadline = time.monotonic() + 60  # a minute after the demo traffic, as the issue asks
        wait_for(lambda: len(_received(stack)) > 0, 60, "a lead at the fake CRM")
        left = max(1.0, deadline - time.monotonic())
        try:
            wait_for(lambda: _published_sales(stack.data_dir)[0] > 0, left, "sold leads published")
        except TimeoutError:
            pipeline = [ln for ln in log_path.read_text().splitlines() if "pipelines" in ln]
            raise AssertionError("\n".join(pipeline[-40:])) from None
        leads = _received(stack)
        assert leads and all(e["signature_valid"] is True for e in leads), leads[:1]
        sold, revenue = _published_sales(stack.data_dir)
        assert sold > 0 and revenue > 0
        text = log_path.read_text(errors="replace")
        assert "Traceback" not in text and "Incorrect padding" not in text, text[-3000:]
        banner_secret = json.dumps(text).count("whsec_")
        assert banner_secret == 0, "the banner must never print the buyer secret"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C, as a user stops it
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
