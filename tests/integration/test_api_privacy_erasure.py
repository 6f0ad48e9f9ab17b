"""API v1 and CLI for GDPR erasure and the opposition list, on the real collector app: intake
refuses an opposed person's lead (422 naming the field, reason ``opposed``, no lead, the refusal
kept without their data); one 422 naming the field for a bad phone or e-mail; admins only
(403); another tenant's leads are never erased and its entries are a 404; the CLI does the same
through the same services."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
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

PHONE = "06 12 34 56 79"
LEAD = {
    "form_key": "fm_solaire_demo",  # acc_soleil
    "first_name": "Jeanne",
    "last_name": "Dupont",
    "email": "jeanne.dupont@exemple.fr",
    "phone": PHONE,
    "postal_code": "13001",
    "city": "Marseille",
    "consent": True,
    "page_url": "http://127.0.0.1:8102/solaire/formulaire/",
}


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    settings: Settings
    admin: str  # acc_soleil, admin
    eco: str  # acc_eco, admin
    ops: str  # acc_soleil, ops

    def call(self, method: str, path: str, key: str, **kw: Any) -> Any:
        return self.client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)

    def lead(self, **change: Any) -> Any:
        return self.client.post("/v1/leads", json={**LEAD, **change})

    def leads(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM leads").fetchone()[0])


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    eco = create_api_key(hub_con, "acc_eco", "eco")
    ops = create_api_key(hub_con, "acc_soleil", "ops", role="ops")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Api(client, hub_con, settings, world.api_key, eco, ops)


def error(response: Any, status: int) -> tuple[str, list[tuple[str, str]]]:
    assert response.status_code == status, response.text
    err = response.json()["error"]
    return err["code"], [(f["field"], f["reason"]) for f in err["fields"]]


def test_an_erased_person_is_refused_at_intake_and_nothing_is_written(api: Api) -> None:
    refused = api.lead(postal_code="1300")  # kept as a rejection, with the phone in it
    assert refused.status_code == 422
    first = api.lead()
    assert first.status_code == 201, first.text
    lead_id = first.json()["lead_id"]
    erased = api.call("POST", "/v1/privacy/erasures", api.admin, json={"phone": "+33612345679"})
    assert erased.status_code == 200, erased.text
    result = erased.json()
    assert result["leads"] == 1 and result["lead_ids"] == [lead_id]
    assert result["rejections"] == 1
    payloads = [r[0] for r in api.con.execute("SELECT payload FROM lead_rejections")]
    assert payloads == ["{}"]  # the reason stays, the content does not
    assert "+33612345679" not in erased.text and "0612345679" not in erased.text
    count = api.leads()
    again = api.lead(email="autre@exemple.fr")
    assert error(again, 422) == ("opposed", [("phone", "opposed")])
    fields = again.json()["error"]["fields"][0]
    assert "opposée" in fields["message_fr"] and "objected" in fields["message_en"]
    assert api.leads() == count  # nothing written
    kept = api.con.execute(
        "SELECT reason, payload, ip, user_agent FROM lead_rejections WHERE reason LIKE 'opposed%'"
    ).fetchall()
    assert [tuple(r) for r in kept] == [("opposed: phone=opposed", "{}", None, None)]
    # the same person by e-mail only: refused too once the e-mail is opposed
    added = api.call("POST", "/v1/privacy/oppositions", api.admin, json={"email": LEAD["email"]})
    assert added.status_code == 201 and added.json()["added"] == 1
    by_email = api.lead(phone="06 98 76 54 31")
    assert error(by_email, 422) == ("opposed", [("email", "opposed")])
    # another person still gets through
    assert api.lead(phone="06 98 76 54 31", email="x@exemple.fr").status_code == 201


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, [("phone", "required"), ("email", "required")]),
        ({"phone": "12"}, [("phone", "invalid_phone")]),
        ({"phone": "+44 20 7946 0958"}, [("phone", "invalid_phone")]),
        ({"email": "jeanne"}, [("email", "invalid_email")]),
        ({"phone": PHONE, "email": "a@b.fr"}, [("email", "one_of")]),
        ({"phone": PHONE, "name": "x"}, [("name", "unknown_field")]),
        ({"phone": 612345679}, [("phone", "invalid")]),
    ],
)
def test_bad_input_is_one_422_naming_the_field(
    api: Api, body: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    for path in ("/v1/privacy/erasures", "/v1/privacy/oppositions"):
        code, fields = error(api.call("POST", path, api.admin, json=body), 422)
        assert (code, fields) == ("invalid", expected), path
    assert api.con.execute("SELECT count(*) FROM oppositions").fetchone()[0] == 0
    erased = api.con.execute("SELECT count(*) FROM activity_log WHERE action LIKE 'privacy.%'")
    assert erased.fetchone()[0] == 0


def test_a_body_that_is_not_an_object_is_a_422(api: Api) -> None:
    response = api.call("POST", "/v1/privacy/erasures", api.admin, json=["06 12 34 56 79"])
    assert response.status_code == 422


def test_only_admins_erase(api: Api) -> None:
    for method, path in (
        ("POST", "/v1/privacy/erasures"),
        ("POST", "/v1/privacy/oppositions"),
        ("GET", "/v1/privacy/oppositions"),
    ):
        response = api.call(method, path, api.ops, json={"phone": PHONE})
        assert response.status_code == 403, (path, response.text)


def test_an_account_admin_erases_only_its_own_leads(api: Api) -> None:
    lead_id = api.lead().json()["lead_id"]  # acc_soleil's
    result = api.call("POST", "/v1/privacy/erasures", api.eco, json={"phone": PHONE}).json()
    assert result["leads"] == 0 and result["lead_ids"] == []
    row = api.con.execute("SELECT phone_e164 FROM leads WHERE id = ?", (lead_id,)).fetchone()
    assert row[0] == "+33612345679"  # untouched
    # eco's opposition is eco's: soleil's form still takes the person
    assert api.lead(email="encore@exemple.fr").status_code == 201
    eco_list = api.call("GET", "/v1/privacy/oppositions", api.eco).json()
    assert [i["account_id"] for i in eco_list["items"]] == ["acc_eco"]
    assert api.call("GET", "/v1/privacy/oppositions", api.admin).json()["total"] == 0
    entry = eco_list["items"][0]["id"]
    gone = api.call("DELETE", f"/v1/privacy/oppositions/{entry}", api.admin)
    assert error(gone, 404)[0] == "not_found"
    removed = api.call("DELETE", f"/v1/privacy/oppositions/{entry}", api.eco)
    assert removed.status_code == 200 and removed.json()["removed"] == 1
    log = api.con.execute(
        "SELECT detail FROM activity_log WHERE action = 'opposition.removed'"
    ).fetchone()
    assert "0612345679" not in log[0] and "+33612345679" not in log[0]


def test_the_list_finds_one_person_by_value(api: Api) -> None:
    api.call("POST", "/v1/privacy/oppositions", api.admin, json={"phone": PHONE})
    api.call("POST", "/v1/privacy/oppositions", api.admin, json={"email": "a@exemple.fr"})
    twice = api.call("POST", "/v1/privacy/oppositions", api.admin, json={"phone": "0612345679"})
    assert twice.status_code == 201 and twice.json()["added"] == 0  # already there
    everyone = api.call("GET", "/v1/privacy/oppositions", api.admin).json()
    assert everyone["total"] == 2 and {i["kind"] for i in everyone["items"]} == {"phone", "email"}
    one = api.call("GET", "/v1/privacy/oppositions?phone=%2B33612345679", api.admin).json()
    assert one["total"] == 1 and one["items"][0]["kind"] == "phone"
    assert one["items"][0]["account_id"] == "acc_soleil"
    bad = api.call("GET", "/v1/privacy/oppositions?email=nope", api.admin)
    assert error(bad, 422) == ("invalid_query", [("email", "invalid_email")])


def test_the_cli_erases_opposes_and_lists(
    api: Api, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_TEST_MODE", "true")
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    lead_id = api.lead().json()["lead_id"]
    runner = CliRunner()
    refused = runner.invoke(cli_app, ["privacy", "erase", "--phone", "12", "--yes"])
    assert refused.exit_code == 1 and "phone" in refused.output
    done = runner.invoke(cli_app, ["privacy", "erase", "--phone", PHONE, "--yes"])
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    assert result["lead_ids"] == [lead_id] and result["oppositions_added"] == 1
    listed = json.loads(runner.invoke(cli_app, ["privacy", "oppositions"]).output)
    assert listed["total"] == 1 and listed["items"][0]["account_id"] is None  # every account
    assert api.lead().status_code == 422
    added = runner.invoke(cli_app, ["privacy", "oppose", "--email", "Z@Exemple.fr"])
    assert added.exit_code == 0 and json.loads(added.output)["added"] == 1
    off = runner.invoke(cli_app, ["privacy", "unoppose", "--phone", "+33612345679"])
    assert off.exit_code == 0 and json.loads(off.output)["removed"] == 1
    assert api.lead(email="libre@exemple.fr").status_code == 201
    # as an account's key: its role and its accounts
    as_ops = runner.invoke(cli_app, ["--key", api.ops, "privacy", "oppositions"])
    assert as_ops.exit_code == 1 and "privacy.erase" in as_ops.output


def test_openapi_documents_the_privacy_endpoints(api: Api) -> None:
    paths = api.client.get("/schema/openapi.json").json()["paths"]
    assert {"post"} <= set(paths["/v1/privacy/erasures"])
    assert {"get", "post"} <= set(paths["/v1/privacy/oppositions"])
    assert "delete" in paths["/v1/privacy/oppositions/{opposition_id}"]
    body = paths["/v1/privacy/erasures"]["post"]["requestBody"]["content"]["application/json"]
    assert set(body["schema"]["properties"]) == {"phone", "email"}
