"""Credentialed CORS for beacons and forms: echo the exact allowed Origin, never ``*``.

Allowed origins are every ``allowed_origins`` row of the hub (any account: a preflight carries
no key), cached a few seconds; with ``allow_private_network`` loopback origins are allowed too.
CORS is not access control: a request from any other origin still reaches its handler, it only
gets no ``Access-Control-*`` header. The events path then checks the origin against the key's own
account (:meth:`OriginPolicy.allows_account`; an entity's origins cover its brands) and
quarantines events from other origins as ``origin_not_allowed``.
Preflights (``OPTIONS`` with ``Access-Control-Request-Method``) are answered here for every path:
``204`` with the CORS headers for an allowed origin, ``403`` in the error shape otherwise.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.types.asgi_types import HTTPResponseBodyEvent, HTTPResponseStartEvent

from hub.db import Hub
from hub.errors import ApiError, FieldError
from ingest.collect.keys import HubSnapshot
from ingest.queries import q

ALLOW_METHODS = b"GET, POST, OPTIONS"
ALLOW_HEADERS = b"content-type, idempotency-key, authorization"
EXPOSE_HEADERS = b"retry-after"
MAX_AGE = b"600"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
log = structlog.get_logger("ingest.cors")


def load_origins(hub: Hub) -> dict[str, frozenset[str]]:
    """Normalized origin → the accounts it may send events for."""
    rows = hub.con().execute(q("origins")).fetchall()
    accounts: dict[str, set[str]] = {}
    for row in rows:
        accounts.setdefault(normalize(row["origin"]), set()).add(row["account_id"])
    return {origin: frozenset(ids) for origin, ids in accounts.items()}


def normalize(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


class OriginPolicy:
    def __init__(self, hub: Hub, allow_loopback: bool, ttl: float = 5.0) -> None:
        self.allow_loopback = allow_loopback
        self.snapshot: HubSnapshot[dict[str, frozenset[str]]] = HubSnapshot(
            lambda: load_origins(hub), ttl=ttl
        )

    async def allowed(self, origin: str) -> bool:
        """May a browser on ``origin`` call the collector at all (CORS)?"""
        accounts = await self.accounts(origin)
        return accounts is None or bool(accounts)

    async def accounts(self, origin: str) -> frozenset[str] | None:
        """Accounts ``origin`` may send for; ``None`` means any (loopback, when the private
        network is allowed)."""
        origin = normalize(origin)
        if not origin or origin == "null":
            return frozenset()
        if self.allow_loopback and _is_loopback(origin):
            return None
        found = (await self.snapshot.get()).get(origin)
        if found is None:
            found = (await self.snapshot.get(miss=True)).get(origin)
        return found or frozenset()

    async def allows_account(self, origin: str, account_id: str) -> bool:
        accounts = await self.accounts(origin)
        return accounts is None or account_id in accounts


def _is_loopback(origin: str) -> bool:
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.hostname in LOOPBACK


def _origin(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"origin":
            return value.decode("latin-1")
    return None


def _has_header(scope: Scope, wanted: bytes) -> bool:
    return any(name == wanted for name, _ in scope["headers"])


class CorsMiddleware:
    """Raw ASGI wrapper around the whole app (also covers 404/405 and error responses)."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        origin = _origin(scope)
        if origin is None:
            await self.app(scope, receive, send)
            return
        try:
            allowed = await self.policy.allowed(origin)
        except Exception:  # hub unreadable and nothing cached: answer, without CORS
            log.exception("cors.origins_unavailable")
            allowed = False
        preflight = scope.get("method") == "OPTIONS" and _has_header(
            scope, b"access-control-request-method"
        )
        if preflight:
            await self._preflight(send, origin, allowed)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if not k.lower().startswith(b"access-control-")
                ]
                headers.append((b"vary", b"Origin"))
                if allowed:
                    headers += [
                        (b"access-control-allow-origin", origin.encode("latin-1")),
                        (b"access-control-allow-credentials", b"true"),
                        (b"access-control-expose-headers", EXPOSE_HEADERS),
                    ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cors)

    @staticmethod
    async def _preflight(send: Send, origin: str, allowed: bool) -> None:
        headers: list[tuple[bytes, bytes]] = [(b"vary", b"Origin")]
        if allowed:
            status, body = 204, b""
            headers += [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"access-control-allow-credentials", b"true"),
                (b"access-control-allow-methods", ALLOW_METHODS),
                (b"access-control-allow-headers", ALLOW_HEADERS),
                (b"access-control-max-age", MAX_AGE),
            ]
        else:
            error = ApiError(
                403,
                "origin_not_allowed",
                "This origin may not call the collector from a browser.",
                [
                    FieldError(
                        "origin",
                        "not_allowed",
                        "Origine non autorisée pour ce compte.",
                        "Origin is not allowed for any account.",
                    )
                ],
            )
            status, body = 403, json.dumps(error.body()).encode()
            headers.append((b"content-type", b"application/json"))
        headers.append((b"content-length", str(len(body)).encode()))
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": status,
            "headers": headers,
        }
        await send(start)
        await send(HTTPResponseBodyEvent(type="http.response.body", body=body, more_body=False))
