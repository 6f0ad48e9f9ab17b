"""Daily CSV by e-mail: a buyer's deliveries of the day join one batch, sent at the buyer's
Europe/Paris send time as one CSV (the buyer's column order) attached to one e-mail.

The batch's job is a 'deliver' outbox row whose ref_id is the batch id, so it is claimed with
a lease and retried like any delivery. Its deliveries stay ``pending`` until the SMTP server
accepted the message; then all are delivered at once. A failure is an attempt on each of them
(retried until 24 h after the send time, then dead; a permanent refusal reroutes them).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time as clock
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hub import mail
from hub.calendar import PARIS
from hub.db import iso, new_id, transaction, utcnow
from hub.rules.delivery_config import EmailConfig, parse_email
from hub.rules.payload import flat_fields
from hub.settings import Settings
from routing import breaker, claims
from routing.adapters import Attempt, elapsed_ms
from routing.adapters.email import failed, smtp_endpoint
from routing.adapters.settle import deferral, finalize, record_attempt
from routing.claims import Job
from routing.queries import q
from routing.retry import RetryPolicy

BATCH_PREFIX = "csvb_"
_FORMULA = ("=", "@", "\t", "\r")


def is_batch(ref_id: str) -> bool:
    return ref_id.startswith(BATCH_PREFIX)


def send_slot(now: datetime, send_at: time) -> tuple[date, datetime]:
    """The next send (Paris date, UTC time) at or after ``now``: today's if still ahead."""
    local = now.astimezone(PARIS)
    day = local.date()
    if local.time().replace(tzinfo=None) >= send_at:
        day += timedelta(days=1)
    return day, datetime.combine(day, send_at, tzinfo=PARIS).astimezone(UTC)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    text = str(value)
    # A cell starting like a formula is run by spreadsheets: quote it (CSV injection); a
    # signed number ("+33…" phone, "-5") is left alone.
    signed = text[:1] in ("+", "-") and not text[1:].replace(".", "", 1).isdigit()
    return "'" + text if text.startswith(_FORMULA) or signed else text


def build_csv(columns: Sequence[tuple[str, str]], leads: Iterable[Mapping[str, Any]]) -> bytes:
    """``;``-separated UTF-8 with a BOM (what French spreadsheets open correctly)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for lead in leads:
        writer.writerow([_cell(lead[source]) for _, source in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def attach(
    con: sqlite3.Connection, ctx: Mapping[str, Any], cfg: EmailConfig, job: Job, worker: str
) -> str:
    """Put the delivery in its buyer's next pending batch (created with its job if needed)."""
    now = utcnow()
    day, due = send_slot(now, cfg.send_at)
    with transaction(con):
        if not claims.holds(con, job, worker):
            return "lost"
        open_batch = {"buyer_id": ctx["buyer_id"], "day": day.isoformat()}
        row = con.execute(q("csv_batch_open"), open_batch).fetchone()
        if row is None:
            batch_id = new_id(BATCH_PREFIX.rstrip("_"))
            con.execute(
                q("csv_batch_insert"),
                {
                    "batch_id": batch_id,
                    "buyer_id": ctx["buyer_id"],
                    "send_on": day.isoformat(),
                    "due_at": iso(due),
                    "now": iso(now),
                },
            )
            con.execute(
                q("csv_batch_enqueue"), {"batch_id": batch_id, "due_at": iso(due), "now": iso(now)}
            )
        else:
            batch_id = row["id"]
        con.execute(
            q("delivery_batch"),
            {"batch_id": batch_id, "now": iso(now), "delivery_id": ctx["delivery_id"]},
        )
        claims.complete(con, job, worker, now)
    return "batched"


def _send(
    settings: Settings, cfg: EmailConfig, batch: Mapping[str, Any], rows: list[Any]
) -> Attempt:
    started = utcnow()
    t0 = clock.perf_counter()
    data = build_csv(cfg.columns, [flat_fields(r) for r in rows])
    subject = f"Leads du {batch['send_on']} — {batch['buyer_name']} ({len(rows)})"
    text = f"Bonjour,\n\nVoici les {len(rows)} leads du {batch['send_on']} en pièce jointe.\n"
    name = f"leads_{batch['buyer_id']}_{batch['send_on']}.csv"
    msg = mail.build_message(
        settings.smtp_from, cfg.to, subject, text, batch["id"], [mail.Attachment(name, data)]
    )
    try:
        mail.send(settings, msg, cfg.to)
    except mail.MailError as exc:
        return failed(started, t0, exc)
    return Attempt(started, elapsed_ms(t0), 250, None, "delivered")


def run_batch(
    con: sqlite3.Connection,
    job: Job,
    worker: str,
    settings: Settings,
    policy: RetryPolicy,
    breakers: breaker.BreakerPolicy,
    barrier: Callable[[], None],
) -> str:
    """Send one batch (or defer it while the SMTP breaker is open) and settle its deliveries."""
    batch = con.execute(q("csv_batch_get"), {"batch_id": job.ref_id}).fetchone()
    if batch is None or batch["status"] != "pending":
        with transaction(con):
            claims.complete(con, job, worker, utcnow(), error="batch not pending")
        return "skipped"
    rows = con.execute(q("csv_batch_rows"), {"batch_id": batch["id"]}).fetchall()
    endpoint = smtp_endpoint(settings)
    due = datetime.fromisoformat(batch["due_at"])
    gate = breaker.admit(con, breakers, endpoint, utcnow()) if rows else None
    if gate is not None and not gate.allowed:
        retry_at = deferral(gate, due, policy)
        if retry_at is not None:
            with transaction(con):
                error = f"circuit open for {endpoint}"
                claims.reschedule(con, job, worker, retry_at, error)
            return "deferred"
        attempt = Attempt(utcnow(), 0.0, None, f"circuit open for {endpoint}", "retry")
    elif rows:
        cfg = parse_email(json.loads(batch["delivery_config"]), daily=True)
        barrier()  # the batch and its deliveries are on disk before the e-mail leaves
        attempt = _send(settings, cfg, batch, rows)
    else:
        attempt = Attempt(utcnow(), 0.0, None, None, "delivered")
    now = utcnow()
    outcome = attempt.outcome
    delay: float | None = None
    if outcome == "retry":
        elapsed = (now - due).total_seconds()
        delay = policy.next_delay(batch["attempts"] + 1, elapsed, attempt.retry_after)
        outcome = "dead" if delay is None else outcome
    status = {"delivered": "sent", "retry": "pending"}.get(outcome, outcome)
    with transaction(con):
        for ctx in rows:
            record_attempt(con, ctx, attempt, outcome, now)
            if outcome != "retry":
                finalize(
                    con, ctx, "rejected" if outcome == "duplicate" else outcome, attempt.error, now
                )
        con.execute(
            q("csv_batch_sent"),
            {
                "status": status,
                "error": attempt.error,
                "sent_at": iso(now) if status == "sent" else None,
                "rows_sent": len(rows) if status == "sent" else None,
                "batch_id": batch["id"],
            },
        )
        if gate is not None and gate.allowed:
            breaker.record(con, breakers, endpoint, not attempt.endpoint_failure, now)
        if outcome == "retry" and delay is not None:
            claims.reschedule(con, job, worker, now + timedelta(seconds=delay), attempt.error)
        else:
            claims.complete(con, job, worker, now, error=attempt.error)
    return outcome
