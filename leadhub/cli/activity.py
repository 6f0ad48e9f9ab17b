"""``leadhub activity``: the activity log (who changed what, when), newest first, as JSON."""

from __future__ import annotations

from typing import Annotated

import typer

from leadhub.cli.context import acting, run_op


def activity(
    action: Annotated[str | None, typer.Option(help="An action or its prefix: commande.")] = None,
    by: Annotated[str | None, typer.Option(help="The actor: cli, api_key:key_…, user:…")] = None,
    subject: Annotated[str | None, typer.Option(help="The object changed (an id).")] = None,
    since: Annotated[str | None, typer.Option(help="From this ISO date or time.")] = None,
    until: Annotated[str | None, typer.Option(help="Before this ISO date or time.")] = None,
    limit: Annotated[int, typer.Option(help="At most N entries.")] = 50,
) -> None:
    """The activity log (every change, with its actor), newest first, as JSON."""
    from hub.services import activity as service

    filters = {"action": action, "actor": by, "subject": subject, "since": since, "until": until}
    run_op(lambda con: service.list_activity(con, acting(con), filters, 0, limit))


def register(app: typer.Typer) -> None:
    app.command("activity")(activity)
