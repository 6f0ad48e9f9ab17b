"""Signed webhook (Standard Webhooks headers, HMAC-SHA256) and the HTTP call shared with the
declarative mapping: every failure is classed (retry, rejection, ambiguous)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import httpx

from hub.db import utcnow
from hub.rules.payload import build_payload, encode
from routing.adapters import Attempt, classify_status, elapsed_ms
from routing.retry import parse_retry_after
from routing.signing import webhook_headers

# Raised before the request left: the buyer cannot have it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def request(
    client: httpx.Client, method: str, url: str, content: bytes, headers: Mapping[str, str]
) -> tuple[Attempt, httpx.Response | None]:
    """Make the call: (attempt, response) when the buyer answered, else (failed attempt, None)."""
    started = utcnow()
    t0 = time.perf_counter()
    try:
        resp = client.request(method, url, content=content, headers=dict(headers))
        resp.read()
    except _NOT_SENT as exc:
        error = f"connection error ({type(exc).__name__}: {exc})"[:500]
        return Attempt(started, elapsed_ms(t0), None, error, "retry", endpoint_failure=True), None
    except httpx.TimeoutException as exc:
        error = f"timeout ({type(exc).__name__})"
        return Attempt(
            started, elapsed_ms(t0), None, error, "retry", ambiguous=True, endpoint_failure=True
        ), None
    except httpx.TransportError as exc:
        error = f"connection error ({type(exc).__name__}: {exc})"[:500]
        return Attempt(
            started, elapsed_ms(t0), None, error, "retry", ambiguous=True, endpoint_failure=True
        ), None
    except httpx.InvalidURL as exc:
        error = f"invalid buyer URL: {exc}"
        return Attempt(started, elapsed_ms(t0), None, error, "rejected"), None
    return Attempt(started, elapsed_ms(t0), resp.status_code, None, "delivered"), resp


def judged(base: Attempt, resp: httpx.Response, outcome: str, why: str | None = None) -> Attempt:
    """The attempt for an answered request, given the outcome the buyer's answer means."""
    if outcome == "delivered":
        return base
    error = why or f"HTTP {resp.status_code}: {resp.text[:300]}"
    retry_after = parse_retry_after(resp.headers.get("Retry-After"), utcnow())
    return Attempt(
        base.started,
        base.duration_ms,
        resp.status_code,
        error,
        outcome,
        retry_after,
        endpoint_failure=outcome == "retry",
    )


def send(client: httpx.Client, ctx: Mapping[str, Any], secret: str | bytes) -> Attempt:
    body = encode(build_payload(ctx))
    headers = webhook_headers(secret, ctx["delivery_id"], body, int(time.time()))
    attempt, resp = request(client, "POST", ctx["webhook_url"], body, headers)
    if resp is None:
        return attempt
    return judged(attempt, resp, classify_status(resp.status_code))
