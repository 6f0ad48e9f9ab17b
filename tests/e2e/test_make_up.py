"""`leadhub up` exactly as `make up` runs it: its own generated secrets, its demo traffic, and
within a minute the fake CRM holds signed leads and the published funnel shows sales.

The bug this guards (issue 7): secrets generated with the URL-safe alphabet broke signing in
two runs out of three while every test passed with fixed secrets.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.procs import REPO, Stack, wait_for

ARTIFACTS = REPO / "tests" / "e2e" / "artifacts"  # screenshots, kept after the run (git-ignored)

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


def _login(log_text: str) -> tuple[str, str]:
    match = re.search(r"^  login\s+(\S+) / (\S+)$", log_text, re.M)
    assert match, "the banner prints the demo login"
    return match[1], match[2]


def _dashboard_shows_sales(browser: Browser, stack: Stack, user: str, password: str) -> None:
    """The README's promise: sign in with the printed login, see sold leads and revenue."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(stack.url("dashboard"))
    page.get_by_label("E-mail").fill(user)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    for label in ("Leads vendus", "Chiffre d'affaires (€)"):
        metric = page.locator("[data-testid=stMetric]").filter(
            has=page.get_by_text(label, exact=True)
        )
        value = metric.locator("[data-testid=stMetricValue]")
        expect(value).not_to_have_text(re.compile(r"^\s*0([,.]00)?\s*(€)?\s*$"), timeout=30_000)
        expect(value).to_have_text(re.compile(r"[1-9]"), timeout=30_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "make_up_dashboard.png"), full_page=True)
    pages = (
        ("Tests A/B", "ab_tests", "Par landing page"),  # a verdict per test, its intervals chart
        ("Acquisition et rentabilité", "acquisition", "Regrouper par"),
    )
    for link, name, shown in pages:
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=link)).to_be_visible(timeout=30_000)
        expect(page.get_by_text(shown).first).to_be_visible(timeout=30_000)
        page.wait_for_timeout(1_500)  # the charts and tables draw after the text
        page.screenshot(path=str(ARTIFACTS / f"make_up_{name}.png"), full_page=True)
    page.close()


def test_make_up_sells_with_generated_secrets(tmp_path: Path, browser: Browser) -> None:
    # As a user runs it: `leadhub up` allows the private network, its demo traffic is real.
    stack = Stack.create(tmp_path / "data", LEADHUB_TEST_MODE="0")
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
        wait_for(lambda: httpx.get(f"{stack.url('dashboard')}/_stcore/health").is_success, 60)
        _dashboard_shows_sales(browser, stack, *_login(text))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C, as a user stops it
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
