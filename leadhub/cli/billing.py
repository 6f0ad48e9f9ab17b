"""``leadhub billing …``: close a period, list and show invoices and credit notes, save their
Factur-X PDF or CSV, mark them sent or paid — thin callers of :mod:`hub.services.billing`
acting as ``--key`` or the server's operator (:func:`leadhub.cli.context.acting`). Errors print
as the API states them (exit code 1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from leadhub.cli.context import acting, run_op, utc_now

billing_app = typer.Typer(
    help="Billing: close a period, invoices and credit notes, PDF/CSV, status.",
    no_args_is_help=True,
)


@billing_app.command("close")
def close(
    period: Annotated[str, typer.Option(help="YYYY-MM (monthly, prepaid) or YYYY-Www (weekly).")],
    buyer: Annotated[str | None, typer.Option(help="Only this buyer.")] = None,
) -> None:
    """Issue the period's invoices (one per buyer) and the credit notes due; closing again
    issues only what is new."""
    from hub.services.billing.close import close_period

    run_op(lambda con: close_period(con, acting(con), period, utc_now(), buyer_id=buyer))


@billing_app.command("list")
def list_(
    kind: Annotated[str | None, typer.Option(help="invoice or credit_note.")] = None,
    buyer: Annotated[str | None, typer.Option(help="A buyer id.")] = None,
    period: Annotated[str | None, typer.Option(help="2026-11 or 2026-W48.")] = None,
    status: Annotated[str | None, typer.Option(help="issued, sent or paid.")] = None,
    limit: Annotated[int, typer.Option(help="At most N.")] = 500,
) -> None:
    """Invoices and credit notes, newest first, as JSON."""
    from hub.services.billing.invoices import list_invoices

    filters = {"kind": kind, "buyer_id": buyer, "period": period, "status": status}
    run_op(lambda con: list_invoices(con, acting(con), filters, 0, limit))


@billing_app.command("show")
def show(invoice_id: str) -> None:
    """One document with its lines, as JSON."""
    from hub.services.billing.invoices import get_invoice

    run_op(lambda con: get_invoice(con, acting(con), invoice_id))


@billing_app.command("save")
def save(
    invoice_id: str,
    out: Annotated[Path, typer.Option(help="The file to write (.pdf or .csv).")],
) -> None:
    """Write the document's Factur-X PDF (``--out X.pdf``) or CSV (``--out X.csv``) as issued."""
    from hub.services.billing.invoices import invoice_file

    fmt = "csv" if out.suffix.lower() == ".csv" else "pdf"

    def write(con: sqlite3.Connection) -> dict[str, object]:
        name, content = invoice_file(con, acting(con), invoice_id, fmt)
        out.write_bytes(content)
        return {"number": Path(name).stem, "path": str(out), "bytes": len(content)}

    run_op(write)


@billing_app.command("status")
def status(invoice_id: str, to: Annotated[str, typer.Argument(help="sent or paid.")]) -> None:
    """Move a document forward: issued → sent → paid (logged)."""
    from hub.services.billing.invoices import set_status

    run_op(lambda con: set_status(con, acting(con), invoice_id, {"status": to}, utc_now()))


@billing_app.command("prefix")
def prefix(entity_id: str, value: str) -> None:
    """Set an entity's invoice number prefix (before its first document; unique)."""
    from hub.services.billing.prefix import set_prefix

    run_op(
        lambda con: set_prefix(con, acting(con), entity_id, {"invoice_prefix": value}, utc_now())
    )
