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
    with st.form("buyer_delivery"):
        mode = st.selectbox(
            ui.t("delivery.mode"),
            MODES,
            index=MODES.index(current["delivery_mode"]) if current["delivery_mode"] in MODES else 0,
            key="delivery_mode",
        )
        url = st.text_input(ui.t("delivery.url"), value=current["webhook_url"], key="delivery_url")
        config = st.text_area(
            ui.t("delivery.config"),
            value=json.dumps(current["delivery_config"], ensure_ascii=False, indent=2),
            help=ui.t("delivery.config_help"),
            key="delivery_config",
        )
        auth_text = st.text_area(
            ui.t("delivery.auth"), help=ui.t("delivery.auth_help"), key="delivery_auth"
        )
        fresh = st.checkbox(ui.t("delivery.new_secret"), key="delivery_new_secret")
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
    payload: dict[str, Any] = {"mode": mode, "config": settings_json, "auth_headers": headers}
    if url.strip() != current["webhook_url"]:  # the shown URL has its query cut: keep it
        payload["url"] = url.strip()
    if secret is not None:
        payload["secret"] = secret

    def put(con: Any, now: Any) -> dict[str, Any]:
        done = delivery.put_delivery(con, actor, settings, buyer_id, payload, now)
        return {**done, "secret": secret}

    admin.change(
        settings,
        put,
        ui.t("delivery.saved", name=buyer["name"]),
        secret=(ui.t("buyers.the_secret"), "secret") if secret else None,
    )
