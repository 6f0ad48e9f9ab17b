"""Administration — API keys: per account, with a role never above the creator's; the key is
shown once (stored hashed, its prefix visible); renamed or given another role; revoked keys get
401 at once."""

from __future__ import annotations

import streamlit as st

from dashboard import admin, ui
from hub.services import api_keys
from hub.services.actor import ROLES

settings = ui.get_settings()
user = admin.require(settings, "keys.read")
actor = user.actor
st.title(ui.t("keys.title"))
admin.flash()

keys = admin.items(admin.call(settings, lambda con: api_keys.list_keys(con, actor, 0, 1000)))
admin.table(
    keys,
    {
        "name": "col.name",
        "prefix": "col.prefix",
        "role": "col.role",
        "account_id": "col.account",
        "created_at": "col.created_at",
        "last_used_at": "col.last_used_at",
        "revoked_at": "col.revoked_at",
    },
)
if not actor.may("keys.write"):
    st.stop()

accounts = admin.account_choices(user)
grantable = [r for r in ROLES if actor.may_grant(r)]
with st.expander(ui.t("keys.create"), expanded=not keys), st.form("key_create"):
    account = st.selectbox(
        ui.t("col.account"), list(accounts), format_func=accounts.__getitem__, key="key_account"
    )
    name = st.text_input(ui.t("col.name"), key="key_name")
    role = st.selectbox(
        ui.t("col.role"), grantable, format_func=admin.role_label, index=0, key="key_role"
    )
    if st.form_submit_button(ui.t("admin.create"), type="primary"):
        payload = {"account_id": account, "name": name, "role": role}
        admin.change(
            settings,
            lambda con, now: api_keys.create_key(con, actor, payload, now),
            ui.t("keys.created", name=name),
            secret=(ui.t("keys.the_key"), "key"),
        )

live = [k for k in keys if not k["revoked_at"] and not k.get("provider_id")]
changing = admin.pick(ui.t("keys.edit_which"), live, "key_edit_pick")
if changing is not None and changing["role"] in grantable:
    with st.form("key_edit"):
        new_name = st.text_input(ui.t("col.name"), value=changing["name"], key="key_edit_name")
        new_role = st.selectbox(
            ui.t("col.role"),
            grantable,
            index=grantable.index(changing["role"]),
            format_func=admin.role_label,
            key="key_edit_role",
        )
        if st.form_submit_button(ui.t("admin.save")):
            changes = {"name": new_name, "role": new_role}
            edit_id = str(changing["id"])
            admin.change(
                settings,
                lambda con, now: api_keys.update_key(con, actor, edit_id, changes, now),
                ui.t("keys.updated", name=new_name),
            )

current = admin.pick(ui.t("keys.revoke_which"), live, "key_revoke_pick")
if current is not None and st.button(ui.t("keys.revoke"), key="key_revoke"):
    key_id = str(current["id"])
    admin.change(
        settings,
        lambda con, now: api_keys.revoke_key(con, actor, key_id, now),
        ui.t("keys.revoked", name=current["name"]),
    )
