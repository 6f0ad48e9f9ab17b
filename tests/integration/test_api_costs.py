"""API v1 ad costs on the real collector app: JSON rows, a ``text/csv`` body and a multipart
file import the same way; a bad row is a 422 naming its line and field and nothing is written;
importing a day × source × campaign again replaces it; viewers may not import (403), another
tenant's account is a 404; each import is logged; and the same through ``leadhub costs``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

CSV = 'date,source,campaign,cost\n2026-12-01,google,Brand,"12,50"\n2026-12-01,facebook,Promo,3\n'


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    marketer: str  # acc_soleil
    viewer: str  # acc_soleil
    eco: str  # acc_eco, admin

    def call(self, method: str, path: str, key: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Token {key}", **kw.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kw)

    def csv(self, text: str, key: str | None = None, kind: str = "text/csv") -> Any:
        path = "/v1/costs?account_id=acc_soleil"
        headers = {"Content-Type": kind}
        return self.call("POST", path, key or self.marketer, content=text.encode(), headers=headers)

    def stored(self) -> list[tuple[str, str, str, str, int]]:
        query = (
            "SELECT account_id, date, source, campaign, cost_cents FROM ad_costs ORDER BY 1, 2, 3"
        )
        return [tuple(r) for r in self.con.execute(query)]


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        "marketer": create_api_key(hub_con, "acc_soleil", "mkt", role="marketer"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, **keys)


def test_json_csv_body_and_file_upload_import_alike(api: Api) -> None:
    rows = [{"date": "2026-12-01", "source": "google", "campaign": "Brand", "cost": "12,50"}]
    made = api.call(
        "POST", "/v1/costs", api.marketer, json={"account_id": "acc_soleil", "rows": rows}
    )
    assert made.status_code == 200, made.text
    assert made.json() | {"import_id": ""} == {
        "import_id": "",
        "account_id": "acc_soleil",
        "lines": 1,
        "rows": 1,
        "replaced": 0,
        "date_from": "2026-12-01",
        "date_to": "2026-12-01",
        "sources": ["google"],
        "total_cost_cents": 1250,
        "currency": "EUR",
    }
    body = api.csv(CSV)
    assert body.status_code == 200, body.text
    assert body.json()["replaced"] == 1 and body.json()["rows"] == 2
    meta = 'Reporting starts,Campaign name,Amount spent (EUR)\n2026-12-02,Promo,"7,25"\n'
    upload = api.call(
        "POST",
        "/v1/costs",
        api.marketer,
        data={"account_id": "acc_soleil"},
        files={"file": ("meta.csv", meta.encode(), "text/csv")},
    )
    assert upload.status_code == 200, upload.text
    assert api.stored() == [
        ("acc_soleil", "2026-12-01", "facebook", "Promo", 300),
        ("acc_soleil", "2026-12-01", "google", "Brand", 1250),
        ("acc_soleil", "2026-12-02", "facebook", "Promo", 725),
    ]
    logged = api.con.execute(
        "SELECT actor, account_id, detail FROM activity_log WHERE action = 'costs.imported'"
    ).fetchall()
    assert len(logged) == 3 and {r["account_id"] for r in logged} == {"acc_soleil"}
    assert json.loads(logged[-1]["detail"])["file"] == "meta.csv"
    listed = api.call("GET", "/v1/costs?source=facebook&limit=1", api.viewer).json()
    assert listed["total"] == 2 and len(listed["items"]) == 1
    assert listed["total_cost_cents"] == 1025 and listed["items"][0]["date"] == "2026-12-02"


def test_reimport_replaces_and_rows_of_one_file_are_summed(api: Api) -> None:
    first = "date,source,campaign,cost\n2026-12-01,google,Brand,10\n2026-12-02,google,Brand,5\n"
    assert api.csv(first).status_code == 200
    again = 'date,source,campaign,cost\n2026-12-01,google,Brand,4\n2026-12-01,google,Brand,"2,5"\n'
    answer = api.csv(again)
    assert answer.status_code == 200, answer.text
    assert answer.json()["replaced"] == 1 and answer.json()["lines"] == 2
    assert api.stored() == [
        ("acc_soleil", "2026-12-01", "google", "Brand", 650),
        ("acc_soleil", "2026-12-02", "google", "Brand", 500),
    ]


def test_a_bad_row_names_its_line_and_nothing_is_written(api: Api) -> None:
    text = CSV + "2026-11-30,google,Brand,douze\n2026-11-31,google,Brand,1\n"
    answer = api.csv(text)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert [f["field"] for f in error["fields"]] == ["line 4.cost", "line 5.date"]
    assert error["fields"][0]["message_fr"].startswith("Ligne 4 :")
    assert api.stored() == []
    logged = "SELECT count(*) FROM activity_log WHERE action = 'costs.imported'"
    assert api.con.execute(logged).fetchone()[0] == 0
    bad_json = api.call("POST", "/v1/costs", api.marketer, json={"rows": []})
    assert bad_json.status_code == 422
    assert bad_json.json()["error"]["fields"][0]["field"] == "account_id"
    wrong = api.csv("<x/>", kind="application/xml")
    assert wrong.status_code == 415


def test_viewer_403_other_tenant_404(api: Api) -> None:
    body = {"account_id": "acc_soleil", "rows": [
        {"date": "2026-12-01", "source": "google", "campaign": "Brand", "cost": 1}]}  # fmt: skip
    assert api.call("POST", "/v1/costs", api.viewer, json=body).status_code == 403
    assert api.call("POST", "/v1/costs", api.eco, json=body).status_code == 404
    unknown = {**body, "account_id": "acc_nope"}
    assert api.call("POST", "/v1/costs", api.marketer, json=unknown).status_code == 404
    assert api.stored() == []
    assert api.call("POST", "/v1/costs", api.marketer, json=body).status_code == 200
    assert api.call("GET", "/v1/costs", api.eco).json()["total"] == 0
    assert api.call("GET", "/v1/costs?account_id=acc_soleil", api.eco).status_code == 404
    assert api.call("GET", "/v1/costs?date_from=hier", api.viewer).status_code == 422
    assert api.call("GET", "/v1/costs", api.viewer).json()["total"] == 1


def test_cli_costs_import_and_list(
    settings: Settings, world: DemoWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "1")
    good = tmp_path / "google.csv"
    good.write_text("Day,Campaign,Cost\n2026-12-01,Brand,12.00\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("Day,Campaign,Cost\n2026-12-02,Brand,12.00\n2026-12-03,,x\n", encoding="utf-8")
    runner = CliRunner()
    made = runner.invoke(cli_app, ["costs", "import", str(good), "--account", "acc_soleil"])
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["total_cost_cents"] == 1200
    refused = runner.invoke(cli_app, ["costs", "import", str(bad), "--account", "acc_soleil"])
    assert refused.exit_code == 1
    assert "line 3.campaign" in refused.output and "line 3.cost" in refused.output
    listed = runner.invoke(cli_app, ["costs", "list", "--source", "google"])
    assert listed.exit_code == 0, listed.output
    items = json.loads(listed.output)["items"]
    assert [(i["date"], i["source"], i["cost_cents"]) for i in items] == [
        ("2026-12-01", "google", 1200)
    ]


def test_openapi_documents_the_three_body_kinds(api: Api) -> None:
    doc = api.client.get("/schema/openapi.json").json()
    body = doc["paths"]["/v1/costs"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "text/csv", "multipart/form-data"}
    assert body["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
