"""GDPR erasure on real processes (collector, router, fake CRM, ``pipelines run``): a lead is
delivered to the fake CRM, its visitor's events are in the lake, the warehouse is published;
erasing the phone through API v1 removes the person from the hub, the lake files and the
warehouse (and a later pipeline run does not bring them back), the fake CRM receives a
``lead.erased`` request it verifies with the ``standardwebhooks`` package, and a new lead from
the same phone is refused as opposed."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pyarrow.parquet as pq
import pytest

from tests.e2e.procs import Stack, wait_for
from tests.e2e.test_collector_crash import BROWSER, lake_counts

pytestmark = pytest.mark.e2e

SECRET = "whsec_ZXJhc3VyZS1lMmUtc2VjcmV0LTAxMjM0NTY3ODk="
PASSWORD = "e2e-password"
PHONE = "06 12 34 56 79"
VISITOR = f"v-erase-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    stack = Stack.create(tmp_path_factory.mktemp("erasure"))
    world = stack.seed(SECRET, PASSWORD)
    stack.start_fake_crm(SECRET)
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    stack.start("router", "router")
    try:
        yield stack, world
    finally:
        stack.stop_all()


def crm(stack: Stack) -> list[dict[str, Any]]:
    got = httpx.get(f"{stack.url('fake_crm')}/_fake/received", timeout=5).json()
    return list(got["leads"])


def lead(stack: Stack, **change: Any) -> httpx.Response:
    body = {
        "form_key": "fm_solaire_demo",
        "first_name": "Jeanne",
        "last_name": "Effacée",
        "email": "jeanne.efface@exemple.fr",
        "phone": PHONE,
        "postal_code": "69002",
        "city": "Lyon",
        "consent": True,
        "visitor_id": VISITOR,
        "session_id": f"{VISITOR}-s",
        "page_url": f"{stack.url('demo_form')}/solaire/formulaire/",
        **change,
    }
    return httpx.post(f"{stack.url('collector')}/v1/leads", json=body, timeout=10)


def events(stack: Stack) -> set[str]:
    base = {"key": "lp_solaire_demo", "visitor_id": VISITOR, "session_id": f"{VISITOR}-s"}
    sent = [
        {**base, "event_id": str(uuid.uuid4()), "type": "page_view"},
        {**base, "event_id": str(uuid.uuid4()), "type": "cta_click"},
        {  # another device, but the page carries the phone
            "event_id": str(uuid.uuid4()),
            "type": "page_view",
            "key": "lp_solaire_demo",
            "visitor_id": f"{VISITOR}-phone",
            "url": f"{stack.url('demo_lp')}/solaire/?tel=0612345679",
        },
        {"event_id": str(uuid.uuid4()), "type": "page_view", "key": "lp_solaire_demo"},
    ]
    r = httpx.post(
        f"{stack.url('collector')}/v1/events", json={"events": sent}, headers=BROWSER, timeout=10
    )
    assert r.json() == {"accepted": 4, "rejected": []}, r.text
    return {e["event_id"] for e in sent}


def lake_text(data_dir: Path) -> str:
    return "".join(
        pq.read_table(p).to_pandas().to_json()
        for p in sorted((data_dir / "lake").rglob("*.parquet"))
    )


def warehouse_visitors(db: Path) -> set[str]:
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        rows = con.execute("SELECT DISTINCT visitor_id FROM events").fetchall()
    return {str(r[0]) for r in rows if r[0]}


def test_erasure_reaches_every_copy_and_the_buyer(stack: tuple[Stack, dict[str, Any]]) -> None:
    stack_, world = stack
    data_dir = stack_.data_dir
    sent = events(stack_)
    first = lead(stack_)
    assert first.status_code == 201, first.text
    lead_id = first.json()["lead_id"]
    wait_for(lambda: any(x["body"].get("lead_id") == lead_id for x in crm(stack_)), 30, "sale")
    wait_for(lambda: sent <= lake_counts(data_dir).keys(), 30, "events rolled")
    stack_.cli("pipelines", "run", timeout=300)
    published, work = data_dir / "warehouse/leadhub.duckdb", data_dir / "warehouse/work.duckdb"
    assert VISITOR in warehouse_visitors(published)
    assert VISITOR in lake_text(data_dir)

    erased = httpx.post(
        f"{stack_.url('collector')}/v1/privacy/erasures",
        json={"phone": PHONE},
        headers={"Authorization": f"Token {world['api_key']}"},
        timeout=180,
    )
    assert erased.status_code == 200, erased.text
    result = erased.json()
    assert result["lead_ids"] == [lead_id] and result["buyer_requests"] == 1
    assert result["lake_rows"] == 3 and result["warehouse_rows"] > 0

    # the buyer: a lead.erased request, signed (checked by the fake CRM with standardwebhooks)
    def request() -> dict[str, Any] | None:
        got = [x for x in crm(stack_) if x["body"].get("type") == "lead.erased"]
        return got[0] if got else None

    wait_for(lambda: request() is not None, 30, "lead.erased at the fake CRM")
    notice = request()
    assert notice is not None and notice["signature_valid"] is True
    assert notice["body"]["data"]["lead_id"] == lead_id
    assert "0612345679" not in notice["raw_body"] and "Jeanne" not in notice["raw_body"]

    # the hub
    with closing(sqlite3.connect(f"file:{data_dir / 'hub.sqlite3'}?mode=ro", uri=True)) as hub:
        row = hub.execute(
            "SELECT phone_e164, email, first_name, visitor_id, status, erased_at FROM leads"
            " WHERE id = ?",
            (lead_id,),
        ).fetchone()
    assert row[:4] == (None, None, None, None) and row[4] == "sold" and row[5]

    # the lake and the warehouse (work DB and published snapshot)
    text = lake_text(data_dir)
    assert VISITOR not in text and "0612345679" not in text
    assert len(lake_counts(data_dir)) == 1  # the anonymous visit stays
    for db in (published, work):
        assert not any(v.startswith(VISITOR) for v in warehouse_visitors(db)), db

    # a later pipeline run reloads the rewritten partition: the person does not come back
    stack_.cli("pipelines", "run", timeout=300)
    assert not any(v.startswith(VISITOR) for v in warehouse_visitors(published))

    # the same phone again: refused as opposed, nothing stored
    again = lead(stack_, email="autre.adresse@exemple.fr", visitor_id="v-new")
    assert again.status_code == 422, again.text
    fields = again.json()["error"]["fields"]
    assert [(f["field"], f["reason"]) for f in fields] == [("phone", "opposed")]
