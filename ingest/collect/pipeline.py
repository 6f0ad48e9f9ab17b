"""The path every tracked hit takes (events, pixel, redirect): validate, resolve keys, rate
limit, enrich, spool durably (fsynced), count.

Every event is written to the spool, accepted or not (a refused one with its reason, for the
quarantine). :func:`ingest` returns only after the fsync, or raises 429 / 503.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import msgspec
import structlog
from litestar import Request
from litestar.datastructures import State

from hub.errors import ApiError, FieldError
from ingest.collect.counters import series
from ingest.collect.decode import Events
from ingest.collect.enrich import is_bot, truncate_ip
from ingest.collect.keys import KeyInfo
from ingest.collect.schema import USER_AGENT_MAX, Invalid, SpoolRecord, quarantined
from ingest.collect.spool import SpoolUnavailable

log = structlog.get_logger("ingest.events")
_encoder = msgspec.json.Encoder()
_FIELDS = {"origin_not_allowed": "origin", "bot": "user_agent"}  # reasons that are no "field:code"


@dataclass(frozen=True, slots=True)
class Hit:
    """Who sent the events: the client address, user agent and ``Origin`` header."""

    host: str | None
    user_agent: str | None
    origin: str | None

    @classmethod
    def of(cls, request: Request[Any, Any, State]) -> Hit:
        headers = request.headers
        host = request.client.host if request.client else None
        return cls(host, headers.get("user-agent"), headers.get("origin"))


async def _resolve(
    state: State, keys: set[str], origin: str | None
) -> tuple[dict[str, KeyInfo], frozenset[str] | None]:
    """Known keys, and the accounts ``origin`` may send for (``None``: no check)."""
    try:
        resolved: dict[str, KeyInfo] = await state.key_resolver.resolve(keys) if keys else {}
        accounts = None if origin is None else await state.origin_policy.accounts(origin)
    except Exception as exc:  # no hub snapshot could ever be read: the hub is down
        log.error("events.hub_unavailable", error=f"{type(exc).__name__}: {exc}")
        raise ApiError(
            503,
            "hub_unavailable",
            "Public keys cannot be resolved now; retry.",
            retryable=True,
            headers={"Retry-After": "5"},
        ) from None
    return resolved, accounts


def _rate_limit(state: State, host: str | None, per_key: dict[str, int]) -> None:
    refusal = state.limiter.check(host, per_key)
    if refusal is None:
        return
    state.counters.inc(series("leadhub_requests_rate_limited_total", limit=refusal.scope))
    what = "client address" if refusal.scope == "ip" else f"key {refusal.subject}"
    raise ApiError(
        429,
        "rate_limited",
        f"Too many events for this {what}; retry after {refusal.retry_after} s.",
        [FieldError(refusal.scope, "too_many", "Trop de requêtes.", "Too many requests.")],
        retryable=True,
        headers={"Retry-After": str(refusal.retry_after)},
    )


def _judge(
    result: SpoolRecord | Invalid,
    info: KeyInfo | None,
    accounts: frozenset[str] | None,
    bot: bool,
) -> tuple[SpoolRecord | Invalid, str]:
    """The record (key resolved) and its quarantine reason ("" when accepted)."""
    if isinstance(result, Invalid):
        return result, result.reason
    if info is None or not info.active:
        invalid = Invalid("key", "unknown" if info is None else "inactive")
        return invalid, invalid.reason
    result.account_id, result.lp_id, result.form_id = info.account_id, info.lp_id, info.form_id
    if accounts is not None and info.account_id not in accounts:
        return result, "origin_not_allowed"
    if bot and not result.is_test:
        return result, "bot"
    return result, ""


async def ingest(state: State, hit: Hit, events: Events) -> tuple[int, list[Any]]:
    """Spool the events (fsynced) and return (accepted count, rejected entries).

    Per event, the first reason wins: schema (``field:code``), ``key:unknown``/``key:inactive``,
    ``origin_not_allowed`` (an ``Origin`` header not allowed for the key's account), ``bot``
    (a bot user agent, unless the event is test traffic). Raises 429 (rate limits, nothing
    stored), 503 (hub or spool unavailable, nothing acknowledged).
    """
    checked = events.checked
    if len(checked) == 1 and type(checked[0]) is SpoolRecord:
        return await _ingest_one(state, hit, events, checked[0])
    agent_text = (hit.user_agent or "")[:USER_AGENT_MAX] or None
    bot = is_bot(agent_text)
    keys = {c.key for c in checked if isinstance(c, SpoolRecord) and c.key}
    resolved, accounts = await _resolve(state, keys, hit.origin)
    per_key = Counter(c.key for c in checked if isinstance(c, SpoolRecord) and c.key in resolved)
    _rate_limit(state, hit.host, dict(per_key))
    ip = truncate_ip(hit.host)
    records: list[SpoolRecord] = []
    rejected: list[dict[str, Any]] = []
    cookieless = events.cookieless
    for index, result in enumerate(checked):
        record: SpoolRecord
        info = resolved.get(result.key or "") if isinstance(result, SpoolRecord) else None
        judged = _judge(result, info, accounts, bot)
        accepted, reason = judged
        if reason or cookieless[index] or not isinstance(accepted, SpoolRecord):
            record, entry = _finish(state, hit, events, index, judged, agent_text)
            if entry is not None:
                rejected.append(entry)
        else:  # accepted as it is (the common case): nothing more to decide
            record = accepted
        record.ip, record.user_agent = ip, agent_text  # device, browser, os: by the roller
        records.append(record)
    await _spool(state, _encoder.encode_lines(records), len(records))
    state.counters.inc("leadhub_events_accepted_total", len(records) - len(rejected))
    for entry in rejected:
        state.counters.inc(series("leadhub_events_quarantined_total", reason=entry["reason"]))
    return len(checked) - len(rejected), rejected


async def _ingest_one(
    state: State, hit: Hit, events: Events, result: SpoolRecord
) -> tuple[int, list[Any]]:
    """:func:`ingest` inline for the common hit: one event that passed the schema checks."""
    agent_text = (hit.user_agent or "")[:USER_AGENT_MAX] or None
    bot = is_bot(agent_text)
    key = result.key
    resolved, accounts = await _resolve(state, {key} if key else set(), hit.origin)
    info = resolved.get(key) if key else None
    _rate_limit(state, hit.host, {key: 1} if key and info is not None else {})
    judged = _judge(result, info, accounts, bot)
    record, entry = _finish(state, hit, events, 0, judged, agent_text)
    record.ip, record.user_agent = truncate_ip(hit.host), agent_text  # device...: the roller's
    await _spool(state, _encoder.encode(record) + b"\n", 1)
    if entry is None:
        state.counters.inc("leadhub_events_accepted_total")
        return 1, []
    state.counters.inc(series("leadhub_events_quarantined_total", reason=entry["reason"]))
    return 0, [entry]


def _finish(
    state: State,
    hit: Hit,
    events: Events,
    index: int,
    judged: tuple[SpoolRecord | Invalid, str],
    agent_text: str | None,
) -> tuple[SpoolRecord, dict[str, Any] | None]:
    """The spool record of a judged event and, if refused, its ``rejected`` entry."""
    result, reason = judged
    if isinstance(result, Invalid):
        record = quarantined(events.raw()[index], events.received, state.settings.test_mode, reason)
    else:
        record, record.reason = result, reason or None
        if reason == "origin_not_allowed":
            record.origin = (hit.origin or "")[:256]
        if not reason and events.cookieless[index] and not record.visitor_id:
            ids = state.cookieless.ids(
                events.received, hit.host, agent_text, record.account_id or ""
            )
            record.visitor_id, record.session_id = ids[0], record.session_id or ids[1]
    if not reason:
        return record, None
    raw = events.raw()[index]
    event_id = raw.get("event_id") if isinstance(raw, dict) else None
    return record, {
        "index": index,
        "event_id": event_id if isinstance(event_id, str) else None,
        "field": _FIELDS.get(reason) or reason.split(":", 1)[0],
        "reason": reason,
    }


async def _spool(state: State, lines: bytes, count: int) -> None:
    """Append the lines and wait for their fsync; 503 if they could not be made durable."""
    try:
        await state.spool.append([lines])
    except SpoolUnavailable as exc:
        log.error("events.not_durable", error=str(exc), events=count)
        state.counters.inc("leadhub_events_not_durable_total", count)
        raise ApiError(
            503,
            "spool_unavailable",
            "Events could not be stored durably; retry.",
            retryable=True,
            headers={"Retry-After": "1"},
        ) from None
