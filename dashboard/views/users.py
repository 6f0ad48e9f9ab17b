"""Administration — users: e-mail, name, one role (never above the admin's own) on accounts;
a password given or generated (shown once), changed later, or chosen by the user through a
one-time link (shown once); disabled, never deleted."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import admin, ui
from hub.services import password_links, users
from hub.services.actor import ROLES

settings = ui.get_settings()
user = admin.require(settings, "users.read")
actor = user.actor
st.title(ui.t("users.title"))
admin.flash()

people = admin.items(admin.call(settings, lambda con: users.list_users(con, actor, 0, 1000)))
admin.table(
    people,
    {
        "email": "col.email",
        "name": "col.name",
        "role": "col.role",
        "account_ids": "col.accounts",
        "created_at": "col.created_at",
        "disabled_at": "col.disabled_at",
    },
)
if not actor.may("users.write"):
    st.stop()

accounts = admin.account_choices(user)
grantable = [r for r in ROLES if actor.may_grant(r)]


def membership(prefix: str, current: dict[str, Any]) -> dict[str, Any]:
    """Role and accounts (inside an ``st.form``) as a service payload."""
    role = current.get("role")
    return {
        "role": st.selectbox(
            ui.t("col.role"),
            grantable,
            index=grantable.index(role) if role in grantable else len(grantable) - 1,
            format_func=admin.role_label,
            key=f"{prefix}_role",
        ),
        "account_ids": st.multiselect(
            ui.t("col.accounts"),
            list(accounts),
            default=[a for a in current.get("account_ids", []) if a in accounts],
            format_func=accounts.__getitem__,
            key=f"{prefix}_accounts",
        ),
    }


with st.expander(ui.t("users.create"), expanded=False), st.form("user_create"):
    email = st.text_input(ui.t("col.email"), key="user_email")
    name = st.text_input(ui.t("col.name"), key="user_name")
    payload: dict[str, Any] = {"email": email, "name": admin.text_or_none(name)}
    payload |= membership("user_new", {})
    password = st.text_input(ui.t("users.password_optional"), type="password", key="user_password")
    if password:
        payload["password"] = password
    if st.form_submit_button(ui.t("admin.create"), type="primary"):
        admin.change(
            settings,
            lambda con, now: users.create_user(con, actor, payload, now),
            ui.t("users.created", email=email),
            secret=(ui.t("users.the_password"), "password"),
        )

current = admin.pick(
    ui.t("users.edit"), [p for p in people if not p["disabled_at"]], "user_edit", "email"
)
if current is not None:
    user_id = str(current["id"])
    with st.form("user_update"):
        changes: dict[str, Any] = {"name": st.text_input(ui.t("col.name"), value=current["name"])}
        changes |= membership(f"user_{user_id}", current)
        new_password = st.text_input(ui.t("users.new_password"), type="password")
        if new_password:
            changes["password"] = new_password
        if st.form_submit_button(ui.t("admin.save")):
            admin.change(
                settings,
                lambda con, now: users.update_user(con, actor, user_id, changes, now),
                ui.t("admin.saved"),
            )
    if user_id != user.id and st.button(ui.t("users.disable"), key="user_disable"):
        admin.change(
            settings,
            lambda con, now: users.disable_user(con, actor, user_id, now),
            ui.t("users.disabled", email=current["email"]),
        )
    if st.button(
        ui.t("users.password_link"), key="user_password_link", help=ui.t("users.password_link_help")
    ):
        base = settings.dashboard_base_url
        admin.change(
            settings,
            lambda con, now: password_links.create_link(con, actor, user_id, base, now),
            ui.t("users.password_link_made", email=current["email"]),
            secret=(ui.t("users.the_link"), "url"),
        )
