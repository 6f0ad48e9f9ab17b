"""``leadhub seed demo`` and ``leadhub seed traffic``: the demo world and its visitors."""

from __future__ import annotations

from typing import Annotated

import typer

from leadhub.cli.context import hub
from leadhub.cli.context import settings as load

seed_app = typer.Typer(help="Create data.", no_args_is_help=True)


@seed_app.command("demo")
def seed_demo_cmd(
    buyer_url: Annotated[str | None, typer.Option(help="Webhook URL of the demo buyers.")] = None,
    buyer_secret: Annotated[str | None, typer.Option(help="Signing secret (whsec_…).")] = None,
    password: Annotated[str | None, typer.Option(help="Admin password (default: random).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the demo world as JSON.")] = False,
) -> None:
    """Create the demo world: two entities, PV/PAC/ITE, LPs, forms, buyers, an admin, a key."""
    from hub.security import WebhookSecretError
    from leadhub.demo.seed import seed_demo

    settings = load()
    with hub(settings) as con:
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
    from leadhub.demo.traffic import send

    typer.echo(send(load(), visitors=visitors, seed=seed))
