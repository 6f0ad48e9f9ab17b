"""Administration — accounts: entities (legal identity printed on invoices: legal name, SIREN,
VAT number, address) and their brands. Admins create brands; only a super_admin creates or
archives an entity. Archived, never deleted (its new leads are held); unarchiving sends the held
leads back to routing."""

from __future__ import annotations

import streamlit as st

from dashboard import admin, ui
from hub.services import accounts

settings = ui.get_settings()
user = admin.require(settings, "accounts.read")
actor = user.actor
st.title(ui.t("accounts.title"))
admin.flash()

rows = admin.items(admin.call(settings, lambda con: accounts.list_accounts(con, actor, 0, 1000)))
admin.table(
    rows,
    {
        "name": "col.name",
        "id": "col.id",
        "kind": "col.kind",
        "parent_id": "col.parent",
        "legal_name": "col.legal_name",
        "siren": "col.siren",
        "vat_number": "col.vat_number",
        "archived_at": "col.archived_at",
    },
)
if not actor.may("accounts.write"):
    st.stop()


entities = {str(r["id"]): r["name"] for r in rows if r["kind"] == "entity" and not r["archived_at"]}
kinds = ["brand", "entity"] if actor.role == "super_admin" else ["brand"]
with st.expander(ui.t("accounts.create"), expanded=False), st.form("account_create"):
    kind = st.selectbox(
        ui.t("col.kind"), kinds, format_func=lambda k: ui.t(f"kind.{k}"), key="account_kind"
    )
    parent = st.selectbox(
        ui.t("accounts.parent_if_brand"), list(entities), format_func=entities.__getitem__
    )
    payload = admin.identity_inputs("account_new", {})
    if st.form_submit_button(ui.t("admin.create"), type="primary"):
        payload |= {"kind": kind, "parent_id": parent if kind == "brand" else None}
        admin.change(
            settings,
            lambda con, now: accounts.create_account(con, actor, payload, now),
            ui.t("accounts.created", name=payload["name"]),
        )

current = admin.pick(
    ui.t("accounts.edit"), [r for r in rows if not r["archived_at"]], "account_edit"
)
if current is not None:
    account_id = str(current["id"])
    with st.form("account_update"):
        changes = admin.identity_inputs(f"account_{account_id}", current)
        if st.form_submit_button(ui.t("admin.save")):
            admin.change(
                settings,
                lambda con, now: accounts.update_account(con, actor, account_id, changes, now),
                ui.t("admin.saved"),
            )
    if st.button(ui.t("admin.archive"), key="account_archive"):
        admin.change(
            settings,
            lambda con, now: accounts.archive_account(con, actor, account_id, now),
            ui.t("admin.archived", name=current["name"]),
        )

archived = [r for r in rows if r["archived_at"]]
gone = admin.pick(ui.t("accounts.unarchive_pick"), archived, "account_unarchive_pick")
if gone is not None and st.button(ui.t("accounts.unarchive"), key="account_unarchive"):
    gone_id = str(gone["id"])
    admin.change(
        settings,
        lambda con, now: accounts.unarchive_account(con, actor, gone_id, now),
        ui.t("accounts.unarchived", name=gone["name"]),
    )
