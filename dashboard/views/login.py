"""Sign-in page: e-mail and password checked against the hub users table."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, ui

settings = ui.get_settings()
user = ui.current_user(settings)
st.title(ui.t("login.title"))

if user is not None:
    st.success(ui.t("login.welcome", name=user.name))
    st.stop()

with st.form("login"):
    email = st.text_input(ui.t("login.email"), autocomplete="username")
    password = st.text_input(
        ui.t("login.password"), type="password", autocomplete="current-password"
    )
    submitted = st.form_submit_button(ui.t("login.submit"), type="primary")

if submitted:
    if not email.strip() or not password:
        st.error(ui.t("login.missing"))
        st.stop()
    try:
        found = auth.authenticate(settings.hub_db, email, password)
    except auth.HubUnavailable as exc:
        st.error(ui.t("login.hub_unavailable", reason=exc))
        st.stop()
    if found is None:
        st.error(ui.t("login.failed"))
        st.stop()
    ui.sign_in(found)
    st.rerun()
