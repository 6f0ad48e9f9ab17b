"""What personal data becomes when it is shown as proof or kept past its retention (decision
0052): an IP address truncated to its network (IPv4 /24, IPv6 /48), a URL without its query and
fragment (they may carry an e-mail, a phone or a token), a person's e-mail and phone as searched.

Pure functions: the hub services, the lake retention and the tests share them.
"""

from __future__ import annotations

import ipaddress
import re

from hub.phones import PhoneError, normalise

IPV4_PREFIX, IPV6_PREFIX = 24, 48
_QUERY = re.compile(r"[?#].*\Z", re.DOTALL)


def truncate_ip(ip: str | None) -> str | None:
    """``203.0.113.42`` → ``203.0.113.0/24``; ``2001:db8:1:2::5`` → ``2001:db8:1::/48``; an
    unreadable or empty value gives ``None`` (never the value itself)."""
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        try:  # a network already (the collector keeps IPv6 clients as their /64)
            address = ipaddress.ip_network(ip.strip(), strict=False).network_address
        except ValueError:
            return None
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def strip_query(url: str | None) -> str | None:
    """The URL without its query string and fragment (``None`` stays ``None``)."""
    if url is None:
        return None
    return _QUERY.sub("", url)


def search_email(raw: str) -> str | None:
    """An e-mail as searched: trimmed, lower-cased; ``None`` when it cannot be one."""
    value = raw.strip().lower()
    if len(value) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return None
    return value


def search_phone(raw: str) -> str | None:
    """A phone as searched: E.164 (French by default, overseas too); ``None`` when not one."""
    try:
        return normalise(raw).e164
    except PhoneError:
        return None
