"""Operations — the delivery queue: per buyer its circuit breaker, success rate and p95 latency
over 24 h; the deliveries pending, retrying (next attempt, last error) and the dead letters.
Ops select dead letters and requeue them in one confirmed action once the buyer is fixed (the
button is not offered to a role without ``leads.operate``). Everything goes through
:mod:`hub.services.deliveries`, as API v1 and the CLI do."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import admin, ui
from hub.db import utcnow
from hub.services import deliveries

SHOWN = 500  # per status; the total says when there are more
CONFIRM_KEY = "queue_confirm"

settings = ui.get_settings()
user = admin.require(settings, "leads.read")
actor = user.actor
st.title(ui.t("queue.title"))
admin.flash()

stats = admin.call(settings, lambda con: deliveries.buyer_stats(con, actor, settings, utcnow()))
buyers = admin.items(stats)
names = {str(b["buyer_id"]): str(b["buyer_name"]) for b in buyers}
chosen = st.selectbox(
    ui.t("queue.buyer"),
    [None, *names],
    format_func=lambda b: ui.t("queue.all_buyers") if b is None else f"{names[b]} ({b})",
    key="queue_buyer",
)

st.subheader(ui.t("queue.buyers"))
admin.table(
    [
        {
            **b,
            "breaker_state": ui.t(f"breaker.{b['breaker']['state']}"),
            "success": None if b["success_rate"] is None else f"{b['success_rate']:.0%}",
            # Text, like the rate: a buyer with no call has none, and Arrow cannot mix "" and
            # numbers in one column (the page failed as soon as one buyer had no call).
            "p95": None if b["p95_ms"] is None else str(round(b["p95_ms"])),
        }
        for b in buyers
        if chosen is None or b["buyer_id"] == chosen
    ],
    {
        "buyer_name": "queue.buyer",
        "breaker_state": "col.breaker",
        "success": "col.success_rate",
        "p95": "col.p95",
        "calls": "col.calls",
        "pending": "col.pending",
        "retrying": "col.retrying",
        "dead": "col.dead",
    },
)


def queue(status: str) -> tuple[list[dict[str, Any]], int]:
    page = admin.call(
        settings,
        lambda con: deliveries.list_deliveries(con, actor, status, buyer_id=chosen, limit=SHOWN),
    )
    return admin.items(page), int(page["total"]) if page else 0


COLUMNS = {
    "lead_id": "col.lead",
    "buyer_name": "queue.buyer",
    "product_code": "col.product",
    "attempts": "col.attempts",
    "last_error": "col.last_error",
    "last_call_error": "col.last_call_error",
    "next_attempt_at": "col.next_attempt",
    "created_at": "col.delivery_created",
}
lists = {status: queue(status) for status in deliveries.STATUSES}
tabs = st.tabs([ui.t(f"queue.{status}", n=total) for status, (_, total) in lists.items()])
for tab, (status, (rows, total)) in zip(tabs, lists.items(), strict=True):
    with tab:
        shown = {k: v for k, v in COLUMNS.items() if status != "dead" or k != "next_attempt_at"}
        admin.table(rows, {**shown, "updated_at": "col.updated_at"} if status == "dead" else shown)
        if total > len(rows):
            st.caption(ui.t("queue.more", shown=len(rows), total=total))

dead, _ = lists["dead"]
if not actor.may("leads.operate") or not dead:
    st.stop()

by_id = {str(d["id"]): d for d in dead}
picked = st.multiselect(
    ui.t("queue.pick"),
    list(by_id),
    format_func=lambda i: f"{by_id[i]['lead_id']} → {by_id[i]['buyer_name']}",
    help=ui.t("queue.pick_help"),
    placeholder=ui.t("queue.pick_placeholder"),
    key="queue_pick",
)
if st.button(ui.t("queue.requeue"), disabled=not picked, type="primary", key="queue_requeue"):
    st.session_state[CONFIRM_KEY] = list(picked)
pending = st.session_state.get(CONFIRM_KEY)
if isinstance(pending, list) and pending:
    st.warning(ui.t("queue.confirm", n=len(pending)))
    yes, no = st.columns(2)
    if no.button(ui.t("queue.cancel"), key="queue_cancel"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    if yes.button(ui.t("queue.confirm_yes"), type="primary", key="queue_confirm_yes"):
        st.session_state.pop(CONFIRM_KEY, None)
        ids = {"ids": pending}
        done = admin.call(settings, lambda con: deliveries.requeue(con, actor, ids, utcnow()))
        if done is not None:
            message = ui.t("queue.requeued", n=len(done["requeued"]))
            if done["unchanged"]:
                message += " " + ui.t("queue.unchanged", n=len(done["unchanged"]))
            st.session_state[admin.FLASH_KEY] = (message, None)
            st.session_state.pop("queue_pick", None)
            st.rerun()
