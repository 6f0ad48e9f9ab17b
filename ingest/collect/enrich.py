"""What the collector adds to events: truncated IP, parsed user agent, bot flag, cookieless ids.

Decisions (enforced by ``tests/unit/test_enrich*.py``):

- IP: IPv4 to its /24, IPv6 to its /48 (IPv4-mapped IPv6 as IPv4) before storage; the full address
  is only used in memory (rate limits, cookieless ids).
- User agent: ``ua-parser`` 1.x (the Browserscope regexes, with its Rust resolver) gives the
  browser and OS families; the device type (``mobile`` / ``tablet`` / ``desktop``) is derived
  from the parsed device and a few well-known tokens. Families only (``Chrome``, ``iOS``):
  versions stay in the raw ``user_agent`` column.
- Bots: a crawler the regexes know (device family ``Spider``), a headless or automated browser, an
  HTTP library (curl, python-requests, Go, Java...) or no user agent at all. A bot's events are
  quarantined with reason ``bot`` unless the event is marked test traffic (``is_test``): tests
  drive headless Chrome and must not be filtered out while the collector answers 2xx.
- Cookieless ids (``consent: false`` and no ``visitor_id``): ``ck_`` + keyed BLAKE2b of (daily salt,
  full IP, user agent, account) and ``cks_`` + the same under another personalisation: one visitor
  and one session per device per Paris day and account, no storage on the device. The salt is
  32 random bytes per Europe/Paris day in ``spool/salts/<day>.salt``, published with
  ``link(2)`` (fails when the name exists, like ``O_EXCL``, but never shows a half-written
  file), so every worker uses the same one; older salts are deleted, so past ids cannot be
  recomputed. Salts never reach the lake.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from ua_parser import parse as ua_parse

from hub.calendar import PARIS

SALT_BYTES = 32
# Automation and HTTP libraries: never a person's browser sending beacons.
BOT_TOKENS = (
    "headlesschrome",
    "headless",
    "phantomjs",
    "selenium",
    "webdriver",
    "puppeteer",
    "playwright",
    "lighthouse",
    "slimerjs",
    "electron/",
)
CLIENT_PREFIXES = (
    "curl/",
    "wget/",
    "python-",
    "python/",
    "go-http-client",
    "java/",
    "okhttp",
    "axios/",
    "node-fetch",
    "node/",
    "undici",
    "libwww-perl",
    "apache-httpclient",
    "scrapy",
    "aiohttp",
    "httpie",
    "postmanruntime",
    "insomnia",
    "guzzlehttp",
    "ruby",
    "php/",
)
TABLET_TOKENS = ("ipad", "tablet", "kindle", "silk/", "playbook")
MOBILE_TOKENS = ("mobi", "iphone", "ipod", "android", "blackberry", "opera mini", "windows phone")


@lru_cache(maxsize=8192)
def truncate_ip(host: str | None) -> str | None:
    """IPv4 to its /24, IPv6 to its /48 (IPv4-mapped IPv6 as IPv4); anything else to None."""
    try:
        addr = ipaddress.ip_address(host or "")
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False).network_address)


@dataclass(frozen=True, slots=True)
class Agent:
    """The parsed user agent: ``None`` fields when unknown."""

    device: str | None
    browser: str | None
    os: str | None
    bot: bool


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
    """Device type, browser and OS families, and whether it is a bot (cached per string)."""
    if not user_agent or not user_agent.strip():
        return Agent(None, None, None, bot=True)
    low = user_agent.lower()
    result = ua_parse(user_agent)
    browser = result.user_agent.family if result.user_agent else None
    os_family = result.os.family if result.os else None
    family = result.device.family if result.device else None
    brand = result.device.brand if result.device else None
    bot = (
        family == "Spider"
        or any(token in low for token in BOT_TOKENS)
        or low.startswith(CLIENT_PREFIXES)
    )
    device = _device_type(low, family, brand, os_family)
    return Agent(device, None if browser == "Other" else browser, os_family, bot)


def paris_day(epoch_us: int) -> str:
    return datetime.fromtimestamp(epoch_us / 1_000_000, PARIS).date().isoformat()


class CookielessIds:
    """Daily-salted visitor and session ids for events sent without consent."""

    def __init__(self, salts_dir: Path) -> None:
        self.dir = salts_dir
        self._salts: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def salt(self, day: str) -> bytes:
        cached = self._salts.get(day)
        if cached is not None:
            return cached
        with self._lock:
            salt = self._salts.get(day) or self._load_or_create(day)
            self._salts = {day: salt}  # only the current day is ever needed again
        return salt

    def _load_or_create(self, day: str) -> bytes:
        self.dir.mkdir(parents=True, exist_ok=True)
        final = self.dir / f"{day}.salt"
        if not final.exists():
            tmp = self.dir / f".{day}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, secrets.token_bytes(SALT_BYTES))
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp, final)  # atomic and exclusive: the first worker wins
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
        salt = final.read_bytes()
        if len(salt) != SALT_BYTES:
            raise OSError(f"salt file {final} is damaged ({len(salt)} bytes)")
        self._drop_older(day)
        return salt

    def _drop_older(self, day: str) -> None:
        for path in self.dir.glob("*.salt"):
            if path.stem < day:
                path.unlink(missing_ok=True)

    def ids(
        self, received_at: int, ip: str | None, agent: str | None, account_id: str
    ) -> tuple[str, str]:
        """``("ck_…", "cks_…")`` for this device and account on the Paris day of ``received_at``."""
        key = self.salt(paris_day(received_at))
        data = f"{ip or ''}\0{agent or ''}\0{account_id}".encode()
        visitor = hashlib.blake2b(data, key=key, digest_size=12, person=b"lh-visitor").hexdigest()
        session = hashlib.blake2b(data, key=key, digest_size=12, person=b"lh-session").hexdigest()
        return f"ck_{visitor}", f"cks_{session}"
