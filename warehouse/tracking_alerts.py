"""Tracking alerts: an LP or form that had traffic goes silent, or its quarantine spikes.

:func:`check_tracking` judges the live health (``warehouse.lakeview.live_health``) with three small
policies, records each alert in ``activity_log`` (actor ``health``; actions
``tracking.silent``, ``tracking.recovered``, ``tracking.quarantine_spike``) and, when SMTP is
configured, e-mails one digest per check. A failed e-mail is recorded as ``failed`` with the
error, never as ``sent``, logged as an error and retried after ``email_retry_minutes``.
It runs every minute from the Dagster sensor ``tracking_health_sensor`` and on demand with
``leadhub health check``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog

from hub.calendar import PARIS
from hub.db import iso, transaction
from hub.mail import MailResult, send_alert
from hub.settings import Settings
from warehouse.lakeview import HealthWindows, TargetHealth, live_health
from warehouse.sql import load

log = structlog.get_logger("warehouse.tracking_alerts")
SILENT, RECOVERED, SPIKE = "tracking.silent", "tracking.recovered", "tracking.quarantine_spike"


@dataclass(frozen=True, slots=True)
class SilencePolicy:
    """Silent: no event for ``silence_minutes`` (longer when the usual rate is low: at least
    ``min_expected`` events should have come), where there used to be at least
    ``min_events_per_hour`` (measured over the ``baseline_hours`` before the last event)."""

    silence_minutes: float = 30
    min_events_per_hour: float = 6.0
    baseline_hours: float = 3.0
    min_expected: float = 5.0

    def silent_for(self, h: TargetHealth, now: datetime) -> timedelta | None:
        if h.last_event_at is None:
            return None  # no traffic in the lookback: it never had any, or was alerted long ago
        rate = h.events_before_last / self.baseline_hours
        if rate < self.min_events_per_hour:
            return None
        gap = now - h.last_event_at
        needed = max(self.silence_minutes, 60 * self.min_expected / rate)
        return gap if gap >= timedelta(minutes=needed) else None

    def usual_rate(self, h: TargetHealth) -> float:
        return h.events_before_last / self.baseline_hours


@dataclass(frozen=True, slots=True)
class SpikePolicy:
    """Spike: in the last ``window_minutes``, at least ``min_quarantined`` events refused, at
    least ``min_share`` of all the events, and a refusal rate (per minute) at least ``factor``
    times that of the ``baseline_hours`` before."""

    window_minutes: float = 15
    min_quarantined: int = 20
    min_share: float = 0.2
    factor: float = 3.0
    baseline_hours: float = 3.0

    def share(self, h: TargetHealth) -> float | None:
        q, total = h.quarantined_recent, h.quarantined_recent + h.accepted_recent
        if q < self.min_quarantined or q / total < self.min_share:
            return None
        recent_rate = q / self.window_minutes
        base_rate = h.quarantined_base / (self.baseline_hours * 60)
        return q / total if recent_rate >= self.factor * base_rate else None


@dataclass(frozen=True, slots=True)
class PastAlert:
    action: str
    created_at: datetime
    email_status: str


@dataclass(frozen=True, slots=True)
class AlertGate:
    """One alert per subject and kind every ``realert_hours`` while it lasts; a failed e-mail
    is tried again after ``email_retry_minutes`` (a new row each time)."""

    realert_hours: float = 6.0
    email_retry_minutes: float = 5.0

    def should_alert(self, last: PastAlert | None, now: datetime) -> bool:
        if last is None or last.action == RECOVERED:
            return True
        age = now - last.created_at
        if last.email_status == "failed":
            return age >= timedelta(minutes=self.email_retry_minutes)
        return age >= timedelta(hours=self.realert_hours)


@dataclass
class Alert:
    action: str
    health: TargetHealth
    message_fr: str
    message_en: str
    metrics: dict[str, object] = field(default_factory=dict)
    email: MailResult = field(default_factory=lambda: MailResult("not_configured"))


def _what(h: TargetHealth) -> tuple[str, str]:
    if h.kind == "all":
        return "l'ensemble du trafic", "all traffic"
    fr = "la landing page" if h.kind == "lp" else "le formulaire"
    en = "landing page" if h.kind == "lp" else "form"
    return f"{fr} « {h.name} » ({h.key})", f"{en} '{h.name}' ({h.key})"


def silent_alert(h: TargetHealth, gap: timedelta, rate: float) -> Alert:
    fr, en = _what(h)
    minutes = int(gap.total_seconds() // 60)
    return Alert(
        SILENT,
        h,
        f"Plus aucun événement depuis {minutes} min sur {fr} ; elle en recevait {rate:.0f}/h.",
        f"No event for {minutes} min on {en}; it used to get {rate:.0f}/h.",
        {"silent_minutes": minutes, "usual_per_hour": round(rate, 1)},
    )


def spike_alert(h: TargetHealth, share: float, minutes: float) -> Alert:
    fr, en = _what(h)
    q, total, pct = h.quarantined_recent, h.quarantined_recent + h.accepted_recent, share * 100
    reason = h.top_reason or "?"
    return Alert(
        SPIKE,
        h,
        f"Pic de quarantaine sur {fr} : {q} événements refusés sur {total} en {minutes:.0f} min"
        f" ({pct:.0f} %), raison principale : {reason}.",
        f"Quarantine spike on {en}: {q} of {total} events refused in {minutes:.0f} min"
        f" ({pct:.0f}%), main reason: {reason}.",
        {"quarantined": q, "events": total, "share": round(share, 3), "top_reason": reason},
    )


def recovered_alert(h: TargetHealth) -> Alert:
    fr, en = _what(h)
    assert h.last_event_at is not None
    at = h.last_event_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
    return Alert(
        RECOVERED,
        h,
        f"Les événements reviennent sur {fr} (dernier le {at}).",
        f"Events are back on {en} (last at {at} Paris).",
    )


def last_alerts(con: sqlite3.Connection, now: datetime) -> dict[tuple[str, str], PastAlert]:
    """The latest alert per (subject, family), family ``silence`` or ``spike``."""
    found: dict[tuple[str, str], PastAlert] = {}
    for row in con.execute(load("tracking/alerts_last"), {"since": iso(now - timedelta(days=7))}):
        family = "spike" if row["action"] == SPIKE else "silence"
        email = json.loads(row["detail"]).get("email", {}).get("status", "not_configured")
        created = datetime.fromisoformat(row["created_at"])
        found[(row["subject"], family)] = PastAlert(row["action"], created, email)
    return found


def _after(ts: datetime | None, alert: PastAlert) -> bool:
    return ts is not None and ts > alert.created_at


def judge(
    health: list[TargetHealth],
    past: dict[tuple[str, str], PastAlert],
    now: datetime,
    silence: SilencePolicy,
    spike: SpikePolicy,
    gate: AlertGate,
) -> list[Alert]:
    """The alerts due now (pure: no I/O)."""
    alerts = []
    for h in health:
        prev = past.get((h.id, "silence"))
        gap = silence.silent_for(h, now) if h.kind != "all" else None
        back = prev is not None and prev.action == SILENT and _after(h.last_event_at, prev)
        if gap is not None and gate.should_alert(prev, now):
            alerts.append(silent_alert(h, gap, silence.usual_rate(h)))
        elif gap is None and back:
            alerts.append(recovered_alert(h))
        share = spike.share(h)
        if share is not None and gate.should_alert(past.get((h.id, "spike")), now):
            alerts.append(spike_alert(h, share, spike.window_minutes))
    return alerts


def status_of(h: TargetHealth, now: datetime, silence: SilencePolicy, spike: SpikePolicy) -> str:
    """``spike``, ``silent``, ``no_traffic`` (nothing in the lookback) or ``ok``."""
    if spike.share(h) is not None:
        return "spike"
    if silence.silent_for(h, now) is not None:
        return "silent"
    return "no_traffic" if h.last_event_at is None else "ok"


def policies(settings: Settings) -> tuple[SilencePolicy, SpikePolicy]:
    return (
        SilencePolicy(settings.health_silence_minutes, settings.health_min_events_per_hour),
        SpikePolicy(
            settings.health_spike_minutes,
            settings.health_spike_min_quarantined,
            settings.health_spike_rate,
        ),
    )


def record(con: sqlite3.Connection, alerts: list[Alert], now: datetime) -> None:
    with transaction(con):
        for a in alerts:
            detail = {
                "message_fr": a.message_fr,
                "message_en": a.message_en,
                "kind": a.health.kind,
                "key": a.health.key,
                "name": a.health.name,
                **a.metrics,
                "email": {"status": a.email.status, "error": a.email.error},
            }
            con.execute(
                load("tracking/alerts_insert"),
                {
                    "account_id": a.health.account_id,
                    "action": a.action,
                    "subject": a.health.id,
                    "detail": json.dumps(detail, ensure_ascii=False),
                    "created_at": iso(now),
                },
            )


def check_tracking(
    settings: Settings, con: sqlite3.Connection, now: datetime, gate: AlertGate | None = None
) -> list[Alert]:
    """Judge the live health now; record (and e-mail) the alerts due. Returns them."""
    silence, spike = policies(settings)
    windows = HealthWindows(int(spike.window_minutes), silence.baseline_hours)
    health = live_health(settings, con, now, windows=windows)
    alerts = judge(health, last_alerts(con, now), now, silence, spike, gate or AlertGate())
    if alerts:
        subject = f"[leadhub] {len(alerts)} alerte(s) de tracking"
        body = "\n\n".join(f"- {a.message_fr}\n  {a.message_en}" for a in alerts)
        result = send_alert(settings, subject, body)
        if result.status == "failed":
            log.error("alerts.email_failed", error=result.error, alerts=len(alerts))
        for a in alerts:
            a.email = result
        record(con, alerts, now)
    return alerts
