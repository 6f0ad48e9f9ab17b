"""Shared fixtures: a fresh data dir with settings, and a seeded demo hub."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.db import open_hub
from hub.settings import Settings, load_settings
from leadhub.demo.seed import DemoWorld, seed_demo


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = load_settings(data_dir=tmp_path / "data", allow_private_network=True)
    s.ensure_dirs()
    return s


@pytest.fixture
def hub_con(settings: Settings) -> Iterator[sqlite3.Connection]:
    con = open_hub(settings.hub_db)
    yield con
    con.close()


@pytest.fixture
def world(settings: Settings, hub_con: sqlite3.Connection) -> DemoWorld:
    return seed_demo(
        hub_con,
        settings,
        buyer_secret="whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",
        password="demo-password",
    )
