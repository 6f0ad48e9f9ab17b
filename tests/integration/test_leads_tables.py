"""The issue's phone and postal-code tables, through the real HTTP intake (uvicorn on loopback):
what is stored (E.164, class, département, status) and what a buyer is sent."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.db import open_hub
from hub.rules.payload import national_phone
from hub.settings import load_settings
from leadhub.demo.seed import seed_demo
from tests.integration.test_leads_support import phone_of, served

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def hub_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sqlite3.Connection, str]]:
    data_dir: Path = tmp_path_factory.mktemp("tables")
    # The four spellings of one number must each be judged on their own, not as duplicates.
    settings = load_settings(data_dir=data_dir, allow_private_network=True, lead_duplicate_hours=0)
    settings.ensure_dirs()
    con = open_hub(settings.hub_db)
    seed_demo(
        con,
        settings,
        buyer_secret="whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",
        password="pw",
    )
    with served(settings) as url:
        yield con, url
    con.close()


def post(url: str, **fields: Any) -> httpx.Response:
    session = uuid.uuid4().hex
    body = {
        "form_key": "fm_solaire_demo",
        "prenom": "Marc",
        "nom": "Lefèvre",
        "telephone": phone_of(session),
        "code_postal": "13001",
        "consentement": "on",
        "session_id": session,
        **fields,
    }
    return httpx.post(f"{url}/v1/leads", json=body)


def lead_of(con: sqlite3.Connection, session: str) -> sqlite3.Row:
    row: sqlite3.Row | None = con.execute(
        "SELECT * FROM leads WHERE session_id = ?", (session,)
    ).fetchone()
    assert row is not None
    return row


@pytest.mark.parametrize("sent", ["+33612345679", "0033612345679", "33612345679", "612345679"])
def test_valid_spellings_are_stored_e164_and_delivered_national(
    hub_con: tuple[sqlite3.Connection, str], sent: str
) -> None:
    con, url = hub_con
    r = post(url, telephone=sent, session_id=sent)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "new"
    row = con.execute("SELECT * FROM leads WHERE id = ?", (r.json()["lead_id"],)).fetchone()
    assert (row["phone_e164"], row["phone_class"], row["status"]) == (
        "+33612345679",
        "valid",
        "new",
    )
    assert national_phone(row["phone_e164"]) == "0612345679"  # what the buyer payload carries


@pytest.mark.parametrize(
    ("sent", "reason"),
    [("0000000000", "phone: one digit repeated"), ("0123456789", "phone: well-known fake number")],
)
def test_fake_numbers_are_invalid_kept_and_answered_422(
    hub_con: tuple[sqlite3.Connection, str], sent: str, reason: str
) -> None:
    con, url = hub_con
    session = uuid.uuid4().hex
    r = post(url, telephone=sent, session_id=session)
    assert r.status_code == 422
    assert [(f["field"], f["reason"]) for f in r.json()["error"]["fields"]] == [
        ("phone", "invalid_phone")
    ]
    row = lead_of(con, session)
    assert (row["phone_class"], row["status"], row["status_reason"]) == (
        "invalid",
        "invalid",
        reason,
    )


def test_a_repeated_pair_is_suspicious_stored_and_not_routed(
    hub_con: tuple[sqlite3.Connection, str],
) -> None:
    con, url = hub_con
    session = uuid.uuid4().hex
    r = post(url, telephone="0606060606", session_id=session)
    assert r.status_code == 201 and r.json()["status"] == "suspicious"
    row = lead_of(con, session)
    assert (row["phone_e164"], row["phone_class"], row["status"]) == (
        "+33606060606",
        "suspicious",
        "suspicious",
    )
    assert (
        con.execute("SELECT COUNT(*) FROM outbox WHERE ref_id = ?", (row["id"],)).fetchone()[0] == 0
    )


@pytest.mark.parametrize(
    ("postal", "departement"),
    [("20000", "2A"), ("20200", "2B"), ("97400", "974"), ("75011", "75"), ("97 100", "971")],
)
def test_postal_code_to_departement(
    hub_con: tuple[sqlite3.Connection, str], postal: str, departement: str
) -> None:
    con, url = hub_con
    session = uuid.uuid4().hex
    r = post(url, code_postal=postal, session_id=session)
    assert r.status_code == 201, r.text
    row = lead_of(con, session)
    assert (row["postal_code"], row["departement"]) == (postal.replace(" ", ""), departement)


@pytest.mark.parametrize("postal", ["2000", "00100", "98000", "97800", "7501A"])
def test_impossible_postal_codes_are_422_naming_the_field(
    hub_con: tuple[sqlite3.Connection, str], postal: str
) -> None:
    _, url = hub_con
    r = post(url, code_postal=postal)
    assert r.status_code == 422
    assert [(f["field"], f["reason"]) for f in r.json()["error"]["fields"]] == [
        ("postal_code", "invalid_postal_code")
    ]
