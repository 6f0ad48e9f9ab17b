"""Dashboard users: password check against the hub and the accounts a user may see.

Every hub read opens a short read-only SQLite connection and closes it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dashboard.queries import q
from hub.db import connect
from hub.security import hash_password, verify_password
from hub.services import actor


class HubUnavailable(Exception):
    """The hub database cannot be read (missing file, not migrated, locked too long)."""


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class User:
    id: str
    email: str
    name: str
    accounts: tuple[Account, ...]
    role: str = "viewer"

    @property
    def account_ids(self) -> tuple[str, ...]:
        """Sorted ids: the tenant scope of every query and cache key."""
        return tuple(sorted(a.id for a in self.accounts))

    @property
    def actor(self) -> actor.Actor:
        """The user as the hub services' acting identity: its role on its accounts."""
        return actor.user(self.id, self.role, self.account_ids)


@cache
def _dummy_hash() -> str:
    # Verified against when the e-mail is unknown, so both failures take the same time.
    return hash_password("leadhub-no-such-user")


def _read(hub_db: Path, query: str, params: dict[str, str]) -> list[sqlite3.Row]:
    if not hub_db.is_file():
        raise HubUnavailable(f"{hub_db} does not exist")
    try:
        with closing(connect(hub_db, readonly=True)) as con:
            return con.execute(query, params).fetchall()
    except sqlite3.Error as exc:
        raise HubUnavailable(str(exc)) from exc


def _user(hub_db: Path, row: sqlite3.Row) -> User:
    role = actor.highest(r["role"] for r in _read(hub_db, q("user_role"), {"user_id": row["id"]}))
    # A super_admin sees every account (as the hub services let it act on every account).
    scope = (
        _read(hub_db, q("accounts_all"), {})
        if role == "super_admin"
        else _read(hub_db, q("user_scope"), {"user_id": row["id"]})
    )
    accounts = tuple(Account(r["id"], r["name"]) for r in scope)
    return User(row["id"], row["email"], row["name"], accounts, role)


def authenticate(hub_db: Path, email: str, password: str) -> User | None:
    """The user with this e-mail (case-insensitive) and password, or None."""
    rows = _read(hub_db, q("user_by_email"), {"email": email.strip()})
    if not rows:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(rows[0]["password_hash"], password):
        return None
    return _user(hub_db, rows[0])


def load_user(hub_db: Path, user_id: str) -> User | None:
    """The signed-in user, re-read on every page run so revoked access applies at once."""
    rows = _read(hub_db, q("user_by_id"), {"id": user_id})
    return _user(hub_db, rows[0]) if rows else None
