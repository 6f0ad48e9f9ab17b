"""``leadhub smoke`` against the real collector app (Litestar test client, which is an httpx
client): the public steps and the read-back through API v1; with no router and no pipeline
running, the delivery and publication steps fail by name (with no test buyer, the delivery step
says how to make one); a page whose origin the account does
not allow fails the event steps; ``/v1/system/pipeline`` says when a snapshot was published."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld
from leadhub.smoke.run import Smoke

pytestmark = pytest.mark.integration


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings)) as c:
        yield c


def steps(report_text: str) -> dict[str, str]:
    return {line[2:].split(":")[0]: line[0] for line in report_text.splitlines() if line[0] in "✔✘"}


def test_public_steps_pass_and_missing_processes_are_named(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    report = Smoke(client, world.api_key, timeout=3, interval=0.2).run()
    marks = steps(report.text())
    assert marks["Script /t.js"] == "✔"
    assert marks["Événement beacon / beacon event"] == "✔"
    assert marks["Pixel /v1/p.gif"] == "✔"
    assert marks["Lead de test / test lead"] == "✔"
    assert marks["Événements dans le lac / events in the lake"] == "✔"
    assert marks["Lead dans le hub / lead in the hub"] == "✔"
    assert marks["Livraison de test / test delivery"] == "✘"
    assert marks["Publication du pipeline / pipeline published"] == "✘"
    assert report.exit_code() == 1
    assert "leadhub router" in report.text()


def test_a_refused_origin_fails_the_event_steps(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    auth = {"Authorization": f"Token {world.api_key}"}
    lp = client.post(
        "/v1/landing-pages",
        json={
            "account_id": "acc_soleil",
            "name": "Ailleurs",
            "url": "https://ailleurs.example.org/lp/",
            "product_code": "PV",
        },
        headers=auth,
    )
    assert lp.status_code == 201, lp.text
    form = client.post(
        "/v1/forms",
        json={
            "lp_id": lp.json()["id"],
            "name": "Ailleurs",
            "url": "https://ailleurs.example.org/form/",
            "thank_you_url": "https://ailleurs.example.org/merci/",
            "consent_text": "J'accepte d'être rappelé.",
        },
        headers=auth,
    )
    assert form.status_code == 201, form.text
    removed = client.delete(
        "/v1/accounts/acc_soleil/origins",
        params={"origin": "https://ailleurs.example.org"},
        headers=auth,
    )
    assert removed.status_code == 200, removed.text
    report = Smoke(client, world.api_key, lp=lp.json()["key"], timeout=0.5, interval=0.1).run()
    marks = steps(report.text())
    assert marks["Événement beacon / beacon event"] == "✘"
    assert "https://ailleurs.example.org" in report.text()
    assert report.exit_code() == 1


def test_no_test_buyer_fails_the_delivery_step_saying_how_to_make_one(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    auth = {"Authorization": f"Token {world.api_key}"}
    made_real = client.patch("/v1/buyers/buy_test_crm", json={"is_test": False}, headers=auth)
    assert made_real.status_code == 200, made_real.text
    report = Smoke(client, world.api_key, timeout=0.5, interval=0.1).run()
    marks = steps(report.text())
    assert marks["Lead de test / test lead"] == "✔"
    assert marks["Livraison de test / test delivery"] == "✘"
    assert "no active test buyer" in report.text()
    assert "create a test buyer: leadhub buyers create --set is_test=true" in report.text()


def test_a_bad_key_stops_at_the_first_step(client: TestClient[Litestar], world: DemoWorld) -> None:
    report = Smoke(client, "lh_not_a_key", timeout=0.1).run()
    assert report.text().startswith(
        "✘ LP et formulaire / LP and form: GET /v1/landing-pages: HTTP 401"
    )
    assert "--key" in report.text()


def test_pipeline_status_says_when_a_snapshot_was_published(
    client: TestClient[Litestar], world: DemoWorld, settings: Settings
) -> None:
    auth = {"Authorization": f"Token {world.api_key}"}
    assert client.get("/v1/system/pipeline", headers=auth).json() == {"published_at": None}
    settings.warehouse_db.write_bytes(b"snapshot")
    os.utime(settings.warehouse_db, (1_790_000_000, 1_790_000_000))
    answer = client.get("/v1/system/pipeline", headers=auth).json()
    assert answer["published_at"].startswith("2026-09-21T")
    assert client.get("/v1/system/pipeline").status_code == 401
