"""Sign-in that survives a reload: hub sessions behind the cookie, sign-out everywhere, and the
sign-in limit, through the real app entry point (decision 0027).

AppTest cannot send cookies; a "reload" is a new AppTest whose request cookie is patched in
(``dashboard.cookie.request_cookies``). The browser side is in tests/e2e/test_dashboard_e2e.py.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from dashboard import cookie
from hub.db import iso, transaction, utcnow
from hub.services import sessions
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

APP = Path(dashboard.__file__).parent / "app.py"
ADMIN = "admin@demo.leadhub"
RATE_LIMITED = "Trop de tentatives, réessayez dans 15 minutes."


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    return settings


@pytest.fixture
def browser_cookie(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The cookies the next AppTest "sends" (fill it before ``app()``)."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(cookie, "request_cookies", lambda: jar)
    return jar


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input[0].input(email)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def signed_in(jar: dict[str, str]) -> str:
    """Sign the admin in and return the token its cookie carries."""
    at = sign_in(app(), ADMIN, "demo-password")
    assert titles(at) == ["Entonnoir de conversion"]
    token = at.session_state["session_token"]
    scripts = [h.body for h in at.html]
    assert any(f"{cookie.NAME}={token}; Max-Age=43200; Path=/; SameSite=Lax" in s for s in scripts)
    jar[cookie.NAME] = token
    return str(token)


def test_sign_in_stores_only_the_token_hash(
    env: Settings, world: DemoWorld, hub_con: sqlite3.Connection, browser_cookie: dict[str, str]
) -> None:
    token = signed_in(browser_cookie)
    assert sessions.is_token(token)
    rows = hub_con.execute("SELECT * FROM dashboard_sessions").fetchall()
    assert len(rows) == 1
    row = rows[0]
    assert row["user_id"] == "usr_admin" and row["revoked_at"] is None
    assert row["token_hash"] == sessions.hash_token(token)
    lifetime = datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(row["created_at"])
    assert lifetime == timedelta(hours=12)
    assert token not in "\n".join(hub_con.iterdump())

    # A reload: a new Streamlit session whose only proof is the cookie.
    again = app()
    assert titles(again) == ["Entonnoir de conversion"]
    assert again.session_state["user_id"] == "usr_admin"


@pytest.mark.parametrize("column", ["expires_at", "revoked_at"])
def test_an_expired_or_revoked_token_does_not_sign_in(
    env: Settings,
    world: DemoWorld,
    hub_con: sqlite3.Connection,
    browser_cookie: dict[str, str],
    column: str,
) -> None:
    token = signed_in(browser_cookie)
    with transaction(hub_con):
        hub_con.execute(
            f"UPDATE dashboard_sessions SET {column} = ?",
            (iso(utcnow() - timedelta(seconds=1)),),
        )
    at = app()
    assert titles(at) == ["Connexion"]
    assert "user_id" not in at.session_state
    # The dead cookie is cleared, only while it still holds that token.
    assert any(f'includes("{cookie.NAME}={token}")' in h.body for h in at.html)


def test_a_forged_or_unknown_cookie_does_not_sign_in(
    env: Settings, world: DemoWorld, browser_cookie: dict[str, str]
) -> None:
    for value in ["usr_admin", ADMIN, sessions.new_token()]:
        browser_cookie[cookie.NAME] = value
        assert titles(app()) == ["Connexion"]


def test_sign_out_revokes_every_session_of_the_user(
    env: Settings, world: DemoWorld, hub_con: sqlite3.Connection, browser_cookie: dict[str, str]
) -> None:
    token = signed_in(browser_cookie)
    browser_cookie.clear()
    signed_in(browser_cookie)  # another browser: its own session
    browser_cookie[cookie.NAME] = token
    other_tab = app()  # a second tab of the first browser: signed in by the cookie
    assert titles(other_tab) == ["Entonnoir de conversion"]
    assert hub_con.execute("SELECT count(*) FROM dashboard_sessions").fetchone()[0] == 2

    tab = app()
    tab.button(key="logout").click().run()
    assert not tab.exception
    assert titles(tab) == ["Connexion"]
    assert "user_id" not in tab.session_state
    live = "SELECT count(*) FROM dashboard_sessions WHERE revoked_at IS NULL"
    assert hub_con.execute(live).fetchone()[0] == 0
    clear = f'document.cookie = "{cookie.NAME}=; Max-Age=0; Path=/; SameSite=Lax"'
    assert any(clear in h.body for h in tab.html)

    # The other tab is signed out on its next run; a reload with the old cookie too.
    other_tab.run()
    assert titles(other_tab) == ["Connexion"]
    assert titles(app()) == ["Connexion"]


def test_five_failures_refuse_the_sixth_attempt(
    env: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    at = app()
    for _ in range(5):
        sign_in(at, ADMIN, "wrong-password")
        assert [e.value for e in at.error] == ["E-mail ou mot de passe incorrect."]
    sign_in(at, ADMIN, "demo-password")
    assert [e.value for e in at.error] == [RATE_LIMITED]
    assert "user_id" not in at.session_state
    failures = hub_con.execute("SELECT email, client FROM dashboard_sign_in_failures").fetchall()
    assert [tuple(r) for r in failures] == [(ADMIN, "local")] * 5
    assert hub_con.execute("SELECT count(*) FROM dashboard_sessions").fetchone()[0] == 0

    # Counted in the hub: another Streamlit session (a new tab) is refused as well.
    other = sign_in(app(), " Admin@Demo.Leadhub ", "demo-password")
    assert [e.value for e in other.error] == [RATE_LIMITED]

    # Once the window has passed, the right password signs in again.
    with transaction(hub_con):
        hub_con.execute(
            "UPDATE dashboard_sign_in_failures SET failed_at = ?",
            (iso(utcnow() - timedelta(minutes=16)),),
        )
    assert titles(sign_in(app(), ADMIN, "demo-password")) == ["Entonnoir de conversion"]
