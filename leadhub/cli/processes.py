"""One command per process, for supervisors (``leadhub collector``, ``router``, ``pipelines``,
``dashboard``, ``fake-crm``, ``demo-site``), and ``leadhub up`` that runs them all. Each is a
thin entry point: the process's own package is imported only when its command runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadhub.cli.context import settings as load

pipelines_app = typer.Typer(help="Dagster pipelines: `leadhub pipelines` serves, `run` once.")

# Options of the serving commands: given, they win over LEADHUB_HOST / LEADHUB_*_PORT for this run.
HostOption = Annotated[
    str | None, typer.Option(help="Address to bind (default: LEADHUB_HOST, 127.0.0.1).")
]
PortOption = Annotated[
    int | None, typer.Option(min=1, max=65535, help="Port to listen on (default: from settings).")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(min=1, help="Worker processes (default: LEADHUB_COLLECTOR_WORKERS, 1)."),
]


def collector(
    host: HostOption = None, port: PortOption = None, workers: WorkersOption = None
) -> None:
    """Run the Litestar collector (tracking + lead intake + API v1)."""
    from ingest.server import serve

    serve(load(host=host, collector_port=port, collector_workers=workers))


def router() -> None:
    """Run the routing worker: claims the outbox and delivers leads to buyers."""
    from routing.worker import serve

    serve(load())


def fake_crm(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8900,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    secret: Annotated[str | None, typer.Option(help="Verify signatures with this secret.")] = None,
    record: Annotated[
        Path | None, typer.Option(help="Append received leads to this JSONL file.")
    ] = None,
) -> None:
    """A real HTTP buyer CRM for demos and tests: records, dedupes, can be told to fail."""
    from leadhub.demo.fake_crm import serve

    serve(host, port, secret, record)


@pipelines_app.callback(invoke_without_command=True)
def pipelines(ctx: typer.Context, host: HostOption = None, port: PortOption = None) -> None:
    """Serve Dagster (webserver + daemon: sensor and schedules) on the data dir's instance."""
    if ctx.invoked_subcommand is None:
        from pipelines.runner import serve

        serve(load(host=host, dagster_port=port))


@pipelines_app.command("run")
def pipelines_run() -> None:
    """Materialize everything pending once, publish the warehouse snapshot, and exit."""
    from pipelines.runner import run_once

    summary = run_once(load())
    typer.echo(summary)


def dashboard(host: HostOption = None, port: PortOption = None) -> None:
    """Run the Streamlit dashboard."""
    from dashboard.launch import serve

    serve(load(host=host, dashboard_port=port))


def demo_site() -> None:
    """Serve the demo LP and form on two loopback origins, using the generated snippet."""
    from leadhub.demo.site import serve

    serve(load())


def up(
    seed: Annotated[bool, typer.Option(help="Seed the demo world first.")] = True,
) -> None:
    """Start every process (collector, router, Dagster, dashboard, fake CRM, demo site)."""
    from leadhub.up import run

    run(load(), seed=seed)


def register(app: typer.Typer) -> None:
    """Add the process commands to the root CLI, in this order."""
    app.command("collector")(collector)
    app.command("router")(router)
    app.command("fake-crm")(fake_crm)
    app.command("dashboard")(dashboard)
    app.command("demo-site")(demo_site)
    app.command("up")(up)
