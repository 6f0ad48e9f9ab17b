"""Sign-in page: e-mail and password checked against the hub users table.

Too many failures of this e-mail or from this client refuse the attempt before the password is
checked; a success opens a hub session whose token becomes the sign-in cookie.
"""

from __future__ import annotations

import streamlit as st

from dashboard import auth, cookie, signin, ui

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
    client = cookie.client_address()
    try:
        wait = signin.wait_minutes(settings, email, client)
        if wait is not None:
            st.error(ui.t("login.rate_limited", n=wait))
            st.stop()
        found = auth.authenticate(settings.hub_db, email, password)
        if found is None:
            signin.failed(settings, email, client)
            st.error(ui.t("login.failed"))
            st.stop()
        token = signin.start(settings, found.id, email, client)
    except auth.HubUnavailable as exc:
        st.error(ui.t("login.hub_unavailable", reason=exc))
        st.stop()
    ui.sign_in(settings, found, token)
    st.rerun()
