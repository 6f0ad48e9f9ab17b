"""The hub copy by changed rows and lead_attribution by lead (decision 0063) equal a whole rebuild.

A seeded hub and tracked visits are built; then, as between two minutes, the hub changes in ways
``updated_at`` does not always show (a delivery finalised, a lead's status set), a lead is
added, one is deleted and one is erased (its tracker ids nulled), and new events arrive for a
visitor already seen, across a session boundary. The copied tables and the models must equal
the same built in a fresh work DB, and only the changed rows were copied again.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from hub.db import transaction
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.test_warehouse_helpers import (
    T0,
    demo_page,
    fresh_copy,
    insert_delivery,
    insert_lead,
    table_rows,
    visitor_funnel,
)
from warehouse.checks import checks_of
from warehouse.events import load_partition
from warehouse.hub_copy import copy_hub, hub_fingerprint
from warehouse.lake import lake_fingerprints
from warehouse.lake_write import write_events
from warehouse.models import build_model
from warehouse.store import open_work

pytestmark = pytest.mark.integration

TABLES = ("leads", "deliveries", "sessions_core", "lead_attribution")
ERASE = "UPDATE leads SET visitor_id = NULL, session_id = NULL, updated_at = ? WHERE id = ?"


def build(settings: Settings) -> None:
    with open_work(settings) as con:
        loaded = {str(d): fp for d, fp in con.execute(
            "SELECT lake_date, fingerprint FROM lake_partitions").fetchall()}  # fmt: skip
        for day, fp in sorted(lake_fingerprints(settings.raw_dir).items()):
            if loaded.get(day) != fp:
                load_partition(con, settings, day)
        copy_hub(con, settings)
        for name in ("sessions_core", "lead_attribution"):
            build_model(con, name)
            assert all(check.offending(con) == 0 for check in checks_of(name))


def tables(settings: Settings) -> dict[str, list[tuple[object, ...]]]:
    return table_rows(settings, TABLES)


def from_scratch(settings: Settings, tmp: Path) -> dict[str, list[tuple[object, ...]]]:
    fresh = fresh_copy(settings, tmp, hub=True)
    build(fresh)
    return tables(fresh)


def test_changed_hub_rows_and_new_events_equal_a_whole_rebuild(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection, tmp_path: Path
) -> None:
    lp, form = demo_page(hub_con)
    ads = {"utm_source": "google", "utm_campaign": "hiver"}
    events = [
        e
        for i, p in enumerate("abcd")
        for e in visitor_funnel(p, lp, form, T0 + timedelta(minutes=10 * i), **ads)
    ]
    write_events(settings, events, "a.parquet")
    for i, p in enumerate("abcd"):
        at = T0 + timedelta(minutes=10 * i, seconds=61)
        insert_lead(hub_con, f"lead-{p}", lp, form, at, status="new",
                    visitor_id=f"{p}-visitor", session_id=f"{p}-session")  # fmt: skip
        insert_delivery(hub_con, f"dlv-{p}", f"lead-{p}", "cmd_soleil_pv", 3500, "pending", at)
    insert_lead(hub_con, "lead-f", lp, form, T0, status="new")  # no tracked visit
    insert_delivery(hub_con, "dlv-f", "lead-f", "cmd_soleil_pv", 3500, "pending", T0)
    build(settings)
    assert tables(settings) == from_scratch(settings, tmp_path)
    with open_work(settings) as con:  # an unchanged lead keeps its copied row (not read again)
        con.execute("UPDATE leads SET departement = 'zz' WHERE id = 'lead-d'")

    later = T0 + timedelta(hours=2)
    with transaction(hub_con):  # writes that leave updated_at as it was
        hub_con.execute("UPDATE deliveries SET status = 'delivered', delivered_at = created_at"
                        " WHERE id = 'dlv-a'")  # fmt: skip
        hub_con.execute("UPDATE leads SET status = 'sold' WHERE id = 'lead-a'")
        hub_con.execute("UPDATE deliveries SET status = 'delivered', delivered_at = created_at"
                        " WHERE id = 'dlv-f'")  # its lead stays as it was  # fmt: skip
        hub_con.execute("DELETE FROM deliveries WHERE id = 'dlv-c'")
        hub_con.execute("DELETE FROM leads WHERE id = 'lead-c'")
        hub_con.execute(ERASE, (later.isoformat(), "lead-b"))
    insert_lead(hub_con, "lead-e", lp, form, later, status="new", visitor_id="a-visitor")
    # visitor a comes back 31 minutes after a first new event: two more sessions
    back = visitor_funnel("a", lp, form, later - timedelta(minutes=40))
    write_events(settings, [
        {**e, "event_id": f"back-{i}", "received_at": e["received_at"] + k * timedelta(minutes=31),
         "ts": e["ts"] + k * timedelta(minutes=31)}
        for k in (0, 1) for i, e in enumerate(back[:2], start=2 * k)
    ] + [  # sent now, it happened 45 minutes before visitor d's visit: a session before it
        {**visitor_funnel("d", lp, form, T0)[0], "event_id": "late-d", "received_at": later,
         "ts": T0 - timedelta(minutes=15), "sent_at": later},
    ], "b.parquet")  # fmt: skip
    build(settings)
    with open_work(settings) as con:
        assert con.execute("SELECT departement FROM leads WHERE id = 'lead-d'").fetchall() == [
            ("zz",)
        ]
        con.execute("UPDATE leads SET departement = NULL WHERE id = 'lead-d'")
        assert con.execute("SELECT count(*) FROM model_dirty_rows").fetchall() == [(0,)]
        assert con.execute(
            "SELECT sessions_before_lead FROM lead_attribution WHERE lead_id = 'lead-d'"
        ).fetchall() == [(2,)]  # lead-d did not change in the hub: its visitor's sessions did
    assert tables(settings) == from_scratch(settings, tmp_path)


def test_a_count_unlike_the_hubs_copies_whole(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    insert_lead(hub_con, "lead-a", lp, form, T0, status="new")
    build(settings)
    with open_work(settings) as con:  # a row the hub's change log cannot tell about
        con.execute("INSERT INTO leads SELECT * REPLACE ('ghost' AS id) FROM leads")
    insert_lead(hub_con, "lead-b", lp, form, T0, status="new")
    build(settings)
    with open_work(settings) as con:
        ids = con.execute("SELECT id FROM leads ORDER BY id").fetchall()
        attributed = con.execute("SELECT lead_id FROM lead_attribution ORDER BY 1").fetchall()
    assert ids == attributed == [("lead-a",), ("lead-b",)]


def test_the_hub_logs_every_write_of_leads_and_deliveries(
    world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    insert_lead(hub_con, "lead-a", lp, form, T0, status="new")
    insert_lead(hub_con, "lead-b", lp, form, T0, status="new")
    insert_delivery(hub_con, "dlv-a", "lead-a", "cmd_soleil_pv", 3500, "pending", T0)
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET status = 'sold' WHERE id = 'lead-a'")
        hub_con.execute("DELETE FROM leads WHERE id = 'lead-b'")
    got = hub_con.execute(
        "SELECT tbl, row_id FROM row_changes WHERE row_id IN ('lead-a', 'lead-b', 'dlv-a')"
        " ORDER BY seq"
    ).fetchall()
    assert [tuple(r) for r in got] == [
        ("deliveries", "dlv-a"),
        ("leads", "lead-a"),  # updated after the delivery's insert: a newer seq
        ("leads", "lead-b"),  # deleted: still logged, so the copy deletes it
    ]


def test_the_hub_fingerprint_moves_on_a_write_that_keeps_updated_at(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    insert_lead(hub_con, "lead-a", lp, form, T0, status="new")
    insert_delivery(hub_con, "dlv-a", "lead-a", "cmd_soleil_pv", 3500, "pending", T0)
    before = hub_fingerprint(settings.hub_db)
    with transaction(hub_con):  # what routing's delivery_finalize does: updated_at kept
        hub_con.execute("UPDATE deliveries SET status = 'delivered', delivered_at = created_at"
                        " WHERE id = 'dlv-a'")  # fmt: skip
    assert hub_fingerprint(settings.hub_db) != before
