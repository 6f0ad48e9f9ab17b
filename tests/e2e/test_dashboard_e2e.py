"""The real thing once: `dashboard.launch.serve` on a free loopback port, driven by Chromium.

Marked e2e (a real process and a browser); it lives here because tests/integration/test_dashboard*
is the dashboard's test namespace.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.test_dashboard_funnel import ECO, NNBSP, SOLEIL, build_snapshot

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(settings: Settings, world: DemoWorld, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADHUB_")}
    env |= {
        "LEADHUB_DATA_DIR": str(settings.data_dir),
        "LEADHUB_DASHBOARD_PORT": str(port),
        "LEADHUB_HOST": "127.0.0.1",
    }
    code = (
        "from dashboard.launch import serve; from hub.settings import load_settings;"
        " serve(load_settings())"
    )
    log = (tmp_path / "dashboard.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "dashboard.log").read_text()
            try:
                if httpx.get(url + "_stcore/health", timeout=2).text == "ok":
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "dashboard did not start in 60 s"
            time.sleep(0.3)
        # serve() exec'd Streamlit: the supervisor's pid IS the server.
        assert b"dashboard.server" in Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium")
def test_sign_in_and_read_the_funnel_in_a_browser(settings: Settings, server: str) -> None:
    from playwright.sync_api import sync_playwright

    build_snapshot(settings.warehouse_db, SOLEIL + ECO)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            # A private URL while signed out shows the sign-in form, then the page itself.
            page.goto(server + "funnel")
            page.get_by_label("E-mail").fill("admin@demo.leadhub", timeout=30_000)
            page.get_by_label("Mot de passe").fill("demo-password")
            page.get_by_role("button", name="Se connecter").click()
            page.get_by_text("Entonnoir de conversion").wait_for(timeout=30_000)
            metric = page.locator('[data-testid="stMetric"]').filter(has_text="Visites")
            metric.wait_for(timeout=30_000)
            # The demo admin belongs to both entities: 1 600 + 7 777 visits.
            assert f"9{NNBSP}377" in metric.inner_text()
            page.locator(".js-plotly-plot").wait_for(timeout=30_000)
        finally:
            browser.close()
