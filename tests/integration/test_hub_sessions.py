"""hub.services.sessions on a real hub: tokens, expiry, revocation and the sign-in limit."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta

import pytest

from hub.db import iso, utcnow
from hub.services import sessions
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

LIMIT = sessions.SignInLimit(max_failures=5, window=timedelta(minutes=15))


def test_tokens_read_back_with_their_own_alphabet() -> None:
    tokens = [sessions.new_token() for _ in range(500)]
    assert len(set(tokens)) == 500
    assert all(sessions.is_token(t) for t in tokens)
    assert any("-" in t or "_" in t for t in tokens)  # the URL-safe characters do occur
    assert all(re.fullmatch(r"[0-9a-f]{64}", sessions.hash_token(t)) for t in tokens[:5])
    for bad in ["", "usr_admin", tokens[0] + "=", tokens[0][:-1], tokens[0][:-1] + "+", None, 3]:
        assert not sessions.is_token(bad)


def test_session_lifetime_and_revocation(world: DemoWorld, hub_con: sqlite3.Connection) -> None:
    now = utcnow()
    token = sessions.create_session(hub_con, "usr_admin", 2, now)
    other = sessions.create_session(hub_con, "usr_admin", 2, now)
    assert sessions.session_user(hub_con, token, now + timedelta(hours=1)) == "usr_admin"
    assert sessions.session_user(hub_con, token, now + timedelta(hours=2, seconds=1)) is None
    assert sessions.session_user(hub_con, token + "x", now) is None
    seen = hub_con.execute("SELECT last_seen_at FROM dashboard_sessions").fetchall()
    assert any(r[0] > iso(now) for r in seen)  # touched by the read an hour later
    assert sessions.revoke_user_sessions(hub_con, "usr_admin", now) == 2
    assert sessions.session_user(hub_con, other, now) is None


def test_limit_per_email_and_per_client(world: DemoWorld, hub_con: sqlite3.Connection) -> None:
    now = utcnow()
    for i in range(5):
        assert sessions.retry_after(hub_con, "a@x.test", "1.1.1.1", LIMIT, now) is None
        sessions.record_failure(hub_con, "A@x.test ", "1.1.1.1", LIMIT, now + timedelta(minutes=i))
    later = now + timedelta(minutes=5)
    # This e-mail from anywhere, and anything from this client, must wait until the oldest
    # of the last five failures leaves the window.
    assert sessions.retry_after(hub_con, "a@x.test", "2.2.2.2", LIMIT, later) == timedelta(
        minutes=10
    )
    assert sessions.retry_after(hub_con, "b@x.test", "1.1.1.1", LIMIT, later) is not None
    assert sessions.retry_after(hub_con, "b@x.test", "2.2.2.2", LIMIT, later) is None
    assert sessions.wait_minutes(timedelta(minutes=9, seconds=1)) == 10
    assert sessions.wait_minutes(timedelta(seconds=3)) == 1
    assert (
        sessions.retry_after(hub_con, "a@x.test", "2.2.2.2", LIMIT, now + timedelta(minutes=16))
        is None
    )


def test_success_does_not_reset_another_clients_counter(
    world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    now = utcnow()
    for _ in range(3):
        sessions.record_failure(hub_con, "a@x.test", "attacker", LIMIT, now)
    for _ in range(2):
        sessions.record_failure(hub_con, "a@x.test", "owner", LIMIT, now)
    sessions.clear_failures(hub_con, "a@x.test", "owner")  # the owner signs in
    rows = hub_con.execute("SELECT client FROM dashboard_sign_in_failures").fetchall()
    assert [r[0] for r in rows] == ["attacker"] * 3
    for _ in range(2):
        sessions.record_failure(hub_con, "a@x.test", "attacker", LIMIT, now)
    assert sessions.retry_after(hub_con, "a@x.test", "attacker", LIMIT, now) is not None
