"""``leadhub privacy dsar|ledger|retention``: personal data (GDPR, decision 0052) without SQL —
a person's export (JSON or the readable HTML page), the consent ledger of a period (JSON or
CSV), the retention status and a run (``--dry-run`` counts only).

Thin callers of the hub services (the same code as API v1), acting as ``--key`` or the server's
operator (:func:`leadhub.cli.context.acting`). Errors print as the API states them (exit code 1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from leadhub.cli.context import acting, echo_json, hub, run_op, utc_now
from leadhub.cli.context import settings as load

privacy_app = typer.Typer(
    help="Personal data: a person's export (DSAR), the consent ledger, retention.",
    no_args_is_help=True,
)

OutOption = Annotated[Path | None, typer.Option("--out", help="Write to this file (else stdout).")]


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"written: {out}", err=True)


def _emit_json(value: Any, out: Path | None) -> None:
    if out is None:
        echo_json(value)
    else:
        _emit(json.dumps(value, ensure_ascii=False, indent=2) + "\n", out)


@privacy_app.command("dsar")
def dsar_cmd(
    phone: Annotated[str | None, typer.Option(help="The person's phone (French).")] = None,
    email: Annotated[str | None, typer.Option(help="The person's e-mail.")] = None,
    html: Annotated[bool, typer.Option("--html", help="The readable page, not JSON.")] = False,
    lang: Annotated[str, typer.Option(help="Page language: fr or en.")] = "fr",
    out: OutOption = None,
) -> None:
    """A person's export: every lead by phone and/or e-mail, consent proof, buyers, activity."""
    from hub.errors import ApiError
    from hub.services import dsar, dsar_html
    from leadhub.cli.context import fail

    with hub() as con:
        try:
            found = dsar.export(con, acting(con), phone, email, utc_now())
        except ApiError as exc:
            fail(exc, 1)
    if html:
        _emit(dsar_html.render(found, lang), out)
    else:
        _emit_json(found, out)


@privacy_app.command("ledger")
def ledger_cmd(
    start: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD, Paris) or time.")],
    end: Annotated[str, typer.Option("--to", help="Day after the last (excluded) or time.")],
    csv: Annotated[bool, typer.Option("--csv", help="CSV rather than JSON.")] = False,
    out: OutOption = None,
) -> None:
    """The consent ledger of [from, to): lead, time, form, version, page, truncated IP, buyers."""
    from hub.errors import ApiError
    from hub.services import consent_ledger
    from leadhub.cli.context import fail

    with hub() as con:
        try:
            found = consent_ledger.ledger(con, acting(con), start, end)
        except ApiError as exc:
            fail(exc, 1)
    if csv:
        _emit(consent_ledger.to_csv(found), out)
    else:
        _emit_json(found, out)


@privacy_app.command("retention")
def retention_cmd(
    run: Annotated[bool, typer.Option("--run", help="Anonymise now (else: the status).")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what a run would change.")
    ] = False,
) -> None:
    """Retention: the period, the last run; ``--dry-run`` counts, ``--run`` anonymises."""
    from hub.services import retention
    from warehouse import retention as retention_run

    settings = load()
    if run or dry_run:
        run_op(
            lambda con: retention_run.run(
                con, acting(con), settings, utc_now(), dry_run=dry_run or not run
            )
        )
    else:
        run_op(lambda con: retention.status(con, acting(con), settings, utc_now()))
