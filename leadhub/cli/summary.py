"""``leadhub summary send``: the daily or weekly summary e-mail per entity, by hand (the Dagster
schedules send them on their own; see pipelines/defs/summaries)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

import typer

from leadhub.cli.context import hub
from leadhub.cli.context import settings as load

summary_app = typer.Typer(help="Daily and weekly summary e-mails per entity.", no_args_is_help=True)


class PeriodKind(StrEnum):
    day = "day"
    week = "week"


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        typer.echo(f"leadhub summary: --day: not a date (YYYY-MM-DD): {value!r}", err=True)
        raise typer.Exit(2) from None


@summary_app.command("send")
def send(
    period: Annotated[PeriodKind, typer.Option(help="day (yesterday) or week (last week).")],
    day: Annotated[
        str | None, typer.Option(help="A day of the period (YYYY-MM-DD); default: the last one.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print, send nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Send again if already sent.")] = False,
) -> None:
    """E-mail each entity its summary of a Paris day or week, to LEADHUB_ALERT_RECIPIENTS.
    Exit 1 when an e-mail failed or no SMTP server / recipient is set (except --dry-run)."""
    from hub.summaries import last_complete, period_of, send_summaries

    chosen = _day(day)
    now = datetime.now(UTC)
    which = period_of(period.value, chosen) if chosen else last_complete(period.value, now)
    settings = load()
    with hub(settings) as con:
        outcomes = send_summaries(settings, con, which, now, dry_run=dry_run, force=force)
    for o in outcomes:
        if dry_run:
            typer.echo(f"Subject: {o.subject}\n\n{o.text}")
        else:
            error = f": {o.error}" if o.error else ""
            typer.echo(f"{o.period} {o.entity_id} [{o.status}]{error}")
    if any(o.status in ("failed", "not_configured") for o in outcomes):
        typer.echo(
            "summary e-mail NOT sent (set LEADHUB_SMTP_HOST and LEADHUB_ALERT_RECIPIENTS)"
            if all(o.status != "failed" for o in outcomes)
            else "summary e-mail FAILED",
            err=True,
        )
        raise typer.Exit(1)
