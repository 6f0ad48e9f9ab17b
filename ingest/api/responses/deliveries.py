"""Answers of the delivery queue endpoints: dead letters, buyer stats, requeue."""

from typing import Literal, TypedDict

from ingest.api.responses.common import DeliveryMode, Paged


class Delivery(TypedDict):
    """A delivery in the queue (pending, retrying or dead)."""

    id: str
    lead_id: str
    product_code: str | None
    buyer_id: str
    buyer_name: str | None
    account_id: str
    commande_id: str | None
    price_cents: int
    status: str
    attempts: int
    last_error: str | None
    last_call_error: str | None
    created_at: str
    updated_at: str | None
    retry_since: str | None
    next_attempt_at: str | None


class DeliveryPage(Paged):
    items: list[Delivery]


class Breaker(TypedDict):
    """The circuit breaker of the buyer's endpoint: closed, open or half_open."""

    endpoint: str
    state: Literal["closed", "open", "half_open"]
    failures: int
    open_until: str | None


class BuyerStats(TypedDict):
    """A buyer's deliveries over the window: calls, outcomes, p95 latency, success rate."""

    buyer_id: str
    buyer_name: str
    account_id: str
    delivery_mode: DeliveryMode
    misconfigured: str | None
    calls: int
    delivered: int
    p95_ms: float | None
    pending: int
    retrying: int
    dead: int
    success_rate: float | None
    breaker: Breaker


class DeliveryStats(TypedDict):
    since: str
    until: str
    items: list[BuyerStats]
    total: int


class Unchanged(TypedDict):
    id: str
    status: str


class Requeued(TypedDict):
    """Dead letters tried again (same deliveries, same idempotency keys); ``unchanged``: those
    that were no longer dead, with their status."""

    requeued: list[str]
    unchanged: list[Unchanged]
