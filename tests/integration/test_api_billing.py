"""API v1 billing on the real collector app, and the same through the ``leadhub`` CLI: a finance
key closes a past month, lists and reads the invoice, downloads its Factur-X PDF (the XML read
back validates) and CSV byte for byte, marks it sent then paid (forward only, each logged);
ops and marketer keys get 403, a viewer reads but may not write, another tenant's invoice is a
404, a bad period or filter a 422 naming the field."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.db import transaction
from hub.security import create_api_key
from hub.services.billing.documents.facturx import xml_from_pdf
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld
from tests.integration.test_billing_support import invoices, sell

pytestmark = pytest.mark.integration

OCT = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)  # a month long ended whatever the clock says


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    keys: dict[str, str]

    def call(self, method: str, path: str, who: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Token {self.keys[who]}"}
        return self.client.request(method, path, headers=headers, **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        role: create_api_key(hub_con, "acc_soleil", role, role=role)
        for role in ("finance", "viewer", "ops", "marketer")
    }
    keys["eco_finance"] = create_api_key(hub_con, "acc_eco", "eco", role="finance")
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, keys)


def test_finance_closes_reads_downloads_and_marks_paid(api: Api) -> None:
    for _ in range(2):
        sell(api.con, OCT)
    closed = api.call("POST", "/v1/billing/close", "finance", json={"period": "2026-10"})
    assert closed.status_code == 200, closed.text
    [issued] = closed.json()["issued"]
    assert issued["kind"] == "invoice" and issued["total_ht_cents"] == 7000
    listed = api.call("GET", "/v1/invoices?kind=invoice&period=2026-10", "viewer").json()
    assert listed["total"] == 1 and listed["items"][0]["number"] == issued["number"]
    assert api.call("GET", "/v1/invoices?kind=credit_note", "viewer").json()["total"] == 0
    one = api.call("GET", f"/v1/invoices/{issued['id']}", "viewer").json()
    assert [(x["kind"], x["quantity"]) for x in one["lines"]] == [("sale", 2)]
    [stored] = invoices(api.con)
    pdf = api.call("GET", f"/v1/invoices/{issued['id']}/pdf", "viewer")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == bytes(stored["pdf"]) and xml_from_pdf(pdf.content)
    assert issued["number"] in pdf.headers["content-disposition"]
    csv = api.call("GET", f"/v1/invoices/{issued['id']}/csv", "finance")
    assert csv.content.decode("utf-8") == stored["csv"]
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"  # charset once
    path = f"/v1/invoices/{issued['id']}/status"
    for status in ("sent", "paid"):
        moved = api.call("POST", path, "finance", json={"status": status})
        assert moved.status_code == 200 and moved.json()["status"] == status
    back = api.call("POST", path, "finance", json={"status": "sent"})
    assert back.status_code == 409
    actions = [
        r[0]
        for r in api.con.execute(
            "SELECT action FROM activity_log WHERE subject = ?", (issued["id"],)
        )
    ]
    assert actions == ["invoice.issued", "invoice.sent", "invoice.paid"]
    again = api.call("POST", "/v1/billing/close", "finance", json={"period": "2026-10"})
    assert again.json()["issued"] == []


def test_a_return_after_issue_is_a_credit_note_listed_with_its_kind(api: Api) -> None:
    lead_id, _ = sell(api.con, OCT)
    with transaction(api.con):  # a long return window: the sale is weeks old
        api.con.execute("UPDATE buyers SET return_window_days = 365")
    [invoice] = api.call("POST", "/v1/billing/close", "finance", json={"period": "2026-10"}).json()[
        "issued"
    ]
    returned = api.call("POST", f"/v1/leads/{lead_id}/return", "ops", json={"reason": "doublon"})
    assert returned.status_code == 200, returned.text
    [note] = api.call("POST", "/v1/billing/close", "finance", json={"period": "2026-10"}).json()[
        "issued"
    ]
    assert (note["kind"], note["refers_to"]) == ("credit_note", invoice["number"])
    listed = api.call("GET", "/v1/invoices", "viewer").json()
    assert listed["total"] == 2
    assert sorted((i["kind"], i["number"], i["refers_to_number"]) for i in listed["items"]) == [
        ("credit_note", note["number"], invoice["number"]),
        ("invoice", invoice["number"], None),
    ]
    notes = api.call("GET", "/v1/invoices?kind=credit_note", "viewer").json()["items"]
    assert [i["number"] for i in notes] == [note["number"]]


def test_roles_and_tenants(api: Api) -> None:
    sell(api.con, OCT)
    body = {"period": "2026-10"}
    for who in ("ops", "marketer", "viewer"):
        assert api.call("POST", "/v1/billing/close", who, json=body).status_code == 403
    for who in ("ops", "marketer"):
        assert api.call("GET", "/v1/invoices", who).status_code == 403
    # Eco's finance closes only Eco's buyers: Soleil's sale stays unbilled.
    assert api.call("POST", "/v1/billing/close", "eco_finance", json=body).json()["issued"] == []
    [issued] = api.call("POST", "/v1/billing/close", "finance", json=body).json()["issued"]
    assert api.call("GET", "/v1/invoices", "eco_finance").json()["total"] == 0
    for suffix in ("", "/pdf", "/csv"):
        got = api.call("GET", f"/v1/invoices/{issued['id']}{suffix}", "eco_finance")
        assert got.status_code == 404
    moved = api.call(
        "POST", f"/v1/invoices/{issued['id']}/status", "eco_finance", json={"status": "paid"}
    )
    assert moved.status_code == 404
    assert (
        api.call(
            "POST", f"/v1/invoices/{issued['id']}/status", "viewer", json={"status": "paid"}
        ).status_code
        == 403
    )


def test_bad_input_is_a_422_naming_the_field(api: Api) -> None:
    def fields(response: Any) -> set[str]:
        assert response.status_code == 422, response.text
        return {f["field"] for f in response.json()["error"]["fields"]}

    assert fields(api.call("POST", "/v1/billing/close", "finance", json={"period": "2026-13"})) == {
        "period"
    }
    assert fields(api.call("POST", "/v1/billing/close", "finance", json={"period": "2999-01"})) == {
        "period"
    }
    assert fields(api.call("POST", "/v1/billing/close", "finance", json={"month": "x"})) == {
        "month",
        "period",
    }
    assert fields(api.call("GET", "/v1/invoices?kind=bill", "finance")) == {"kind"}
    assert fields(api.call("GET", "/v1/invoices?status=lost", "finance")) == {"status"}


def test_cli_close_list_save_and_status(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "1")
    sell(hub_con, OCT)
    runner = CliRunner()
    closed = runner.invoke(cli_app, ["billing", "close", "--period", "2026-10"])
    assert closed.exit_code == 0, closed.output
    [issued] = json.loads(closed.output)["issued"]
    listed = json.loads(runner.invoke(cli_app, ["billing", "list", "--kind", "invoice"]).output)
    assert [i["number"] for i in listed["items"]] == [issued["number"]]
    out = tmp_path / "f.pdf"
    saved = runner.invoke(cli_app, ["billing", "save", issued["id"], "--out", str(out)])
    assert saved.exit_code == 0, saved.output
    assert out.read_bytes() == bytes(invoices(hub_con)[0]["pdf"])
    paid = runner.invoke(cli_app, ["billing", "status", issued["id"], "paid"])
    assert paid.exit_code == 0 and json.loads(paid.output)["status"] == "paid"
    bad = runner.invoke(cli_app, ["billing", "close", "--period", "2026-W99"])
    assert bad.exit_code == 1 and "period" in bad.output
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")
    refused = runner.invoke(cli_app, ["--key", viewer, "billing", "close", "--period", "2026-10"])
    assert refused.exit_code == 1 and "403" in refused.output
    seen = runner.invoke(cli_app, ["--key", viewer, "billing", "list"])
    assert json.loads(seen.output)["total"] == 1
    eco = create_api_key(hub_con, "acc_eco", "eco", role="finance")
    hidden = runner.invoke(cli_app, ["--key", eco, "billing", "show", issued["id"]])
    assert hidden.exit_code == 1 and "404" in hidden.output


def test_openapi_documents_billing(api: Api) -> None:
    paths = api.client.get("/schema/openapi.json").json()["paths"]
    for path in (
        "/v1/billing/close",
        "/v1/invoices",
        "/v1/invoices/{invoice_id}",
        "/v1/invoices/{invoice_id}/pdf",
        "/v1/invoices/{invoice_id}/csv",
        "/v1/invoices/{invoice_id}/status",
    ):
        assert path in paths, path
    body = paths["/v1/billing/close"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["required"] == ["period"]
    params = {p["name"] for p in paths["/v1/invoices"]["get"]["parameters"]}
    assert {"kind", "buyer_id", "period", "status"} <= params
