"""Daily and weekly summaries per entity on a real hub (leads routed and delivered by the real
router to a loopback CRM), e-mailed through a real SMTP server on loopback (aiosmtpd): the
figures follow the Paris calendar (a 25-hour DST day, weeks from Monday), brands count for
their entity, test traffic is left out, each entity and period is sent once and recorded, a
refused e-mail is recorded failed and sent on the next run; and the same through the CLI."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from typer.testing import CliRunner

from hub.calendar import PARIS
from hub.db import iso, transaction, utcnow
from hub.services import returns
from hub.services.actor import CLI
from hub.settings import Settings
from hub.summaries import Figures, figures, period_of, send_summaries
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.e2e.procs import free_port
from tests.integration.test_health_alerts import Sink, smtp
from tests.integration.test_routing_support import add_lead, fake_crm, fast_policy, phone
from tests.integration.test_routing_support import point_buyers as point

__all__ = ["smtp"]  # the health alert tests' SMTP server on loopback, used here
pytestmark = pytest.mark.integration

DAY = date(2026, 10, 25)  # a Sunday, 25 hours long in Paris (clocks go back at 03:00)
LATE = datetime(2026, 10, 25, 23, 30, tzinfo=PARIS)  # still the 25th in Paris (22:30 UTC)
NEXT = datetime(2026, 10, 26, 0, 10, tzinfo=PARIS)  # Monday: next day, next week (23:10 UTC)


def at(con: sqlite3.Connection, table: str, column: str, when: datetime, where: str) -> None:
    with transaction(con):
        con.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (iso(when),))


def log(con: sqlite3.Connection, account: str | None, action: str, when: datetime) -> None:
    with transaction(con):
        con.execute(
            "INSERT INTO activity_log (account_id, actor, action, subject, detail, created_at)"
            " VALUES (?, 'test', ?, 'x', '{}', ?)",
            (account, action, iso(when)),
        )


@pytest.fixture
def activity(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    """Soleil: 3 PV leads sold (35 €) on DAY, one returned, a 4th lead just after midnight,
    a test lead, a dead letter, a tracking alert on its brand; Eco: 1 ITE lead sold (25 €);
    one tracking alert on no page."""
    with fake_crm() as crm:
        point(hub_con, f"{crm.url}/leads")
        pv = [add_lead(hub_con, phone_e164=phone(i)) for i in range(3)]
        ite = add_lead(hub_con, product="ITE", phone_e164=phone(9))
        late = add_lead(hub_con, phone_e164=phone(4))
        test = add_lead(hub_con, phone_e164=phone(5), is_test=True)
        run_until_idle(settings, policy=fast_policy(), threads=2)
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET is_test = 0 WHERE id <> ?", (test,))
    returns.return_lead(hub_con, CLI, pv[0], "faux numéro", utcnow())
    for table, column in (
        ("leads", "created_at"),
        ("deliveries", "delivered_at"),
        ("credits", "created_at"),
    ):
        at(hub_con, table, column, LATE, "1 = 1")
    at(hub_con, "leads", "created_at", NEXT, f"id = '{late}'")
    at(hub_con, "deliveries", "delivered_at", NEXT, f"lead_id = '{late}'")
    log(hub_con, "acc_soleil", "delivery.dead", LATE)
    log(hub_con, "acc_soleil_solaire", "tracking.silent", LATE)
    log(hub_con, None, "tracking.quarantine_spike", LATE)
    log(hub_con, "acc_eco", "tracking.silent", NEXT)
    return {"ite": ite, "late": late}


def by_entity(rows: list[Figures]) -> dict[str, dict[str, Any]]:
    return {f.entity_id: {k: v for k, v in asdict(f).items() if k != "entity_id"} for f in rows}


def test_figures_follow_the_paris_calendar_per_entity(
    hub_con: sqlite3.Connection, activity: dict[str, str]
) -> None:
    day = by_entity(figures(hub_con, period_of("day", DAY)))
    assert day["acc_soleil"] == {
        "entity_name": "Soleil Habitat",
        "leads": 3,
        "sold": 3,
        "revenue_cents": 10500,
        "returns": 1,
        "returns_cents": 3500,
        "dead_letters": 1,
        "tracking_alerts": 1,
        "unattributed_alerts": 1,
    }
    assert day["acc_eco"] == {
        "entity_name": "Eco Renov",
        "leads": 1,
        "sold": 1,
        "revenue_cents": 2500,
        "returns": 0,
        "returns_cents": 0,
        "dead_letters": 0,
        "tracking_alerts": 0,
        "unattributed_alerts": 1,
    }
    week = by_entity(figures(hub_con, period_of("week", DAY)))  # Monday 19 to Sunday 25
    assert week["acc_soleil"]["leads"] == 3 and week["acc_soleil"]["sold"] == 3
    monday = by_entity(figures(hub_con, period_of("day", NEXT.date())))
    assert (monday["acc_soleil"]["leads"], monday["acc_soleil"]["sold"]) == (1, 1)
    assert monday["acc_eco"]["tracking_alerts"] == 1
    next_week = by_entity(figures(hub_con, period_of("week", NEXT.date())))
    assert next_week["acc_soleil"]["revenue_cents"] == 3500


def parsed(envelope: Any) -> EmailMessage:
    """The e-mail as the recipient reads it (subject and body decoded)."""
    message = message_from_bytes(envelope.original_content or b"", policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_one_email_per_entity_once_per_period(
    smtp: tuple[Settings, Sink], hub_con: sqlite3.Connection, activity: dict[str, str]
) -> None:
    settings, sink = smtp
    period = period_of("day", DAY)
    sent = send_summaries(settings, hub_con, period, utcnow())
    assert [(o.entity_id, o.status) for o in sent] == [("acc_eco", "sent"), ("acc_soleil", "sent")]
    assert len(sink.messages) == 2
    soleil = next(o for o in sent if o.entity_id == "acc_soleil")
    assert soleil.subject == (
        "[leadhub] Résumé du jour — Soleil Habitat — dimanche 25 octobre 2026"
    )
    for line in (
        "Leads reçus : 3",
        "Leads vendus : 3",
        "Chiffre d'affaires : 105,00\u00a0€ HT",
        "Retours : 1 (35,00\u00a0€ HT)",
        "Chiffre d'affaires net : 70,00\u00a0€ HT",
        "Lettres mortes (livraisons abandonnées) : 1",
        "Alertes de tracking : 1 (et 1 sur du trafic rattaché à aucune page)",
    ):
        assert line in soleil.text
    assert sorted(sink.messages[0].rcpt_tos) == ["marketing@soleil.fr", "ops@soleil.fr"]
    received = {parsed(m)["Subject"]: parsed(m) for m in sink.messages}
    mail = received[soleil.subject]  # the French subject, as the recipient reads it
    text = mail.get_body(("plain",))
    assert text is not None and text.get_content().strip() == soleil.text.strip()
    again = send_summaries(settings, hub_con, period, utcnow())
    assert {o.status for o in again} == {"already_sent"} and len(sink.messages) == 2
    forced = send_summaries(settings, hub_con, period, utcnow(), force=True)
    assert {o.status for o in forced} == {"sent"} and len(sink.messages) == 4
    row = hub_con.execute(
        "SELECT actor, subject, detail FROM activity_log WHERE action = 'summary.sent'"
        " AND account_id = 'acc_soleil' ORDER BY id LIMIT 1"
    ).fetchone()
    detail = json.loads(row["detail"])
    assert (row["actor"], row["subject"]) == ("summary", "day:2026-10-25")
    assert detail["revenue_cents"] == 10500 and detail["email"]["status"] == "sent"


def test_a_refused_email_is_recorded_failed_and_sent_next_time(
    smtp: tuple[Settings, Sink], hub_con: sqlite3.Connection, activity: dict[str, str]
) -> None:
    settings, sink = smtp
    period = period_of("week", DAY)
    sink.refuse = True
    failed = send_summaries(settings, hub_con, period, utcnow())
    assert {o.status for o in failed} == {"failed"} and "550" in (failed[0].error or "")
    assert (
        hub_con.execute(
            "SELECT count(*) FROM activity_log WHERE action = 'summary.failed'"
        ).fetchone()[0]
        == 2
    )
    sink.refuse = False
    retried = send_summaries(settings, hub_con, period, utcnow())
    assert {o.status for o in retried} == {"sent"} and len(sink.messages) == 2
    assert "semaine du 19 octobre 2026 au 25 octobre 2026" in retried[0].subject


def test_cli_dry_run_prints_and_a_send_without_smtp_fails(
    settings: Settings,
    hub_con: sqlite3.Connection,
    activity: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    dry = runner.invoke(app, ["summary", "send", "--period", "day", "--day", "2026-10-25",
                              "--dry-run"])  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert "Subject: [leadhub] Résumé du jour — Eco Renov — dimanche 25 octobre 2026" in dry.output
    assert "Leads vendus : 3" in dry.output
    unset = runner.invoke(app, ["summary", "send", "--period", "week"])
    assert unset.exit_code == 1 and "NOT sent" in unset.output
    bad = runner.invoke(app, ["summary", "send", "--period", "month"])
    assert bad.exit_code == 2
    monkeypatch.setenv("LEADHUB_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("LEADHUB_SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("LEADHUB_ALERT_RECIPIENTS", "ops@soleil.fr")
    down = runner.invoke(app, ["summary", "send", "--period", "day", "--day", "2026-10-25"])
    assert down.exit_code == 1 and "FAILED" in down.output
    assert "[failed]" in down.output
    assert hub_con.execute("SELECT count(*) FROM activity_log WHERE action = 'summary.sent'"
                           ).fetchone()[0] == 0  # fmt: skip
