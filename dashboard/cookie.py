"""The sign-in cookie: read from the request, written by a one-line script (decision 0027).

Streamlit 1.67 reads request cookies (``st.context.cookies``: those of the tab's WebSocket
handshake, so a reload or a new tab sends the current value) but has no API to set one
outside its OIDC flow. The cookie is written by ``st.html(..., unsafe_allow_javascript=True)``
(not iframed: ``document.cookie`` is the app's own): ``Path=/; SameSite=Lax; Max-Age``, plus
``Secure`` when the page is served over https. Its value is the session token itself (random,
stored hashed in the hub), never a user id or an e-mail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import streamlit as st

from hub.services.sessions import is_token

NAME: Final = "leadhub_session"


def request_cookies() -> Mapping[str, str]:
    """The cookies the browser sent when this tab connected."""
    return st.context.cookies


def read_token() -> str | None:
    """The session token of the request cookie, when it is shaped like one."""
    value = request_cookies().get(NAME)
    return value if is_token(value) else None


def client_address() -> str:
    """The client address the sign-in limit counts (:func:`client_of` the connection)."""
    ip = st.context.ip_address
    return client_of(ip if isinstance(ip, str) else None, st.context.headers.get("X-Forwarded-For"))


def client_of(peer: str | None, forwarded_for: str | None) -> str:
    """The connection's address; behind the proxy on this machine (``peer`` ``None``: Streamlit
    gives no address for a loopback peer), the address nginx wrote in ``X-Forwarded-For``
    (``deploy/nginx``: overwritten with the client's, never appended), else ``"local"``.
    Without it every client behind nginx would be one "local" client, and five failed
    sign-ins by anyone would refuse everyone's for the window."""
    if peer:
        return peer  # a direct connection: its header is the client's own, not trusted
    forwarded = (forwarded_for or "").rpartition(",")[2].strip()
    return forwarded[:64] if forwarded else "local"


def _set(value: str, max_age_seconds: int) -> str:
    secure = '(location.protocol === "https:" ? "; Secure" : "")'
    attributes = f"Max-Age={max_age_seconds}; Path=/; SameSite=Lax"
    return f'document.cookie = "{NAME}={value}; {attributes}" + {secure};'


def write(token: str, max_age_seconds: int) -> None:
    """Set the cookie to ``token`` for ``max_age_seconds`` (the session's lifetime)."""
    if not is_token(token):  # the value goes into a script: only the token alphabet
        raise ValueError("not a session token")
    st.html(f"<script>{_set(token, max_age_seconds)}</script>", unsafe_allow_javascript=True)


def clear(only_if: tuple[str, ...]) -> None:
    """Delete the cookie while it holds one of ``only_if`` (another tab of the same browser may
    have signed in again since: its newer cookie stays)."""
    if not all(is_token(t) for t in only_if):
        raise ValueError("not a session token")
    held = " || ".join(f'held.includes("{NAME}={t}")' for t in only_if) or "false"
    script = f'const held = document.cookie.split("; "); if ({held}) {{ {_set("", 0)} }}'
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
