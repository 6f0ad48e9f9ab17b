"""``leadhub leads list|show|test``: search the leads, read one with its timeline, flag one as
test traffic. Thin callers of :mod:`hub.services.leads`, acting as ``--key`` (its role and
accounts) or the server's operator; the other lead ops (requeue, reroute, return) are in
:mod:`leadhub.cli.ops`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from leadhub.cli.context import acting, run_op, utc_now

Opt = Annotated[str | None, typer.Option()]


def list_cmd(
    q: Annotated[
        str | None, typer.Argument(help="Phone, e-mail or name, or a part of one.")
    ] = None,
    phone: Annotated[
        str | None, typer.Option(help="Phone, whole or a part (06 12…, +33612…).")
    ] = None,
    email: Annotated[str | None, typer.Option(help="E-mail or a part of it.")] = None,
    name: Annotated[str | None, typer.Option(help="Name words (no case, no accents).")] = None,
    status: Annotated[str | None, typer.Option(help="new, routed, sold, unrouted, held, …")] = None,
    source: Opt = None,
    campaign: Opt = None,
    lp: Annotated[str | None, typer.Option(help="Landing page id or key.")] = None,
    form: Annotated[str | None, typer.Option(help="Form id or key.")] = None,
    buyer: Annotated[str | None, typer.Option(help="Sold to this buyer id.")] = None,
    departement: Opt = None,
    since: Annotated[str | None, typer.Option(help="From this Paris day or ISO time.")] = None,
    until: Annotated[str | None, typer.Option(help="To this Paris day (included).")] = None,
    test: Annotated[
        bool | None, typer.Option("--test/--no-test", help="Only test leads, or none.")
    ] = None,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most N leads.")] = 50,
) -> None:
    """Leads matching every filter given, newest first, as JSON with the total."""
    from hub.services import leads

    given = {
        "q": q,
        "phone": phone,
        "email": email,
        "name": name,
        "status": status,
        "source": source,
        "campaign": campaign,
        "lp": lp,
        "form": form,
        "buyer": buyer,
        "departement": departement,
        "since": since,
        "until": until,
        "is_test": None if test is None else str(test).lower(),
    }
    filters = {k: v for k, v in given.items() if v is not None}
    run_op(lambda con: leads.list_leads(con, acting(con), filters, offset, limit))


def show_cmd(lead_id: str) -> None:
    """One lead with its decisions (in French too), deliveries, credits and timeline, as JSON."""
    from hub.services import leads

    run_op(lambda con: leads.get_lead(con, acting(con), lead_id))


def test_cmd(
    lead_id: str,
    undo: Annotated[bool, typer.Option("--undo", help="Take the test flag off.")] = False,
) -> None:
    """Flag a lead as test traffic (kept out of billing and funnels); logged."""
    from hub.services import leads

    run_op(lambda con: leads.set_test(con, acting(con), lead_id, not undo, utc_now()))


def register(app: typer.Typer) -> None:
    """Add ``list``, ``show`` and ``test`` to the ``leadhub leads`` group."""
    app.command("list")(list_cmd)
    app.command("show")(show_cmd)
    app.command("test")(test_cmd)
