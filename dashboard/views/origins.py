"""Administration — allowed origins: the sites (``http(s)://host[:port]``) that may send tracking
events for an account. LP and form URLs add theirs; here they are added or removed by hand."""

from __future__ import annotations

import streamlit as st

from dashboard import admin, ui
from hub.services import catalogue

settings = ui.get_settings()
user = admin.require(settings, "catalogue.read")
actor = user.actor
st.title(ui.t("origins.title"))
admin.flash()

accounts = admin.account_choices(user)
account_id = st.selectbox(
    ui.t("col.account"), list(accounts), format_func=accounts.__getitem__, key="origins_account"
)
if account_id is None:
    st.stop()
found = admin.call(settings, lambda con: catalogue.list_origins(con, actor, account_id))
origins = list(found["origins"]) if found else []
admin.table([{"origin": o} for o in origins], {"origin": "col.origin"})
if not actor.may("catalogue.write"):
    st.stop()

with st.form("origin_add", clear_on_submit=True):
    origin = st.text_input(ui.t("col.origin"), placeholder="https://www.example.fr")
    if st.form_submit_button(ui.t("origins.add"), type="primary"):
        admin.change(
            settings,
            lambda con, now: catalogue.add_origin(con, actor, account_id, {"origin": origin}, now),
            ui.t("origins.added", origin=origin),
        )

if origins:
    gone = st.selectbox(ui.t("origins.remove_which"), origins, key="origin_remove_pick")
    if st.button(ui.t("origins.remove"), key="origin_remove"):
        admin.change(
            settings,
            lambda con, now: catalogue.remove_origin(con, actor, account_id, gone, now),
            ui.t("origins.removed", origin=gone),
        )
