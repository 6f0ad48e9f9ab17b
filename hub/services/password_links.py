"""One-time password links (decision 0033): an admin makes a link for a user of its accounts,
the user opens it (signed out) and sets its own password.

The link carries a random token (256 bits, ``secrets.token_urlsafe``) returned once; the hub
keeps its SHA-256. A link lasts 24 h, is used once, and a new link of the same user revokes the
previous one. Setting the password (argon2, the users service's rules) ends every dashboard
session of the user. Unknown tokens count as failed sign-ins of the client (the sign-in limit),
so guessing links from one client is slowed like guessing passwords. The activity log names
the link's creation and its use, never the token.
"""

from __future__ import annotations

import math
import sqlite3
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import urlencode

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError, FieldError
from hub.security import hash_password
from hub.services import sessions
from hub.services.actor import Actor, highest, log_change
from hub.services.actor import user as user_actor
from hub.services.fields import Fields
from hub.services.users import managed, password_field
from hub.settings import Settings

LIFETIME: Final = timedelta(hours=24)
PAGE: Final = "set_password"  # the dashboard's signed-out page (dashboard/views/set_password.py)


def link_url(base_url: str, token: str) -> str:
    """The dashboard URL that opens the set-password page for ``token``."""
    return f"{base_url.rstrip('/')}/{PAGE}?{urlencode({'token': token})}"


def limit_of(settings: Settings) -> sessions.SignInLimit:
    """The sign-in limit of these settings (unknown tokens count as failed sign-ins)."""
    window = timedelta(minutes=settings.dashboard_sign_in_window_minutes)
    return sessions.SignInLimit(settings.dashboard_sign_in_max_failures, window)


def find_user(con: sqlite3.Connection, email_or_id: str) -> str:
    """A user id from an id or an e-mail (case-insensitive); unknown: the value itself (the
    service then answers 404)."""
    if "@" not in email_or_id:
        return email_or_id
    row = con.execute(sql("user_email_taken"), {"email": email_or_id.strip()}).fetchone()
    return str(row["id"]) if row is not None else email_or_id


def create_link(
    con: sqlite3.Connection, actor: Actor, user_id: str, base_url: str, now: datetime
) -> dict[str, Any]:
    """A new link for a user the actor manages (``users.write``; another tenant's user: 404; a
    disabled user: 409). The answer holds the token and its URL, shown this once."""
    actor.require("users.write")
    row, memberships = managed(con, actor, user_id)
    if row["disabled_at"] is not None:
        raise ApiError(409, "conflict", f"User {user_id!r} is disabled: enable it first.")
    token, expires = sessions.new_token(), now + LIFETIME
    account = memberships[0]["account_id"] if memberships else None
    with transaction(con):
        revoked = con.execute(
            sql("password_links_revoke_user"), {"user_id": user_id, "now": iso(now)}
        ).rowcount
        con.execute(
            sql("password_link_insert"),
            {
                "id": new_id("pwl"),
                "user_id": user_id,
                "token_hash": sessions.hash_token(token),
                "created_by": actor.label,
                "now": iso(now),
                "expires_at": iso(expires),
            },
        )
        detail = {"email": row["email"], "expires_at": iso(expires), "revoked_links": revoked}
        log_change(con, actor, "user.password_link_created", user_id, account, detail, now)
    return {
        "user_id": user_id,
        "email": row["email"],
        "url": link_url(base_url, token),
        "token": token,
        "expires_at": iso(expires),
    }


def _token_error(status: int, reason: str, fr: str, en: str) -> ApiError:
    code = "not_found" if status == 404 else "gone"
    return ApiError(status, code, en, [FieldError("token", reason, fr, en)])


def _usable(con: sqlite3.Connection, token: str, now: datetime) -> sqlite3.Row:
    """The link of ``token`` if it may set a password; else 404 (unknown) or 410 (used,
    replaced, expired, or its user disabled)."""
    link: sqlite3.Row | None = None
    if sessions.is_token(token):
        params = {"token_hash": sessions.hash_token(token)}
        link = con.execute(sql("password_link_lookup"), params).fetchone()
    if link is None:
        raise _token_error(404, "unknown", "Lien inconnu.", "Unknown password link.")
    if link["used_at"] is not None:
        raise _token_error(410, "used", "Ce lien a déjà servi.", "This link was already used.")
    if link["revoked_at"] is not None:
        fr, en = "Ce lien a été remplacé par un plus récent.", "A newer link replaced this one."
        raise _token_error(410, "revoked", fr, en)
    if link["expires_at"] <= iso(now):
        raise _token_error(410, "expired", "Ce lien a expiré.", "This link has expired.")
    if link["disabled_at"] is not None:
        fr, en = "Cet utilisateur est désactivé.", "This user is disabled."
        raise _token_error(410, "user_disabled", fr, en)
    return link


def check_link(con: sqlite3.Connection, token: str, now: datetime) -> dict[str, Any]:
    """Whether a link may still be used (404/410 as :func:`set_password`), with its user's
    e-mail; nothing is counted or written."""
    link = _usable(con, token, now)
    return {"email": link["email"], "expires_at": link["expires_at"]}


def set_password(
    con: sqlite3.Connection,
    token: str,
    payload: Any,
    client: str,
    limit: sessions.SignInLimit,
    now: datetime,
) -> dict[str, Any]:
    """Set the password of the link's user (``{"password": …}``, 12 to 200 characters), use the
    link, end the user's dashboard sessions. 429 while the client is over the sign-in limit;
    404 unknown token (counted); 410 used, replaced or expired; 422 naming a bad password."""
    key = f"password-link@{client}"
    wait = sessions.retry_after(con, key, client, limit, now)
    if wait is not None:
        seconds = max(1, math.ceil(wait.total_seconds()))
        raise ApiError(
            429,
            "rate_limited",
            f"Too many failed attempts from this client: retry in {seconds} s.",
            retryable=True,
            headers={"Retry-After": str(seconds)},
        )
    try:
        link = _usable(con, token, now)
    except ApiError as err:
        if err.status_code == 404:
            sessions.record_failure(con, key, client, limit, now)
        raise
    f = Fields(payload, ("password",))
    password = password_field(f)
    if password is None and not f.errors:
        f.add("password", "required", "Mot de passe obligatoire.", "A password is required.")
    f.check()
    assert password is not None
    password_hash = hash_password(password)  # slow on purpose: before the write lock
    user_id = str(link["user_id"])
    with transaction(con):
        used = con.execute(sql("password_link_use"), {"id": link["id"], "now": iso(now)})
        if used.rowcount != 1:  # another request used it first
            raise _token_error(410, "used", "Ce lien a déjà servi.", "This link was already used.")
        con.execute(sql("user_password"), {"id": user_id, "password_hash": password_hash})
        ended = sessions.revoke_user_sessions(con, user_id, now)
        memberships = con.execute(sql("memberships_of_user"), {"user_id": user_id}).fetchall()
        me = user_actor(user_id, highest(m["role"] for m in memberships), ())
        account = memberships[0]["account_id"] if memberships else None
        detail = {"via": "password_link", "sessions_ended": ended}
        log_change(con, me, "user.password_set", user_id, account, detail, now)
    return {"user_id": user_id, "email": link["email"], "password_set": True}
