"""The erasure request to a buyer that received an erased lead (decision 0051): a ``deliver``
outbox job whose ref_id is the notice id (``ern_…``), retried like a delivery.

Webhook buyers get a Standard Webhooks-signed ``lead.erased`` event (``webhook-id`` and
``Idempotency-Key``: the notice id, the same on every retry); HTTP-mapping buyers the same JSON
with their auth headers; e-mail and daily-CSV buyers an e-mail. The body names our lead id and
the delivery id the buyer received as its idempotency key, never the person. 2xx is sent; 429,
5xx, timeouts and temporary mail errors are retried with the delivery policy until it gives up
(dead, logged); any other answer is a rejection (logged).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx
from cryptography.fernet import InvalidToken

from hub import mail as mailer
from hub.db import iso, transaction, utcnow
from hub.rules.delivery_config import ConfigError, parse_email
from hub.rules.netguard import refusal
from hub.rules.payload import encode
from hub.settings import Settings
from routing import claims
from routing.adapters import Attempt, classify_status, elapsed_ms
from routing.adapters.email import failed
from routing.adapters.webhook import judged, request
from routing.claims import Job
from routing.queries import q
from routing.retry import RetryPolicy
from routing.signing import webhook_headers

PREFIX = "ern_"
EVENT = "lead.erased"


class Keys(Protocol):
    """What the deliverer lends: its HTTP clients and the buyers' secrets in clear."""

    def client(self, url: str) -> httpx.Client: ...
    def decrypt(self, token: str) -> str: ...
    def webhook_key(self, token: str) -> bytes: ...


def is_notice(ref_id: str) -> bool:
    return ref_id.startswith(PREFIX)


def body(ctx: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The ``lead.erased`` event (Standard Webhooks shape: type, timestamp, data)."""
    return {
        "type": EVENT,
        "timestamp": iso(now),
        "data": {
            "lead_id": ctx["lead_id"],
            "delivery_id": ctx["delivery_id"],
            "erasure_id": ctx["erasure_id"],
            "erased_at": ctx["erased_at"] or ctx["created_at"],
            "request": "Effacez les données personnelles de ce lead (RGPD, article 17).",
        },
    }


def mail_text(ctx: Mapping[str, Any]) -> tuple[str, str]:
    subject = f"Demande d'effacement RGPD — lead {ctx['lead_id']}"
    text = (
        "Bonjour,\n\nLa personne dont nous vous avons transmis le lead ci-dessous a demandé"
        " l'effacement de ses données (RGPD, article 17). Merci d'effacer de vos systèmes"
        " toutes les données personnelles de ce lead et de ne plus la contacter.\n\n"
        f"Référence du lead : {ctx['lead_id']}\n"
        f"Identifiant de livraison : {ctx['delivery_id']}\n"
        f"Demande : {ctx['notice_id']}\n"
    )
    return subject, text


def send(settings: Settings, keys: Keys, ctx: Mapping[str, Any]) -> Attempt:
    """One try; never raises (a bad setting is a retried attempt until the buyer is fixed)."""
    started = utcnow()
    try:
        return _send(settings, keys, ctx, started)
    except (ConfigError, ValueError, InvalidToken) as exc:
        return Attempt(started, 0.0, None, f"buyer misconfigured: {exc!r}"[:500], "retry")
    except Exception as exc:  # a bug must be a recorded failed try (it gives up), not a loop
        return Attempt(started, 0.0, None, f"internal error: {exc!r}"[:500], "retry")


def _send(settings: Settings, keys: Keys, ctx: Mapping[str, Any], started: datetime) -> Attempt:
    mode = ctx["delivery_mode"]
    config = json.loads(ctx["delivery_config"] or "{}")
    if mode in ("email", "csv_email"):
        t0 = time.perf_counter()
        to = parse_email(config, daily=mode == "csv_email").to
        subject, text = mail_text(ctx)
        msg = mailer.build_message(settings.smtp_from, to, subject, text, ctx["notice_id"])
        try:
            mailer.send(settings, msg, to)
        except mailer.MailError as exc:
            return failed(started, t0, exc)
        return Attempt(started, elapsed_ms(t0), 250, None, "delivered")
    refused = refusal(ctx["webhook_url"], allow_private=settings.allow_private_network)
    if refused:
        return Attempt(started, 0.0, None, refused, "rejected")
    raw = encode(body(ctx, started))
    headers: dict[str, str] = {"Content-Type": "application/json"}
    if mode == "http_mapping" and ctx["auth_enc"]:
        headers.update(json.loads(keys.decrypt(ctx["auth_enc"])))
    if ctx["secret_enc"]:
        key = keys.webhook_key(ctx["secret_enc"])
        headers.update(webhook_headers(key, ctx["notice_id"], raw, int(time.time())))
    elif mode == "webhook":
        raise ValueError("no webhook secret")
    attempt, resp = request(
        keys.client(ctx["webhook_url"]), "POST", ctx["webhook_url"], raw, headers
    )
    if resp is None:
        return attempt
    return judged(attempt, resp, classify_status(resp.status_code))


def run(
    con: sqlite3.Connection,
    job: Job,
    worker: str,
    settings: Settings,
    policy: RetryPolicy,
    keys: Keys,
) -> str:
    """Run one erasure request job; returns the outcome (sent, retry, rejected, dead)."""
    ctx = con.execute(q("erasure_notice_context"), {"notice_id": job.ref_id}).fetchone()
    if ctx is None or ctx["status"] != "pending":
        with transaction(con):
            why = "notice not found" if ctx is None else f"notice {ctx['status']}"
            claims.complete(con, job, worker, utcnow(), error=why)
        return "skipped"
    attempt = send(settings, keys, ctx)
    now = utcnow()
    outcome = {"delivered": "sent", "duplicate": "sent"}.get(attempt.outcome, attempt.outcome)
    delay = None
    if outcome == "retry":
        elapsed = (now - datetime.fromisoformat(ctx["created_at"])).total_seconds()
        delay = policy.next_delay(ctx["attempts"] + 1, elapsed, attempt.retry_after)
        if delay is None:
            outcome = "dead"
    with transaction(con):
        status = "pending" if outcome == "retry" else outcome
        params = {"notice_id": ctx["notice_id"], "status": status, "error": attempt.error}
        con.execute(q("erasure_notice_settle"), {**params, "now": iso(now)})
        if delay is not None:
            claims.reschedule(con, job, worker, now + timedelta(seconds=delay), attempt.error)
            return outcome
        _log(con, ctx, outcome, attempt, now)
        claims.complete(con, job, worker, now, error=attempt.error)
    return outcome


def _log(
    con: sqlite3.Connection, ctx: Mapping[str, Any], outcome: str, attempt: Attempt, now: datetime
) -> None:
    detail = {
        "notice_id": ctx["notice_id"],
        "erasure_id": ctx["erasure_id"],
        "buyer_id": ctx["buyer_id"],
        "delivery_id": ctx["delivery_id"],
        "attempts": ctx["attempts"] + 1,
        "status_code": attempt.status_code,
        "error": attempt.error,
    }
    con.execute(
        q("activity_insert"),
        {
            "account_id": ctx["buyer_account_id"],
            "action": f"lead.erasure_{outcome}",
            "subject": ctx["lead_id"],
            "detail": json.dumps(detail, ensure_ascii=False),
            "created_at": iso(now),
        },
    )
