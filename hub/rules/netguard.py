"""Buyer URLs set by tenants may not reach private, loopback or link-local addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def _blocked(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def refusal(url: str, *, allow_private: bool) -> str | None:
    """Why this webhook URL may not be called, or None when it may.

    Host names are resolved and every address is checked (a name pointing at 127.0.0.1 is
    refused like the literal). A name that does not resolve is left to the HTTP client, which
    fails with a connection error (retried) rather than a rejection.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"buyer URL scheme {parts.scheme or '(none)'!r} is not http(s)"
    host = parts.hostname
    if not host:
        return "buyer URL has no host"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "buyer URL port is invalid"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return None
    for info in infos:
        address = str(info[4][0])
        if _blocked(address):
            return f"buyer URL host {host} resolves to non-public address {address}"
    return None
