"""Opérations — commandes: the list of the user's commandes; ops create and edit every field
(caps, calendar, validity, sharing, backlog), see the simulate preview on the last 30 days
before "Enregistrer" saves exactly what was simulated, and deactivate after a confirmation
that shows the same preview. Every read and write goes through :mod:`hub.services.commandes`."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import streamlit as st

from dashboard import admin, commandes_form, commandes_preview, ui
from hub.db import utcnow
from hub.services import buyers, commandes, products

PREVIEW: Final = "cmd_preview"  # {"target": id or None, "payload": {...}, "result": {...}}
CONFIRM: Final = "cmd_confirm"  # the commande whose deactivation awaits a confirmation
NEW: Final = "__new__"
DAYS = commandes_preview.DAYS
CAPS = ("daily_cap", "weekly_cap", "monthly_cap")

settings = ui.get_settings()
user = admin.require(settings, "commandes.read")
actor = user.actor
lang = ui.lang()
st.title(ui.t("cmd.title"))
admin.flash()

rows = admin.items(admin.call(settings, lambda con: commandes.list_commandes(con, actor, 0, 10**6)))
buyer_rows = admin.items(admin.call(settings, lambda con: buyers.list_buyers(con, actor, 0, 10**6)))
buyer_names = {str(b["id"]): str(b["name"]) for b in buyer_rows}


def listed(row: Mapping[str, Any]) -> dict[str, Any]:
    deps = row["departements"]
    caps = {k: "—" if row[k] is None else str(row[k]) for k in CAPS}
    return {
        **row,
        **caps,
        "buyer": buyer_names.get(row["buyer_id"], row["buyer_id"]),
        "price": commandes_preview.money(row["price_cents"], lang),
        "departements": ui.t("cmd.all_departements") if deps == "*" else ", ".join(deps),
        "calendar": commandes_form.calendar_text(row, lang),
    }


admin.table(
    [listed(r) for r in rows],
    {
        "name": "col.name",
        "buyer": "cmd.col.buyer",
        "product_code": "col.product",
        "price": "cmd.col.price",
        "daily_cap": "cmd.col.daily_cap",
        "weekly_cap": "cmd.col.weekly_cap",
        "monthly_cap": "cmd.col.monthly_cap",
        "priority": "cmd.col.priority",
        "weight": "cmd.col.weight",
        "calendar": "cmd.col.calendar",
        "departements": "cmd.col.departements",
        "active": "col.active",
        "id": "col.id",
    },
)
if not actor.may("commandes.write"):
    st.stop()

by_id = {str(r["id"]): r for r in rows}
choice = st.selectbox(
    ui.t("cmd.pick"),
    [NEW, *by_id],
    format_func=lambda c: ui.t("cmd.new") if c == NEW else f"{by_id[c]['name']} ({c})",
    key="cmd_pick",
)
current: dict[str, Any] = by_id.get(choice, {})
target: str | None = current.get("id")
choices = {str(b["id"]): str(b["name"]) for b in buyer_rows if b["active"]}
if target is not None:  # its buyer stays choosable, even archived
    choices.setdefault(current["buyer_id"], buyer_names.get(current["buyer_id"], ""))
if not choices:
    st.info(ui.t("cmd.no_buyer"))
    st.stop()
codes = [
    str(p["code"])
    for p in admin.items(
        admin.call(settings, lambda con: products.list_products(con, actor, 0, 1000))
    )
]
prefix = "cmd_new" if target is None else f"cmd_{target}"
if current and not current["active"]:
    st.caption(ui.t("cmd.inactive_note"))
with st.form(f"{prefix}_form"):
    payload = commandes_form.fields(prefix, current, choices, codes)
    st.caption(ui.t("cmd.simulate_help", days=DAYS))
    simulate = st.form_submit_button(ui.t("cmd.simulate"), type="primary")


def run_simulation(sent: dict[str, Any]) -> None:
    """Simulate ``sent`` (a new commande's fields, or an existing one's changed fields)."""
    st.session_state.pop(PREVIEW, None)
    result = admin.call(
        settings,
        lambda con: commandes.simulate_commande(con, actor, target, sent, DAYS, utcnow()),
    )
    if result is not None:
        st.session_state[PREVIEW] = {"target": target, "payload": sent, "result": result}


def forget_form() -> None:
    """Drop this form's widget values: the next run shows the commande as stored (a value kept
    from before a save or a deactivation would be sent back as a change)."""
    for key in [k for k in st.session_state if str(k).startswith(prefix + "_")]:
        del st.session_state[key]


def save(sent: dict[str, Any]) -> None:
    """Save exactly what was simulated, through the service (which validates it again)."""
    st.session_state.pop(PREVIEW, None)

    def op(con: sqlite3.Connection, now: datetime) -> dict[str, Any]:
        if target is None:
            done = commandes.create_commande(con, actor, sent, now)
        else:
            done = commandes.update_commande(con, actor, target, sent, now)
        forget_form()
        return done

    name = sent.get("name", current.get("name"))
    admin.change(settings, op, ui.t("cmd.created" if target is None else "cmd.saved", name=name))


if simulate:
    sent = commandes_form.changes(current, payload) if current else payload
    if current and not sent:
        st.session_state.pop(PREVIEW, None)
        st.info(ui.t("cmd.no_change"))
    else:
        run_simulation(sent)
pending = st.session_state.get(PREVIEW)
if isinstance(pending, dict) and pending["target"] == target:
    commandes_preview.show(pending["result"])
    st.caption(ui.t("cmd.save_note"))
    if st.button(ui.t("cmd.save"), type="primary", key="cmd_save"):
        save(pending["payload"])


def deactivate(cid: str, name: str) -> None:
    """Deactivation asks for a confirmation, showing what it would have changed."""
    if st.button(ui.t("cmd.deactivate"), key="cmd_deactivate"):
        st.session_state[CONFIRM] = cid
    if st.session_state.get(CONFIRM) != cid:
        return
    st.warning(ui.t("cmd.deactivate_ask", name=name))
    stop = {"active": False}
    result = admin.call(
        settings, lambda con: commandes.simulate_commande(con, actor, cid, stop, DAYS, utcnow())
    )
    if result is not None:
        commandes_preview.show(result)

    def op(con: sqlite3.Connection, now: datetime) -> dict[str, Any]:
        done = commandes.update_commande(con, actor, cid, stop, now)
        forget_form()
        return done

    yes, no = st.columns(2)
    if yes.button(ui.t("cmd.deactivate_confirm"), type="primary", key="cmd_deactivate_yes"):
        st.session_state.pop(CONFIRM, None)
        admin.change(settings, op, ui.t("cmd.deactivated", name=name))
    if no.button(ui.t("cmd.cancel"), key="cmd_deactivate_no"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


if target is not None and current["active"]:
    deactivate(target, str(current["name"]))
