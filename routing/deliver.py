"""The ``deliver`` job: POST one signed lead to its buyer and settle the outcome.

2xx → delivered (lead sold). 429, 5xx, timeouts, connection errors → retry with the policy's
backoff until it gives up (dead + alert). Any other status → rejected: the cap unit is given
back and the lead goes back to routing (that buyer is excluded, it has a delivery row).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from cryptography.fernet import InvalidToken

from hub.db import iso, transaction, utcnow
from hub.security import SecretBox
from hub.settings import Settings
from routing import claims
from routing.claims import Job
from routing.netguard import refusal
from routing.payload import build_payload, encode
from routing.queries import q
from routing.retry import RetryPolicy, parse_retry_after
from routing.route import cap_period
from routing.signing import webhook_headers


@dataclass(frozen=True, slots=True)
class Attempt:
    started: datetime
    duration_ms: float
    status_code: int | None
    error: str | None
    outcome: str  # delivered | retry | rejected
    retry_after: float | None = None


def classify(status_code: int) -> str:
    if 200 <= status_code < 300:
        return "delivered"
    if status_code == 429 or status_code >= 500:
        return "retry"
    return "rejected"


class Deliverer:
    """Holds the HTTP client (shared by the worker's threads) and the secret box, built lazily."""

    def __init__(self, settings: Settings, policy: RetryPolicy) -> None:
        self.settings = settings
        self.policy = policy
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None
        self._box: SecretBox | None = None

    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    timeout=httpx.Timeout(self.settings.delivery_timeout_seconds),
                    follow_redirects=False,
                    trust_env=False,
                    headers={"User-Agent": "leadhub-router/1"},
                )
            return self._client

    def box(self) -> SecretBox:
        with self._lock:
            if self._box is None:
                self._box = SecretBox.from_settings(
                    self.settings.secret_key, self.settings.data_dir / "secret.key"
                )
            return self._box

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def run(self, con: sqlite3.Connection, job: Job, worker: str) -> str:
        """Do one delivery attempt for the job; returns the outcome."""
        ctx = con.execute(q("delivery_context"), {"delivery_id": job.ref_id}).fetchone()
        if ctx is None or ctx["delivery_status"] != "pending":
            reason = "delivery not found" if ctx is None else f"delivery {ctx['delivery_status']}"
            with transaction(con):
                claims.complete(con, job, worker, utcnow(), error=reason)
            return "skipped"
        attempt = self._attempt(ctx)
        return self._settle(con, job, worker, ctx, attempt)

    def _attempt(self, ctx: sqlite3.Row) -> Attempt:
        started = utcnow()
        refused = refusal(ctx["webhook_url"], allow_private=self.settings.test_mode)
        if refused:
            return Attempt(started, 0.0, None, refused, "rejected")
        try:
            secret = self.box().decrypt(ctx["secret_enc"])
        except InvalidToken:
            return Attempt(started, 0.0, None, "buyer secret cannot be decrypted", "retry")
        body = encode(build_payload(dict(ctx)))
        headers = webhook_headers(secret, ctx["delivery_id"], body, int(time.time()))
        t0 = time.perf_counter()
        try:
            resp = self.client().post(ctx["webhook_url"], content=body, headers=headers)
        except httpx.TimeoutException as exc:
            return Attempt(started, _ms(t0), None, f"timeout ({type(exc).__name__})", "retry")
        except httpx.TransportError as exc:
            error = f"connection error ({type(exc).__name__}: {exc})"[:500]
            return Attempt(started, _ms(t0), None, error, "retry")
        except httpx.InvalidURL as exc:
            return Attempt(started, _ms(t0), None, f"invalid buyer URL: {exc}", "rejected")
        duration = _ms(t0)
        outcome = classify(resp.status_code)
        if outcome == "delivered":
            return Attempt(started, duration, resp.status_code, None, outcome)
        error = f"HTTP {resp.status_code}: {resp.text[:300]}"
        retry_after = parse_retry_after(resp.headers.get("Retry-After"), utcnow())
        return Attempt(started, duration, resp.status_code, error, outcome, retry_after)

    def _settle(
        self, con: sqlite3.Connection, job: Job, worker: str, ctx: sqlite3.Row, attempt: Attempt
    ) -> str:
        now = utcnow()
        outcome = attempt.outcome
        delay: float | None = None
        if outcome == "retry":
            created = datetime.fromisoformat(ctx["delivery_created_at"])
            delay = self.policy.next_delay(
                ctx["delivery_attempts"] + 1, (now - created).total_seconds(), attempt.retry_after
            )
            if delay is None:
                outcome = "dead"
        with transaction(con):
            con.execute(
                q("attempt_insert"),
                {
                    "delivery_id": ctx["delivery_id"],
                    "attempt_no": ctx["delivery_attempts"] + 1,
                    "started_at": iso(attempt.started),
                    "duration_ms": attempt.duration_ms,
                    "status_code": attempt.status_code,
                    "error": attempt.error,
                    "outcome": outcome,
                },
            )
            con.execute(
                "UPDATE deliveries SET attempts = attempts + 1, last_error = ?,"
                " updated_at = ? WHERE id = ?",
                (attempt.error, iso(now), ctx["delivery_id"]),
            )
            if outcome == "retry" and delay is not None:
                claims.reschedule(con, job, worker, now + timedelta(seconds=delay), attempt.error)
                return outcome
            if self._final(con, ctx, outcome, attempt.error, now):
                _after_final(con, ctx, outcome, attempt.error, now)
            claims.complete(con, job, worker, now, error=attempt.error)
        return outcome

    @staticmethod
    def _final(
        con: sqlite3.Connection, ctx: sqlite3.Row, status: str, error: str | None, now: datetime
    ) -> bool:
        """Set the delivery's final status if it is still pending (another worker may have)."""
        cur = con.execute(
            "UPDATE deliveries SET status = ?, delivered_at = ?"
            " WHERE id = ? AND status = 'pending'",
            (status, iso(now) if status == "delivered" else None, ctx["delivery_id"]),
        )
        return cur.rowcount == 1


def _after_final(
    con: sqlite3.Connection, ctx: sqlite3.Row, status: str, error: str | None, now: datetime
) -> None:
    lead_id = ctx["lead_id"]
    if status == "delivered":
        con.execute(
            "UPDATE leads SET status = 'sold', status_reason = NULL, updated_at = ? WHERE id = ?",
            (iso(now), lead_id),
        )
        return
    detail = {
        "lead_id": lead_id,
        "buyer_id": ctx["buyer_id"],
        "error": error,
        "attempts": ctx["delivery_attempts"] + 1,
    }
    con.execute(
        q("activity_insert"),
        {
            "account_id": ctx["buyer_account_id"],
            "action": f"delivery.{status}",
            "subject": ctx["delivery_id"],
            "detail": json.dumps(detail, ensure_ascii=False),
            "created_at": iso(now),
        },
    )
    if status == "dead":
        con.execute(
            "UPDATE leads SET status_reason = ?, updated_at = ? WHERE id = ?",
            (f"delivery to {ctx['buyer_name']} dead: {error}"[:500], iso(now), lead_id),
        )
        return
    # Rejected: the buyer did not take it, so give the cap unit back and route again.
    created = datetime.fromisoformat(ctx["delivery_created_at"])
    con.execute(
        q("release_cap"), {"commande_id": ctx["commande_id"], "period": cap_period(created)}
    )
    cur = con.execute(
        "UPDATE leads SET status = 'unrouted', status_reason = ?, updated_at = ?"
        " WHERE id = ? AND status = 'routed'",
        (f"rejected by {ctx['buyer_name']}: {error}"[:500], iso(now), lead_id),
    )
    if cur.rowcount == 1:
        claims.enqueue(con, "route", lead_id, now)


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 3)
