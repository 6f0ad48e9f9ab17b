"""Spam defences through the real HTTP intake (uvicorn on loopback): honeypot, minimum time,
captcha (against a fake verification server that says yes, no, hangs, fails or is down) and
the per-IP rate. A spam lead is stored with its reason, never routed, answered like a success."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.db import open_hub
from hub.settings import Settings, load_settings
from leadhub.demo.seed import DemoWorld, seed_demo
from tests.e2e.procs import free_port
from tests.fakes.captcha import SECRET, FakeCaptcha, fake_captcha
from tests.integration.test_leads_support import phone_of, served

pytestmark = pytest.mark.integration
TIMEOUT = 0.5


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spam")


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    settings = load_settings(data_dir=data_dir, allow_private_network=True, **overrides)
    settings.ensure_dirs()
    return settings


@pytest.fixture(scope="module")
def hub_con(data_dir: Path) -> Iterator[sqlite3.Connection]:
    con = open_hub(make_settings(data_dir).hub_db)
    yield con
    con.close()


@pytest.fixture(scope="module")
def world(data_dir: Path, hub_con: sqlite3.Connection) -> DemoWorld:
    return seed_demo(
        hub_con,
        make_settings(data_dir),
        buyer_secret="whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",
        password="p",
    )


@pytest.fixture(scope="module")
def captcha() -> Iterator[FakeCaptcha]:
    with fake_captcha() as fake:
        yield fake


@pytest.fixture(scope="module")
def browser_url(data_dir: Path, world: DemoWorld, captcha: FakeCaptcha) -> Iterator[str]:
    """Captcha on; a per-IP limit of 1 that loopback (the default exemption) never meets."""
    settings = make_settings(
        data_dir,
        captcha_verify_url=captcha.url,
        captcha_secret=SECRET,
        captcha_timeout_seconds=TIMEOUT,
        lead_ip_rate_limit=1,
    )
    with served(settings) as url:
        yield url


@pytest.fixture(autouse=True)
def normal_captcha(captcha: FakeCaptcha) -> None:
    captcha.set_mode("normal")


def lead(**extra: Any) -> dict[str, Any]:
    session = uuid.uuid4().hex
    return {
        "form_key": "fm_solaire_demo",
        "prenom": "Inès",
        "nom": "Roux",
        "telephone": phone_of(session),
        "code_postal": "33000",
        "consentement": "on",
        "session_id": session,
        **extra,
    }


def stored(con: sqlite3.Connection, lead_id: str) -> tuple[str, str | None, list[str]]:
    row = con.execute("SELECT status, status_reason FROM leads WHERE id = ?", (lead_id,)).fetchone()
    jobs = [r[0] for r in con.execute("SELECT kind FROM outbox WHERE ref_id = ?", (lead_id,))]
    return row["status"], row["status_reason"], jobs


def test_honeypot_is_kept_as_spam_and_answered_like_a_success(
    browser_url: str, hub_con: sqlite3.Connection, captcha: FakeCaptcha
) -> None:
    asked = len(captcha.requests())
    r = httpx.post(f"{browser_url}/v1/leads", json=lead(website="http://cheap-pills.example"))
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"lead_id", "status"} and r.json()["status"] == "new"
    status, reason, jobs = stored(hub_con, r.json()["lead_id"])
    assert (status, jobs) == ("spam", [])
    assert reason == "honeypot: hidden field 'website' was filled"
    assert len(captcha.requests()) == asked  # already spam: the verifier is not asked


def test_honeypot_on_a_plain_html_form_redirects_to_thank_you(
    browser_url: str, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    r = httpx.post(
        f"{browser_url}/v1/leads", data=lead(website="x"), headers={"Accept": "text/html"}
    )
    assert r.status_code == 303
    thank_you = next(f["thank_you_url"] for f in world.forms if f["key"] == "fm_solaire_demo")
    assert r.headers["location"].startswith(thank_you + "?lead_id=")
    lead_id = r.headers["location"].rsplit("=", 1)[1]
    assert stored(hub_con, lead_id)[0] == "spam"


@pytest.mark.parametrize(("age", "status"), [(0.4, "spam"), (8.0, "new")])
def test_minimum_time_to_submit(
    browser_url: str, hub_con: sqlite3.Connection, age: float, status: str
) -> None:
    rendered = str(int((time.time() - age) * 1000))
    r = httpx.post(f"{browser_url}/v1/leads", json=lead(_lh_t=rendered, captcha_token="ok-1"))
    assert r.status_code == 201 and r.json()["status"] == "new"
    got, reason, jobs = stored(hub_con, r.json()["lead_id"])
    assert got == status
    assert jobs == ([] if status == "spam" else ["route"])
    if status == "spam":
        assert reason is not None and reason.startswith("too_fast: submitted 0.")


def test_a_malformed_render_time_is_a_422_naming_it(browser_url: str) -> None:
    r = httpx.post(f"{browser_url}/v1/leads", json=lead(_lh_t="hier"))
    assert r.status_code == 422
    assert [(f["field"], f["reason"]) for f in r.json()["error"]["fields"]] == [
        ("_lh_t", "invalid_timestamp")
    ]


@pytest.mark.parametrize(
    ("mode", "fields", "status", "shown", "reason"),
    [
        ("normal", {"captcha_token": "ok-1"}, "new", "new", None),
        ("normal", {"g-recaptcha-response": "ok-2"}, "new", "new", None),
        ("normal", {"captcha_token": "forged"}, "spam", "new", "captcha_failed: invalid-input"),
        ("normal", {}, "spam", "new", "captcha_missing"),
        ("hang", {"captcha_token": "ok-3"}, "held", "held", "captcha_unverified: ReadTimeout"),
        ("error", {"captcha_token": "ok-4"}, "held", "held", "captcha_unverified: verifier answ"),
        ("garbage", {"captcha_token": "ok-5"}, "held", "held", "captcha_unverified: JSONDecode"),
    ],
)
def test_captcha_fails_closed(
    browser_url: str,
    hub_con: sqlite3.Connection,
    captcha: FakeCaptcha,
    mode: str,
    fields: dict[str, str],
    status: str,
    shown: str,
    reason: str | None,
) -> None:
    captcha.set_mode(mode)
    started = time.monotonic()
    r = httpx.post(f"{browser_url}/v1/leads", json=lead(**fields), timeout=10)
    took = time.monotonic() - started
    assert r.status_code == 201, r.text
    assert r.json()["status"] == shown
    got, why, jobs = stored(hub_con, r.json()["lead_id"])
    assert (got, jobs) == (status, ["route"] if status == "new" else [])
    assert why == reason or (why or "").startswith(reason or "-")
    assert took < TIMEOUT + 2  # a hanging verifier costs the timeout, not more
    if fields:
        sent = captcha.requests()[-1]
        assert sent["secret"] == SECRET and sent["response"] == next(iter(fields.values()))
        assert sent["remoteip"] == "127.0.0.1"


def test_a_verifier_that_is_down_holds_the_lead(
    data_dir: Path, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    settings = make_settings(
        data_dir,
        captcha_verify_url=f"http://127.0.0.1:{free_port()}/siteverify",  # nothing listens
        captcha_secret=SECRET,
    )
    with served(settings) as url:
        r = httpx.post(f"{url}/v1/leads", json=lead(captcha_token="ok-6"))
    assert r.status_code == 201 and r.json()["status"] == "held"
    assert stored(hub_con, r.json()["lead_id"]) == ("held", "captcha_unverified: ConnectError", [])


def test_a_keyed_server_post_is_not_asked_for_a_captcha(
    browser_url: str, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    r = httpx.post(
        f"{browser_url}/v1/leads",
        json=lead(website="https://installateur.example"),
        headers={"Authorization": f"Token {world.api_key}"},
    )
    assert r.status_code == 201 and r.json()["status"] == "new"
    assert stored(hub_con, r.json()["lead_id"])[:2] == ("new", None)
    extra = hub_con.execute("SELECT extra FROM leads WHERE id = ?", (r.json()["lead_id"],))
    assert "installateur.example" in extra.fetchone()[0]  # a field like any other for a server


def test_loopback_is_exempt_from_the_per_ip_rate_by_default(
    browser_url: str, hub_con: sqlite3.Connection
) -> None:
    answers = [
        httpx.post(f"{browser_url}/v1/leads", json=lead(captcha_token="ok")) for _ in range(3)
    ]
    assert [stored(hub_con, a.json()["lead_id"])[0] for a in answers] == ["new"] * 3


def test_per_ip_rate_marks_leads_over_the_limit_as_spam(
    data_dir: Path, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    settings = make_settings(data_dir, lead_ip_rate_limit=3, lead_ip_rate_exempt="")
    with served(settings) as url:
        first = lead()
        key = {"Idempotency-Key": uuid.uuid4().hex}
        answers = [httpx.post(f"{url}/v1/leads", json=first, headers=key)]
        answers += [httpx.post(f"{url}/v1/leads", json=lead()) for _ in range(4)]
        replay = httpx.post(f"{url}/v1/leads", json=first, headers=key)
    assert [a.status_code for a in answers] == [201] * 5
    assert {a.json()["status"] for a in answers} == {"new"}  # the bot learns nothing
    rows = [stored(hub_con, a.json()["lead_id"]) for a in answers]
    assert [r[0] for r in rows] == ["new", "new", "new", "spam", "spam"]
    assert [r[1] for r in rows[3:]] == [
        f"ip_rate: ~{n} leads from this address in the last 600 s (limit 3)" for n in (3, 4)
    ]
    assert replay.json() == answers[0].json()  # a replay is answered, and counts nothing
    count = hub_con.execute("SELECT SUM(count) FROM intake_rate WHERE ip = '127.0.0.1'")
    assert count.fetchone()[0] == 5


def test_form_config_tells_what_the_defences_need(browser_url: str) -> None:
    before = int(time.time() * 1000)
    spam = httpx.get(f"{browser_url}/v1/forms/fm_solaire_demo/config").json()["spam"]
    assert spam["honeypot_field"] == "website" and spam["render_time_field"] == "_lh_t"
    assert before - 1000 <= spam["rendered_at"] <= int(time.time() * 1000)
    assert spam["captcha"] == {"required": True, "field": "captcha_token"}
