"""Spam defences of the public lead intake, and how findings become a lead status.

Decisions (record: ``docs/decisions/0016-intake-statuses-and-spam.md``):
- Honeypot: the hidden input ``website`` must stay empty; filled → ``spam``.
- Minimum time: ``_lh_t`` is the form-render time (ms since the epoch, set by the tracker or
  taken from the form config). Submitted sooner than ``lead_min_submit_seconds`` → ``spam``.
  Absent → not checked (a plain HTML form without JS has none); a time in the future (a
  client clock ahead) → not checked, since a human cannot be told apart from clock skew.
- Per-IP rate: at most ``lead_ip_rate_limit`` leads per address (IPv6: per /64) over a sliding
  window, counted in the hub inside the lead's write transaction, so the limit holds across
  every collector process. Over it → ``spam``. Addresses in ``lead_ip_rate_exempt`` (default:
  loopback, i.e. a local proxy without forwarded headers) and non-IP peers are not limited.
- Captcha (when ``captcha_verify_url`` is set): a missing or refused token → ``spam``; a
  verifier that is down, slow, or answers nonsense → ``held`` with reason
  ``captcha_unverified`` (fail closed: kept, not routed, ops may release it).
- Every defence applies to anonymous (browser) submissions only; a request with an API key is
  a server and is controlled by its key (revoke it, block its provider).
- Status precedence: spam > invalid > held > duplicate > suspicious > new; the reason lists
  every finding in that order.
"""

from __future__ import annotations

import ipaddress
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import httpx
import structlog

from hub.settings import Settings
from ingest.queries import q

HONEYPOT_FIELD = "website"
RENDER_TIME_FIELD = "_lh_t"
CAPTCHA_FIELD = "captcha_token"
PRECEDENCE = ("spam", "invalid", "held", "duplicate", "suspicious")
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
log = structlog.get_logger("ingest.spam")


@dataclass(frozen=True, slots=True)
class Hit:
    """One finding about a submission: the status it implies and why."""

    status: str  # one of PRECEDENCE
    reason: str


def decide(hits: Sequence[Hit]) -> tuple[str, str | None]:
    """The lead's status and reason from every finding (``new`` when there is none)."""
    ranked = sorted(hits, key=lambda h: PRECEDENCE.index(h.status))
    if not ranked:
        return "new", None
    return ranked[0].status, "; ".join(h.reason for h in ranked)


def honeypot(fields: Mapping[str, str]) -> Hit | None:
    if fields.get(HONEYPOT_FIELD):
        return Hit("spam", f"honeypot: hidden field '{HONEYPOT_FIELD}' was filled")
    return None


def render_time(value: str) -> datetime:
    """``_lh_t`` → a UTC time; ms since the epoch (seconds accepted). Raises ``ValueError``."""
    number = float(value)
    if number != number or number <= 0 or number > 1e14:  # NaN, negative, absurd
        raise ValueError("not a timestamp")
    seconds = number / 1000 if number > 1e11 else number
    return datetime.fromtimestamp(seconds, UTC)


def too_fast(value: str | None, now: datetime, min_seconds: float) -> Hit | None:
    """Submitted less than ``min_seconds`` after the form was rendered?"""
    if not value or min_seconds <= 0:
        return None
    elapsed = (now - render_time(value)).total_seconds()
    if 0 <= elapsed < min_seconds:
        return Hit(
            "spam", f"too_fast: submitted {elapsed:.1f} s after render (min {min_seconds:g} s)"
        )
    return None


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``limit`` per ``window_seconds``, on a sliding estimate over two fixed windows."""

    limit: int
    window_seconds: int

    def window(self, now: datetime) -> int:
        ts = int(now.timestamp())
        return ts - ts % self.window_seconds

    def estimate(self, previous: int, current: int, now: datetime) -> float:
        """How many were sent during the last ``window_seconds``, assuming an even spread."""
        into = (now.timestamp() - self.window(now)) / self.window_seconds
        return previous * (1 - into) + current

    def allows(self, previous: int, current: int, now: datetime) -> bool:
        """May one more go through, given the counts of the previous and current windows?"""
        return self.estimate(previous, current, now) + 1 <= self.limit


@dataclass(frozen=True, slots=True)
class Checks:
    """Findings made before the write transaction, and the rules checked inside it."""

    hits: tuple[Hit, ...] = ()  # spam / held findings (honeypot, too fast, captcha, blocked)
    rate_key: str | None = None  # client address counted against ``rate``; None: not limited
    rate: RateLimit | None = None
    duplicate_hours: float = 0.0  # 0: no duplicate rule


def count_rate(con: sqlite3.Connection, rate: RateLimit, key: str, now: datetime) -> Hit | None:
    """Count one lead from ``key``; a hit when it goes over the limit. Call it inside the
    lead's write transaction (BEGIN IMMEDIATE): the count is then exact across processes."""
    if rate.limit <= 0:
        return None
    window = rate.window(now)
    params = {"ip": key, "current": window, "previous": window - rate.window_seconds}
    counts = dict(con.execute(q("leads_rate_get"), params).fetchall())
    previous, current = counts.get(params["previous"], 0), counts.get(window, 0)
    con.execute(q("leads_rate_hit"), params)
    con.execute(q("leads_rate_forget"), params)
    if rate.allows(previous, current, now):
        return None
    seen = rate.estimate(previous, current, now)
    return Hit(
        "spam",
        f"ip_rate: ~{seen:.0f} leads from this address in the last {rate.window_seconds} s"
        f" (limit {rate.limit})",
    )


@cache
def parse_networks(text: str) -> tuple[IpNetwork, ...]:
    """``"127.0.0.0/8,::1/128"`` → networks; a bad entry is logged and ignored (never a 500)."""
    networks = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            log.error("intake.bad_exempt_network", setting="lead_ip_rate_exempt", value=part)
    return tuple(networks)


def rate_key(host: str | None, exempt: Sequence[IpNetwork]) -> str | None:
    """The address a per-IP limit counts against; ``None``: not limited."""
    try:
        ip = ipaddress.ip_address(host or "")
    except ValueError:
        return None  # a unix socket, or a test transport: no address to count
    if any(ip in net for net in exempt):
        return None
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True, slots=True)
class CaptchaVerifier:
    """Server-side check of a captcha token (reCAPTCHA, hCaptcha and Turnstile share the
    ``siteverify`` protocol: form post of ``secret``, ``response``, ``remoteip``; JSON answer
    with a boolean ``success``). Fails closed."""

    url: str
    secret: str
    timeout: float

    def check(self, token: str | None, ip: str | None) -> Hit | None:
        if not token:
            return Hit("spam", "captcha_missing: no captcha token")
        if not self.secret:
            return Hit("held", "captcha_unverified: no captcha secret configured")
        data = {"secret": self.secret, "response": token, **({"remoteip": ip} if ip else {})}
        try:
            answer = httpx.post(self.url, data=data, timeout=self.timeout)
            body: Any = answer.json() if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError) as exc:
            return Hit("held", f"captcha_unverified: {type(exc).__name__}")
        if not isinstance(body, dict) or not isinstance(body.get("success"), bool):
            return Hit("held", f"captcha_unverified: verifier answered {answer.status_code}")
        if body["success"]:
            return None
        codes = body.get("error-codes")
        detail = ",".join(map(str, codes)) if isinstance(codes, list) and codes else "refused"
        return Hit("spam", f"captcha_failed: {detail}")


def screen(
    fields: Mapping[str, str], settings: Settings, ip: str | None, now: datetime
) -> list[Hit]:
    """The checks made before the write transaction, for an anonymous submission: honeypot,
    minimum time, then (unless already spam) the captcha."""
    found = (
        honeypot(fields),
        too_fast(fields.get(RENDER_TIME_FIELD), now, settings.lead_min_submit_seconds),
    )
    hits = [hit for hit in found if hit is not None]
    if settings.captcha_verify_url and not hits:
        verifier = CaptchaVerifier(
            settings.captcha_verify_url, settings.captcha_secret, settings.captcha_timeout_seconds
        )
        hit = verifier.check(fields.get(CAPTCHA_FIELD), ip)
        hits += [hit] if hit else []
    return hits


def browser_checks(
    settings: Settings, fields: Mapping[str, str], ip: str | None, now: datetime
) -> Checks:
    """Every defence for an anonymous (browser) submission."""
    window = settings.lead_ip_rate_window_seconds
    return Checks(
        tuple(screen(fields, settings, ip, now)),
        rate_key(ip, parse_networks(settings.lead_ip_rate_exempt)),
        RateLimit(settings.lead_ip_rate_limit, window) if window > 0 else None,
        settings.lead_duplicate_hours,
    )
