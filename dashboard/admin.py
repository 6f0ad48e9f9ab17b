"""Glue between the administration pages and the hub services.

A page acts as the signed-in user (:attr:`dashboard.auth.User.actor`) through the same services
as API v1 and the CLI: they check the permission and the tenant scope, validate, write in one
transaction and log the change. This module only opens the hub connection, shows a service's
refusal with each bad field named, and carries a message (and a secret shown once) across the
rerun that follows a change. Nothing here is cached: hub reads are small and must show a change
at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from datetime import datetime
from typing import Any, Final, TypeVar

import streamlit as st

from dashboard import auth, i18n, ui
from hub.db import connect, utcnow
from hub.errors import ApiError
from hub.settings import Settings

T = TypeVar("T")
FLASH_KEY: Final = "admin_flash"


def require(settings: Settings, permission: str) -> auth.User:
    """The signed-in user if its role has ``permission``; otherwise a message and the page stops
    (the navigation hides such pages; this covers a URL typed by hand)."""
    user = ui.require_user(settings)
    if not user.actor.may(permission):
        st.error(ui.t("admin.forbidden"))
        st.stop()
    return user


def call(settings: Settings, op: Callable[[sqlite3.Connection], T]) -> T | None:
    """Run one service call on a fresh hub connection; a refusal is shown, and gives None."""
    try:
        with closing(connect(settings.hub_db)) as con:
            return op(con)
    except ApiError as err:
        show_error(err)
    except sqlite3.Error as exc:
        st.error(ui.t("login.hub_unavailable", reason=exc))
    return None


def change(
    settings: Settings,
    op: Callable[[sqlite3.Connection, datetime], T],
    done: str,
    secret: tuple[str, str] | None = None,
) -> T | None:
    """Run a change; on success remember ``done`` (and a ``(label, value)`` shown once) and rerun
    so every list on the page shows the change."""
    result = call(settings, lambda con: op(con, utcnow()))
    if result is None:
        return None
    shown = None
    if secret is not None:
        label, field = secret
        value = result.get(field) if isinstance(result, Mapping) else None
        shown = (label, str(value)) if value else None
    st.session_state[FLASH_KEY] = (done, shown)
    st.rerun()


def flash() -> None:
    """The message of the last change, and its secret (shown this once, never again)."""
    pending = st.session_state.pop(FLASH_KEY, None)
    if not isinstance(pending, tuple):
        return
    done, shown = pending
    st.success(done)
    if shown is not None:
        label, value = shown
        st.warning(ui.t("admin.shown_once", what=label))
        st.code(value, language=None)


def show_error(err: ApiError) -> None:
    """A refusal in the page's language: the reason, then each bad field with its message."""
    lang = ui.lang()
    if err.status_code == 403:
        head = ui.t("admin.forbidden")
    elif err.status_code == 404:
        head = ui.t("admin.not_found")
    elif err.status_code == 409:
        head = ui.t("admin.conflict", message=err.message)
    else:
        head = ui.t("admin.invalid")
    lines = [
        f"- **{f.field}** : {f.message_fr if lang == 'fr' else f.message_en}" for f in err.fields
    ]
    st.error("\n".join([head, *lines]))


def items(result: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The items of a service's list answer (none when it was refused)."""
    return list(result["items"]) if result else []


def table(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> None:
    """The rows with ``columns`` (field → header key), or a note when there are none."""
    if not rows:
        st.info(ui.t("admin.empty"))
        return
    shown = [
        {ui.t(header): _cell(row.get(field)) for field, header in columns.items()} for row in rows
    ]
    st.dataframe(shown, hide_index=True, width="stretch")


def _cell(value: Any) -> Any:
    if value is None:
        return ""  # not "None"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else ""
    return value


def pick(label: str, rows: Sequence[Mapping[str, Any]], key: str, name: str = "name") -> Any:
    """A selectbox over ``rows`` (by id, shown as "name (id)"); None when there are none."""
    if not rows:
        return None
    by_id = {str(r["id"]): r for r in rows}
    chosen = st.selectbox(
        label, list(by_id), format_func=lambda i: f"{by_id[i].get(name) or i} ({i})", key=key
    )
    return by_id.get(chosen) if chosen is not None else None


def account_choices(user: auth.User) -> dict[str, str]:
    """Id → name of the accounts the user acts on (the choices of an "account" field)."""
    return {a.id: a.name for a in user.accounts}


def identity_inputs(prefix: str, current: Mapping[str, Any]) -> dict[str, Any]:
    """Name and legal identity (inside an ``st.form``) as a service payload: an account's or a
    buyer's, as invoices print them."""
    out: dict[str, Any] = {
        "name": st.text_input(ui.t("col.name"), value=current.get("name") or "", key=f"{prefix}_n")
    }
    for field in ("legal_name", "siren", "vat_number", "address"):
        value = st.text_input(
            ui.t(f"col.{field}"), value=current.get(field) or "", key=f"{prefix}_{field}"
        )
        out[field] = text_or_none(value)
    return out


def text_or_none(value: str) -> str | None:
    """A text input's value, None when blank (so an optional field is left unset)."""
    return value.strip() or None


def lines(value: str) -> list[str]:
    """One item per non-blank line or comma of a text area."""
    return [v.strip() for v in value.replace(",", "\n").splitlines() if v.strip()]


def role_label(role: str) -> str:
    return i18n.translate(ui.lang(), f"role.{role}")
