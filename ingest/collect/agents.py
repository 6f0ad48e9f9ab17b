"""Device type, browser and OS families of a user agent: parsed in the roller process only.

``ua-parser`` 1.x (the Browserscope regexes, with its Rust resolver) gives the browser and OS
families; the device type (``mobile`` / ``tablet`` / ``desktop``) is derived from the parsed
device and a few well-known tokens. Families only (``Chrome``, ``iOS``): versions stay in the
raw ``user_agent`` column. The request workers never import this module (~29 MB of RSS each,
decision 0068): they decide only whether it is a bot (:func:`ingest.collect.enrich.is_bot`); the
roller fills the ``device``, ``browser`` and ``os`` columns from ``user_agent`` before the
Parquet write.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ua_parser import parse as ua_parse

TABLET_TOKENS = ("ipad", "tablet", "kindle", "silk/", "playbook")
MOBILE_TOKENS = ("mobi", "iphone", "ipod", "android", "blackberry", "opera mini", "windows phone")


@dataclass(frozen=True, slots=True)
class Agent:
    """The parsed user agent: ``None`` fields when unknown (whether it is a bot is the
    request's decision: :func:`ingest.collect.enrich.is_bot`)."""

    device: str | None
    browser: str | None
    os: str | None


def _device_type(low: str, family: str | None, brand: str | None, os_family: str | None) -> str:
    if (
        family == "iPad"
        or brand == "Generic_Android_Tablet"
        or any(t in low for t in TABLET_TOKENS)
    ):
        return "tablet"
    if os_family == "Android" and "mobile" not in low:
        return "tablet"  # Android tablets drop the "Mobile" token
    if any(t in low for t in MOBILE_TOKENS):
        return "mobile"
    return "desktop"


@lru_cache(maxsize=4096)
def parse_agent(user_agent: str | None) -> Agent:
    """Device type, browser and OS families (cached per string)."""
    if not user_agent or not user_agent.strip():
        return Agent(None, None, None)
    low = user_agent.lower()
    result = ua_parse(user_agent)
    browser = result.user_agent.family if result.user_agent else None
    os_family = result.os.family if result.os else None
    family = result.device.family if result.device else None
    brand = result.device.brand if result.device else None
    device = _device_type(low, family, brand, os_family)
    return Agent(device, None if browser == "Other" else browser, os_family)
