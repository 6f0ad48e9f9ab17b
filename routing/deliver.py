"""The ``deliver`` job: send one lead to its buyer with the buyer's adapter, settle the outcome.

Adapters (``routing.adapters``): signed webhook, declarative HTTP mapping, plain e-mail, and
the daily CSV by e-mail (a delivery joins its buyer's batch; the batch is its own job). Every
per-lead adapter answers with an Attempt: delivered → lead sold; 429, 5xx, timeouts,
connection and temporary SMTP errors → retry with the policy's backoff until it gives up (dead
+ alert); any other answer → rejected (or duplicate): the cap unit is given back and the lead
routed again. A circuit breaker per endpoint (shared through the hub) holds calls to an endpoint
that keeps failing: the job waits for the breaker instead of calling.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

import httpx
from cryptography.fernet import InvalidToken

from hub.db import transaction, utcnow
from hub.mail import send_alert
from hub.rules.delivery_config import ConfigError, parse_email, parse_http_mapping
from hub.rules.netguard import refusal
from hub.security import SecretBox, WebhookSecretError, parse_webhook_secret
from hub.settings import Settings
from routing import breaker, claims
from routing.adapters import (
    Attempt,
    csv_email,
    email,
    erasure_notice,
    http_endpoint,
    http_mapping,
    webhook,
)
from routing.adapters.settle import deferral, finalize, misconfiguration, park, record_attempt
from routing.claims import Job
from routing.clients import EndpointClients
from routing.queries import q
from routing.retry import RetryPolicy

log = logging.getLogger("leadhub.router")
_T = TypeVar("_T")


class WalSync:
    """Group fsync of the hub's WAL, the durability barrier before any send.

    The router commits with ``synchronous=NORMAL`` (durable across a killed process, and the
    write lock is not held through an fsync); before a buyer is called, the commits naming the
    delivery must survive an OS crash too. ``sync()`` returns once an fsync of the WAL file that
    started after the call has finished: one fsync serves every thread waiting at that moment.
    """

    def __init__(self, db: Path, fsync: Callable[[int], None] = os.fsync) -> None:
        self.db = db
        self._fsync = fsync
        self._mutex = threading.Lock()
        self._leader = threading.Lock()
        self._requested = 0
        self._done = 0
        self.fsyncs = 0

    def sync(self) -> None:
        with self._mutex:
            self._requested += 1
            ticket = self._requested
        with self._leader:
            if self._done >= ticket:
                return  # an fsync that started after our request covered it
            with self._mutex:
                target = self._requested
            for path in (Path(f"{self.db}-wal"), self.db):
                try:
                    fd = os.open(path, os.O_RDONLY)
                except FileNotFoundError:  # no WAL: everything was checkpointed
                    continue
                try:
                    self._fsync(fd)
                finally:
                    os.close(fd)
                break
            self.fsyncs += 1
            self._done = target


class Deliverer:
    """Holds the HTTP clients (one per endpoint, shared by the worker's threads), the secret box
    and the policies."""

    def __init__(
        self,
        settings: Settings,
        policy: RetryPolicy,
        breakers: breaker.BreakerPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.wal = WalSync(settings.hub_db)
        self.policy = policy
        self.breakers = breakers or breaker.BreakerPolicy(
            probe_lease=max(60.0, 4 * settings.delivery_timeout_seconds)
        )
        self._lock = threading.Lock()
        self.clients = EndpointClients(settings.delivery_timeout_seconds)
        self._box: SecretBox | None = None
        self._secrets: dict[tuple[str, str], object] = {}

    def client(self, url: str) -> httpx.Client:
        """The pooled client of this URL's endpoint (one per buyer server, kept open)."""
        return self.clients.for_url(url)

    def box(self) -> SecretBox:
        with self._lock:
            if self._box is None:
                self._box = SecretBox.from_settings(
                    self.settings.secret_key, self.settings.data_dir / "secret.key"
                )
            return self._box

    def decrypt(self, token: str) -> str:
        """A buyer secret in clear (Fernet checks cost more than the rest of a delivery)."""
        return self._cached(token, "plain", lambda: self.box().decrypt(token))

    def webhook_key(self, token: str) -> bytes:
        """The HMAC key of an encrypted webhook secret, read strictly (WebhookSecretError)."""
        return self._cached(token, "key", lambda: parse_webhook_secret(self.decrypt(token)))

    def _cached(self, token: str, kind: str, make: Callable[[], _T]) -> _T:
        """Kept in memory only, keyed by the ciphertext (a changed secret is a new entry)."""
        with self._lock:
            hit = self._secrets.get((token, kind))
        if hit is None:
            hit = make()
            with self._lock:
                if len(self._secrets) > 1000:
                    self._secrets.clear()
                self._secrets[(token, kind)] = hit
        return cast(_T, hit)

    def close(self) -> None:
        self.clients.close()

    def run(self, con: sqlite3.Connection, job: Job, worker: str) -> str:
        """Run one deliver job (a delivery, or a daily CSV batch); returns the outcome."""
        if erasure_notice.is_notice(job.ref_id):  # a GDPR erasure request (decision 0051)
            return erasure_notice.run(con, job, worker, self.settings, self.policy, self)
        if csv_email.is_batch(job.ref_id):
            return csv_email.run_batch(
                con, job, worker, self.settings, self.policy, self.breakers, self.wal.sync
            )
        ctx = con.execute(q("delivery_context"), {"delivery_id": job.ref_id}).fetchone()
        if ctx is None or ctx["delivery_status"] != "pending" or ctx["batch_id"]:
            reason = "delivery not found" if ctx is None else f"delivery {ctx['delivery_status']}"
            with transaction(con):
                claims.complete(con, job, worker, utcnow(), error=reason)
            return "skipped"
        mode = ctx["delivery_mode"]
        config = json.loads(ctx["delivery_config"] or "{}")
        if mode == "csv_email":
            return csv_email.attach(con, ctx, parse_email(config, daily=True), job, worker)
        endpoint = self._endpoint(ctx)
        gate = breaker.admit(con, self.breakers, endpoint, utcnow())
        if not gate.allowed:
            since = datetime.fromisoformat(ctx["delivery_retry_since"])
            retry_at = deferral(gate, since, self.policy)
            if retry_at is not None:
                with transaction(con):
                    claims.reschedule(con, job, worker, retry_at, f"circuit open for {endpoint}")
                return "deferred"
            attempt = Attempt(utcnow(), 0.0, None, f"circuit open for {endpoint}", "retry")
            return self._settle(con, job, worker, ctx, attempt, None)
        return self._settle(con, job, worker, ctx, self._attempt(ctx, config), endpoint)

    def _endpoint(self, ctx: Mapping[str, Any]) -> str:
        if ctx["delivery_mode"] == "email":
            return email.smtp_endpoint(self.settings)
        return http_endpoint(ctx["webhook_url"])

    def _attempt(self, ctx: Mapping[str, Any], config: Mapping[str, Any]) -> Attempt:
        """Call the buyer; never raises. Settings that cannot work are a ``misconfigured``
        attempt (the buyer is flagged at once); any other error a recorded ``retry``."""
        self.wal.sync()  # the delivery (its key) is on disk before the buyer can see it
        started = utcnow()
        try:
            return self._call(ctx, config, started)
        except (InvalidToken, WebhookSecretError, ConfigError) as exc:
            return Attempt(started, 0.0, None, misconfiguration(exc), "misconfigured")
        except Exception as exc:  # a bug must be a recorded failed attempt, not a loop
            log.warning("delivery %s raised: %r", ctx["delivery_id"], exc)
            error = f"internal error: {type(exc).__name__}: {exc}"[:500]
            return Attempt(started, 0.0, None, error, "retry")

    def _call(
        self, ctx: Mapping[str, Any], config: Mapping[str, Any], started: datetime
    ) -> Attempt:
        mode = ctx["delivery_mode"]
        if mode == "email":
            return email.send(self.settings, ctx, parse_email(config, daily=False))
        refused = refusal(ctx["webhook_url"], allow_private=self.settings.allow_private_network)
        if refused:
            return Attempt(started, 0.0, None, refused, "rejected")
        if mode == "http_mapping":
            auth = json.loads(self.decrypt(ctx["auth_enc"])) if ctx["auth_enc"] else {}
            return http_mapping.send(
                self.client(ctx["webhook_url"]), ctx, parse_http_mapping(config), auth
            )
        if not ctx["secret_enc"]:
            raise WebhookSecretError("no webhook secret")
        return webhook.send(
            self.client(ctx["webhook_url"]), ctx, self.webhook_key(ctx["secret_enc"])
        )

    def _settle(
        self,
        con: sqlite3.Connection,
        job: Job,
        worker: str,
        ctx: Mapping[str, Any],
        attempt: Attempt,
        endpoint: str | None,
    ) -> str:
        now = utcnow()
        outcome = attempt.outcome
        error = attempt.error
        if outcome == "duplicate" and ctx["had_ambiguous"]:
            # An earlier attempt timed out after sending: the buyer holds it from that one.
            outcome, error = "delivered", None
        since = datetime.fromisoformat(ctx["delivery_retry_since"])  # created, or requeued
        give_up_at = since + timedelta(seconds=self.policy.give_up_after)
        delay: float | None = None
        if outcome == "retry":
            delay = self.policy.next_delay(
                ctx["delivery_attempts"] + 1, (now - since).total_seconds(), attempt.retry_after
            )
            if delay is None:
                outcome = "dead"
        elif outcome == "misconfigured" and now >= give_up_at:
            outcome = "dead"  # nobody fixed the buyer in time
        flagged = final = False
        with transaction(con):
            # Recorded even if our lease ended meanwhile (the call happened); the job itself is
            # only changed while we hold it (claims.* are guarded by claimed_by).
            record_attempt(con, ctx, attempt, outcome, now)
            if endpoint is not None and outcome != "misconfigured":
                breaker.record(con, self.breakers, endpoint, not attempt.endpoint_failure, now)
            if outcome == "retry" and delay is not None:
                claims.reschedule(con, job, worker, now + timedelta(seconds=delay), error)
                return outcome
            if outcome == "misconfigured":
                flagged = park(con, job, worker, ctx, error or "misconfigured", give_up_at, now)
            else:
                final = finalize(con, ctx, outcome, error, now)
                claims.complete(con, job, worker, now, error=error)
        if flagged:
            self._mail(
                f"[leadhub] Acheteur mal configuré : {ctx['buyer_name']}",
                f"Les livraisons à {ctx['buyer_name']} ({ctx['buyer_id']}) sont suspendues :"
                f" {error}.\nCorrigez ses réglages (leadhub delivery set {ctx['buyer_id']} …) :"
                " les livraisons en attente repartent aussitôt.\n",
            )
        elif outcome == "dead" and final:
            self._mail_dead(ctx, error)
        return outcome

    def _mail_dead(self, ctx: Mapping[str, Any], error: str | None) -> None:
        """E-mail the dead letter to the alert recipients (after the commit; never blocks it).
        The activity log entry is the alert of record; the e-mail is a copy."""
        self._mail(
            f"[leadhub] Livraison abandonnée : {ctx['buyer_name']} ({ctx['lead_id']})",
            f"La livraison {ctx['delivery_id']} du lead {ctx['lead_id']} à {ctx['buyer_name']}"
            f" a été abandonnée après {ctx['delivery_attempts'] + 1} tentatives.\n"
            f"Dernière erreur : {error}\n",
        )

    def _mail(self, subject: str, body: str) -> None:
        result = send_alert(self.settings, subject, body)
        if result.status == "failed":
            log.warning("alert e-mail not sent (%s): %s", subject, result.error)
