"""``leadhub commandes|leads|sources``: the same operations as API v1, from the CLI."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from typer.testing import CliRunner

from hub.settings import Settings
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld
from tests.integration.test_routing_support import add_lead, rows

pytestmark = pytest.mark.integration


def leadhub(settings: Settings, *args: str, code: int = 0) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if code == 0 and result.stdout.startswith("{") else result


def test_commandes_from_the_cli(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    made = leadhub(
        settings,
        "commandes",
        "create",
        "--data",
        '{"id": "cmd_cli", "buyer_id": "buy_eco_crm", "product_code": "ITE"}',
        "--set",
        "name=ITE Nord",
        "--set",
        "price_cents=2200",
        "--set",
        'departements=["59","62"]',
    )
    assert made["name"] == "ITE Nord" and made["departements"] == ["59", "62"]
    changed = leadhub(settings, "commandes", "update", "cmd_cli", "--set", "monthly_cap=40")
    assert changed["monthly_cap"] == 40
    listed = leadhub(settings, "commandes", "list")
    assert "cmd_cli" in {c["id"] for c in listed["items"]}
    bad = leadhub(settings, "commandes", "update", "cmd_cli", "--set", "weight=0", code=1)
    assert "weight: out_of_range" in bad.output

    add_lead(hub_con)
    sim = leadhub(settings, "commandes", "simulate", "cmd_soleil_pv", "--set", "active=false")
    assert sim["leads_replayed"] == 1 and sim["leads"][0]["simulated"] == ["cmd_eco_pv"]


def test_lead_and_source_ops_from_the_cli(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    lead = add_lead(hub_con)
    done = leadhub(settings, "leads", "requeue", lead)  # new: its route job is made due now
    assert done == {"lead_id": lead, "action": "route", "deliveries": []}
    conflict = leadhub(settings, "leads", "requeue", "lead_nope", code=1)
    assert "404" in conflict.output
    leadhub(settings, "sources", "block", "fb", "--account", "acc_soleil", "--reason", "spam")
    assert rows(hub_con, "SELECT source, reason FROM source_blocks") == [
        {"source": "fb", "reason": "spam"}
    ]
    assert leadhub(settings, "sources", "unblock", "fb", "--account", "acc_soleil") == {
        "requeued_leads": 0
    }
    assert leadhub(settings, "leads", "backlog") == {"queued": 0}
