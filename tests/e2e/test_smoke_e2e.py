"""``leadhub smoke URL`` on real processes (collector, router, fake CRM, ``pipelines run``),
from outside through the public URL only: green when everything works (the test lead delivered
to the demo's test buyer); red naming the step when the pipeline is stopped, when the router is
stopped and when the collector refuses the page's origin."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.procs import REPO, Stack

pytestmark = pytest.mark.e2e

SECRET = "whsec_c21va2UtZTJlLXNlY3JldC0wMTIzNDU2Nzg5"
PASSWORD = "e2e-password"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    # As `leadhub up` runs: loopback allowed, traffic real unless flagged (smoke flags its own).
    stack = Stack.create(tmp_path_factory.mktemp("smoke"), LEADHUB_TEST_MODE="0")
    world = stack.seed(SECRET, PASSWORD)
    stack.start_fake_crm(SECRET)
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    stack.start("router", "router")
    try:
        yield stack, world
    finally:
        stack.stop_all()


def smoke(stack: Stack, key: str, timeout: float) -> subprocess.Popen[str]:
    """``leadhub smoke`` as another machine runs it: no data dir, only the URL and the key."""
    env = {k: v for k, v in stack.env.items() if not k.startswith("LEADHUB_")}
    env["LEADHUB_API_KEY"] = key
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "leadhub.cli",
            "smoke",
            stack.url("collector"),
            "--timeout",
            str(timeout),
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def marks(output: str) -> dict[str, str]:
    return {line[2:].split(":")[0]: line[0] for line in output.splitlines() if line[:1] in "✔✘"}


def test_green_then_red_naming_the_step(stack: tuple[Stack, dict[str, Any]]) -> None:
    stack_, world = stack
    run = smoke(stack_, world["api_key"], timeout=60)
    time.sleep(3)  # the test traffic is in: publish once, as the scheduler would
    stack_.cli("pipelines", "run", timeout=80)
    out, _ = run.communicate(timeout=70)
    assert run.returncode == 0, out
    assert set(marks(out).values()) == {"✔"} and len(marks(out)) == 9, out
    assert "Livraison de test / test delivery: CRM de test (smoke) (delivered)" in out, out

    run = smoke(stack_, world["api_key"], timeout=15)  # nobody runs the pipeline this time
    out, _ = run.communicate(timeout=60)
    assert run.returncode == 1, out
    assert marks(out).get("Publication du pipeline / pipeline published") == "✘", out
    assert marks(out).get("Livraison de test / test delivery") == "✔", out
    assert [name for name, mark in marks(out).items() if mark == "✘"] == [
        "Publication du pipeline / pipeline published"
    ], out
    assert "leadhub pipelines" in out

    stack_.kill("router")
    run = smoke(stack_, world["api_key"], timeout=6)
    out, _ = run.communicate(timeout=40)
    assert run.returncode == 1, out
    assert marks(out).get("Livraison de test / test delivery") == "✘", out
    assert marks(out).get("Lead de test / test lead") == "✔", out
    assert "leadhub router" in out

    stack_.kill("collector")  # a production collector (no loopback leniency), origin removed
    stack_.env["LEADHUB_TEST_MODE"] = "0"
    stack_.env["LEADHUB_ALLOW_PRIVATE_NETWORK"] = "0"
    lp_origin = stack_.url("demo_lp")
    stack_.cli("origins", "remove", "--account", "acc_soleil", lp_origin)
    stack_.start("collector", "collector", ready=f"{stack_.url('collector')}/health")
    run = smoke(stack_, world["api_key"], timeout=3)
    out, _ = run.communicate(timeout=40)
    assert run.returncode == 1, out
    assert marks(out)["Événement beacon / beacon event"] == "✘", out
    assert lp_origin in out
