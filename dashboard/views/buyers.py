"""Administration — buyers: legal identity, contact, webhook URL, dedupe, return window, billing
cycle and payment terms, test buyer (test leads only, never billed); the signing secret is
generated and shown once (stored encrypted, never shown again). Ops and admins write, and set
the delivery mode and settings (:mod:`dashboard.buyer_delivery`). Archived, never deleted."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import admin, buyer_delivery, ui
from hub.services import buyer_fields, buyers

settings = ui.get_settings()
user = admin.require(settings, "buyers.read")
actor = user.actor
st.title(ui.t("buyers.title"))
admin.flash()

rows = admin.items(admin.call(settings, lambda con: buyers.list_buyers(con, actor, 0, 1000)))
admin.table(
    rows,
    {
        "name": "col.name",
        "id": "col.id",
        "account_id": "col.account",
        "contact_email": "col.email",
        "webhook_url": "col.webhook_url",
        "delivery_mode": "col.delivery_mode",
        "dedupes": "col.dedupes",
        "return_window_days": "col.return_window_days",
        "billing_cycle": "col.billing_cycle",
        "is_test": "col.is_test",
        "siren": "col.siren",
        "active": "col.active",
        "misconfigured": "col.misconfigured",
    },
)
if not actor.may("buyers.write"):
    st.stop()


def details(prefix: str, current: dict[str, Any]) -> dict[str, Any]:
    """The buyer's editable fields (inside an ``st.form``) as a service payload."""
    cycle = current.get("billing_cycle") or "monthly"
    return {
        **admin.identity_inputs(prefix, current),
        "contact_email": admin.text_or_none(
            st.text_input(
                ui.t("col.email"), value=current.get("contact_email") or "", key=f"{prefix}_e"
            )
        ),
        "webhook_url": st.text_input(
            ui.t("col.webhook_url"),
            value=current.get("webhook_url") or "",
            placeholder="https://",
            key=f"{prefix}_u",
        ),
        "dedupes": st.checkbox(
            ui.t("col.dedupes"), value=bool(current.get("dedupes", True)), key=f"{prefix}_d"
        ),
        "return_window_days": int(
            st.number_input(
                ui.t("col.return_window_days"),
                min_value=0,
                max_value=365,
                value=int(current.get("return_window_days", 7)),
                key=f"{prefix}_w",
            )
        ),
        "billing_cycle": st.selectbox(
            ui.t("col.billing_cycle"),
            buyer_fields.CYCLES,
            index=buyer_fields.CYCLES.index(cycle),
            format_func=lambda c: ui.t(f"cycle.{c}"),
            key=f"{prefix}_c",
        ),
        "payment_days": int(
            st.number_input(
                ui.t("col.payment_days"),
                min_value=buyer_fields.PAYMENT_DAYS[0],
                max_value=buyer_fields.PAYMENT_DAYS[1],
                value=int(current.get("payment_days", 30)),
                key=f"{prefix}_p",
            )
        ),
        "is_test": st.checkbox(
            ui.t("col.is_test"),
            value=bool(current.get("is_test", False)),
            help=ui.t("buyers.is_test_help"),
            key=f"{prefix}_t",
        ),
    }


accounts = admin.account_choices(user)
with st.expander(ui.t("buyers.create"), expanded=not rows), st.form("buyer_create"):
    account = st.selectbox(
        ui.t("col.account"), list(accounts), format_func=accounts.__getitem__, key="buyer_account"
    )
    payload = details("buyer_new", {})
    if st.form_submit_button(ui.t("admin.create"), type="primary"):
        payload["account_id"] = account
        admin.change(
            settings,
            lambda con, now: buyers.create_buyer(con, actor, settings, payload, now),
            ui.t("buyers.created", name=payload["name"]),
            secret=(ui.t("buyers.the_secret"), "secret"),
        )

current = admin.pick(ui.t("buyers.edit"), [r for r in rows if r["active"]], "buyer_edit")
if current is not None:
    buyer_id = str(current["id"])
    with st.form("buyer_update"):
        changes = details(f"buyer_{buyer_id}", current)
        if st.form_submit_button(ui.t("admin.save")):
            admin.change(
                settings,
                lambda con, now: buyers.update_buyer(con, actor, settings, buyer_id, changes, now),
                ui.t("admin.saved"),
            )
    if st.button(ui.t("admin.archive"), key="buyer_archive"):
        admin.change(
            settings,
            lambda con, now: buyers.archive_buyer(con, actor, buyer_id, now),
            ui.t("admin.archived", name=current["name"]),
        )
    buyer_delivery.section(settings, user, current)
