"""Finance — prepaid balances: the balance of each prepaid buyer (euros HT), its history (top-ups,
sales, refunds, credits) and, for finance and admins, a top-up confirmed before it is made.
Through :mod:`hub.services.prepaid` (``billing.read`` to read, ``billing.write`` to top up)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import streamlit as st

from dashboard import admin, i18n, ui
from hub.calendar import PARIS
from hub.services import prepaid

PENDING: Final = "prepaid_pending"

settings = ui.get_settings()
user = admin.require(settings, "billing.read")
actor = user.actor
lang = ui.lang()
st.title(ui.t("prepaid.title"))
st.caption(ui.t("prepaid.intro"))
admin.flash()


def euros(cents: int) -> str:
    return i18n.fmt_money(cents / 100, lang)


def when(value: str | None) -> str:
    if not value:
        return ""
    return i18n.fmt_datetime(datetime.fromisoformat(value).astimezone(PARIS), lang)


result = admin.call(settings, lambda con: prepaid.balances(con, actor, 0, 1000))
rows = admin.items(result)
if not rows:
    st.info(ui.t("prepaid.none"))
    st.stop()
shown = [
    {**r, "id": r["buyer_id"], "balance": euros(r["balance_cents"]), "when": when(r["updated_at"])}
    for r in rows
]
admin.table(
    shown,
    {
        "name": "prepaid.buyer",
        "id": "col.id",
        "account_id": "col.account",
        "balance": "prepaid.balance",
        "when": "prepaid.updated_at",
    },
)

buyer = admin.pick(ui.t("prepaid.buyer"), shown, "prepaid_buyer")
if buyer is None:
    st.stop()
buyer_id = str(buyer["buyer_id"])
if not buyer["prepaid"]:
    st.warning(ui.t("prepaid.cycle_changed", cycle=ui.t(f"cycle.{buyer['billing_cycle']}")))
st.metric(ui.t("prepaid.balance"), f"{euros(buyer['balance_cents'])} €")


def top_up_form() -> None:
    """Amount and reference, then a confirmation naming both before anything is written."""
    pending: dict[str, Any] | None = st.session_state.get(PENDING)
    if pending is not None and pending["buyer_id"] == buyer_id:
        amount = euros(pending["amount_cents"])
        st.warning(ui.t("prepaid.confirm", amount=amount, name=buyer["name"], note=pending["note"]))
        yes, no = st.columns(2)
        if no.button(ui.t("prepaid.cancel"), key="prepaid_cancel"):
            st.session_state.pop(PENDING, None)
            st.rerun()
        if yes.button(ui.t("prepaid.confirm_yes"), type="primary", key="prepaid_confirm"):
            st.session_state.pop(PENDING, None)
            body = {"amount_cents": pending["amount_cents"], "note": pending["note"]}
            admin.change(
                settings,
                lambda con, now: prepaid.top_up(con, actor, buyer_id, body, now),
                ui.t("prepaid.done", name=buyer["name"], amount=amount),
            )
        return
    with st.form("prepaid_top_up"):
        value = st.number_input(
            ui.t("prepaid.amount_eur"),
            min_value=0.0,
            max_value=prepaid.MAX_TOP_UP_CENTS / 100,
            step=10.0,
            format="%.2f",
            key="prepaid_amount",
        )
        note = st.text_input(
            ui.t("prepaid.note"), help=ui.t("prepaid.note_help"), key="prepaid_note"
        )
        if st.form_submit_button(ui.t("prepaid.submit")):
            st.session_state[PENDING] = {
                "buyer_id": buyer_id,
                "amount_cents": round(float(value) * 100),
                "note": note.strip(),
            }
            st.rerun()


if actor.may("billing.write"):
    st.subheader(ui.t("prepaid.top_up"))
    top_up_form()
else:
    st.caption(ui.t("prepaid.read_only"))

st.subheader(ui.t("prepaid.history"))
history = admin.call(settings, lambda con: prepaid.history(con, actor, buyer_id, 0, 500))
admin.table(
    [
        {
            **m,
            "when": when(m["created_at"]),
            "kind": ui.t(f"prepaid.kind.{m['kind']}"),
            "amount": euros(m["amount_cents"]),
            "after": euros(m["balance_after_cents"]),
        }
        for m in admin.items(history)
    ],
    {
        "when": "prepaid.when",
        "kind": "prepaid.kind",
        "amount": "prepaid.amount",
        "after": "prepaid.after",
        "note": "prepaid.note",
        "delivery_id": "prepaid.delivery",
        "actor": "col.actor",
    },
)
