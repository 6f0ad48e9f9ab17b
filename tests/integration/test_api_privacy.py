"""API v1 and the ``leadhub privacy`` CLI on the real collector app and hub: a person's export
in JSON or HTML (Accept or format), the consent ledger in JSON or CSV, the retention status and
run (dry run first); admin keys only (a viewer's is a 403), another tenant's person is not found,
each bad phone, e-mail, date or format is a 422 naming it — never a 500."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.db import utcnow
from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld
from tests.integration.privacy_support import EMAIL, PHONE, add_person_lead, sell

pytestmark = pytest.mark.integration


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    admin: str  # acc_soleil
    eco: str  # acc_eco, admin
    viewer: str  # acc_soleil, viewer
    ops: str  # acc_soleil, ops

    def get(self, path: str, key: str, **kw: Any) -> Any:
        return self.client.get(
            path, headers={"Authorization": f"Token {key}", **kw.pop("headers", {})}, **kw
        )

    def post(self, path: str, key: str, **kw: Any) -> Any:
        return self.client.post(path, headers={"Authorization": f"Token {key}"}, **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "ops": create_api_key(hub_con, "acc_soleil", "ops", role="ops"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, world.api_key, **keys)


@pytest.fixture
def jeanne(hub_con: sqlite3.Connection, world: DemoWorld) -> str:
    lead = add_person_lead(hub_con, utcnow() - timedelta(hours=2))
    sell(hub_con, lead, utcnow() - timedelta(hours=2))
    return lead


def named(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {f["field"]: f["reason"] for f in response.json()["error"]["fields"]}


def test_dsar_as_json_and_as_the_readable_page(api: Api, jeanne: str) -> None:
    found = api.get("/v1/privacy/dsar", api.admin, params={"phone": "06 12 34 56 79"})
    assert found.status_code == 200, found.text
    body = found.json()
    assert [lead["id"] for lead in body["leads"]] == [jeanne]
    assert body["leads"][0]["consent"]["ip_truncated"] == "203.0.113.0/24"
    assert body["leads"][0]["deliveries"][0]["buyer_legal_name"] == "Installateurs Lyon SAS"
    page = api.get(
        "/v1/privacy/dsar", api.admin, params={"email": EMAIL}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Preuve du consentement" in page.text and jeanne in page.text
    english = api.get(
        "/v1/privacy/dsar", api.admin, params={"email": EMAIL, "format": "html", "lang": "en"}
    )
    assert "Consent proof" in english.text


def test_dsar_tenancy_permissions_and_bad_terms(api: Api, jeanne: str) -> None:
    other = api.get("/v1/privacy/dsar", api.eco, params={"phone": PHONE})
    assert other.status_code == 200 and other.json()["leads"] == []
    for key in (api.viewer, api.ops):
        assert api.get("/v1/privacy/dsar", key, params={"phone": PHONE}).status_code == 403
    assert named(api.get("/v1/privacy/dsar", api.admin, params={"phone": "0612"})) == {
        "phone": "invalid_phone"
    }
    assert named(api.get("/v1/privacy/dsar", api.admin, params={"email": "jeanne@@x"})) == {
        "email": "invalid_email"
    }
    assert named(api.get("/v1/privacy/dsar", api.admin)) == {
        "phone": "required",
        "email": "required",
    }
    assert named(
        api.get("/v1/privacy/dsar", api.admin, params={"phone": PHONE, "format": "pdf"})
    ) == {"format": "invalid_choice"}
    assert api.get("/v1/privacy/dsar", "nope", params={"phone": PHONE}).status_code == 401


def test_consent_ledger_in_json_and_csv(api: Api, jeanne: str) -> None:
    today = utcnow().date()
    period = {
        "from": (today - timedelta(days=1)).isoformat(),
        "to": (today + timedelta(days=1)).isoformat(),
    }
    found = api.get("/v1/privacy/consent-ledger", api.admin, params=period)
    assert found.status_code == 200, found.text
    assert [r["lead_id"] for r in found.json()["items"]] == [jeanne]
    as_csv = api.get("/v1/privacy/consent-ledger", api.admin, params={**period, "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    [row] = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert row["lead_id"] == jeanne and row["ip_truncated"] == "203.0.113.0/24"
    assert api.get("/v1/privacy/consent-ledger", api.eco, params=period).json()["items"] == []
    assert named(
        api.get(
            "/v1/privacy/consent-ledger", api.admin, params={"from": "hier", "to": "2026-01-01"}
        )
    ) == {"from": "invalid_date"}
    assert named(
        api.get("/v1/privacy/consent-ledger", api.admin, params={"from": "2026-01-01"})
    ) == {"to": "required"}
    assert named(
        api.get("/v1/privacy/consent-ledger", api.admin, params={**period, "format": "xml"})
    ) == {"format": "invalid_choice"}
    assert api.get("/v1/privacy/consent-ledger", api.viewer, params=period).status_code == 403


def test_retention_status_dry_run_and_run(
    api: Api, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    old = add_person_lead(hub_con, utcnow() - timedelta(days=1200))
    status = api.get("/v1/privacy/retention", api.admin).json()
    assert status["retention_days"] == 1095 and status["last_run"] is None
    dry = api.post("/v1/privacy/retention/run?dry_run=true", api.admin)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["leads"], dry.json()["dry_run"]) == (1, True)
    assert api.post("/v1/privacy/retention/run?dry_run=true", api.ops).status_code == 403
    assert named(api.post("/v1/privacy/retention/run?dry_run=yes", api.admin)) == {
        "dry_run": "invalid"
    }
    assert api.post("/v1/privacy/retention/run", api.eco).json()["leads"] == 0  # not its lead
    done = api.post("/v1/privacy/retention/run", api.admin)
    assert (done.json()["leads"], done.json()["dry_run"]) == (1, False)
    assert hub_con.execute("SELECT email FROM leads WHERE id = ?", (old,)).fetchone()[0] is None
    last = api.get("/v1/privacy/retention", api.admin).json()["last_run"]
    assert last["detail"]["leads"] == 1 and last["actor"].startswith("api_key:")


def test_the_cli_exports_a_person_the_ledger_and_runs_retention(
    settings: Settings, jeanne: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    found = runner.invoke(cli_app, ["privacy", "dsar", "--phone", "0612345679"])
    assert found.exit_code == 0, found.output
    assert [lead["id"] for lead in json.loads(found.stdout)["leads"]] == [jeanne]
    page = tmp_path / "dsar.html"
    made = runner.invoke(
        cli_app, ["privacy", "dsar", "--email", EMAIL, "--html", "--out", str(page)]
    )
    assert made.exit_code == 0, made.output
    assert "Preuve du consentement" in page.read_text(encoding="utf-8")
    bad = runner.invoke(cli_app, ["privacy", "dsar", "--phone", "12"])
    assert bad.exit_code == 1 and "phone: invalid_phone" in bad.stderr
    today = utcnow().date()
    ledger = runner.invoke(
        cli_app,
        [
            "privacy",
            "ledger",
            "--from",
            str(today - timedelta(days=1)),
            "--to",
            str(today + timedelta(days=1)),
            "--csv",
        ],
    )
    assert ledger.exit_code == 0, ledger.output
    assert [r["lead_id"] for r in csv.DictReader(io.StringIO(ledger.stdout))] == [jeanne]
    dry = runner.invoke(cli_app, ["privacy", "retention", "--dry-run"])
    assert dry.exit_code == 0 and json.loads(dry.stdout)["dry_run"] is True
    done = runner.invoke(cli_app, ["privacy", "retention", "--run"])
    assert json.loads(done.stdout)["leads"] == 0  # Jeanne's lead is recent
    status = json.loads(runner.invoke(cli_app, ["privacy", "retention"]).stdout)
    assert status["last_run"]["actor"] == "cli"


def test_openapi_documents_the_privacy_endpoints(api: Api) -> None:
    spec = api.client.get("/schema/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert {"get"} <= set(paths["/v1/privacy/dsar"]) and "post" in paths[
        "/v1/privacy/retention/run"
    ]
    names = {p["name"] for p in paths["/v1/privacy/consent-ledger"]["get"]["parameters"]}
    assert {"from", "to", "format"} <= names
