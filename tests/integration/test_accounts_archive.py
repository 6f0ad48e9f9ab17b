"""An archived account means something: its new leads are held (reason ``account_archived``),
its waiting leads are held when routed, commandes of its buyers are skipped with that reason,
nothing of it is deleted; unarchiving (service, API v1, CLI) releases the held leads to routing
and wakes the leads its buyers may now take."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

import dashboard
from hub.db import transaction, utcnow
from hub.errors import ApiError
from hub.security import create_api_key
from hub.services import accounts, buyers, users
from hub.services.actor import CLI, api_key
from hub.services.catalogue import get_form, get_lp
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_routing_commandes import only, route_at
from tests.integration.test_routing_intake import LEAD
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    point_buyers,
    rows,
)

pytestmark = pytest.mark.integration

APP = Path(dashboard.__file__).parent / "app.py"


@pytest.fixture
def client(settings: Settings, world: DemoWorld) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def lead_state(con: sqlite3.Connection, lead_id: str) -> tuple[str, str | None]:
    row = con.execute("SELECT status, status_reason FROM leads WHERE id = ?", (lead_id,))
    status, reason = row.fetchone()
    return str(status), reason


def route_jobs(con: sqlite3.Connection, lead_id: str) -> int:
    query = "SELECT count(*) FROM outbox WHERE kind = 'route' AND ref_id = ? AND done_at IS NULL"
    return int(con.execute(query, (lead_id,)).fetchone()[0])


def test_a_lead_posted_to_an_archived_account_is_held_not_routed(
    settings: Settings, hub_con: sqlite3.Connection, client: TestClient[Litestar]
) -> None:
    accounts.archive_account(hub_con, CLI, "acc_soleil", utcnow())
    answer = client.post("/v1/leads", json=LEAD)
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "held"
    lead_id = answer.json()["lead_id"]
    status, reason = lead_state(hub_con, lead_id)
    assert status == "held" and reason is not None
    assert reason.startswith("account_archived: account acc_soleil is archived")
    assert route_jobs(hub_con, lead_id) == 0
    assert run_until_idle(settings, policy=fast_policy()) == {}


def test_a_waiting_lead_of_an_archived_brand_or_entity_is_held_when_routed(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    now = utcnow()
    lead = add_lead(hub_con)  # a lead of acc_soleil, waiting for the router
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET account_id = 'acc_soleil_solaire' WHERE id = ?", (lead,))
    accounts.archive_account(hub_con, CLI, "acc_soleil", now)  # the brand's entity
    assert route_at(hub_con, lead, now).outcome == "held"
    assert lead_state(hub_con, lead) == ("held", "account_archived")
    decisions = rows(
        hub_con, "SELECT outcome, reason FROM routing_decisions WHERE lead_id = ?", lead
    )
    assert decisions == [{"outcome": "held", "reason": "account acc_soleil is archived"}]
    assert rows(hub_con, "SELECT id FROM deliveries WHERE lead_id = ?", lead) == []


def test_commandes_of_an_archived_buyer_account_are_skipped_then_woken_on_unarchive(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    now = utcnow()
    only(hub_con, "cmd_eco_pv")  # cross-entity 'always': Eco buys Soleil's PV leads
    accounts.archive_account(hub_con, CLI, "acc_eco", now)
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead = add_lead(hub_con)
        assert run_until_idle(settings, policy=fast_policy()) == {"route:unrouted": 1}
        reasons = rows(
            hub_con,
            "SELECT commande_id, reason FROM routing_decisions WHERE lead_id = ? "
            "AND outcome = 'skipped'",
            lead,
        )
        assert {"commande_id": "cmd_eco_pv", "reason": "buyer account archived"} in reasons
        back = accounts.unarchive_account(hub_con, CLI, "acc_eco", utcnow())
        assert back["archived_at"] is None and back["woken_leads"] == 1
        stats = run_until_idle(settings, policy=fast_policy())
    assert stats == {"route:routed": 1, "deliver:delivered": 1}
    assert rows(hub_con, "SELECT commande_id FROM deliveries WHERE lead_id = ?", lead) == [
        {"commande_id": "cmd_eco_pv"}
    ]


def test_unarchive_releases_the_held_leads_to_routing(
    settings: Settings, hub_con: sqlite3.Connection, client: TestClient[Litestar]
) -> None:
    waiting = add_lead(hub_con)
    accounts.archive_account(hub_con, CLI, "acc_soleil", utcnow())
    posted = client.post("/v1/leads", json=LEAD).json()["lead_id"]
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        assert run_until_idle(settings, policy=fast_policy()) == {"route:held": 1}
        assert lead_state(hub_con, waiting) == ("held", "account_archived")
        # A lead held for another reason stays held: only the archive's holds are released.
        other = add_lead(hub_con, status="held")
        with transaction(hub_con):
            hub_con.execute(
                "UPDATE leads SET status_reason = 'captcha_unverified: x' WHERE id = ?", (other,)
            )
            hub_con.execute("UPDATE outbox SET done_at = available_at WHERE ref_id = ?", (other,))
        back = accounts.unarchive_account(hub_con, CLI, "acc_soleil", utcnow())
        assert back["archived_at"] is None and back["released_leads"] == 2
        stats = run_until_idle(settings, policy=fast_policy())
    assert stats == {"route:routed": 2, "deliver:delivered": 2}
    assert lead_state(hub_con, posted)[0] == lead_state(hub_con, waiting)[0] == "sold"
    assert lead_state(hub_con, other) == ("held", "captcha_unverified: x")
    [logged] = rows(
        hub_con,
        "SELECT actor, subject, detail FROM activity_log WHERE action = 'account.unarchived'",
    )
    assert (logged["actor"], logged["subject"]) == ("cli", "acc_soleil")
    assert json.loads(logged["detail"])["released_leads"] == 2


def test_an_archived_accounts_buyers_lps_and_forms_are_kept(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    tables = ("buyers", "landing_pages", "forms", "commandes", "accounts")
    before = {t: hub_con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    accounts.archive_account(hub_con, CLI, "acc_eco", utcnow())
    after = {t: hub_con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    assert after == before
    assert buyers.get_buyer(hub_con, CLI, "buy_eco_crm")["active"]
    form = hub_con.execute("SELECT id, lp_id FROM forms WHERE key = 'fm_ite_demo'").fetchone()
    assert get_form(hub_con, CLI, form["id"])["active"]
    assert get_lp(hub_con, CLI, form["lp_id"])["active"]
    assert accounts.get_account(hub_con, CLI, "acc_eco")["archived_at"] is not None


def test_unarchive_rules_api_and_cli(
    settings: Settings, hub_con: sqlite3.Connection, client: TestClient[Litestar]
) -> None:
    admin = create_api_key(hub_con, "acc_soleil", "admin")
    eco = create_api_key(hub_con, "acc_eco", "eco")
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")

    def post(path: str, key: str) -> tuple[int, dict[str, object]]:
        r = client.post(path, headers={"Authorization": f"Token {key}"})
        return r.status_code, r.json()

    accounts.archive_account(hub_con, CLI, "acc_soleil_solaire", utcnow())
    assert post("/v1/accounts/acc_soleil_solaire/unarchive", viewer)[0] == 403
    assert post("/v1/accounts/acc_soleil_solaire/unarchive", eco)[0] == 404  # another tenant
    code, body = post("/v1/accounts/acc_soleil_solaire/unarchive", admin)
    assert code == 200 and body["archived_at"] is None and body["released_leads"] == 0
    code, again = post("/v1/accounts/acc_soleil_solaire/unarchive", admin)  # changes nothing
    assert code == 200 and again["archived_at"] is None
    unarchived = "SELECT actor FROM activity_log WHERE action = 'account.unarchived'"
    assert len(hub_con.execute(unarchived).fetchall()) == 1

    accounts.archive_account(hub_con, CLI, "acc_soleil", utcnow())
    code, refused = post("/v1/accounts/acc_soleil/unarchive", admin)  # an entity: super_admin
    assert code == 403, refused
    accounts.archive_account(hub_con, CLI, "acc_soleil_solaire", utcnow())
    with pytest.raises(ApiError) as under:  # a brand under an archived entity: entity first
        accounts.unarchive_account(
            hub_con, api_key("k", {"acc_soleil_solaire"}), "acc_soleil_solaire", utcnow()
        )
    assert under.value.status_code == 409

    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(cli_app, ["accounts", "unarchive", "acc_soleil"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["archived_at"] is None
    assert accounts.get_account(hub_con, CLI, "acc_soleil")["archived_at"] is None
    actors = [r[0] for r in hub_con.execute(unarchived)]
    assert actors[-1] == "cli" and len(actors) == 2


def test_an_admin_unarchives_a_brand_from_the_accounts_page(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    payload = {"email": "admin@soleil-habitat.fr", "role": "admin", "account_ids": ["acc_soleil"]}
    admin = users.create_user(
        hub_con, CLI, {**payload, "password": "a-long-enough-password"}, utcnow()
    )
    accounts.archive_account(hub_con, CLI, "acc_soleil_solaire", utcnow())
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input("admin@soleil-habitat.fr")
    at.text_input[1].input("a-long-enough-password")
    at.button[0].click().run()
    at.switch_page("views/accounts.py").run()
    assert not at.exception, at.exception
    [pick] = [s for s in at.selectbox if s.label == "Compte archivé"]
    assert pick.options == ["Solaire Direct (acc_soleil_solaire)"]
    [button] = [b for b in at.button if b.label == "Désarchiver"]
    button.click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("« Solaire Direct » est désarchivé")
    assert accounts.get_account(hub_con, CLI, "acc_soleil_solaire")["archived_at"] is None
    actor = hub_con.execute(
        "SELECT actor FROM activity_log WHERE action = 'account.unarchived'"
    ).fetchone()[0]
    assert actor == f"user:{admin['id']}"
    assert not [s for s in at.selectbox if s.label == "Compte archivé"]
