"""API v1 authentication: ``Authorization: Token <key>`` (``Bearer <key>`` accepted).

Shared by API v1 (its ``principal`` dependency, :mod:`ingest.api.deps`) and lead intake (a
server posting with a key, :mod:`ingest.intake.callers`). :func:`authenticate` raises 401 with
``WWW-Authenticate`` when the key is missing, malformed, unknown or revoked, and 429 with
``Retry-After`` once the client address has sent ``api_key_max_failures`` unknown or revoked
keys in the window (its :class:`KeyGuard`, decision 0053): then every key it sends is refused
before it is looked up, so guessing goes no faster than the limit.
:func:`scope_account_ids` gives the accounts a key may see: its own and every sub-account below
it (``accounts.parent_id``), never another tenant.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from litestar import Request

from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal, authenticate_api_key
from hub.services.actor import Actor, api_key
from ingest.collect.counters import series
from ingest.collect.ratelimit import FailureLimiter
from ingest.queries import q

SCHEMES = ("token", "bearer")
CHALLENGE = 'Token realm="leadhub", Bearer realm="leadhub"'


def unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": CHALLENGE})


def key_from_header(value: str | None) -> str:
    """The API key of an ``Authorization`` header value; raises a 401 :class:`ApiError`."""
    if not value:
        raise unauthorized("Missing Authorization header: send 'Authorization: Token <key>'.")
    scheme, _, key = value.strip().partition(" ")
    key = key.strip()
    if scheme.lower() not in SCHEMES or not key:
        raise unauthorized("Malformed Authorization header: use 'Token <key>' or 'Bearer <key>'.")
    return key


@dataclass(frozen=True, slots=True)
class KeyGuard:
    """The failed-key limit of the client address a request comes from."""

    limiter: FailureLimiter
    host: str | None
    state: Any  # app.state: its metrics counters count the refusals

    def check(self) -> None:
        refusal = self.limiter.check(self.host)
        if refusal is None:
            return
        self.state.counters.inc(series("leadhub_requests_rate_limited_total", limit="api_key"))
        wait = refusal.retry_after
        raise ApiError(
            429,
            "rate_limited",
            f"Too many unknown API keys from this client address; retry after {wait} s.",
            [
                FieldError(
                    "authorization",
                    "too_many_failures",
                    f"Trop de clés d'API inconnues depuis cette adresse ; réessayez dans {wait} s.",
                    f"Too many unknown API keys from this address; retry in {wait} s.",
                )
            ],
            retryable=True,
            headers={"Retry-After": str(wait)},
        )


def key_guard(request: Request[Any, Any, Any]) -> KeyGuard:
    host = request.client.host if request.client else None
    return KeyGuard(request.app.state.key_guard, host, request.app.state)


def authenticate(
    con: sqlite3.Connection, header: str | None, guard: KeyGuard | None = None
) -> ApiPrincipal:
    """The key's principal; ``guard``: the caller's failed-key limit (``None``: no limit)."""
    key = key_from_header(header)
    if guard is not None:
        guard.check()
    principal = authenticate_api_key(con, key)
    if principal is None:
        if guard is not None:
            guard.limiter.failed(guard.host)
        raise unauthorized("Unknown or revoked API key.")
    return principal


def scope_account_ids(con: sqlite3.Connection, account_id: str) -> list[str]:
    return [row[0] for row in con.execute(q("account_scope"), (account_id,)).fetchall()]


def actor_of(con: sqlite3.Connection, principal: ApiPrincipal) -> Actor:
    """The key as the hub services see it: who acts, with which role, on which accounts."""
    return api_key(principal.key_id, scope_account_ids(con, principal.account_id), principal.role)


def provider_of_key(con: sqlite3.Connection, key_id: str) -> sqlite3.Row | None:
    """The provider (``provider_id``, ``name``, ``blocked``) a key belongs to, if any."""
    row = con.execute(q("leads_provider_of_key"), {"key_id": key_id}).fetchone()
    return row if row is not None and row["provider_id"] is not None else None
