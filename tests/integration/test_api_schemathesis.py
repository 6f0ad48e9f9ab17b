"""Hostile input on every operation of ``/schema/openapi.json`` (schemathesis, in-process ASGI).

The collector app runs in-process (schemathesis' ASGI transport starts its lifespan) on a
seeded demo hub. Every operation of the published schema is fuzzed three ways: schema-valid
cases with a valid super-admin key, schema-breaking ("negative") cases with the same key, and
schema-valid cases without any key. Each response must not be a 5xx, and a documented answer
must match its documented schema and content type. Generation is derandomized (the same cases
on every run) and bounded (``MAX_EXAMPLES`` per operation and mode) so that it fits in
``make test``. The counts (operations, cases, failures) go to
``tests/integration/artifacts/schemathesis.json`` and to the test's output.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from litestar.testing import TestClient
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from hub.security import create_api_key, issue_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))  # more: by hand
ARTIFACT = Path(__file__).parent / "artifacts" / "schemathesis.json"
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
MODES: dict[str, tuple[GenerationMode, bool, int]] = {
    # mode: (generation, with the super-admin key, examples per operation); "seeded": the path
    # parameters name real objects; without a key most answers are the same 401: fewer cases
    "valid_key": (GenerationMode.POSITIVE, True, MAX_EXAMPLES),
    "seeded": (GenerationMode.POSITIVE, True, MAX_EXAMPLES),
    "valid_key_negative": (GenerationMode.NEGATIVE, True, MAX_EXAMPLES),
    "no_key": (GenerationMode.POSITIVE, False, 4),
}


@dataclass
class Tally:
    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    unbreakable: list[str] = field(default_factory=list)


def _hostile_settings(settings: Settings) -> Settings:
    """Limits that would answer 429 to a fuzzer (no bug, but no coverage either) are off."""
    return settings.model_copy(
        update={
            "rate_limit_ip_requests": 0,
            "lead_ip_rate_limit": 0,
            "lead_min_submit_seconds": 0.0,
        }
    )


def _seed(settings: Settings, con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    """Real objects for the path parameters of the "seeded" mode (one lead posted first)."""
    form_key = world.forms[0]["key"]
    lead = {
        "form_key": form_key,
        "first_name": "Léa",
        "last_name": "Fuzz",
        "phone": "0781234567",
        "postal_code": "69003",
        "consent": True,
    }
    with TestClient(create_app(settings)) as client:
        posted = client.post("/v1/leads", json=lead)
        assert posted.status_code == 201, posted.text
    one = "SELECT {0} FROM {1} ORDER BY {0} LIMIT 1"
    ids = {
        "lead_id": posted.json()["lead_id"],
        "form_key": form_key,
        "link_key": world.links[0]["link_key"],
        "buyer_id": world.buyers[0]["id"],
        "commande_id": world.commandes[0]["id"],
        "code": "PV",
        "source": "google",
        # a brand (archiving it leaves the keys' own account alive), a key that is not ours
        "account_id": con.execute(_first_id("accounts", "parent_id IS NOT NULL")).fetchone()[0],
        "key_id": issue_api_key(con, "acc_eco", "victim", "viewer")[0],
    }
    for param, table in (("user_id", "users"), ("lp_id", "landing_pages"), ("form_id", "forms")):
        ids[param] = con.execute(one.format("id", table)).fetchone()[0]
    return ids


def _first_id(table: str, where: str) -> str:
    return f"SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 1"


def _run(op: Any, mode: str, key: str, tally: Tally, seeded: dict[str, str]) -> None:
    generation, keyed, examples = MODES[mode]
    headers = {"Authorization": f"Token {key}"} if keyed else None
    path = {p.name: seeded[p.name] for p in op.path_parameters if p.name in seeded}
    if mode == "seeded" and not path:
        return  # nothing to name: the same as "valid_key"
    strategy = op.as_strategy(
        generation_mode=generation,
        headers=headers,
        path_parameters=path if mode == "seeded" else None,
    )

    @given(case=strategy)
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        if not keyed and case.headers:
            case.headers.pop("Authorization", None)
        response = case.call()
        tally.cases[mode] += 1
        tally.statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        fuzz()
    except Unsatisfiable:  # nothing in this operation's schema can be broken
        tally.unbreakable.append(f"{op.label} [{mode}]")
    except (Exception, BaseExceptionGroup) as exc:
        tally.failures.append(f"{op.label} [{mode}]: {type(exc).__name__}: {exc}"[:2000])


def test_every_operation_survives_hostile_input(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    root = create_api_key(hub_con, "acc_soleil", "schemathesis", role="super_admin")
    hostile = _hostile_settings(settings)
    seeded = _seed(hostile, hub_con, world)
    app = create_app(hostile)
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    tally = Tally()
    started = time.monotonic()
    for op in operations:
        for mode in MODES:
            if mode != "valid_key_negative" or op.body:  # no body: nothing typed to break
                _run(op, mode, root, tally, seeded)
    report = _report(operations, tally, time.monotonic() - started)
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nschemathesis: {json.dumps({k: report[k] for k in _SUMMARY})}")
    assert len(operations) >= 90, "the schema lost operations"
    assert all(tally.cases[mode] > 30 for mode in MODES), tally.cases
    assert not tally.failures, "\n\n".join(tally.failures)


_SUMMARY = ("operations", "cases", "failures", "seconds")


def _report(operations: list[Any], tally: Tally, seconds: float) -> dict[str, Any]:
    label: Callable[[Any], str] = lambda op: str(op.label)  # noqa: E731
    return {
        "operations": len(operations),
        "cases": sum(tally.cases.values()),
        "failures": len(tally.failures),
        "seconds": round(seconds, 1),
        "max_examples": {mode: spec[2] for mode, spec in MODES.items()},
        "cases_by_mode": dict(tally.cases),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "checks": [check.__name__ for check in CHECKS],
        "operations_run": sorted(label(op) for op in operations),
        "failure_details": tally.failures,
        "negative_unsatisfiable": tally.unbreakable,
    }
