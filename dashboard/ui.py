"""Streamlit glue shared by the app and its pages: settings, language, user, cached reads.

Caching rules (PITFALLS: Streamlit): ``st.cache_data`` is shared by every session, so each
cached read takes the user's account ids as an argument; no database connection is ever
cached (``st.cache_resource`` holds only the Settings object).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Final

import polars as pl
import streamlit as st

from dashboard import auth, cookie, data, explore, i18n, signin
from hub.calendar import PARIS
from hub.settings import Settings, load_settings

USER_KEY: Final = "user_id"
TOKEN_KEY: Final = "session_token"  # noqa: S105 - a state key: this tab's hub session
DEAD_KEY: Final = "ended_cookie"  # the request cookie's token once its session is over
# The cookie this tab writes: ("set", token, max_age) or ("clear", tokens it may still hold).
COOKIE_KEY: Final = "cookie_write"
ERROR_KEY: Final = "sign_out_error"
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
    """The signed-in user, re-read from the hub on every run (None when signed out).

    This tab's session token is checked first, then the cookie the browser sent when the tab
    connected (a reload, a new tab); a revoked or expired session signs the tab out. A user id
    without a token (a page run alone in ``AppTest``) is server-side state and kept as before.
    """
    token = st.session_state.get(TOKEN_KEY)
    user_id = st.session_state.get(USER_KEY)
    if not isinstance(token, str) and isinstance(user_id, str):
        return _checked(lambda: auth.load_user(settings.hub_db, user_id), None)
    if not isinstance(token, str):
        token = cookie.read_token()
        if token is None or token == st.session_state.get(DEAD_KEY):
            return None
    found = token
    user = _checked(lambda: signin.resume(settings, found), found)
    if user is not None:
        st.session_state[USER_KEY] = user.id
        st.session_state[TOKEN_KEY] = found
    return user


def _checked(read: Callable[[], auth.User | None], token: str | None) -> auth.User | None:
    try:
        user = read()
    except auth.HubUnavailable as exc:
        st.error(t("login.hub_unavailable", reason=exc))
        st.stop()
    if user is None:
        logout()
        if token is not None:  # this token is over: never asked again, its cookie cleared
            st.session_state[DEAD_KEY] = token
            st.session_state[COOKIE_KEY] = ("clear", (token,))
    return user


def require_user(settings: Settings) -> auth.User:
    """The signed-in user; otherwise a sign-in message and the page stops here."""
    user = current_user(settings)
    if user is None:
        st.warning(t("auth.required"))
        st.stop()
    return user


def sign_in(settings: Settings, user: auth.User, token: str) -> None:
    """Remember the user and its session token in this tab; the cookie is written next run."""
    st.session_state[USER_KEY] = user.id
    st.session_state[TOKEN_KEY] = token
    max_age = int(settings.dashboard_session_hours * 3600)
    st.session_state[COOKIE_KEY] = ("set", token, max_age)


def logout() -> None:
    """Forget the user and every widget state of the session (filters), keep the language."""
    for key in list(st.session_state.keys()):
        if key not in (LANG_KEY, DEAD_KEY):
            del st.session_state[key]


def sign_out(settings: Settings, user_id: str) -> None:
    """Sign-out everywhere: revoke every hub session of the user, forget it here, clear the
    cookie (the cookie of this tab's connection is never asked again)."""
    try:
        signin.end_all(settings, user_id)
    except auth.HubUnavailable as exc:
        st.session_state[ERROR_KEY] = str(exc)
    sent, mine = cookie.read_token(), st.session_state.get(TOKEN_KEY)
    logout()
    if sent is not None:
        st.session_state[DEAD_KEY] = sent
    st.session_state[COOKIE_KEY] = ("clear", tuple(t for t in (sent, mine) if t))


def write_cookie() -> None:
    """Write or clear the sign-in cookie, on every run until the browser shows it has it.

    The script element stays in the sidebar (same body: not run again) rather than being sent
    once: a click right after the sign-in interrupts that run, maybe before it sent the script.
    A set cookie is confirmed when a later connection sends it; a clear is conditional (only
    the tokens this tab knew), so repeating it never removes another tab's newer sign-in.
    """
    pending = st.session_state.get(COOKIE_KEY)
    if not isinstance(pending, tuple):
        return
    with st.sidebar:
        if pending[0] == "set":
            _, token, max_age = pending
            if cookie.read_token() == token:
                del st.session_state[COOKIE_KEY]
                return
            cookie.write(token, max_age)
        else:
            cookie.clear(only_if=pending[1])


def sidebar(settings: Settings, user: auth.User | None) -> None:
    """Language selector, signed-in user and the sign-out button."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = i18n.DEFAULT_LANG
    st.sidebar.selectbox(
        "Langue / Language",
        options=list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.__getitem__,
        key=LANG_KEY,
    )
    if ERROR_KEY in st.session_state:
        st.sidebar.error(t("login.hub_unavailable", reason=st.session_state.pop(ERROR_KEY)))
    if user is not None:
        st.sidebar.caption(t("sidebar.signed_in_as", name=user.name))
        st.sidebar.button(
            t("sidebar.logout"), key="logout", on_click=sign_out, args=(settings, user.id)
        )
    write_cookie()


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
) -> pl.DataFrame:
    """Cached :func:`data.load_funnel`; keyed by snapshot version AND tenant (account ids)."""
    return data.load_funnel(Path(db), account_ids, start, end)


@st.cache_data(max_entries=256, show_spinner=False)
def explorer(
    db: str,
    version: str,
    account_ids: tuple[str, ...],
    period: tuple[date, date],
    dimension: str,
    grain: str,
) -> pl.DataFrame:
    """Cached :func:`explore.load`; keyed by snapshot version AND tenant (account ids)."""
    return explore.load(Path(db), account_ids, *period, dimension, grain)


@st.cache_data(max_entries=256, show_spinner=False)
def catalogue(db: str, version: str, account_ids: tuple[str, ...]) -> data.Catalogue:
    """Cached :func:`data.load_catalogue`; keyed by snapshot version AND tenant."""
    return data.load_catalogue(Path(db), account_ids)


@st.cache_data(max_entries=256, show_spinner=False)
def ab_tests(db: str, version: str, account_ids: tuple[str, ...]) -> pl.DataFrame:
    """Cached :func:`data.load_ab_tests`; keyed by snapshot version AND tenant."""
    return data.load_ab_tests(Path(db), account_ids)
