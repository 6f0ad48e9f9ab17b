"""API v1 catalogue on the real collector app: landing pages and forms (create, list, get,
update, archive), their origins allowed automatically, the origins endpoints, the brief of an LP
in Markdown and HTML, consent versions, one 422 naming each bad field, 403 for a viewer's
writes, 404 for another tenant's object; and ``leadhub lps|forms|origins``."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.security import create_api_key
from hub.services.catalogue.common import key_slug, next_version, slug
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

LP = {
    "account_id": "acc_soleil",
    "name": "Solaire Été 2027",
    "url": "https://solaire.soleil-habitat.fr/ete/",
    "product_code": "PV",
}


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    admin: str  # acc_soleil, admin
    marketer: str  # acc_soleil, marketer
    viewer: str  # acc_soleil, viewer
    eco: str  # acc_eco, admin

    def call(self, method: str, path: str, key: str, **kw: Any) -> Any:
        return self.client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        "marketer": create_api_key(hub_con, "acc_soleil", "mkt", role="marketer"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, world.api_key, **keys)


def fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.text
    return {f["field"] for f in response.json()["error"]["fields"]}


def actions(con: sqlite3.Connection, subject: str) -> list[str]:
    query = "SELECT action FROM activity_log WHERE subject = ? ORDER BY rowid"
    return [r[0] for r in con.execute(query, (subject,))]


def test_landing_pages_and_forms_crud_origins_brief(api: Api) -> None:
    made = api.call("POST", "/v1/landing-pages", api.marketer, json=LP)
    assert made.status_code == 201, made.text
    lp = made.json()
    assert re.fullmatch(r"lp_solaire_ete_2027_[a-z0-9]{8}", lp["key"])
    assert lp["active"] == 1 and lp["account_id"] == "acc_soleil"

    form_body = {
        "lp_id": lp["id"],
        "name": "Formulaire été",
        "url": "https://form.soleil-habitat.fr:8443/ete/",
        "thank_you_url": "https://merci.soleil-habitat.fr/ete/",
        "consent_text": "J'accepte d'être recontacté.",
        "required_fields": ["first_name", "phone"],
    }
    made = api.call("POST", "/v1/forms", api.admin, json=form_body)
    assert made.status_code == 201, made.text
    form = made.json()
    assert form["key"].startswith("form_ete_")
    assert form["account_id"] == "acc_soleil" and form["product_code"] == "PV"
    assert form["consent_version"] == "v1" and form["required_fields"] == ["first_name", "phone"]

    origins = api.call("GET", "/v1/accounts/acc_soleil/origins", api.viewer).json()["origins"]
    assert {
        "https://solaire.soleil-habitat.fr",
        "https://form.soleil-habitat.fr:8443",
        "https://merci.soleil-habitat.fr",
    } <= set(origins)

    listed = api.call("GET", "/v1/landing-pages?product=PV", api.viewer).json()
    assert lp["id"] in {i["id"] for i in listed["items"]}
    assert all(i["product_code"] == "PV" for i in listed["items"])
    assert listed["total"] == len(listed["items"])
    forms = api.call("GET", f"/v1/forms?lp_id={lp['id']}", api.viewer).json()
    assert [f["id"] for f in forms["items"]] == [form["id"]]
    assert api.call("GET", f"/v1/forms/{form['id']}", api.viewer).json()["key"] == form["key"]

    changed = api.call(
        "PATCH", f"/v1/landing-pages/{lp['id']}", api.marketer, json={"name": "Solaire automne"}
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Solaire automne"
    assert changed.json()["key"] == lp["key"]

    # consent text change: a new version; the same text: nothing changes
    new_text = {"consent_text": "J'accepte d'être recontacté par Soleil Habitat."}
    bumped = api.call("PATCH", f"/v1/forms/{form['id']}", api.marketer, json=new_text).json()
    assert bumped["consent_version"] == "v2"
    again = api.call("PATCH", f"/v1/forms/{form['id']}", api.marketer, json=new_text).json()
    assert again["consent_version"] == "v2"

    for fmt, kind in (("md", "text/markdown"), ("html", "text/html")):
        brief = api.call("GET", f"/v1/landing-pages/{lp['id']}/brief?format={fmt}", api.viewer)
        assert brief.status_code == 200, brief.text
        assert brief.headers["content-type"] == f"{kind}; charset=utf-8"  # charset once
        assert form["key"] in brief.text and lp["key"] in brief.text
    bad = api.call("GET", f"/v1/landing-pages/{lp['id']}/brief?format=pdf", api.viewer)
    assert bad.status_code == 422

    archived = api.call("DELETE", f"/v1/landing-pages/{lp['id']}", api.marketer)
    assert archived.status_code == 200 and archived.json()["active"] == 0
    assert api.call("GET", f"/v1/landing-pages/{lp['id']}", api.admin).json()["active"] == 0
    archived = api.call("DELETE", f"/v1/forms/{form['id']}", api.marketer).json()
    assert archived["active"] == 0

    assert actions(api.con, lp["id"]) == ["lp.created", "lp.updated", "lp.archived"]
    assert actions(api.con, form["id"]) == ["form.created", "form.updated", "form.archived"]
    assert actions(api.con, "https://merci.soleil-habitat.fr") == ["origin.added"]


def test_origins_add_and_remove(api: Api) -> None:
    path = "/v1/accounts/acc_soleil/origins"
    added = api.call("POST", path, api.marketer, json={"origin": "https://WWW.Soleil.fr/"})
    assert added.status_code == 201, added.text
    assert "https://www.soleil.fr" in added.json()["origins"]
    for bad in ("ftp://x.fr", "https://x.fr/path", "x.fr", "https://x.fr?q=1"):
        assert fields(api.call("POST", path, api.admin, json={"origin": bad})) == {"origin"}
    removed = api.call("DELETE", path, api.admin, params={"origin": "https://www.soleil.fr"})
    assert removed.status_code == 200
    assert "https://www.soleil.fr" not in removed.json()["origins"]
    assert actions(api.con, "https://www.soleil.fr") == ["origin.added", "origin.removed"]
    assert api.call("GET", "/v1/accounts/acc_soleil/origins", api.eco).status_code == 404
    assert api.call("POST", path, api.viewer, json={"origin": "https://a.fr"}).status_code == 403


def test_bad_fields_roles_and_tenants(api: Api) -> None:
    bad = {"account_id": "acc_soleil", "name": "", "url": "ftp://x.fr", "product_code": "ZZZ"}
    assert fields(api.call("POST", "/v1/landing-pages", api.admin, json=bad)) == {
        "name",
        "url",
        "product_code",
    }
    foreign = {**LP, "account_id": "acc_eco"}
    assert fields(api.call("POST", "/v1/landing-pages", api.admin, json=foreign)) == {"account_id"}
    assert api.call("POST", "/v1/landing-pages", api.viewer, json=LP).status_code == 403

    lp = api.call("POST", "/v1/landing-pages", api.admin, json=LP).json()
    assert api.call("GET", f"/v1/landing-pages/{lp['id']}", api.eco).status_code == 404
    assert api.call("PATCH", f"/v1/landing-pages/{lp['id']}", api.eco, json={}).status_code == 404
    assert api.call("DELETE", f"/v1/landing-pages/{lp['id']}", api.eco).status_code == 404
    assert api.call("GET", f"/v1/landing-pages/{lp['id']}/brief", api.eco).status_code == 404
    assert lp["id"] not in {
        i["id"] for i in api.call("GET", "/v1/landing-pages", api.eco).json()["items"]
    }
    assert api.call("DELETE", f"/v1/landing-pages/{lp['id']}", api.viewer).status_code == 403

    form = {
        "account_id": "acc_eco",
        "lp_id": lp["id"],  # another tenant's LP
        "name": "F",
        "url": "https://f.eco.fr/",
        "thank_you_url": "javascript:alert(1)",
        "consent_text": "ok",
        "product_code": "ITE",
        "required_fields": ["first_name", "shoe_size"],
    }
    assert fields(api.call("POST", "/v1/forms", api.eco, json=form)) == {
        "lp_id",
        "thank_you_url",
        "required_fields",
    }
    assert fields(
        api.call("PATCH", f"/v1/landing-pages/{lp['id']}", api.admin, json={"key": "x"})
    ) == {"key"}


def test_helpers() -> None:
    from hub.services.catalogue.common import DEFAULT_REQUIRED, LEAD_FIELDS
    from ingest.intake.validate import FIELDS

    assert set(DEFAULT_REQUIRED) <= set(LEAD_FIELDS) <= set(FIELDS)
    assert slug("Pompe à chaleur — 2026 !") == "pompe_a_chaleur_2026"
    assert slug("!!!") == "page"
    assert key_slug("LP Solaire") == "solaire" and key_slug("Formulaire de PAC") == "pac"
    assert key_slug("Page") == "page" and key_slug("Landing page Été 2026") == "ete_2026"
    assert next_version("v1") == "v2"
    assert next_version("2026-11-v9") == "2026-11-v10"
    assert next_version("draft") == "draft-v2"


def leadhub(settings: Settings, *args: str) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_create_and_list(settings: Settings, world: DemoWorld) -> None:
    lp = leadhub(settings, "lps", "create", "--data", json.dumps(LP))
    assert lp["key"].startswith("lp_solaire_ete_2027_")
    listed = leadhub(settings, "lps", "list", "--account", "acc_soleil")
    assert lp["id"] in {i["id"] for i in listed["items"]}
    form = leadhub(
        settings,
        "forms", "create",
        "--set", f"lp_id={lp['id']}",
        "--set", "name=Formulaire CLI",
        "--set", "url=https://cli.soleil.fr/f/",
        "--set", "thank_you_url=https://cli.soleil.fr/merci/",
        "--set", "consent_text=J'accepte.",
    )  # fmt: skip
    assert form["consent_version"] == "v1"
    forms = leadhub(settings, "forms", "list", "--lp", lp["id"])
    assert [f["id"] for f in forms["items"]] == [form["id"]]
    origins = leadhub(settings, "origins", "list", "--account", "acc_soleil")["origins"]
    assert "https://cli.soleil.fr" in origins
    leadhub(settings, "origins", "remove", "--account", "acc_soleil", "https://cli.soleil.fr")
    archived = leadhub(settings, "lps", "archive", lp["id"])
    assert archived["active"] == 0
