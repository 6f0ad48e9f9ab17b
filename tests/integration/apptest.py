"""What the dashboard's AppTest tests share: the real app entry point, its data dir, users made
through the users service, signing in through the sign-in form, and clicking."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from hub.db import utcnow
from hub.services import users
from hub.services.actor import CLI
from hub.settings import Settings

APP = Path(dashboard.__file__).parent / "app.py"
PASSWORD = "a-long-enough-password"


def use_data_dir(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The app under test reads this data dir, in test mode."""
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    return settings


def make_users(con: sqlite3.Connection, people: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """(e-mail, role, account) → the users (password :data:`PASSWORD`); e-mail → user id."""
    made = {}
    for email, role, account in people:
        payload = {"email": email, "role": role, "account_ids": [account], "password": PASSWORD}
        made[email] = str(users.create_user(con, CLI, payload, utcnow())["id"])
    return made


def signed_in(email: str, page: str | None = None, timeout: int = 30) -> AppTest:
    """The app after signing in as ``email`` (on ``views/<page>`` when given)."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    at.text_input[0].input(email)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at if page is None else open_page(at, page)


def open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"views/{name}").run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception
    return at
