"""Dashboard sign-in sessions and the sign-in rate limit, kept in the hub (decision 0027).

A session is a random token (``secrets.token_urlsafe``) the browser keeps in a cookie; the hub
stores only its SHA-256 with an expiry, so a copy of the database signs nobody in. Sign-out
revokes every session of the user. Failed sign-ins are counted per e-mail and per client in
the hub, so the limit holds across browser tabs, Streamlit sessions and processes.

Every function takes an open hub connection and the current time (tests pass their own).
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from hub.db import iso, new_id, sql, transaction

TOKEN_BYTES: Final = 32
# token_urlsafe's alphabet (URL-safe base64 without padding): 32 bytes are 43 characters.
TOKEN_RE: Final = re.compile(r"[A-Za-z0-9_-]{43}")
SEEN_EVERY: Final = timedelta(minutes=5)  # last_seen_at is written at most this often
KEEP_ENDED: Final = timedelta(days=30)  # ended sessions are purged after this


@dataclass(frozen=True, slots=True)
class SignInLimit:
    """At most ``max_failures`` failed sign-ins per e-mail and per client in ``window``."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)


def new_token() -> str:
    """A fresh session token: 256 random bits in the URL-safe base64 alphabet."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(value: object) -> bool:
    """Whether ``value`` is shaped like a token of :func:`new_token` (cookie values are input)."""
    return isinstance(value, str) and TOKEN_RE.fullmatch(value) is not None


def hash_token(token: str) -> str:
    """What the hub stores: 256 random bits need no slow hash (no dictionary to attack)."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create_session(con: sqlite3.Connection, user_id: str, hours: float, now: datetime) -> str:
    """Open a session for ``user_id`` lasting ``hours``; return its token (never stored)."""
    token = new_token()
    with transaction(con):
        con.execute(sql("dashboard_sessions_purge"), {"before": iso(now - KEEP_ENDED)})
        con.execute(
            sql("dashboard_session_insert"),
            {
                "id": new_id("dss"),
                "user_id": user_id,
                "token_hash": hash_token(token),
                "now": iso(now),
                "expires_at": iso(now + timedelta(hours=hours)),
            },
        )
    return token


def session_user(con: sqlite3.Connection, token: str, now: datetime) -> str | None:
    """The user id of a live session (not revoked, not expired), or None."""
    if not is_token(token):
        return None
    params = {"token_hash": hash_token(token), "now": iso(now)}
    row = con.execute(sql("dashboard_session_lookup"), params).fetchone()
    if row is None:
        return None
    if row["last_seen_at"] < iso(now - SEEN_EVERY):
        with transaction(con):
            con.execute(sql("dashboard_session_seen"), {"id": row["id"], "now": iso(now)})
    return str(row["user_id"])


def revoke_user_sessions(con: sqlite3.Connection, user_id: str, now: datetime) -> int:
    """Sign-out everywhere: revoke every open session of ``user_id``; how many were open."""
    with transaction(con):
        cur = con.execute(
            sql("dashboard_sessions_revoke_user"), {"user_id": user_id, "now": iso(now)}
        )
    return cur.rowcount


def _key(email: str) -> str:
    return email.strip().lower()


def retry_after(
    con: sqlite3.Connection, email: str, client: str, limit: SignInLimit, now: datetime
) -> timedelta | None:
    """How long this e-mail or this client must wait before trying again, or None."""
    since = iso(now - limit.window)
    waits = []
    for kind, key in (("email", _key(email)), ("client", client)):
        params = {"key": key, "since": since, "offset": limit.max_failures - 1}
        row = con.execute(sql(f"dashboard_sign_in_nth_failure_{kind}"), params).fetchone()
        if row is not None:
            waits.append(datetime.fromisoformat(row["failed_at"]) + limit.window - now)
    wait = max(waits, default=None)
    return wait if wait is not None and wait > timedelta(0) else None


def wait_minutes(wait: timedelta) -> int:
    """A wait as whole minutes for a person (rounded up, at least 1)."""
    return max(1, math.ceil(wait.total_seconds() / 60))


def record_failure(
    con: sqlite3.Connection, email: str, client: str, limit: SignInLimit, now: datetime
) -> None:
    """Count one failed sign-in of ``email`` from ``client`` (and forget expired ones)."""
    with transaction(con):
        con.execute(sql("dashboard_sign_in_failures_purge"), {"before": iso(now - limit.window)})
        params = {"email": _key(email), "client": client, "now": iso(now)}
        con.execute(sql("dashboard_sign_in_failure_insert"), params)


def clear_failures(con: sqlite3.Connection, email: str, client: str) -> None:
    """After a success: forget this e-mail's failures from this client only (another client's
    guesses against the same e-mail keep counting)."""
    with transaction(con):
        params = {"email": _key(email), "client": client}
        con.execute(sql("dashboard_sign_in_failures_clear"), params)
