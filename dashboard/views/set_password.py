"""Choose a password through a one-time link (``/set_password?token=…``), signed out.

The link comes from an admin (users page, API v1 or ``leadhub users password-link``). The page
says at once when the link is unknown, used, replaced or expired; otherwise the user types the
new password twice. Saving uses the link and ends every dashboard session of the user
(:mod:`hub.services.password_links`); the sign-in page is one click away.
"""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

import streamlit as st

from dashboard import auth, cookie, i18n, signin, ui
from hub.calendar import PARIS
from hub.errors import ApiError

settings = ui.get_settings()
st.title(ui.t("password.title"))
REASONS = ("unknown", "used", "revoked", "expired", "user_disabled")


def refused(err: ApiError) -> NoReturn:
    """The reason a link or a password is refused, in the page's language; the page stops."""
    reason = err.fields[0].reason if err.fields else ""
    if err.status_code == 429:
        wait = int(err.headers.get("Retry-After", "60"))
        st.error(ui.t("password.rate_limited", n=max(1, -(-wait // 60))))
    elif err.status_code in (404, 410) and reason in REASONS:
        st.error(ui.t(f"password.{reason}"))
    else:
        lang = ui.lang()
        lines = [f"- {f.message_fr if lang == 'fr' else f.message_en}" for f in err.fields]
        st.error("\n".join([ui.t("admin.invalid"), *lines]))
    st.stop()


def hub_down(exc: auth.HubUnavailable) -> NoReturn:
    st.error(ui.t("login.hub_unavailable", reason=exc))
    st.stop()


token = st.query_params.get("token", "")
if not token:
    st.error(ui.t("password.no_token"))
    st.stop()
try:
    link = signin.password_link(settings, token)
except ApiError as err:
    refused(err)
except auth.HubUnavailable as exc:
    hub_down(exc)

until = datetime.fromisoformat(link["expires_at"]).astimezone(PARIS)
st.markdown(ui.t("password.for", email=link["email"], until=i18n.fmt_datetime(until, ui.lang())))
with st.form("set_password"):
    password = st.text_input(ui.t("password.new"), type="password", autocomplete="new-password")
    again = st.text_input(ui.t("password.confirm"), type="password", autocomplete="new-password")
    submitted = st.form_submit_button(ui.t("password.submit"), type="primary")

if submitted:
    if password != again:
        st.error(ui.t("password.mismatch"))
        st.stop()
    try:
        done = signin.set_password(settings, token, password, cookie.client_address())
    except ApiError as err:
        refused(err)
    except auth.HubUnavailable as exc:
        hub_down(exc)
    st.query_params.clear()  # the token is spent: not kept in the address bar
    st.success(ui.t("password.done", email=done["email"]))
    st.markdown(f"[{ui.t('password.to_login')}](./)")  # the app's root: the sign-in page
