"""GDPR erasure end to end below HTTP: a sold lead, its visitor's events in real Parquet files,
the warehouse built and published from them; erasing the phone leaves the lead row (status,
money) without personal data, rewrites the lake files without the person's events (and only
theirs), cleans the work DB and the published snapshot, sends the buyer a signed
``lead.erased`` request retried on 500 and recorded once, and logs it all with the hash only."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from hub.db import transaction, utcnow
from hub.services.actor import CLI
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.signing import verify_signature
from routing.worker import run_until_idle
from tests.integration.test_routing_delivery_support import configure, only_buyer, smtp_server
from tests.integration.test_routing_support import (
    SECRET,
    add_lead,
    fake_crm,
    fast_policy,
    point_buyers,
    received,
    rows,
    script,
)
from tests.integration.test_warehouse_helpers import event
from warehouse.erase import erase_person
from warehouse.erase_lake import Target, erase_lake, lake_files
from warehouse.events import load_partition
from warehouse.hub_copy import copy_hub
from warehouse.lake_lock import rewrite_lock
from warehouse.lake_write import write_events
from warehouse.models import build_model
from warehouse.publish import publish_snapshot
from warehouse.store import open_work

pytestmark = pytest.mark.integration

PHONE = "+33612345679"
T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def sold_lead(con: sqlite3.Connection, settings: Settings, crm_url: str) -> str:
    point_buyers(con, f"{crm_url}/leads")
    lead_id = add_lead(con, phone_e164=PHONE)
    with transaction(con):
        con.execute(
            "UPDATE leads SET visitor_id = 'v-person', session_id = 's-person', ip = '203.0.113.9',"
            " user_agent = 'Mozilla/5.0 person', extra = '{\"adresse\": \"3 rue Haute\"}'"
            " WHERE id = ?",
            (lead_id,),
        )
    stats = run_until_idle(settings, policy=fast_policy())
    assert stats["deliver:delivered"] == 1
    return lead_id


def lake_and_warehouse(settings: Settings, account_id: str) -> None:
    common = {"account_id": account_id, "collector_id": "test", "is_test": False}
    person = {**common, "visitor_id": "v-person", "session_id": "s-person"}
    write_events(
        settings,
        [
            event("e-view", "page_view", T0, url="https://lp.example/solaire", **person),
            event("e-submit", "form_submit", T0 + timedelta(minutes=1), **person),
            # another visitor id, but the page carries the person's phone
            event(
                "e-url",
                "page_view",
                T0 + timedelta(minutes=2),
                url="https://lp.example/merci?tel=06%2012%2034%2056%2079",
                visitor_id="v-other-device",
                session_id="s-other-device",
                **common,
            ),
            event(
                "e-props",
                "form_step",
                T0 + timedelta(minutes=3),
                props=json.dumps({"telephone": "0612345679"}),
                visitor_id="v-third",
                session_id="s-third",
                **common,
            ),
            event("e-keep", "page_view", T0, visitor_id="v-someone", session_id="s-x", **common),
        ],
        name="mixed.parquet",
    )
    write_events(
        settings,
        [event("e-alone", "page_view", T0, visitor_id="v-someone-else", **common)],
        name="untouched.parquet",
    )
    with open_work(settings) as con:
        load_partition(con, settings, "2026-11-30")
        copy_hub(con, settings)
        for model in ("sessions_core", "lp_forms", "funnel_sessions_daily"):
            build_model(con, model)
        # marks of a load not built yet hold visitor ids too (keyed models, decision 0063)
        con.execute("INSERT INTO model_dirty_keys VALUES ('sessions_core', DATE '2026-11-30',"
                    " 'v-person'), ('sessions_core', DATE '2026-11-30', 'v-someone')")  # fmt: skip
        con.execute("INSERT INTO model_dirty_rows VALUES ('lead_attribution', 'id', 'v-person')")
    publish_snapshot(settings)


def event_ids(path: Any, **where: Any) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT event_id FROM events").fetchall()}
    finally:
        con.close()


def scalar(path: Any, sql: str) -> Any:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def test_erasure_reaches_hub_lake_warehouse_and_the_buyer(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        lead_id = sold_lead(hub_con, settings, crm.url)
        account_id = hub_con.execute("SELECT account_id FROM leads WHERE id = ?", (lead_id,))
        lake_and_warehouse(settings, account_id.fetchone()[0])
        untouched = next(p for p in lake_files(settings) if p.name == "untouched.parquet")
        before = untouched.stat().st_mtime_ns
        script(crm, {"status": 500})
        result = erase_person(hub_con, CLI, settings, {"phone": "06 12 34 56 79"}, utcnow())
        stats = run_until_idle(settings, policy=fast_policy())
        got = received(crm)

    assert result["leads"] == 1 and result["lead_ids"] == [lead_id]
    assert result["buyer_requests"] == 1 and result["oppositions_added"] == 1
    assert result["lake_files"] == 1 and result["lake_rows"] == 4
    assert result["warehouse_rows"] > 0

    # hub: the row stays sold with its money, without personal data
    lead = rows(hub_con, "SELECT * FROM leads WHERE id = ?", lead_id)[0]
    for name in ("first_name", "last_name", "email", "phone_e164", "postal_code", "city", "ip"):
        assert lead[name] is None, name
    assert lead["user_agent"] is None and lead["visitor_id"] is None and lead["page_url"] is None
    assert lead["extra"] == "{}" and lead["erased_at"] is not None
    assert lead["status"] == "sold" and lead["departement"] == "13" and lead["consent_given"] == 1
    sale = rows(hub_con, "SELECT status, price_cents FROM deliveries WHERE lead_id = ?", lead_id)
    assert sale == [{"status": "delivered", "price_cents": 3500}]

    # the buyer: a 500, then one signed lead.erased request, no personal data in it
    assert stats["deliver:retry"] == 1 and stats["deliver:sent"] == 1
    erased = [x for x in got["leads"] if x["body"].get("type") == "lead.erased"]
    assert len(erased) == 1
    request = erased[0]
    assert request["signature_valid"] is True
    assert verify_signature(SECRET, request["headers"], request["raw_body"])
    delivery_id = hub_con.execute("SELECT id FROM deliveries WHERE lead_id = ?", (lead_id,))
    data = request["body"]["data"]
    assert data["lead_id"] == lead_id and data["delivery_id"] == delivery_id.fetchone()[0]
    assert request["idempotency_key"].startswith("ern_")
    for personal in ("0612345679", PHONE, "Jeanne", "Martin", "jeanne@example.org"):
        assert personal not in request["raw_body"]
    notice = rows(hub_con, "SELECT status, attempts, sent_at FROM erasure_notices")
    assert notice[0]["status"] == "sent" and notice[0]["attempts"] == 2 and notice[0]["sent_at"]

    # the log: who, what, the hash — never the phone
    log = rows(hub_con, "SELECT action, subject, actor, detail FROM activity_log ORDER BY id")
    actions = [e["action"] for e in log]
    assert {"lead.erased", "privacy.erased", "opposition.added", "lead.erasure_sent"} <= set(
        actions
    )
    erased_entry = next(e for e in log if e["action"] == "lead.erased")
    assert erased_entry["subject"] == lead_id and erased_entry["actor"] == "cli"
    assert json.loads(erased_entry["detail"])["hash"] == result["hash"]
    since = actions.index("lead.erased")
    assert all(PHONE not in e["detail"] and "0612345679" not in e["detail"] for e in log[since:])

    # the lake: the mixed file rewritten without the person's four events; the other untouched
    mixed = next(p for p in lake_files(settings) if p.name == "mixed.parquet")
    assert pq.read_table(mixed)["event_id"].to_pylist() == ["e-keep"]
    assert untouched.stat().st_mtime_ns == before
    assert not list(mixed.parent.glob(".*tmp"))
    for path in lake_files(settings):
        text = pq.read_table(path).to_pandas().to_json()
        assert "v-person" not in text and "0612345679" not in text and "06%2012" not in text

    # the warehouse: work DB and published snapshot, events and sessions
    for db in (settings.warehouse_work_db, settings.warehouse_db):
        assert event_ids(db) == {"e-keep", "e-alone"}
        assert scalar(db, "SELECT count(*) FROM sessions_core WHERE visitor_id = 'v-person'") == 0
        assert scalar(db, "SELECT count(*) FROM sessions_core") == 2
        assert scalar(  # the funnel's sessions (decision 0069): by visitor or tracker session
            db, "SELECT list(DISTINCT visitor_id ORDER BY visitor_id) FROM funnel_sessions_daily"
        ) == ["v-someone", "v-someone-else"]
        assert scalar(db, "SELECT list(key) FROM model_dirty_keys") == ["v-someone"]
        assert scalar(db, "SELECT count(*) FROM model_dirty_rows WHERE kind = 'id'") == 0
        assert scalar(db, f"SELECT visitor_id FROM leads WHERE id = '{lead_id}'") is None
        assert scalar(db, "SELECT count(*) FROM leads") >= 1


def test_a_pending_delivery_is_cancelled_and_nothing_is_sent(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    lead_id = add_lead(hub_con, phone_e164=PHONE)  # not routed yet: its route job is pending
    result = erase_person(hub_con, CLI, settings, {"email": " Jeanne@Example.ORG"}, utcnow())
    assert result["leads"] == 1 and result["buyer_requests"] == 0
    stats = run_until_idle(settings, policy=fast_policy())
    assert stats.total() == 0  # the route job is done: the erased lead is never sold
    lead = rows(hub_con, "SELECT email, status FROM leads WHERE id = ?", lead_id)[0]
    assert lead == {"email": None, "status": "new"}


def test_a_buyer_that_keeps_failing_gets_a_dead_request_logged(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        sold_lead(hub_con, settings, crm.url)
        crm.state.down = 503
        erase_person(hub_con, CLI, settings, {"phone": PHONE}, utcnow())
        run_until_idle(settings, policy=fast_policy(give_up_after=0.3))
    notice = rows(hub_con, "SELECT status, attempts, last_error FROM erasure_notices")[0]
    assert notice["status"] == "dead" and notice["attempts"] >= 2
    assert "503" in notice["last_error"]
    dead = rows(hub_con, "SELECT action FROM activity_log WHERE action = 'lead.erasure_dead'")
    assert len(dead) == 1


def test_a_delivery_being_retried_is_stopped_its_cap_given_back_and_the_buyer_asked(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    def used() -> int:
        return int(hub_con.execute("SELECT coalesce(sum(used), 0) FROM cap_usage").fetchone()[0])

    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"status": 500})
        lead_id = add_lead(hub_con, phone_e164=PHONE)
        slow = fast_policy(base_delay=60.0, max_delay=60.0)  # the retry waits ~19 s (seeded)
        first = run_until_idle(settings, policy=slow)
        assert first["deliver:retry"] == 1 and used() > 0
        result = erase_person(hub_con, CLI, settings, {"phone": PHONE}, utcnow())
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    assert result["deliveries_cancelled"] == 1 and result["buyer_requests"] == 1
    delivery = rows(hub_con, "SELECT status, attempts FROM deliveries WHERE lead_id = ?", lead_id)
    assert delivery == [{"status": "rejected", "attempts": 1}]  # never sent again
    assert used() == 0
    assert [x["body"]["type"] for x in got["leads"]] == ["lead.erased"]  # the lead itself never
    open_jobs = hub_con.execute("SELECT count(*) FROM outbox WHERE done_at IS NULL").fetchone()
    assert open_jobs[0] == 0


def test_an_email_buyer_gets_the_request_by_email(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only_buyer(hub_con, "buy_soleil_crm")
    configure(hub_con, settings, "buy_soleil_crm", "email", {"to": ["leads@soleil.example"]})
    with smtp_server(settings) as inbox:
        lead_id = add_lead(hub_con, phone_e164=PHONE)
        run_until_idle(settings, policy=fast_policy())
        erase_person(hub_con, CLI, settings, {"phone": PHONE}, utcnow())
        stats = run_until_idle(settings, policy=fast_policy())
    assert stats["deliver:sent"] == 1
    (_, rcpts, msg) = inbox.messages[-1]
    assert rcpts == ["leads@soleil.example"] and lead_id in str(msg["Subject"])
    assert str(msg["Subject"]).startswith("Demande d'effacement RGPD")
    text = msg.get_payload(decode=True).decode()
    assert f"Référence du lead : {lead_id}" in text
    assert "0612345679" not in text and "Martin" not in text and "jeanne@" not in text
    notice = rows(hub_con, "SELECT status, attempts FROM erasure_notices")
    assert notice == [{"status": "sent", "attempts": 1}]


def test_an_erasure_waits_for_another_lake_rewrite(settings: Settings) -> None:
    person = {"visitor_id": "v-person", "account_id": "acc_soleil"}
    write_events(settings, [event("e-1", "page_view", T0, **person)], name="one.parquet")
    done = threading.Event()

    def erase() -> None:
        erase_lake(settings, Target({"v-person"}, set(), ()))
        done.set()

    with rewrite_lock(settings):  # e.g. the retention run rewriting the same files
        worker = threading.Thread(target=erase)
        worker.start()
        time.sleep(0.5)
        assert not done.is_set()
    worker.join(10)
    assert done.is_set()
    assert pq.read_table(next(iter(lake_files(settings)))).num_rows == 0
