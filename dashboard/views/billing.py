"""Finance — billing: the open period to date per buyer, the invoices and credit notes with
their status, their Factur-X PDF and CSV to download, marking them sent or paid, and closing a
period (confirmed). Finance, admins and super_admins act; viewers only read; the page calls
:mod:`hub.services.billing` as the signed-in user (the same code as API v1 and the CLI)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from functools import partial
from typing import Any

import streamlit as st

from dashboard import admin, ui
from hub.db import utcnow
from hub.services.billing import close, invoices, overview
from hub.services.billing.amounts import euros_fr

settings = ui.get_settings()
user = admin.require(settings, "billing.read")
actor = user.actor
writer = actor.may("billing.write")
st.title(ui.t("billing.title"))
admin.flash()

st.subheader(ui.t("billing.open"))
kind = st.radio(
    ui.t("billing.kind"),
    ("month", "week"),
    format_func=lambda k: ui.t(f"billing.kind.{k}"),
    horizontal=True,
    key="billing_kind",
)
opened: Any = admin.call(settings, lambda con: overview.open_period(con, actor, kind, utcnow()))
if opened:
    st.caption(ui.t("billing.open_caption", **{k: opened[k] for k in ("period", "first", "last")}))
    rows = [
        {
            **r,
            "sold": euros_fr(r["sold_cents"]),
            "pending": euros_fr(r["credits_pending_cents"]),
            "cycle": ui.t(f"cycle.{r['billing_cycle']}"),
        }
        for r in opened["items"]
    ]
    admin.table(
        rows,
        {
            "buyer_name": "col.buyer",
            "cycle": "col.billing_cycle_short",
            "leads_sold": "col.leads_sold",
            "sold": "col.sold_ht",
            "pending": "col.credits_pending",
        },
    )

st.subheader(ui.t("billing.documents"))
left, right = st.columns(2)
any_ = ui.t("billing.all")
kind_filter = left.selectbox(
    ui.t("billing.filter_kind"),
    (None, *invoices.KINDS),
    format_func=lambda k: ui.t(f"billing.doc_kind.{k}") if k else any_,
    key="billing_filter_kind",
)
status_filter = right.selectbox(
    ui.t("billing.filter_status"),
    (None, *invoices.STATUSES),
    format_func=lambda s: ui.t(f"billing.status.{s}") if s else any_,
    key="billing_filter_status",
)
filters = {"kind": kind_filter, "status": status_filter}
docs = admin.items(
    admin.call(settings, lambda con: invoices.list_invoices(con, actor, filters, 0, 1000))
)
admin.table(
    [
        {
            **d,
            "kind_label": ui.t(f"billing.doc_kind.{d['kind']}"),
            "status_label": ui.t(f"billing.status.{d['status']}"),
            "ht": euros_fr(d["total_ht_cents"]),
            "ttc": euros_fr(d["total_ttc_cents"]),
        }
        for d in docs
    ],
    {
        "number": "col.number",
        "kind_label": "col.kind",
        "buyer_name": "col.buyer",
        "period": "col.period",
        "issue_date": "col.issue_date",
        "due_date": "col.due_date",
        "ht": "col.total_ht",
        "ttc": "col.total_ttc",
        "status_label": "col.status",
        "refers_to_number": "col.refers_to",
    },
)
doc = admin.pick(ui.t("billing.pick"), docs, "billing_doc", name="number")
if doc is not None:
    doc_id = str(doc["id"])

    def _file(con: sqlite3.Connection, fmt: str) -> tuple[str, bytes]:
        return invoices.invoice_file(con, actor, doc_id, fmt)

    def _mark(con: sqlite3.Connection, now: datetime, status: str) -> dict[str, Any]:
        return invoices.set_status(con, actor, doc_id, {"status": status}, now)

    pdf_col, csv_col = st.columns(2)
    for col, fmt, mime in ((pdf_col, "pdf", "application/pdf"), (csv_col, "csv", "text/csv")):
        found = admin.call(settings, partial(_file, fmt=fmt))
        if found is not None:
            name, content = found
            col.download_button(
                ui.t(f"billing.download_{fmt}"), content, name, mime, key=f"billing_{fmt}"
            )
    if writer:
        for target in ("sent", "paid"):
            if invoices.STATUSES.index(target) <= invoices.STATUSES.index(doc["status"]):
                continue
            if st.button(ui.t(f"billing.mark_{target}"), key=f"billing_mark_{target}"):
                admin.change(
                    settings,
                    partial(_mark, status=target),
                    ui.t(
                        "billing.marked",
                        number=doc["number"],
                        status=ui.t(f"billing.status.{target}"),
                    ),
                )

if writer:
    st.subheader(ui.t("billing.close"))
    with st.form("billing_close"):
        suggested = opened["to_close"] if opened else ""
        period = st.text_input(
            ui.t("billing.period"),
            value=suggested,
            help=ui.t("billing.close_help"),
            key="billing_period",
        )
        confirmed = st.checkbox(ui.t("billing.confirm"), key="billing_confirm")
        if st.form_submit_button(ui.t("billing.close_button"), type="primary"):
            if not confirmed:
                st.warning(ui.t("billing.confirm_first"))
            else:
                done: Any = admin.call(
                    settings,
                    lambda con: close.close_request(con, actor, {"period": period}, utcnow()),
                )
                if done is not None:
                    message = ui.t("billing.closed", period=done["period"], n=len(done["issued"]))
                    for b in done["blocked"]:
                        gaps = "; ".join(f"{k} : {', '.join(v)}" for k, v in b["missing"].items())
                        message += " " + ui.t("billing.blocked", subject=b["subject"], gaps=gaps)
                    st.session_state[admin.FLASH_KEY] = (message, None)
                    st.rerun()
