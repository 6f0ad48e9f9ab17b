"""``leadhub brief``, ``leadhub verify`` and ``leadhub health [check]`` (see leadhub.cli).

Imports of DuckDB, Jinja and markdown-it happen inside the commands, so other commands of the
CLI do not pay for them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from leadhub.cli.context import hub
from leadhub.cli.context import settings as load

health_app = typer.Typer(help="Tracking health: `leadhub health` shows it, `check` alerts.")


def brief(
    lp_key: Annotated[str, typer.Argument(help="Public key of the landing page (lp_…).")],
    html: Annotated[bool, typer.Option("--html", help="HTML instead of Markdown.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write to this file (default: stdout).")] = None,
) -> None:
    """The integration brief of an LP and its forms, in French (Markdown or HTML)."""
    from hub.brief import BriefError, render_html, render_markdown

    settings = load()
    try:
        with hub(settings) as con:
            text = (render_html if html else render_markdown)(con, settings, lp_key)
    except BriefError as exc:
        typer.echo(f"leadhub brief: {exc}", err=True)
        raise typer.Exit(2) from None
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"brief written to {out}", err=True)


def verify(
    url: Annotated[str | None, typer.Argument(help="URL of the LP or form page.")] = None,
    key: Annotated[str | None, typer.Option(help="Check a public key instead of a URL.")] = None,
    minutes: Annotated[int, typer.Option(help="Look this far back.")] = 60,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Did a test event from this page arrive? If not: unknown key, blocked origin, or nothing.

    Exit status 0 when it arrived, 1 otherwise, 2 on bad input."""
    from warehouse.verify import VerifyError
    from warehouse.verify import verify as check

    settings = load()
    try:
        with hub(settings) as con:
            result = check(settings, con, datetime.now(UTC), url=url, key=key, minutes=minutes)
    except VerifyError as exc:
        typer.echo(f"leadhub verify: {exc.field}: {exc}", err=True)
        raise typer.Exit(2) from None
    data = result.to_dict()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{data['verdict']}: {data['message_fr']}")
        for hint in data["hints"]:
            typer.echo(f"  - {hint['fr']}")
    raise typer.Exit(0 if result.ok else 1)


@health_app.callback(invoke_without_command=True)
def health(ctx: typer.Context) -> None:
    """Per LP and form: last event, events in the last hour and 24 h, quarantine rate."""
    if ctx.invoked_subcommand is not None:
        return
    from hub.calendar import PARIS
    from warehouse.lakeview import live_health

    settings = load()
    with hub(settings) as con:
        rows = live_health(settings, con, datetime.now(UTC))
    typer.echo(f"{'key':<24} {'last event (Paris)':<20} {'1 h':>6} {'24 h':>7} {'quar.':>6}")
    for h in rows:
        last = (
            h.last_event_at.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") if h.last_event_at else "—"
        )
        rate = h.quarantine_rate_24h
        shown = f"{100 * rate:.1f}%" if rate is not None else "—"
        typer.echo(f"{h.key or '*':<24} {last:<20} {h.events_1h:>6} {h.events_24h:>7} {shown:>6}")


@health_app.command("check")
def health_check() -> None:
    """Judge tracking health now: record alerts (and e-mail them). Exit 1 if an e-mail failed."""
    from warehouse.tracking_alerts import check_tracking

    settings = load()
    with hub(settings) as con:
        alerts = check_tracking(settings, con, datetime.now(UTC))
    for alert in alerts:
        typer.echo(f"{alert.action} [{alert.email.status}] {alert.message_fr}")
    if not alerts:
        typer.echo("no alert")
    if any(a.email.status == "failed" for a in alerts):
        typer.echo(f"alert e-mail FAILED: {alerts[0].email.error}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)
    app.command("verify")(verify)
