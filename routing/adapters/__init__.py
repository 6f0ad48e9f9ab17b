"""Delivery adapters: how one lead reaches one buyer (signed webhook, declarative HTTP mapping,
plain e-mail) or a day of leads does (CSV by e-mail). Each returns an :class:`Attempt`; the
deliverer settles it (retry, reroute, dead) the same way for every adapter."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from hub.rules.endpoint import http_endpoint

__all__ = ["Attempt", "classify_status", "elapsed_ms", "http_endpoint"]


@dataclass(frozen=True, slots=True)
class Attempt:
    started: datetime
    duration_ms: float
    status_code: int | None
    error: str | None
    outcome: str  # delivered | retry | rejected | duplicate
    retry_after: float | None = None
    ambiguous: bool = False  # the buyer may have received it (timeout/drop after sending)
    endpoint_failure: bool = False  # counts against the endpoint's circuit breaker


def classify_status(status_code: int) -> str:
    """2xx delivered; 429 and 5xx retried; any other status is a rejection."""
    if 200 <= status_code < 300:
        return "delivered"
    if status_code == 429 or status_code >= 500:
        return "retry"
    return "rejected"


def elapsed_ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 3)
