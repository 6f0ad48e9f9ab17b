"""``simulate`` on a changed commande gives the same answer as saving the change and replaying
the same leads for real, and saves nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hub.db import connect, iso, transaction
from hub.services import commandes as ops
from hub.services.actor import CLI, api_key
from leadhub.demo.seed import DemoWorld
from tests.integration.test_routing_commandes import lead_at, paris, route_at

pytestmark = pytest.mark.integration

NOW = paris(2026, 11, 23, 12)
CHANGE = {"priority": 5, "daily_cap": 3, "weekly_cap": 10}


def leads_over_five_days(con: sqlite3.Connection) -> list[str]:
    """40 PV leads, south and Paris, some phones repeated (30-day dedupe), over 5 Paris days."""
    made = []
    for i in range(40):
        when = NOW - timedelta(days=5) + timedelta(hours=2 * i, minutes=7 * i)
        south = i % 3 != 0
        dep, postal = ("13", "13001") if south else ("75", "75011")
        made.append(lead_at(con, when, i % 29, postal_code=postal, departement=dep))
    return made


def replay(con: sqlite3.Connection, leads: list[str]) -> dict[str, list[str]]:
    """Route every lead for real at its arrival time, in arrival order."""
    order = con.execute(
        f"SELECT id, created_at FROM leads WHERE id IN ({','.join('?' * len(leads))})"
        " ORDER BY created_at, id",
        leads,
    ).fetchall()
    for lead_id, created in order:
        route_at(con, lead_id, datetime.fromisoformat(created))
    got: dict[str, list[str]] = {lead: [] for lead in leads}
    for lead_id, commande_id in con.execute("SELECT lead_id, commande_id FROM deliveries"):
        got[lead_id].append(commande_id)
    return got


def test_simulated_change_equals_the_real_replay(
    hub_con: sqlite3.Connection, world: DemoWorld, tmp_path: Path
) -> None:
    with transaction(hub_con):  # a third buyer with a weighted draw against cmd_soleil_pv
        hub_con.execute(
            "INSERT INTO buyers (id, account_id, name, webhook_url, secret_enc, created_at)"
            " SELECT 'buy_third', 'acc_soleil', 'Third', webhook_url, secret_enc, created_at"
            " FROM buyers WHERE id = 'buy_soleil_crm'"
        )
        hub_con.execute(
            "INSERT INTO commandes (id, buyer_id, name, product_code, price_cents, priority,"
            " weight, daily_cap, created_at) VALUES ('cmd_third', 'buy_third', 'T', 'PV', 2000,"
            " 10, 3, 4, ?)",
            (iso(NOW),),
        )
    leads = leads_over_five_days(hub_con)
    copy = tmp_path / "twin.sqlite3"
    with closing(sqlite3.connect(copy)) as dst:
        hub_con.backup(dst)
    actual = replay(hub_con, leads)  # history, with the commandes as they are

    before = hub_con.execute("SELECT total_changes()").fetchone()[0]
    result = ops.simulate_commande(hub_con, CLI, "cmd_eco_pv", CHANGE, 7, NOW)
    assert hub_con.execute("SELECT total_changes()").fetchone()[0] == before  # nothing saved

    with closing(connect(copy)) as twin:
        ops.update_commande(twin, CLI, "cmd_eco_pv", CHANGE, NOW)
        real = replay(twin, leads)

    simulated = {item["lead_id"]: item["simulated"] for item in result["leads"]}
    assert simulated == real
    assert {item["lead_id"]: item["actual"] for item in result["leads"]} == actual
    assert result["leads_replayed"] == 40
    assert 0 < result["leads_changed"] < 40
    counts = result["commandes"]
    assert counts["cmd_eco_pv"]["simulated"] == sum(v.count("cmd_eco_pv") for v in real.values())
    assert counts["cmd_eco_pv"]["simulated"] <= 10  # the weekly cap
    assert counts["cmd_third"]["simulated"] > 0 and counts["cmd_soleil_pv"]["simulated"] > 0
    assert counts["cmd_eco_pv"]["actual"] != counts["cmd_eco_pv"]["simulated"]


def test_simulate_refuses_bad_input_with_the_field(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    from hub.errors import ApiError

    with pytest.raises(ApiError) as err:
        ops.simulate_commande(hub_con, CLI, "cmd_eco_pv", {"daily_cap": -2}, 7, NOW)
    assert err.value.status_code == 422 and err.value.fields[0].field == "daily_cap"
    with pytest.raises(ApiError) as err:
        ops.simulate_commande(hub_con, CLI, "cmd_eco_pv", {}, 0, NOW)
    assert err.value.fields[0].field == "days"
    with pytest.raises(ApiError) as err:
        ops.simulate_commande(
            hub_con, api_key("key_test", {"acc_soleil"}), "cmd_eco_pv", {}, 7, NOW
        )
    assert err.value.status_code == 404  # another tenant's commande


def test_the_preview_summary_matches_the_replay_and_the_tenant(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    leads = leads_over_five_days(hub_con)
    replay(hub_con, leads)
    change = {"daily_cap": 1, "price_cents": 3300}
    result = ops.simulate_commande(hub_con, CLI, "cmd_eco_pv", change, 7, NOW)
    summary, counts = result["summary"], result["commandes"]
    assert summary["sales_actual"] == sum(c["actual"] for c in counts.values())
    assert summary["sales_simulated"] == sum(c["simulated"] for c in counts.values())
    assert summary["sales_delta"] == summary["sales_simulated"] - summary["sales_actual"]
    assert summary["cents_delta"] == sum(
        c["simulated_cents"] - c["actual_cents"] for c in counts.values()
    )
    by_id = {row["commande_id"]: row for row in summary["commandes"]}
    eco = by_id["cmd_eco_pv"]
    assert eco["name"] == "PV Eco Renov Sud"
    assert eco["delta"] == counts["cmd_eco_pv"]["simulated"] - counts["cmd_eco_pv"]["actual"] < 0
    assert by_id["cmd_soleil_pv"]["changed"] is False  # never takes Eco leads: unchanged
    assert eco["simulated_cents"] == 3300 * eco["simulated"]  # the new price

    soleil = api_key("key_test", {"acc_soleil"})
    theirs = ops.simulate_commande(hub_con, soleil, "cmd_soleil_pv", {"daily_cap": 1}, 7, NOW)
    shown = {row["commande_id"] for row in theirs["summary"]["commandes"]}
    assert shown and all(cid.startswith("cmd_soleil") for cid in shown)
