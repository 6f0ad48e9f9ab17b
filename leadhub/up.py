"""``leadhub up``: every process of the product on one machine, under honcho's process manager."""

from __future__ import annotations

import os
import shlex
import sys
import threading
from contextlib import closing

from honcho.manager import Manager

from hub.db import open_hub
from hub.security import new_webhook_secret
from hub.settings import Settings, settings_env
from leadhub.demo.seed import DemoWorld, seed_demo


def commands(settings: Settings, buyer_secret: str) -> dict[str, str]:
    cli = f"{shlex.quote(sys.executable)} -m leadhub.cli"
    return {
        "collector": f"{cli} collector",
        "router": f"{cli} router",
        "pipelines": f"{cli} pipelines",
        "dashboard": f"{cli} dashboard",
        "fake-crm": f"{cli} fake-crm --host {settings.host} --port {settings.fake_crm_port}"
        f" --secret {shlex.quote(buyer_secret)}",
        "demo-site": f"{cli} demo-site",
    }


def banner(settings: Settings, world: DemoWorld | None) -> str:
    h = settings.host
    lines = [
        "leadhub is starting. URLs:",
        f"  dashboard      http://{h}:{settings.dashboard_port}",
        f"  collector      {settings.collector_url}  (API docs: {settings.collector_url}/schema)",
        f"  dagster        http://{h}:{settings.dagster_port}",
        f"  fake buyer CRM http://{h}:{settings.fake_crm_port}/_fake/received",
        f"  data dir       {settings.data_dir}",
    ]
    if world is not None:
        lines += [f"  demo LP        {lp['url']}" for lp in world.lps]
        lines += [
            f"  login          {world.login['user']} / {world.login['password']}",
            f"  API key        {world.api_key}  (shown once)",
            f"  smoke check    leadhub --key <API key> smoke {settings.collector_url}"
            "  (delivers to the test buyer CRM de test)",
        ]
    lines.append("Ctrl-C stops everything.")
    return "\n".join(lines)


def _demo_traffic(settings: Settings) -> None:
    """Walk demo visitors through the funnels once the collector answers."""
    from leadhub.demo.traffic import send

    try:
        print(send(settings), "(the dashboard shows them after the next pipeline run)", flush=True)
    except Exception as exc:  # the demo says why, never crashes the stack
        print(f"demo traffic failed: {exc!r}", flush=True)


def run(settings: Settings, *, seed: bool = True) -> None:
    # The demo's buyers (the fake CRM) and pages are on loopback: allowed only with this setting.
    # Not test mode: the demo's traffic is real traffic (funnels, A/B, billing); only the smoke
    # run and what a page flags are test traffic (decision 0050).
    settings.allow_private_network = True
    buyer_secret = new_webhook_secret()
    world = None
    if seed:
        with closing(open_hub(settings.hub_db)) as con:
            world = seed_demo(con, settings, buyer_secret=buyer_secret)
    print(banner(settings, world), flush=True)
    manager = Manager()
    if seed:
        threading.Thread(target=_demo_traffic, args=(settings,), daemon=True).start()
    env = {**os.environ, **settings_env(settings), "PYTHONUNBUFFERED": "1"}
    for name, cmd in commands(settings, buyer_secret).items():
        manager.add_process(name, cmd, env=env)
    manager.loop()
    sys.exit(manager.returncode)
