"""What the collector adds to events in the request: truncated IP, bot flag, cookieless ids.

Decisions (enforced by ``tests/unit/test_enrich*.py``):

- IP: IPv4 to its /24, IPv6 to its /48 (IPv4-mapped IPv6 as IPv4) before storage; the full address
  is only used in memory (rate limits, cookieless ids).
- User agent: the request only decides whether it is a bot (:func:`is_bot`, below); the
  browser and OS families and the device type (``mobile`` / ``tablet`` / ``desktop``) are
  parsed by the roller process (:mod:`ingest.collect.agents`, ``ua-parser``) before the
  Parquet write: ``ua-parser`` (~29 MB) is never imported by a request worker (decision 0068).
- Bots: a crawler the ``ua-parser`` regexes know (device family ``Spider``, the same regexes
  read as text from ``ua-parser-builtins`` and compiled with :mod:`re`, without importing
  ``ua-parser``), a headless or automated browser, an HTTP library (curl, python-requests,
  Go, Java...) or no user agent at all. A bot's events are quarantined with reason ``bot``
  unless the event is marked test traffic (``is_test``): tests drive headless Chrome and must
  not be filtered out while the collector answers 2xx.
- Cookieless ids (``consent: false`` and no ``visitor_id``): ``ck_`` + keyed BLAKE2b of (daily salt,
  full IP, user agent, account) and ``cks_`` + the same under another personalisation: one visitor
  and one session per device per Paris day and account, no storage on the device. The salt is
  32 random bytes per Europe/Paris day in ``spool/salts/<day>.salt``, published with
  ``link(2)`` (fails when the name exists, like ``O_EXCL``, but never shows a half-written
  file), so every worker uses the same one; older salts are deleted, so past ids cannot be
  recomputed. Salts never reach the lake.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import ipaddress
import os
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

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


_MATCHERS = "matchers.py"  # ua-parser-builtins' regexes, as ua-parser's eager matchers load them


@dataclass(frozen=True, slots=True)
class _DeviceRegex:
    pattern: str
    flags: int
    spider: bool


def _device_regexes() -> list[_DeviceRegex]:
    """ua-parser's device regexes in its order, read as text (importing the module would import
    ``ua_parser``): one ``DeviceMatcher(regex, regex_flag, family, brand, model)`` a line."""
    spec = importlib.util.find_spec("ua_parser_builtins")  # finds, does not import
    if spec is None or spec.origin is None:
        raise RuntimeError("ua-parser-builtins is not installed")
    text = (Path(spec.origin).parent / _MATCHERS).read_text(encoding="utf-8")
    regexes: list[_DeviceRegex] = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("DeviceMatcher("):
            continue
        args = ast.literal_eval(line.removeprefix("DeviceMatcher").rstrip(","))
        if isinstance(args, str):
            args = (args,)
        regex, flag, family = (*args, None, None)[:3]
        flags = re.IGNORECASE if flag == "i" else 0
        regexes.append(_DeviceRegex(regex, flags, family == "Spider"))
    if not any(r.spider for r in regexes):
        raise RuntimeError(f"no Spider device regex in {spec.origin}")
    return regexes


class _Spiders:
    """Device family ``Spider`` as ``ua-parser`` decides it: the first device regex that matches
    wins. The Spider regexes are compiled up front; on a hit, the earlier (non-Spider) regexes
    are tried, compiled on first use (a crawler is rare, and cached per string)."""

    def __init__(self) -> None:
        self._regexes = _device_regexes()
        self._spiders = [
            (index, re.compile(r.pattern, r.flags))
            for index, r in enumerate(self._regexes)
            if r.spider
        ]
        self._compiled: dict[int, re.Pattern[str]] = {}

    def _pattern(self, index: int) -> re.Pattern[str]:
        pattern = self._compiled.get(index)
        if pattern is None:
            regex = self._regexes[index]
            pattern = self._compiled[index] = re.compile(regex.pattern, regex.flags)
        return pattern

    def match(self, user_agent: str) -> bool:
        first = next((i for i, p in self._spiders if p.search(user_agent)), None)
        if first is None:
            return False
        return not any(
            self._pattern(i).search(user_agent) for i in range(first) if not self._regexes[i].spider
        )


_SPIDERS: _Spiders | None = None


def _spiders() -> _Spiders:
    global _SPIDERS
    if _SPIDERS is None:
        _SPIDERS = _Spiders()
    return _SPIDERS


@lru_cache(maxsize=4096)
def is_bot(user_agent: str | None) -> bool:
    """Whether the events of this user agent are a bot's (cached per string): none at all, an
    automation or HTTP library token, or a crawler (``ua-parser``'s device family ``Spider``)."""
    if not user_agent or not user_agent.strip():
        return True
    low = user_agent.lower()
    if any(token in low for token in BOT_TOKENS) or low.startswith(CLIENT_PREFIXES):
        return True
    return _spiders().match(user_agent)


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
