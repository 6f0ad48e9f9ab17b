"""Streamlit glue shared by the app and its pages: settings, language, user, cached reads.

Caching rules (PITFALLS: Streamlit): ``st.cache_data`` is shared by every session, so each
cached read takes the user's account ids as an argument; no database connection is ever
cached (``st.cache_resource`` holds only the Settings object).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final

import pandas as pd
import streamlit as st

from dashboard import auth, data, i18n
from hub.calendar import PARIS
from hub.settings import Settings, load_settings

USER_KEY: Final = "user_id"
LANG_KEY: Final = "lang"
DEFAULT_DAYS: Final = 30


@st.cache_resource(show_spinner=False)
def _settings_for(env: tuple[tuple[str, str], ...]) -> Settings:
    # ``env`` is only the cache key: one Settings per distinct LEADHUB_* environment.
    return load_settings()


def get_settings() -> Settings:
    """The Settings built from the ``LEADHUB_*`` environment set by ``dashboard.launch``."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("LEADHUB_")))
    return _settings_for(env)


def lang() -> str:
    return i18n.normalize_lang(st.session_state.get(LANG_KEY))


def t(key: str, **values: object) -> str:
    return i18n.translate(lang(), key, **values)


def current_user(settings: Settings) -> auth.User | None:
    """The signed-in user, re-read from the hub (None when signed out or deleted)."""
    user_id = st.session_state.get(USER_KEY)
    if not isinstance(user_id, str):
        return None
    try:
        user = auth.load_user(settings.hub_db, user_id)
    except auth.HubUnavailable as exc:
        st.error(t("login.hub_unavailable", reason=exc))
        st.stop()
    if user is None:
        logout()
    return user


def require_user(settings: Settings) -> auth.User:
    """The signed-in user; otherwise a sign-in message and the page stops here."""
    user = current_user(settings)
    if user is None:
        st.warning(t("auth.required"))
        st.stop()
    return user


def sign_in(user: auth.User) -> None:
    st.session_state[USER_KEY] = user.id


def logout() -> None:
    """Forget the user and every widget state of the session (filters), keep the language."""
    for key in list(st.session_state.keys()):
        if key != LANG_KEY:
            del st.session_state[key]


def sidebar(user: auth.User | None) -> None:
    """Language selector, signed-in user and the sign-out button."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = i18n.DEFAULT_LANG
    st.sidebar.selectbox(
        "Langue / Language",
        options=list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.__getitem__,
        key=LANG_KEY,
    )
    if user is not None:
        st.sidebar.caption(t("sidebar.signed_in_as", name=user.name))
        st.sidebar.button(t("sidebar.logout"), key="logout", on_click=logout)


def paris_today() -> date:
    return datetime.now(PARIS).date()


def default_range(today: date) -> tuple[date, date]:
    """The last 30 days, today included."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def picked_range(value: object, fallback: tuple[date, date]) -> tuple[date, date]:
    """``st.date_input`` range value as (start, end); a half-picked range is a single day."""
    picked = [d for d in value if isinstance(d, date)] if isinstance(value, tuple | list) else []
    if isinstance(value, date):
        picked = [value]
    if not picked:
        return fallback
    start, end = picked[0], picked[-1]
    return (start, end) if start <= end else (end, start)


def published_caption(info: data.SnapshotInfo) -> str:
    when = info.published_at.astimezone(PARIS)
    age = datetime.now(PARIS) - when
    return t(
        "funnel.published", when=i18n.fmt_datetime(when, lang()), age=i18n.fmt_age(age, lang())
    )


@st.cache_data(max_entries=256, show_spinner=False)
def funnel(
    db: str, version: str, account_ids: tuple[str, ...], start: date, end: date
) -> pd.DataFrame:
    """Cached :func:`data.load_funnel`; keyed by snapshot version AND tenant (account ids)."""
    return data.load_funnel(Path(db), account_ids, start, end)


@st.cache_data(max_entries=256, show_spinner=False)
def catalogue(db: str, version: str, account_ids: tuple[str, ...]) -> data.Catalogue:
    """Cached :func:`data.load_catalogue`; keyed by snapshot version AND tenant."""
    return data.load_catalogue(Path(db), account_ids)
