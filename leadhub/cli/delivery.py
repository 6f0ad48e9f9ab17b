"""``leadhub delivery …``: how each buyer receives leads, breaker states, manual credits.

Secrets (auth headers) are read from the command line or stdin, encrypted, and never printed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from hub.errors import ApiError
from leadhub.cli.context import acting, fail, hub
from leadhub.cli.context import settings as load
from leadhub.cli.queries import cli_sql

app = typer.Typer(help="Buyer delivery settings, circuit breakers, credits.", no_args_is_help=True)


def _headers(values: list[str]) -> dict[str, str]:
    headers = {}
    for value in values:
        name, sep, secret = value.partition(":")
        if not sep or not name.strip() or not secret.strip():
            fail(ApiError(422, "invalid_header", f"--auth-header {name!r}: expected 'Name: value'"))
        headers[name.strip()] = secret.strip()
    return headers


@app.command("set")
def set_cmd(
    buyer_id: str,
    mode: Annotated[str, typer.Option(help="webhook, http_mapping, csv_email or email.")],
    config: Annotated[
        Path | None, typer.Option(help="JSON file with the mode's settings ('-': stdin).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Endpoint URL (webhook, http_mapping).")] = None,
    auth_header: Annotated[
        list[str] | None, typer.Option(help="Secret header 'Name: value' (repeatable).")
    ] = None,
    dedupes: Annotated[
        bool | None, typer.Option("--dedupes/--no-dedupes", help="Buyer drops replays.")
    ] = None,
    return_window: Annotated[int | None, typer.Option(help="Days to return a lead.")] = None,
    secret: Annotated[
        str | None,
        typer.Option(help="Webhook signing secret (whsec_ + base64), '-' to read it from stdin."),
    ] = None,
    new_secret: Annotated[
        bool, typer.Option("--new-secret", help="Generate a signing secret and print it once.")
    ] = False,
) -> None:
    """Set how BUYER_ID receives leads (validated; secrets stored encrypted). The buyer's
    waiting deliveries start again at once."""
    from hub.db import utcnow
    from hub.security import SecretBox, new_webhook_secret
    from hub.services import delivery

    raw: dict[str, Any] = {}
    if config is not None:
        text = sys.stdin.read() if str(config) == "-" else config.read_text(encoding="utf-8")
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            fail(ApiError(422, "invalid_json", f"--config: not JSON ({exc})"))
    signing_secret = sys.stdin.readline().strip() if secret == "-" else secret  # noqa: S105
    if new_secret:
        signing_secret = new_webhook_secret()
    settings = load()
    box = SecretBox.from_settings(settings.secret_key, settings.data_dir / "secret.key")
    with hub(settings) as con:
        try:
            delivery.set_delivery(
                con,
                acting(con),
                box,
                buyer_id,
                mode,
                raw,
                utcnow(),
                allow_private_network=settings.allow_private_network,
                url=url,
                auth_headers=_headers(auth_header or []) or None,
                dedupes=dedupes,
                return_window_days=return_window,
                secret=signing_secret,
            )
        except ApiError as err:
            fail(err)
    typer.echo(f"{buyer_id}: {mode}")
    if new_secret:
        typer.echo(f"signing secret (shown once): {signing_secret}")


@app.command()
def show(buyer_id: str) -> None:
    """Print a buyer's delivery settings (never a secret)."""
    from hub.services.delivery import get_delivery

    with hub() as con:
        try:
            out = get_delivery(con, acting(con), buyer_id)
        except ApiError as err:
            fail(err)
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2))


@app.command()
def breakers() -> None:
    """Circuit breakers that are not closed (endpoint, state, failures, open until)."""

    with hub() as con:
        rows = con.execute(cli_sql("breakers_not_closed")).fetchall()
    for r in rows:
        typer.echo(f"{r['endpoint']}  {r['state']}  failures={r['failures']}  {r['open_until']}")
    if not rows:
        typer.echo("every breaker is closed")


@app.command()
def credit(
    buyer_id: str,
    amount_eur: float,
    reason: Annotated[str, typer.Option(help="Why (kept with the credit).")],
) -> None:
    """Credit BUYER_ID a manual amount (EUR HT), with a reason."""
    from hub.db import utcnow
    from hub.services.returns import grant_credit

    with hub() as con:
        try:
            done = grant_credit(
                con, acting(con), buyer_id, round(amount_eur * 100), reason, utcnow()
            )
        except ApiError as err:
            fail(err)
    typer.echo(f"{done.id}: {done.amount_cents / 100:.2f} EUR to {buyer_id}")
