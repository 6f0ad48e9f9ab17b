"""``leadhub``: one CLI for every process and operation. Each command is a thin entry point."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer

from hub.logs import configure_logging
from hub.settings import Settings, load_settings

app = typer.Typer(
    help="leadhub: lead-generation tracking, routing and analytics.",
    no_args_is_help=True,
    add_completion=False,
)
seed_app = typer.Typer(help="Create data.", no_args_is_help=True)
pipelines_app = typer.Typer(help="Dagster pipelines: `leadhub pipelines` serves, `run` once.")
app.add_typer(seed_app, name="seed")
app.add_typer(pipelines_app, name="pipelines")


def _settings() -> Settings:
    settings = load_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    settings.ensure_dirs()
    return settings


@seed_app.command("demo")
def seed_demo_cmd(
    buyer_url: Annotated[str | None, typer.Option(help="Webhook URL of the demo buyers.")] = None,
    buyer_secret: Annotated[str | None, typer.Option(help="Signing secret (whsec_…).")] = None,
    password: Annotated[str | None, typer.Option(help="Admin password (default: random).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the demo world as JSON.")] = False,
) -> None:
    """Create the demo world: two entities, PV/PAC/ITE, LPs, forms, buyers, an admin, a key."""
    from hub.db import open_hub
    from hub.security import WebhookSecretError
    from hub.seed import seed_demo

    settings = _settings()
    with closing(open_hub(settings.hub_db)) as con:
        try:
            world = seed_demo(
                con, settings, buyer_url=buyer_url, buyer_secret=buyer_secret, password=password
            )
        except WebhookSecretError as exc:
            typer.echo(f"error: --buyer-secret: {exc}", err=True)
            raise typer.Exit(2) from None
    if as_json:
        typer.echo(world.to_json())
        return
    typer.echo(f"admin: {world.login['user']} / {world.login['password']}")
    typer.echo(f"API key (shown once): {world.api_key}")
    for lp in world.lps:
        typer.echo(f"LP {lp['key']}: {lp['url']}")


@seed_app.command("traffic")
def seed_traffic_cmd(
    visitors: Annotated[int, typer.Option(help="How many demo visitors to walk.")] = 150,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same traffic).")] = 2026,
) -> None:
    """Send demo visitors through the running collector (events and leads, over HTTP)."""
    from hub.demo_traffic import send

    typer.echo(send(_settings(), visitors=visitors, seed=seed))


@app.command()
def collector() -> None:
    """Run the Litestar collector (tracking + lead intake + API v1)."""
    from ingest.server import serve

    serve(_settings())


@app.command()
def router() -> None:
    """Run the routing worker: claims the outbox and delivers leads to buyers."""
    from routing.worker import serve

    serve(_settings())


@app.command("fake-crm")
def fake_crm(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8900,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    secret: Annotated[str | None, typer.Option(help="Verify signatures with this secret.")] = None,
    record: Annotated[
        Path | None, typer.Option(help="Append received leads to this JSONL file.")
    ] = None,
) -> None:
    """A real HTTP buyer CRM for demos and tests: records, dedupes, can be told to fail."""
    from routing.fake_crm import serve

    serve(host, port, secret, record)


@pipelines_app.callback(invoke_without_command=True)
def pipelines(ctx: typer.Context) -> None:
    """Serve Dagster (webserver + daemon: sensor and schedules) on the data dir's instance."""
    if ctx.invoked_subcommand is None:
        from pipelines.runner import serve

        serve(_settings())


@pipelines_app.command("run")
def pipelines_run() -> None:
    """Materialize everything pending once, publish the warehouse snapshot, and exit."""
    from pipelines.runner import run_once

    summary = run_once(_settings())
    typer.echo(summary)


@app.command()
def dashboard() -> None:
    """Run the Streamlit dashboard."""
    from dashboard.launch import serve

    serve(_settings())


@app.command("demo-site")
def demo_site() -> None:
    """Serve the demo LP and form on two loopback origins, using the generated snippet."""
    from hub.demo_site import serve

    serve(_settings())


@app.command()
def up(
    seed: Annotated[bool, typer.Option(help="Seed the demo world first.")] = True,
) -> None:
    """Start every process (collector, router, Dagster, dashboard, fake CRM, demo site)."""
    from hub.up import run

    run(_settings(), seed=seed)


from hub import health_cli  # noqa: E402 - brief, verify, health (imports stay inside commands)

health_cli.register(app)

from routing import commands as ops_cli  # noqa: E402 - lead ops (imports stay inside commands)

app.add_typer(ops_cli.commandes_app, name="commandes")
app.add_typer(ops_cli.leads_app, name="leads")
app.add_typer(ops_cli.sources_app, name="sources")

from routing.adapters import cli as delivery_cli  # noqa: E402 - imports stay inside commands

app.add_typer(delivery_cli.app, name="delivery")

if __name__ == "__main__":
    app()
