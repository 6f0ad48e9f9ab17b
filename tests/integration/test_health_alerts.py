"""Tracking health and alerts on real lake files, a real hub and a real SMTP server (aiosmtpd).

Lake files are written like the roller writes them (contract schema, temp name then rename),
with chosen ``received_at`` times, so the clock is controlled.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from typer.testing import CliRunner

from hub.settings import Settings
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld
from tests.e2e.procs import free_port
from warehouse.lake_schema import LAKE_SCHEMA, QUARANTINE_SCHEMA
from warehouse.lakeview import PARIS, live_health
from warehouse.tracking_alerts import RECOVERED, SILENT, SPIKE, check_tracking

pytestmark = pytest.mark.integration
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
MIN = timedelta(minutes=1)


def write_lake(
    settings: Settings, events: list[dict[str, Any]], *, reason: str | None = None
) -> None:
    """Write events into the lake (or, with a reason, the quarantine), one file per Paris day."""
    schema = QUARANTINE_SCHEMA if reason else LAKE_SCHEMA
    root = settings.quarantine_dir / "events" if reason else settings.raw_dir
    by_day: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        row = {name: e.get(name) for name in schema.names}
        row.update(event_id=e.get("event_id") or str(uuid.uuid4()), type=e.get("type", "page_view"))
        row.update(is_test=False, collector_id="seg-test", reason=reason)
        by_day.setdefault(str(e["received_at"].astimezone(PARIS).date()), []).append(row)
    for day, rows in by_day.items():
        directory = root / f"date={day}"
        directory.mkdir(parents=True, exist_ok=True)
        name = f"seg-{uuid.uuid4().hex}.parquet"
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), directory / f".{name}.tmp")
        (directory / f".{name}.tmp").rename(directory / name)


def lp_events(con: sqlite3.Connection, lp_key: str, times: list[datetime]) -> list[dict[str, Any]]:
    row = con.execute(
        "SELECT id, account_id, url FROM landing_pages WHERE key = ?", (lp_key,)
    ).fetchone()
    return [
        {
            "key": lp_key,
            "account_id": row["account_id"],
            "lp_id": row["id"],
            "url": row["url"],
            "received_at": t,
        }
        for t in times
    ]


def activity(con: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT account_id, actor, action, subject, detail FROM activity_log ORDER BY id"
    )
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


@pytest.fixture
def busy_lp(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> str:
    """lp_solaire_demo: 60 page views in the 3 h up to T0 (20/h), nothing since."""
    times = [T0 - timedelta(minutes=3 * i) for i in range(60)]
    write_lake(settings, lp_events(hub_con, "lp_solaire_demo", times))
    return str(
        hub_con.execute("SELECT id FROM landing_pages WHERE key = 'lp_solaire_demo'").fetchone()[0]
    )


def test_live_health_per_lp_and_form(
    settings: Settings, hub_con: sqlite3.Connection, busy_lp: str
) -> None:
    now = T0 + 30 * MIN
    pac = lp_events(hub_con, "lp_pac_demo", [now - 5 * MIN])
    pac[0]["url"] += "?utm_source=google"
    write_lake(settings, pac)
    # an unknown key sent from the PAC page: attributed to that page by URL
    write_lake(settings, [{**pac[0], "key": "lp_typo", "lp_id": None}] * 3, reason="key:unknown")
    rows = {h.key: h for h in live_health(settings, hub_con, now)}
    solaire, pac_row, everything = rows["lp_solaire_demo"], rows["lp_pac_demo"], rows[None]
    assert (solaire.last_event_at, solaire.events_1h, solaire.events_24h) == (T0, 10, 60)
    assert solaire.quarantine_rate_24h == 0
    assert (pac_row.events_1h, pac_row.quarantined_24h, pac_row.top_reason) == (1, 3, "key:unknown")
    assert pac_row.quarantine_rate_24h == pytest.approx(0.75)
    assert rows["fm_pac_demo"].events_24h == 0 and rows["fm_pac_demo"].quarantined_24h == 0
    assert (everything.id, everything.events_24h, everything.quarantined_24h) == ("*", 61, 3)
    # a tenant sees only its own LPs and forms, never the all-traffic row
    eco = live_health(settings, hub_con, now, account_ids=["acc_eco"])
    assert {h.key for h in eco} == {"lp_ite_demo", "fm_ite_demo"}


def test_silence_is_alerted_once_then_recovery_is_recorded(
    settings: Settings, hub_con: sqlite3.Connection, busy_lp: str
) -> None:
    assert check_tracking(settings, hub_con, T0 + 20 * MIN) == []
    alerts = check_tracking(settings, hub_con, T0 + 45 * MIN)
    assert [(a.action, a.health.key, a.email.status) for a in alerts] == [
        (SILENT, "lp_solaire_demo", "not_configured")
    ]
    assert check_tracking(settings, hub_con, T0 + 50 * MIN) == []  # no repeat
    [row] = activity(hub_con)
    assert (row["account_id"], row["actor"], row["action"], row["subject"]) == (
        "acc_soleil",
        "health",
        SILENT,
        busy_lp,
    )
    assert row["detail"]["silent_minutes"] == 45 and row["detail"]["usual_per_hour"] == 20
    assert "Plus aucun événement depuis 45 min" in row["detail"]["message_fr"]
    write_lake(settings, lp_events(hub_con, "lp_solaire_demo", [T0 + 55 * MIN]))
    assert [a.action for a in check_tracking(settings, hub_con, T0 + 56 * MIN)] == [RECOVERED]


def test_quarantine_spike_is_alerted(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    now = T0 + 60 * MIN
    ok = lp_events(hub_con, "lp_pac_demo", [now - timedelta(minutes=i) for i in range(1, 11)])
    write_lake(settings, ok)
    write_lake(settings, [{**ok[0], "key": "lp_typo", "lp_id": None}] * 30, reason="key:unknown")
    alerts = check_tracking(settings, hub_con, now)
    assert [
        (a.action, a.health.id if a.health.kind == "all" else a.health.key) for a in alerts
    ] == [
        (SPIKE, "lp_pac_demo"),
        (SPIKE, "*"),
    ]
    assert alerts[0].metrics == {
        "quarantined": 30,
        "events": 40,
        "share": 0.75,
        "top_reason": "key:unknown",
    }
    assert [r["account_id"] for r in activity(hub_con)] == ["acc_soleil", None]


class Sink:
    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse
        self.messages: list[Envelope] = []

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp(settings: Settings) -> Iterator[tuple[Settings, Sink]]:
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.smtp_host, settings.smtp_port = "127.0.0.1", port
    settings.smtp_from, settings.alert_recipients = (
        "leadhub@soleil.fr",
        "ops@soleil.fr, marketing@soleil.fr",
    )
    yield settings, sink
    controller.stop()


def test_alert_is_emailed_when_smtp_is_configured(
    smtp: tuple[Settings, Sink], hub_con: sqlite3.Connection, busy_lp: str
) -> None:
    settings, sink = smtp
    [alert] = check_tracking(settings, hub_con, T0 + 45 * MIN)
    assert alert.email.status == "sent"
    [mail] = sink.messages
    assert mail.mail_from == "leadhub@soleil.fr"
    assert sorted(mail.rcpt_tos) == ["marketing@soleil.fr", "ops@soleil.fr"]
    content = mail.content or b""
    body = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    assert "Subject: [leadhub] 1 alerte(s) de tracking" in body
    assert activity(hub_con)[0]["detail"]["email"] == {"status": "sent", "error": None}


def test_smtp_refusal_is_recorded_as_failed_and_retried(
    smtp: tuple[Settings, Sink], hub_con: sqlite3.Connection, busy_lp: str
) -> None:
    settings, sink = smtp
    sink.refuse = True
    [alert] = check_tracking(settings, hub_con, T0 + 45 * MIN)
    assert alert.email.status == "failed" and "550" in (alert.email.error or "")
    assert sink.messages == []
    assert check_tracking(settings, hub_con, T0 + 47 * MIN) == []  # retried after 5 min
    sink.refuse = False
    [retry] = check_tracking(settings, hub_con, T0 + 51 * MIN)
    assert retry.email.status == "sent" and len(sink.messages) == 1
    assert [r["detail"]["email"]["status"] for r in activity(hub_con)] == ["failed", "sent"]


def test_smtp_down_fails_the_check_loudly(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = datetime.now(UTC)
    write_lake(
        settings,
        [{"key": "lp_typo", "url": "https://nowhere.fr/", "received_at": now - MIN}] * 25,
        reason="key:unknown",
    )
    for name, value in {
        "DATA_DIR": str(settings.data_dir),
        "TEST_MODE": "1",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(free_port()),  # nothing listens there
        "ALERT_RECIPIENTS": "ops@soleil.fr",
    }.items():
        monkeypatch.setenv(f"LEADHUB_{name}", value)
    result = CliRunner().invoke(app, ["health", "check"])
    assert result.exit_code == 1, result.output
    assert "[failed]" in result.output and "alert e-mail FAILED" in result.output
    [row] = activity(hub_con)
    assert row["detail"]["email"]["status"] == "failed"
    assert "Connection refused" in row["detail"]["email"]["error"]
