"""``leadhub smoke URL``: the deployment check of :mod:`leadhub.smoke.run`, with the root
``--key``/``LEADHUB_API_KEY``; exits 1 when any step failed."""

from __future__ import annotations

from typing import Annotated

import typer

from leadhub.cli.context import INVOCATION


def smoke(
    url: Annotated[str, typer.Argument(help="Public base URL, e.g. https://t.example.fr")],
    lp: Annotated[
        str | None, typer.Option("--lp", help="LP key (default: the first active)")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for lake, hub, pipeline")] = 60.0,
) -> None:
    """Check a deployment through its public URL: test events and lead in, then read back."""
    import httpx

    from leadhub.smoke.run import Smoke

    if not INVOCATION.api_key:
        typer.echo(
            "✘ --key / LEADHUB_API_KEY: required (the key of the account to check).", err=True
        )
        raise typer.Exit(2)
    with httpx.Client(base_url=url.rstrip("/"), timeout=15.0) as client:
        report = Smoke(client, INVOCATION.api_key, lp=lp, timeout=timeout).run()
    typer.echo(report.text())
    raise typer.Exit(report.exit_code())


def register(app: typer.Typer) -> None:
    app.command("smoke")(smoke)
