"""Who acts: a user, an API key or the server's CLI, with its role and account scope.

Every service takes an :class:`Actor` and calls :meth:`Actor.require` before it reads or
changes anything: a role without the permission is a 403, an object outside the actor's
accounts is a 404 (never its data). :func:`log_change` writes the activity log entry of the
change, in the change's transaction, with the actor's label.

The permission table is the one source of truth; roles other than ``super_admin`` are scoped
to the accounts of the user's memberships or the key's account tree (a key's role is
``api_keys.role``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.db import iso, sql
from hub.errors import ApiError

ROLES = ("super_admin", "admin", "ops", "marketer", "finance", "viewer")
_READERS = frozenset(ROLES)
_OPS = frozenset({"super_admin", "admin", "ops"})
_ADMINS = frozenset({"super_admin", "admin"})

PERMISSIONS: Mapping[str, frozenset[str]] = {
    "commandes.read": _READERS,
    "commandes.write": _OPS,
    "leads.read": _READERS,
    "leads.operate": _OPS,  # requeue, reroute, return, test mark
    "sources.read": _READERS,  # traffic sources and providers seen, blocked or not
    "sources.write": _OPS,
    "buyers.read": _READERS,
    "buyers.write": _OPS,
    "prices.read": _READERS,  # products and their transfer prices
    "prices.write": frozenset({"super_admin", "admin", "finance"}),
    "products.write": _ADMINS,
    "providers.read": _READERS,
    "providers.write": _OPS,  # lead suppliers and their keys
    "tracking.read": _READERS,  # verify, tracking health
    "activity.read": _READERS,  # the activity log of the actor's accounts
    "catalogue.read": _READERS,  # landing pages, forms, allowed origins, briefs
    "catalogue.write": frozenset({"super_admin", "admin", "marketer"}),
    "delivery.write": _OPS,
    # Ad spend per day × source × campaign (issue 11): marketers manage it, finance and admins
    # too (it is money spent); every role reads it on its accounts.
    "costs.read": _READERS,
    "costs.write": frozenset({"super_admin", "admin", "marketer", "finance"}),
    "credits.write": frozenset({"super_admin", "admin", "ops", "finance"}),
    # Invoices, credit notes and prepaid balances: finance closes periods, marks documents sent
    # or paid, tops balances up.
    "billing.read": frozenset({"super_admin", "admin", "finance", "viewer"}),
    "billing.write": frozenset({"super_admin", "admin", "finance"}),
    # Admins manage accounts (brands; an entity is super_admin's), users and keys within their
    # accounts, never granting a role above their own (Actor.may_grant).
    "accounts.read": _READERS,
    "accounts.write": _ADMINS,
    "users.read": _ADMINS,
    "users.write": _ADMINS,
    "keys.read": _ADMINS,
    "keys.write": _ADMINS,
    # Personal data (GDPR, decision 0052): a person's export (DSAR) and the consent ledger;
    # running the retention anonymisation by hand (the schedule runs as the server).
    "privacy.read": _ADMINS,
    "privacy.retention": _ADMINS,
    # GDPR erasure (hub, lake, warehouse, buyers) and the opposition list (decision 0051).
    "privacy.erase": _ADMINS,
}
# What a role may grant (to a user or a key): super_admin every role, admin every role but
# super_admin; the other roles manage nobody.
RANK: Mapping[str, int] = {"super_admin": 2, "admin": 1}


@dataclass(frozen=True, slots=True)
class Actor:
    kind: str  # user | api_key | cli
    id: str
    role: str
    accounts: frozenset[str] | None  # None: every account (the server's CLI, super_admin)

    @property
    def label(self) -> str:
        """How the activity log names this actor (``user:usr_…``, ``api_key:key_…``, ``cli``)."""
        return "cli" if self.kind == "cli" else f"{self.kind}:{self.id}"

    @property
    def scope(self) -> set[str] | None:
        return None if self.accounts is None else set(self.accounts)

    def sees(self, account_id: str | None) -> bool:
        return self.accounts is None or (account_id is not None and account_id in self.accounts)

    def may(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]

    def require(self, permission: str, account_id: str | None = None, what: str = "") -> None:
        """403 when the role lacks ``permission``; 404 when ``account_id`` (the account that
        owns the ``what`` asked for) is outside the actor's accounts."""
        if not self.may(permission):
            raise ApiError(403, "forbidden", f"Role {self.role!r} may not {permission}.")
        if account_id is not None and not self.sees(account_id):
            raise ApiError(404, "not_found", f"No {what or 'object'} in this account.")

    def may_grant(self, role: str) -> bool:
        """Whether this actor may give ``role`` to a user or a key (never above its own)."""
        return RANK.get(role, 0) <= RANK.get(self.role, 0) and self.role in _ADMINS

    def visible(self, account_ids: Iterable[str]) -> list[str]:
        return [a for a in account_ids if self.sees(a)]


CLI = Actor("cli", "server", "super_admin", None)  # the operator of the server, every account


def api_key(key_id: str, accounts: Iterable[str], role: str = "admin") -> Actor:
    """An API key acting with its role (``api_keys.role``) on its account tree; a super_admin
    key acts on every account."""
    return Actor("api_key", key_id, role, None if role == "super_admin" else frozenset(accounts))


def highest(roles: Iterable[str]) -> str:
    """A user's role: the same on each membership (the highest, for older rows); none: viewer."""
    return min(roles, key=ROLES.index, default="viewer")


def user(user_id: str, role: str, accounts: Iterable[str]) -> Actor:
    """A signed-in dashboard user acting with its role on the accounts it sees (memberships and
    their sub-accounts); a super_admin acts on every account."""
    return Actor("user", user_id, role, None if role == "super_admin" else frozenset(accounts))


def log_change(
    con: sqlite3.Connection,
    actor: Actor,
    action: str,
    subject: str,
    account_id: str | None,
    detail: Mapping[str, Any],
    now: datetime,
) -> None:
    """The activity log entry of one change (call inside the change's transaction)."""
    con.execute(
        sql("activity_log_change"),
        {
            "account_id": account_id,
            "actor": actor.label,
            "action": action,
            "subject": subject,
            "detail": json.dumps(dict(detail), ensure_ascii=False, default=str),
            "created_at": iso(now),
        },
    )
