"""``leadhub costs import|list``: ad spend per day × source × campaign, without SQL.

Thin callers of :mod:`hub.services.costs` (the same code as ``POST /v1/costs``), acting as
``--key`` or the server's operator. A file with a bad row prints each bad line and field and
imports nothing (exit code 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadhub.cli.context import acting, run_op, utc_now

costs_app = typer.Typer(
    help="Ad costs: import a CSV (ours, Google Ads or Meta export), list.", no_args_is_help=True
)


@costs_app.command("import")
def costs_import(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="The CSV file to import.")
    ],
    account: Annotated[str, typer.Option("--account", help="The account that paid.")],
) -> None:
    """Import ad spend: columns date, source, campaign, cost (or a Google Ads / Meta export);
    the same day × source × campaign imported again replaces it."""
    from hub.services import costs
    from hub.services.cost_csv import decode

    text = decode(file.read_bytes())
    run_op(lambda con: costs.import_costs(con, acting(con), account, text, utc_now(), file.name))


@costs_app.command("list")
def costs_list(
    account: Annotated[str | None, typer.Option("--account", help="Only this account.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    campaign: Annotated[str | None, typer.Option(help="Only this campaign.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this day.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To this day.")] = None,
    limit: Annotated[int, typer.Option(help="At most N.")] = 500,
) -> None:
    """Ad spend rows, newest day first, as JSON (with the total of what matched)."""
    from hub.services import costs

    given = {
        "account_id": account,
        "source": source,
        "campaign": campaign,
        "date_from": date_from,
        "date_to": date_to,
    }
    filters = {k: v for k, v in given.items() if v is not None}
    run_op(lambda con: costs.list_costs(con, acting(con), filters, 0, limit))
