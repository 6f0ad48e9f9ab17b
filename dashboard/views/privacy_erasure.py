"""The GDPR erasure section for admins (decision 0051): erase a person by phone or e-mail (with
a confirmation), then the result counted; the opposition list (hashes only) with add and remove.
A section, not a page: the privacy page calls :func:`render_erasure`. Writes go through
:func:`warehouse.erase.erase_person` and :mod:`hub.services.opposition`, as API v1 and the CLI.
"""

from __future__ import annotations

from contextlib import closing

import streamlit as st

from dashboard import admin, auth, ui
from hub.db import connect, utcnow
from hub.errors import ApiError
from hub.services import opposition
from hub.settings import Settings
from warehouse.erase import erase_person

DONE = "erasure_done"  # the last erasure's result, shown once after the rerun


def render_erasure(settings: Settings, user: auth.User) -> None:
    """Both parts, for a user with ``privacy.erase`` (others see nothing of them)."""
    if not user.actor.may("privacy.erase"):
        return
    _erase_form(settings, user)
    _oppositions(settings, user)


def _person(prefix: str) -> dict[str, str]:
    """A phone or an e-mail, as the services read it (inside an ``st.form``)."""
    kind = st.radio(
        ui.t("erasure.by"),
        ("phone", "email"),
        format_func=lambda k: ui.t(f"erasure.by.{k}"),
        horizontal=True,
        key=f"{prefix}_kind",
    )
    value = st.text_input(ui.t("erasure.value"), key=f"{prefix}_value")
    return {str(kind): value}


def _erase_form(settings: Settings, user: auth.User) -> None:
    st.subheader(ui.t("erasure.title"))
    st.caption(ui.t("erasure.caption"))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done)
    with st.form("erasure_form"):
        person = _person("erasure")
        confirmed = st.checkbox(ui.t("erasure.confirm"), key="erasure_confirm")
        submitted = st.form_submit_button(ui.t("erasure.submit"), type="primary")
    if not submitted:
        return
    if not confirmed:
        st.warning(ui.t("erasure.unconfirmed"))
        return
    try:
        with closing(connect(settings.hub_db)) as con:
            result = erase_person(con, user.actor, settings, person, utcnow())
    except ApiError as err:  # 503: the warehouse writer is busy; nothing in the hub changed
        if err.status_code == 503:
            st.error(ui.t("erasure.busy"))
        else:
            admin.show_error(err)
        return
    st.session_state[DONE] = ui.t("erasure.done", **result)
    st.rerun()


def _oppositions(settings: Settings, user: auth.User) -> None:
    actor = user.actor
    st.subheader(ui.t("opposition.title"))
    st.caption(ui.t("opposition.caption"))
    listed = admin.call(
        settings, lambda con: opposition.list_oppositions(con, actor, settings, 0, 1000)
    )
    rows = [
        {
            **r,
            "short": f"{r['hash'][:12]}…",
            "account": r["account_id"] or ui.t("opposition.every_account"),
            "why": ui.t(f"opposition.reason.{r['reason']}"),
            "kind_label": ui.t(f"erasure.by.{r['kind']}"),
        }
        for r in admin.items(listed)
    ]
    admin.table(
        rows,
        {
            "kind_label": "opposition.col.kind",
            "short": "opposition.col.hash",
            "account": "opposition.col.account",
            "why": "opposition.col.reason",
            "created_at": "opposition.col.created",
        },
    )
    with st.form("opposition_add"):
        person = _person("opposition")
        if st.form_submit_button(ui.t("opposition.add")):
            admin.change(
                settings,
                lambda con, now: opposition.oppose(con, actor, settings, person, now),
                ui.t("opposition.added"),
            )
    chosen = admin.pick(ui.t("opposition.remove_pick"), rows, "opposition_remove_pick", "short")
    if chosen is not None and st.button(ui.t("opposition.remove"), key="opposition_remove"):
        entry = str(chosen["id"])
        admin.change(
            settings,
            lambda con, now: opposition.unoppose(con, actor, entry, now),
            ui.t("opposition.removed"),
        )
