"""API v1 billing: close a period (``POST /v1/billing/close``), list and read invoices and
credit notes, to buyers and between entities (``GET /v1/invoices``, filters kind, buyer_id,
period, status, intercompany; paginated with a total), download them as issued (``/pdf``:
Factur-X PDF/A-3 with the EN 16931 XML embedded; ``/csv``), and move their status forward
(``POST /v1/invoices/{id}/status``).

Finance, admins and super_admins write; viewers read; ops and marketers get 403. Another
tenant's document is a 404. The work is done by :mod:`hub.services.billing`, shared with the
CLI and the dashboard.
"""

from __future__ import annotations

from typing import cast

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services.actor import Actor
from hub.services.billing import close, invoices
from ingest.api.bodies import BillingClose, InvoiceStatus
from ingest.api.deps import Page
from ingest.api.responses.billing import Closed, InvoiceDetail, InvoicePage

TAGS = ["API v1: billing"]
MEDIA = {"pdf": "application/pdf", "csv": "text/csv"}  # Litestar adds "; charset=utf-8" to text/


@post(
    "/v1/billing/close",
    opt={"permission": "billing.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Close a period: one invoice per buyer, credit notes for returns after issue",
    tags=TAGS,
)
def close_period(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: BillingClose
) -> Closed:
    return cast(Closed, close.close_request(hub.con(), actor, data, utcnow()))


@get(
    "/v1/invoices",
    opt={"permission": "billing.read"},
    sync_to_thread=True,
    summary="Invoices and credit notes (paginated, newest first)",
    tags=TAGS,
)
def list_invoices(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    kind: FromQuery[str | None] = None,
    buyer_id: FromQuery[str | None] = None,
    period: FromQuery[str | None] = None,
    status: FromQuery[str | None] = None,
    intercompany: FromQuery[str | None] = None,
) -> InvoicePage:
    """``kind``: invoice | credit_note; ``status``: issued | sent | paid; ``intercompany``:
    true (between entities) | false (to buyers)."""
    filters = {
        "kind": kind,
        "buyer_id": buyer_id,
        "period": period,
        "status": status,
        "intercompany": intercompany,
    }
    return cast(
        InvoicePage, invoices.list_invoices(hub.con(), actor, filters, page.offset, page.limit)
    )


@get(
    "/v1/invoices/{invoice_id:str}",
    opt={"permission": "billing.read"},
    sync_to_thread=True,
    summary="One invoice or credit note with its lines",
    tags=TAGS,
)
def get_invoice(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], invoice_id: FromPath[str]
) -> InvoiceDetail:
    return cast(InvoiceDetail, invoices.get_invoice(hub.con(), actor, invoice_id))


def _file(hub: Hub, actor: Actor, invoice_id: str, fmt: str) -> Response[bytes]:
    name, content = invoices.invoice_file(hub.con(), actor, invoice_id, fmt)
    return Response(
        content,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@get(
    "/v1/invoices/{invoice_id:str}/pdf",
    opt={"permission": "billing.read"},
    sync_to_thread=True,
    summary="The Factur-X PDF, byte for byte as issued",
    tags=TAGS,
    media_type=MEDIA["pdf"],
)
def invoice_pdf(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], invoice_id: FromPath[str]
) -> Response[bytes]:
    return _file(hub, actor, invoice_id, "pdf")


@get(
    "/v1/invoices/{invoice_id:str}/csv",
    opt={"permission": "billing.read"},
    sync_to_thread=True,
    summary="The CSV (semicolons, UTF-8), as issued",
    tags=TAGS,
    media_type=MEDIA["csv"],
)
def invoice_csv(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], invoice_id: FromPath[str]
) -> Response[bytes]:
    return _file(hub, actor, invoice_id, "csv")


@post(
    "/v1/invoices/{invoice_id:str}/status",
    opt={"permission": "billing.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Mark a document sent or paid (forward only, logged)",
    tags=TAGS,
)
def set_status(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    invoice_id: FromPath[str],
    data: InvoiceStatus,
) -> InvoiceDetail:
    return cast(InvoiceDetail, invoices.set_status(hub.con(), actor, invoice_id, data, utcnow()))


routes: list[HTTPRouteHandler] = [
    close_period,
    list_invoices,
    get_invoice,
    invoice_pdf,
    invoice_csv,
    set_status,
]
