"""A single event takes an inline path (no per-event loop): it must spool what a batch would."""

from __future__ import annotations

import json
import uuid
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from ingest.collect.schema import SpoolRecord
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36"


def event(key: str = "lp_solaire_demo", **extra: Any) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "type": "page_view",
        "key": key,
        "ts": 1_795_168_800_000,
        "url": "https://lp.example/solaire/",
        **extra,
    }


CASES = {
    "accepted": (event(visitor_id="v1", session_id="s1"), BROWSER, None),
    "cookieless": (event(consent=False), BROWSER, None),
    "unknown key": (event("lp_nope"), BROWSER, None),
    "bot": (event(), "curl/8.5.0", None),
    "origin not allowed": (event(), BROWSER, "https://elsewhere.example"),
    "generic path": (event(extra_field="kept in props"), BROWSER, None),
}


@pytest.mark.parametrize("case", CASES)
def test_a_single_event_spools_the_line_a_batch_would(
    settings: Settings, world: DemoWorld, case: str
) -> None:
    sent, agent, origin = CASES[case]
    headers = {"user-agent": agent, **({"origin": origin} if origin else {})}
    filler = event("lp_nope")  # a second event: the batch takes the per-event loop
    app = create_app(settings)
    lines: list[bytes] = []
    with TestClient(app) as client:
        append = app.state.spool.append

        async def recording(chunks: list[bytes]) -> None:
            lines.extend(b"".join(chunks).splitlines())
            await append(chunks)

        app.state.spool.append = recording
        one = client.post("/v1/events", content=json.dumps(sent), headers=headers)
        many = client.post("/v1/events", json={"events": [sent, filler]}, headers=headers)
    single, batched = (msgspec.json.decode(line, type=SpoolRecord) for line in lines[:2])
    single.received_at = batched.received_at
    assert single == batched
    answer, batch_answer = one.json(), many.json()
    assert answer["rejected"] == [r for r in batch_answer["rejected"] if r["index"] == 0]
    accepted = batch_answer["accepted"]
    assert (one.status_code, answer["accepted"]) == ((202, 1) if accepted else (422, 0))
