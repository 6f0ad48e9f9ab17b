"""End-to-end fixtures: a headless Debian Chromium (Playwright cannot download browsers here).

Module-scoped: Playwright's sync API runs an event loop in the main thread while it is open,
which would break any later test that calls ``asyncio.run``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.helpers_browser import CHROMIUM_PATH, launch_chromium
from tests.e2e.procs import Stack


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(f"{CHROMIUM_PATH} is missing: `make chromium` installs Debian's chromium")
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A seeded data dir and a real `leadhub collector` process, one per test module."""
    stack = Stack.create(tmp_path_factory.mktemp("collector"))
    stack.cli("seed", "demo", "--json")
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    try:
        yield stack
    finally:
        stack.stop_all()
