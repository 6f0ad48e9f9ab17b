"""Sign-in that survives a reload: the hub sessions and the sign-in limit, seen from the dashboard.

The logic lives in ``hub.services.sessions`` (and ``password_links`` for one-time password
links); this module opens a short read-write hub
connection per call (never creating the file) and turns database errors into
:class:`auth.HubUnavailable`. No Streamlit import: ``ui.py`` handles the cookie.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from dashboard import auth
from hub.db import connect, utcnow
from hub.services import password_links, sessions
from hub.settings import Settings

T = TypeVar("T")


@contextmanager
def _hub(hub_db: Path) -> Iterator[sqlite3.Connection]:
    if not hub_db.is_file():
        raise auth.HubUnavailable(f"{hub_db} does not exist")
    try:
        with closing(connect(hub_db)) as con:
            yield con
    except sqlite3.Error as exc:
        raise auth.HubUnavailable(str(exc)) from exc


def _run(hub_db: Path, op: Callable[[sqlite3.Connection], T]) -> T:
    with _hub(hub_db) as con:
        return op(con)


def limit(settings: Settings) -> sessions.SignInLimit:
    """The sign-in limit of these settings."""
    return password_links.limit_of(settings)


def wait_minutes(settings: Settings, email: str, client: str) -> int | None:
    """Minutes this e-mail or client must wait before the next try; None: may try now."""
    now, lim = utcnow(), limit(settings)
    wait = _run(settings.hub_db, lambda con: sessions.retry_after(con, email, client, lim, now))
    return None if wait is None else sessions.wait_minutes(wait)


def failed(settings: Settings, email: str, client: str) -> None:
    """Count a failed sign-in in the hub."""
    now, lim = utcnow(), limit(settings)
    _run(settings.hub_db, lambda con: sessions.record_failure(con, email, client, lim, now))


def start(settings: Settings, user_id: str, email: str, client: str) -> str:
    """A successful sign-in: clear this client's failures, open a session, return its token."""
    hours, now = settings.dashboard_session_hours, utcnow()
    with _hub(settings.hub_db) as con:
        sessions.clear_failures(con, email, client)
        return sessions.create_session(con, user_id, hours, now)


def resume(settings: Settings, token: str) -> auth.User | None:
    """The user of a live session token (from the cookie or this tab), or None."""
    now = utcnow()
    user_id = _run(settings.hub_db, lambda con: sessions.session_user(con, token, now))
    return None if user_id is None else auth.load_user(settings.hub_db, user_id)


def end_all(settings: Settings, user_id: str) -> None:
    """Sign-out everywhere: revoke every session of the user."""
    now = utcnow()
    _run(settings.hub_db, lambda con: sessions.revoke_user_sessions(con, user_id, now))


def password_link(settings: Settings, token: str) -> dict[str, Any]:
    """The e-mail and expiry of a usable one-time password link (raises the service's 404/410
    :class:`ApiError`)."""
    now = utcnow()
    return _run(settings.hub_db, lambda con: password_links.check_link(con, token, now))


def set_password(settings: Settings, token: str, password: str, client: str) -> dict[str, Any]:
    """Set the password of a one-time link's user (raises the service's 404/410/422/429)."""
    now, lim, body = utcnow(), limit(settings), {"password": password}
    return _run(
        settings.hub_db,
        lambda con: password_links.set_password(con, token, body, client, lim, now),
    )
