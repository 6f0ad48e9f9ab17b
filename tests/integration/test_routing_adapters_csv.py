"""Daily CSV by e-mail: send slots on the Paris clock (DST days included), the CSV itself, a
batch sent to a real SMTP server, and a batch that fails (never marked sent)."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, datetime, time

import pytest

from hub.db import now_iso, transaction
from hub.rules.delivery_config import SuccessRule
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.adapters.csv_email import build_csv, send_slot
from routing.adapters.http_mapping import judge, map_fields
from routing.retry import RetryPolicy
from routing.worker import run_until_idle
from tests.integration.test_routing_delivery_support import (
    configure,
    deliveries,
    lead_status,
    only_buyer,
    outcomes,
    smtp_down,
    smtp_server,
)
from tests.integration.test_routing_support import add_lead, fast_policy, phone, rows

pytestmark = pytest.mark.integration

COLUMNS = ["phone", {"name": "Nom", "field": "last_name"}, "postal_code", "lead_id"]


@pytest.mark.parametrize(
    ("now_utc", "send_at", "day", "due_utc"),
    [
        # Winter (UTC+1): before 18:00 Paris → today 17:00 UTC; after → tomorrow.
        ("2026-11-22T16:59:00", time(18), "2026-11-22", "2026-11-22T17:00:00"),
        ("2026-11-22T17:00:00", time(18), "2026-11-23", "2026-11-23T17:00:00"),
        # 23:30 UTC on the 22nd is already the 23rd in Paris.
        ("2026-11-22T23:30:00", time(18), "2026-11-23", "2026-11-23T17:00:00"),
        # Spring forward, Sun 29 March 2026: the day before is UTC+1, that day UTC+2.
        ("2026-03-28T18:00:00", time(18), "2026-03-29", "2026-03-29T16:00:00"),
        # Fall back, Sun 25 October 2026: 08:00 Paris is 06:00 UTC before, 07:00 UTC on it.
        ("2026-10-24T07:00:00", time(8), "2026-10-25", "2026-10-25T07:00:00"),
        ("2026-10-25T06:59:00", time(8), "2026-10-25", "2026-10-25T07:00:00"),
    ],
)
def test_send_slot_follows_the_paris_clock(
    now_utc: str, send_at: time, day: str, due_utc: str
) -> None:
    now = datetime.fromisoformat(now_utc).replace(tzinfo=UTC)
    got_day, due = send_slot(now, send_at)
    assert got_day.isoformat() == day
    assert due == datetime.fromisoformat(due_utc).replace(tzinfo=UTC)


def test_csv_keeps_the_buyers_column_order_and_defuses_formulas() -> None:
    data = build_csv(
        [("Téléphone", "phone"), ("Nom", "last_name"), ("Test", "is_test")],
        [
            {"phone": "0612345679", "last_name": "=HYPERLINK(1)", "is_test": True},
            {"phone": "+33612345679", "last_name": "Lefèvre; Jr", "is_test": False},
        ],
    )
    assert data.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table == [
        ["Téléphone", "Nom", "Test"],
        ["0612345679", "'=HYPERLINK(1)", "oui"],
        ["+33612345679", "Lefèvre; Jr", "non"],
    ]


def test_success_rule_and_nested_mapping_are_pure() -> None:
    rule = SuccessRule((201,), ("doublon",), ("refus",))
    assert judge(rule, 201, '{"id": 3}') == ("delivered", None)
    assert judge(rule, 201, "DOUBLON détecté")[0] == "duplicate"
    assert judge(rule, 201, "refus: zone")[0] == "rejected"
    assert judge(rule, 200, "ok")[0] == "rejected"
    assert judge(rule, 503, "")[0] == "retry" and judge(rule, 429, "")[0] == "retry"
    assert judge(rule, 422, "")[0] == "rejected"
    lead = {"last_name": "Martin", "product": "PV"}
    spec = {"nom": "last_name", "custom_fields": {"p": "product", "k": {"const": 7}}}
    assert map_fields(spec, lead) == {"nom": "Martin", "custom_fields": {"p": "PV", "k": 7}}


def _csv_buyer(con: sqlite3.Connection, settings: Settings) -> None:
    only_buyer(con, "buy_soleil_crm")
    config = {"to": ["achats@soleil.example"], "send_at": "18:30", "columns": COLUMNS}
    configure(con, settings, "buy_soleil_crm", "csv_email", config)


def _batch_due_now(con: sqlite3.Connection) -> str:
    """Fast-forward the clock to the batch's send time (its job becomes due)."""
    (batch,) = rows(con, "SELECT id, status, send_on FROM csv_batches")
    with transaction(con):
        con.execute("UPDATE outbox SET available_at = ? WHERE ref_id = ?", (now_iso(), batch["id"]))
    return str(batch["id"])


def test_a_days_leads_go_in_one_csv_email_at_the_send_time(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    _csv_buyer(hub_con, settings)
    leads = [add_lead(hub_con, phone_e164=phone(i)) for i in range(3)]
    with smtp_server(settings) as inbox:
        run_until_idle(settings, policy=fast_policy())
        waiting = [deliveries(hub_con, lead)[0] for lead in leads]
        assert {(d["status"], d["attempts"]) for d in waiting} == {("pending", 0)}
        assert len({d["batch_id"] for d in waiting}) == 1 and inbox.messages == []
        batch_id = _batch_due_now(hub_con)
        run_until_idle(settings, policy=fast_policy())
    ((_, rcpts, msg),) = inbox.messages
    assert rcpts == ["achats@soleil.example"] and msg["Message-ID"] == f"<{batch_id}@leadhub>"
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename().startswith("leads_buy_soleil_crm_")
    table = list(csv.reader(io.StringIO(attachment.get_content().lstrip("\ufeff")), delimiter=";"))
    assert table[0] == ["phone", "Nom", "postal_code", "lead_id"]
    assert sorted(r[3] for r in table[1:]) == sorted(leads)
    assert {r[1] for r in table[1:]} == {"Martin"}
    for lead in leads:
        (dlv,) = deliveries(hub_con, lead)
        assert dlv["status"] == "delivered" and outcomes(hub_con, dlv["id"]) == [(250, "delivered")]
        assert lead_status(hub_con, lead) == "sold"
    batch = rows(hub_con, "SELECT status, rows_sent, attempts FROM csv_batches")
    assert batch == [{"status": "sent", "rows_sent": 3, "attempts": 1}]


def test_a_batch_the_smtp_server_cannot_take_stays_pending_never_sent(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    _csv_buyer(hub_con, settings)
    leads = [add_lead(hub_con, phone_e164=phone(i)) for i in range(2)]
    run_until_idle(settings, policy=fast_policy())
    _batch_due_now(hub_con)
    smtp_down(settings)
    slow = RetryPolicy(base_delay=600.0, max_delay=600.0)  # the retry is far away
    run_until_idle(settings, policy=slow, horizon=1.0)
    for lead in leads:
        (dlv,) = deliveries(hub_con, lead)
        assert dlv["status"] == "pending" and outcomes(hub_con, dlv["id"]) == [(None, "retry")]
        assert lead_status(hub_con, lead) == "routed"
    batch = rows(hub_con, "SELECT status, sent_at, attempts, last_error FROM csv_batches")
    assert batch[0]["status"] == "pending" and batch[0]["sent_at"] is None
    assert batch[0]["attempts"] == 1 and "SMTP connection failed" in batch[0]["last_error"]
    with smtp_server(settings, refuse_data="554 5.6.0 message refused") as inbox:
        _batch_due_now(hub_con)
        run_until_idle(settings, policy=slow, horizon=1.0)
    assert inbox.messages == []
    for lead in leads:  # a permanent refusal: rejected, the leads go back to routing
        assert deliveries(hub_con, lead)[0]["status"] == "rejected"
        assert lead_status(hub_con, lead) == "unrouted"
    assert rows(hub_con, "SELECT status FROM csv_batches") == [{"status": "rejected"}]
