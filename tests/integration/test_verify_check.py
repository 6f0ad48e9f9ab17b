"""The installation check against real events: posted to the real collector app, rolled into
the lake (accepted) and the quarantine (refused, with their reason), then checked by
``warehouse.verify``, ``GET /v1/verify`` and ``leadhub verify``."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.db import transaction
from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld
from warehouse.lake_schema import QUARANTINE_SCHEMA
from warehouse.lakeview import PARIS, live_health
from warehouse.verify import VerifyError, verify

pytestmark = pytest.mark.integration
LP = "http://127.0.0.1:8101"
FORM = "http://127.0.0.1:8102"


def event(key: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"event_id": str(uuid.uuid4()), "type": "page_view", "key": key, "url": url, **extra}


def post(settings: Settings, events: list[dict[str, Any]], **headers: str) -> None:
    """Through the real app; leaving the client seals and rolls the spool into the lake."""
    with TestClient(create_app(settings)) as client:
        r = client.post("/v1/events", json={"events": events}, headers=headers)
        assert r.status_code in (202, 422), r.text


@pytest.fixture
def traffic(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Settings:
    with transaction(hub_con):
        hub_con.execute("UPDATE forms SET active = 0 WHERE key = 'fm_pac_demo'")
    post(
        settings,
        [
            event("lp_solaire_demo", f"{LP}/solaire/?utm_source=google&lh_test=1"),
            event("lp_pac_dmeo", f"{LP}/pac/"),  # a typo in the snippet
            event("fm_pac_demo", f"{FORM}/pac/formulaire/", type="form_start"),  # inactive form
            event("lp_ite_demo", "https://ancien-site.fr/ite/"),  # snippet left on another page
        ],
    )
    return settings


def check(settings: Settings, con: sqlite3.Connection, url: str) -> dict[str, Any]:
    return verify(settings, con, datetime.now(UTC), url=url).to_dict()


def test_verdicts(traffic: Settings, hub_con: sqlite3.Connection) -> None:
    arrived = check(traffic, hub_con, f"{LP}/solaire/")
    assert (arrived["verdict"], arrived["ok"], arrived["keys"]) == (
        "arrived",
        True,
        ["lp_solaire_demo"],
    )
    assert arrived["message_fr"].startswith("Reçu : 1 événement(s) de cette page")
    assert arrived["accepted"][0]["last_url"].endswith("utm_source=google&lh_test=1")

    typo = check(traffic, hub_con, f"{LP}/pac/")
    assert (typo["verdict"], typo["ok"]) == ("unknown_key", False)
    assert "« lp_pac_dmeo »" in typo["message_fr"] and "« lp_pac_demo »" in typo["message_fr"]
    assert typo["quarantined"][0]["reason"] == "key:unknown"

    inactive = check(traffic, hub_con, f"{FORM}/pac/formulaire/")
    assert inactive["verdict"] == "inactive_key" and inactive["keys"] == ["fm_pac_demo"]
    assert any("désactivé" in h["fr"] for h in inactive["hints"])

    nothing = check(traffic, hub_con, f"{LP}/ite/")
    assert nothing["verdict"] == "nothing_received"
    assert "Rien reçu de cette page depuis 60 min" in nothing["message_fr"]
    assert any("https://ancien-site.fr/ite/" in h["fr"] for h in nothing["hints"])

    by_key = verify(traffic, hub_con, datetime.now(UTC), key="lp_ite_demo").to_dict()
    assert by_key["verdict"] == "arrived"  # the key works, from another page

    unregistered = check(traffic, hub_con, "https://inconnu.fr/")
    assert unregistered["verdict"] == "nothing_received"
    assert any("aucune landing page" in h["fr"] for h in unregistered["hints"])


def test_blocked_origin_verdict(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    post(
        settings,
        [event("fm_solaire_demo", f"{FORM}/solaire/formulaire/", type="form_start")],
        Origin="https://formulaire-pirate.fr",
    )
    result = check(settings, hub_con, f"{FORM}/solaire/formulaire/")
    assert result["verdict"] == "blocked_origin", result
    assert "https://formulaire-pirate.fr" in result["message_fr"]
    assert f"{LP}, {FORM}" in result["message_fr"]  # the account's allowed origins


def test_bad_input_is_named(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    cases = [
        ({}, "url", "required"),
        ({"url": "javascript:alert(1)"}, "url", "invalid_url"),
        ({"url": f"{LP}/solaire/", "minutes": 0}, "minutes", "out_of_range"),
        ({"url": f"{LP}/ite/", "account_ids": ["acc_soleil"]}, "url", "unknown"),
    ]
    for kwargs, field, reason in cases:
        with pytest.raises(VerifyError) as err:
            verify(settings, hub_con, datetime.now(UTC), **kwargs)  # type: ignore[arg-type]
        assert (err.value.field, err.value.reason) == (field, reason)


def test_api_v1_verify(traffic: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> None:
    eco_key = create_api_key(hub_con, "acc_eco", "verify")
    soleil = {"Authorization": f"Token {world.api_key}"}
    with TestClient(create_app(traffic)) as client:
        assert client.get("/v1/verify", params={"url": f"{LP}/pac/"}).status_code == 401
        ok = client.get("/v1/verify", params={"url": f"{LP}/solaire/"}, headers=soleil)
        typo = client.get(
            "/v1/verify", params={"url": f"{LP}/pac/", "minutes": "30"}, headers=soleil
        )
        other_tenant = client.get(
            "/v1/verify",
            params={"url": f"{LP}/solaire/"},
            headers={"Authorization": f"Bearer {eco_key}"},
        )
        missing = client.get("/v1/verify", headers=soleil)
        bad_minutes = client.get(
            "/v1/verify", params={"url": f"{LP}/pac/", "minutes": "x"}, headers=soleil
        )
    assert ok.status_code == 200 and ok.json()["verdict"] == "arrived"
    assert typo.status_code == 200 and typo.json()["verdict"] == "unknown_key"
    assert other_tenant.status_code == 404
    for response, field, reason in (
        (other_tenant, "url", "unknown"),
        (missing, "url", "required"),
        (bad_minutes, "minutes", "out_of_range"),
    ):
        [error] = response.json()["error"]["fields"]
        assert (error["field"], error["reason"]) == (field, reason)
        assert error["message_fr"] and error["message_en"]
    assert missing.status_code == bad_minutes.status_code == 422


def test_cli_verify_exit_codes(traffic: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(traffic.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "1")
    runner = CliRunner()
    arrived = runner.invoke(app, ["verify", f"{LP}/solaire/", "--json"])
    assert arrived.exit_code == 0 and json.loads(arrived.output)["verdict"] == "arrived"
    typo = runner.invoke(app, ["verify", f"{LP}/pac/"])
    assert typo.exit_code == 1 and typo.output.startswith("unknown_key: Clé inconnue")
    assert runner.invoke(app, ["verify"]).exit_code == 2


def test_unreadable_lake_files_are_skipped_and_reported(
    traffic: Settings, hub_con: sqlite3.Connection
) -> None:
    day = datetime.now(PARIS).date()
    for root in (traffic.raw_dir, traffic.quarantine_dir / "events"):
        (root / f"date={day}" / "seg-empty.parquet").write_bytes(b"")
        (root / f"date={day}" / "seg-torn.parquet").write_bytes(b"PAR1 torn")
    result = check(traffic, hub_con, f"{LP}/solaire/")
    assert result["verdict"] == "arrived"  # the readable files still answer
    assert sorted(Path(p).name for p in result["skipped_files"]) == [
        "seg-empty.parquet",
        "seg-empty.parquet",
        "seg-torn.parquet",
        "seg-torn.parquet",
    ]
    assert any("4 fichier(s) illisible(s)" in h["fr"] for h in result["hints"])
    health = {h.key: h for h in live_health(traffic, hub_con, datetime.now(UTC))}
    assert health["lp_solaire_demo"].events_24h == 1


def test_quarantine_files_older_than_the_origin_column_still_read(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    old_schema = QUARANTINE_SCHEMA.remove(QUARANTINE_SCHEMA.get_field_index("origin"))
    row: dict[str, Any] = dict.fromkeys(old_schema.names)
    row.update(event_id="e1", type="page_view", key="lp_old", url=f"{LP}/pac/", is_test=False)
    row.update(received_at=datetime.now(UTC), reason="key:unknown")
    directory = settings.quarantine_dir / "events" / f"date={datetime.now(PARIS).date()}"
    directory.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist([row], schema=old_schema), directory / "seg-old.parquet")
    result = check(settings, hub_con, f"{LP}/pac/")
    assert (result["verdict"], result["quarantined"][0]["last_origin"]) == ("unknown_key", None)
