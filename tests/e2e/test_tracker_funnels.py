"""100 full funnels → 100 leads joined to their visits, through the real collector and a real
``leadhub pipelines run``, asserted in the published DuckDB snapshot.

httpx instead of a browser (speed): each visitor sends what the tracker sends (a text/plain
beacon body per page, with the page's Origin) and posts the lead as the plain HTML form does
(urlencoded, hidden visitor_id/session_id filled by the tracker, 303 to the thank-you page).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from typing import Any

import duckdb
import httpx
import pytest

from hub.phones import normalise
from tests.e2e.helpers_browser import wait_for_lake
from tests.e2e.procs import Stack

pytestmark = pytest.mark.e2e

FUNNELS = 100
AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    stack = Stack.create(tmp_path_factory.mktemp("funnels"))
    world = json.loads(stack.cli("seed", "demo", "--json"))
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    try:
        yield stack, world
    finally:
        stack.stop_all()


def phones(count: int, seed: int = 7) -> list[str]:
    """Distinct mobile numbers the intake classes as valid."""
    rng = random.Random(seed)
    found: set[str] = set()
    while len(found) < count:
        number = f"06{rng.randrange(10**8):08d}"
        if normalise(number).cls == "valid":
            found.add(number)
    return sorted(found)


def beacon(
    client: httpx.Client, origin: str, key: str, page: str, ids: dict[str, str], *types: str
) -> None:
    events = [
        {
            "event_id": str(uuid.uuid4()),
            "type": kind,
            "key": key,
            **ids,
            "consent": True,
            "is_test": True,
            "ts": "2026-11-22T09:00:00Z",
            "url": page,
            "utm_source": "google",
            "utm_campaign": "hiver",
            "props": {},
        }
        for kind in types
    ]
    r = client.post(
        "/v1/events",
        content=json.dumps({"events": events}),
        headers={"content-type": "text/plain;charset=UTF-8", "origin": origin},
    )
    assert r.status_code == 202 and r.json()["accepted"] == len(types), r.text


def test_hundred_funnels_give_hundred_leads_joined_to_their_visits(
    stack: tuple[Stack, dict[str, Any]],
) -> None:
    stack_, world = stack
    lp = next(lp for lp in world["lps"] if lp["key"] == "lp_solaire_demo")
    form = next(f for f in world["forms"] if f["key"] == "fm_solaire_demo")
    lp_origin, form_origin = stack_.url("demo_lp"), stack_.url("demo_form")
    lead_ids = {}
    with httpx.Client(base_url=stack_.url("collector"), headers={"user-agent": AGENT}) as client:
        for n, phone in enumerate(phones(FUNNELS)):
            ids = {"visitor_id": str(uuid.uuid4()), "session_id": str(uuid.uuid4())}
            beacon(client, lp_origin, lp["key"], lp["url"], ids, "page_view", "cta_click")
            beacon(client, form_origin, form["key"], form["url"], ids, "page_view", "form_start")
            beacon(client, form_origin, form["key"], form["url"], ids, "form_submit")
            r = client.post(
                "/v1/leads",
                data={
                    "form_key": form["key"],
                    "prenom": "Camille",
                    "nom": f"Durand-{n}",
                    "telephone": phone,
                    "code_postal": "13100",
                    "consentement": "on",
                    "page_url": form["url"],
                    "utm_source": "google",
                    "utm_campaign": "hiver",
                    **ids,
                },
                headers={"origin": form_origin},
            )
            assert r.status_code == 303, r.text
            lead_ids[r.headers["location"].split("lead_id=")[1]] = ids
    wait_for_lake(stack_.data_dir, lambda rows: len(rows) >= FUNNELS * 5, timeout=60)

    stack_.cli("pipelines", "run", timeout=300)
    with duckdb.connect(
        str(stack_.data_dir / "warehouse" / "leadhub.duckdb"), read_only=True
    ) as wh:
        leads = wh.execute("SELECT id, visitor_id, session_id, status FROM leads").fetchall()
        joined = wh.execute(
            "SELECT l.id, count(*) FILTER (WHERE e.type = 'page_view'),"
            " count(DISTINCT e.key), count(*)"
            " FROM leads l JOIN events e"
            "   ON e.visitor_id = l.visitor_id AND e.session_id = l.session_id"
            " GROUP BY l.id"
        ).fetchall()
        funnel = wh.execute(
            "SELECT sum(visits), sum(unique_visitors), sum(cta_clicks), sum(form_starts),"
            " sum(form_submits), sum(leads) FROM funnel_daily"
        ).fetchall()

    assert len(leads) == FUNNELS and {s for *_, s in leads} == {"new"}
    assert {lead_id: {"visitor_id": v, "session_id": s} for lead_id, v, s, _ in leads} == lead_ids
    # Every lead joins its own visit: 2 page views (LP, form), both keys, its 5 events.
    assert sorted(joined) == sorted((lead_id, 2, 2, 5) for lead_id in lead_ids)
    assert funnel == [(FUNNELS, FUNNELS, FUNNELS, FUNNELS, FUNNELS, FUNNELS)]
