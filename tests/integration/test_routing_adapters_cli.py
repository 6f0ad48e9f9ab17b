"""``leadhub delivery``: set a buyer's mode from a JSON file with a secret header (stored
encrypted, never printed), show it, bad settings exit 2 naming the field, manual credit."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.settings import Settings
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


def run(settings: Settings, *args: str) -> tuple[int, str]:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(app, ["delivery", *args], env=env)
    return result.exit_code, result.output


def test_set_show_and_credit(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld, tmp_path: Path
) -> None:
    config = tmp_path / "mapping.json"
    config.write_text(
        json.dumps({"fields": {"nom": "last_name", "custom_fields": {"cp": "postal_code"}}})
    )
    code, out = run(
        settings,
        "set",
        "buy_eco_crm",
        "--mode",
        "http_mapping",
        "--config",
        str(config),
        "--url",
        "https://crm.eco.example/api/leads?token=abc",
        "--auth-header",
        "X-Api-Key: k-93f0e1-secret",
        "--no-dedupes",
        "--return-window",
        "10",
    )
    assert code == 0, out
    code, out = run(settings, "show", "buy_eco_crm")
    shown = json.loads(out)
    assert shown["delivery_mode"] == "http_mapping" and shown["has_auth"] is True
    assert shown["dedupes"] == 0 and shown["return_window_days"] == 10
    assert shown["webhook_url"] == "https://crm.eco.example/api/leads"
    assert "k-93f0e1" not in out and "token=abc" not in out
    stored = hub_con.execute("SELECT auth_enc FROM buyers WHERE id = 'buy_eco_crm'").fetchone()
    assert stored[0] and "k-93f0e1" not in stored[0]

    config.write_text(json.dumps({"fields": {"nom": "surname"}}))
    code, out = run(
        settings, "set", "buy_eco_crm", "--mode", "http_mapping", "--config", str(config)
    )
    assert code == 2 and "fields.nom: unknown_field" in out
    code, out = run(settings, "show", "buy_nobody")
    assert code == 2 and "no buyer" in out

    code, out = run(settings, "credit", "buy_eco_crm", "35", "--reason", "lead offert")
    assert code == 0 and "35.00 EUR" in out
    credit = hub_con.execute("SELECT kind, amount_cents, reason FROM credits").fetchone()
    assert tuple(credit) == ("manual", 3500, "lead offert")
    code, out = run(settings, "breakers")
    assert code == 0 and "every breaker is closed" in out
