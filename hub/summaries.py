"""Daily and weekly summaries: one French e-mail per selling entity for a Europe/Paris day or
week (leads, sold, revenue HT, returns, dead letters, tracking alerts), sent to the alert
recipients through the one mailer (:mod:`hub.mail`).

The Dagster schedules (``pipelines/defs/summaries``) and ``leadhub summary send`` both call
:func:`send_summaries`. Each e-mail sent is an activity-log entry (actor ``summary``, action
``summary.sent``, subject ``day:2026-12-01`` or ``week:2026-11-23``, the figures and the
e-mail status), so a period already sent to an entity is not sent again (unless forced), and a
failed e-mail is ``summary.failed`` with its error.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from hub.calendar import WEEKDAYS_FR, local_midnight, paris_date, period_start_date
from hub.db import iso, sql, transaction
from hub.mail import recipients, send_alert
from hub.settings import Settings

KINDS = ("day", "week")
ACTOR = "summary"
MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """A Paris day or week (Monday to Sunday)."""

    kind: str
    first: date

    @property
    def last(self) -> date:
        return self.first + timedelta(days=0 if self.kind == "day" else 6)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.first.isoformat()}"

    @property
    def start(self) -> datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last + timedelta(days=1))

    def label(self) -> str:
        if self.kind == "day":
            return f"{WEEKDAYS_FR[self.first.weekday()]} {french_date(self.first)}"
        return f"semaine du {french_date(self.first)} au {french_date(self.last)}"


def french_date(day: date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS_FR[day.month - 1]} {day.year}"


def period_of(kind: str, day: date) -> Period:
    """The day, or the week from Monday, holding ``day``."""
    if kind not in KINDS:
        raise ValueError(f"period is one of {', '.join(KINDS)}, not {kind!r}")
    return Period(kind, period_start_date(day, kind))


def last_complete(kind: str, now: datetime) -> Period:
    """The last whole Paris day (yesterday) or week (last Monday to Sunday) before ``now``."""
    today = paris_date(now)
    return period_of(kind, today - timedelta(days=1 if kind == "day" else 7))


@dataclass(frozen=True, slots=True)
class Figures:
    entity_id: str
    entity_name: str
    leads: int
    sold: int
    revenue_cents: int
    returns: int
    returns_cents: int
    dead_letters: int
    tracking_alerts: int
    unattributed_alerts: int


def figures(con: sqlite3.Connection, period: Period) -> list[Figures]:
    """One row per selling entity (a root account not archived), even when all is zero."""
    params = {"start": iso(period.start), "end": iso(period.end)}
    return [Figures(**dict(r)) for r in con.execute(sql("summary_figures"), params)]


def euros(cents: int) -> str:
    """French money: ``1 234,50 €`` (narrow no-break spaces)."""
    text = f"{cents / 100:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"


def render(f: Figures, period: Period) -> tuple[str, str]:
    """The e-mail's subject and French text."""
    what = "du jour" if period.kind == "day" else "de la semaine"
    subject = f"[leadhub] Résumé {what} — {f.entity_name} — {period.label()}"
    alerts = str(f.tracking_alerts)
    if f.unattributed_alerts:
        alerts += f" (et {f.unattributed_alerts} sur du trafic rattaché à aucune page)"
    lines = [
        f"{f.entity_name} — résumé {what}, {period.label()} (heure de Paris)",
        "",
        f"Leads reçus : {f.leads}",
        f"Leads vendus : {f.sold}",
        f"Chiffre d'affaires : {euros(f.revenue_cents)} HT",
        f"Retours : {f.returns} ({euros(f.returns_cents)} HT)",
        f"Chiffre d'affaires net : {euros(f.revenue_cents - f.returns_cents)} HT",
        f"Lettres mortes (livraisons abandonnées) : {f.dead_letters}",
        f"Alertes de tracking : {alerts}",
        "",
        "Le détail est dans le tableau de bord (journal d'activité, santé du tracking).",
    ]
    return subject, "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Outcome:
    entity_id: str
    period: str
    status: str  # sent | failed | not_configured | already_sent | dry_run
    subject: str
    text: str
    error: str | None = None


def _already_sent(con: sqlite3.Connection, entity_id: str, period: Period) -> bool:
    params = {"account_id": entity_id, "subject": period.key}
    return con.execute(sql("summary_sent"), params).fetchone() is not None


def _record(
    con: sqlite3.Connection,
    settings: Settings,
    f: Figures,
    period: Period,
    out: Outcome,
    now: datetime,
) -> None:
    detail = {
        **{k: v for k, v in asdict(f).items() if k not in ("entity_id", "entity_name")},
        "email": {"status": out.status, "error": out.error, "to": recipients(settings)},
    }
    with transaction(con):
        con.execute(
            sql("activity_log_change"),
            {
                "account_id": f.entity_id,
                "actor": ACTOR,
                "action": "summary.sent" if out.status == "sent" else "summary.failed",
                "subject": period.key,
                "detail": json.dumps(detail, ensure_ascii=False),
                "created_at": iso(now),
            },
        )


def send_summaries(
    settings: Settings,
    con: sqlite3.Connection,
    period: Period,
    now: datetime,
    *,
    dry_run: bool = False,
    force: bool = False,
) -> list[Outcome]:
    """E-mail each entity its summary of ``period`` (``dry_run``: render only, send and record
    nothing). An entity already sent this period is skipped unless ``force``."""
    out = []
    for f in figures(con, period):
        subject, text = render(f, period)
        if dry_run:
            out.append(Outcome(f.entity_id, period.key, "dry_run", subject, text))
            continue
        if not force and _already_sent(con, f.entity_id, period):
            out.append(Outcome(f.entity_id, period.key, "already_sent", subject, text))
            continue
        result = send_alert(settings, subject, text)
        outcome = Outcome(f.entity_id, period.key, result.status, subject, text, result.error)
        if result.status != "not_configured":
            _record(con, settings, f, period, outcome, now)
        out.append(outcome)
    return out
