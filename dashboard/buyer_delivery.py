"""A buyer's delivery mode and settings on the buyers page: read with ``buyers.read``, changed
with ``delivery.write`` through :func:`hub.services.delivery.put_delivery` (the service API v1
and ``leadhub delivery set`` call). Secret headers and the signing secret are write-only; a
generated secret is shown once."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from dashboard import admin, auth, ui
from hub.errors import ApiError, FieldError
from hub.rules.delivery_config import MODES
from hub.security import new_webhook_secret
from hub.services import delivery
from hub.settings import Settings

_SAVED = "delivery_saved"


def _refused(field: str, message: str) -> None:
    admin.show_error(
        ApiError(422, "invalid", message, [FieldError(field, "invalid", message, message)])
    )


def _headers(text: str) -> dict[str, str] | None:
    """``Name: value`` lines; ``None`` when blank (unchanged) or when a line is malformed."""
    headers = {}
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or not value.strip():
            _refused("auth_headers", ui.t("delivery.bad_header", line=line.split(":")[0]))
            raise ValueError(line)
        headers[name.strip()] = value.strip()
    return headers or None


def section(settings: Settings, user: auth.User, buyer: dict[str, Any]) -> None:
    actor = user.actor
    buyer_id = str(buyer["id"])
    current = admin.call(settings, lambda con: delivery.get_delivery(con, actor, buyer_id))
    if current is None or not actor.may("delivery.write"):
        return
    st.subheader(ui.t("delivery.title"))
    if current["has_auth"]:
        st.caption(ui.t("delivery.has_auth"))
    if st.session_state.pop(_SAVED, False):  # typed secrets never linger after a save
        st.session_state[f"delivery_auth_{buyer_id}"] = ""
        st.session_state[f"delivery_clear_auth_{buyer_id}"] = False
        st.session_state[f"delivery_new_secret_{buyer_id}"] = False
    with st.form(f"buyer_delivery_{buyer_id}"):  # keys per buyer: never another's values
        mode = st.selectbox(
            ui.t("delivery.mode"),
            MODES,
            index=MODES.index(current["delivery_mode"]) if current["delivery_mode"] in MODES else 0,
            key=f"delivery_mode_{buyer_id}",
        )
        url = st.text_input(
            ui.t("delivery.url"), value=current["webhook_url"], key=f"delivery_url_{buyer_id}"
        )
        config = st.text_area(
            ui.t("delivery.config"),
            value=json.dumps(current["delivery_config"], ensure_ascii=False, indent=2),
            help=ui.t("delivery.config_help"),
            key=f"delivery_config_{buyer_id}",
        )
        auth_text = st.text_area(
            ui.t("delivery.auth"), help=ui.t("delivery.auth_help"), key=f"delivery_auth_{buyer_id}"
        )
        clear = st.checkbox(ui.t("delivery.clear_auth"), key=f"delivery_clear_auth_{buyer_id}")
        fresh = st.checkbox(ui.t("delivery.new_secret"), key=f"delivery_new_secret_{buyer_id}")
        if not st.form_submit_button(ui.t("delivery.save"), type="primary"):
            return
    try:
        settings_json = json.loads(config) if config.strip() else {}
    except json.JSONDecodeError as exc:
        _refused("config", ui.t("delivery.bad_json", error=exc.msg))
        return
    try:
        headers = _headers(auth_text)
    except ValueError:
        return
    secret = new_webhook_secret() if fresh else None
    payload: dict[str, Any] = {"mode": mode, "config": settings_json}
    if headers or clear:  # blank: the stored secret headers are kept
        payload["auth_headers"] = headers or {}
    if url.strip() != current["webhook_url"]:  # the shown URL has its query cut: keep it
        payload["url"] = url.strip()
    if secret is not None:
        payload["secret"] = secret

    def put(con: Any, now: Any) -> dict[str, Any]:
        done = delivery.put_delivery(con, actor, settings, buyer_id, payload, now)
        return {**done, "secret": secret}

    st.session_state[_SAVED] = True  # read by the next run (admin.change reruns on success)
    if (
        admin.change(
            settings,
            put,
            ui.t("delivery.saved", name=buyer["name"]),
            secret=(ui.t("buyers.the_secret"), "secret") if secret else None,
        )
        is None
    ):
        st.session_state[_SAVED] = False  # refused: what was typed stays to be corrected
