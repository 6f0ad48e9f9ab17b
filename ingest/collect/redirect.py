"""``GET /r/{link_key}``: redirect tracking, for LPs that cannot run our script (no JS at all).

The hit is recorded as a ``cta_click`` through the same path as ``POST /v1/events``
(:func:`ingest.collect.pipeline.ingest`: validation, key resolution, fsynced spool, quarantine),
then the visitor gets a ``302`` to the link's target with the ids and attribution carried over:

- ``lh_vid`` / ``lh_sid`` from the query when present and well formed (a tracker that has
  consent decorates the link), else new server-generated ids; with ``lh_c=0`` (a tracker
  without consent) no id is made or carried: the click is sent cookieless (``consent: false``)
  and the collector derives its daily-salted ids, like the page's other events;
- ``utm_*``, ``gclid``, ``fbclid``, ``variant``, ``lh_test`` and ``lh_c`` are passed on
  (a parameter the target URL already has is kept).

An unknown link answers ``404`` in the error shape, and the hit is still kept: recorded with the
key ``link:<link_key>``, which no LP or form has, so it lands in quarantine as ``key:unknown``.
A known link always gets its ``302``, even when the click could not be made durable (logged):
losing a visitor on the way to the form costs more than losing the click. An archived link
still redirects (a printed ad must not break); its click is recorded with ``link:<link_key>``,
listed inactive, so it lands in quarantine as ``key:inactive`` (decision 0030).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import structlog
from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import FromPath

from hub.attribution import ATTRIBUTION
from hub.db import Hub
from hub.errors import ApiError, FieldError
from ingest.collect.decode import Events, now_us
from ingest.collect.pipeline import Hit, ingest
from ingest.queries import q

log = structlog.get_logger("ingest.redirect")
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{7,127}")
LINK_KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}")
PASSED_ON = (*ATTRIBUTION, "lh_test", "lh_c")
NO_STORE = {"Cache-Control": "no-store, max-age=0"}  # every click must reach us


@dataclass(frozen=True, slots=True)
class Link:
    link_key: str
    key: str  # public key the click is recorded with
    target_url: str


class LinkResolver:
    """``link_key`` → :class:`Link`, read from the hub and kept ``ttl`` seconds per key.

    A failed read serves the last value known for that key (logged); with none, it raises.
    """

    def __init__(self, hub: Hub, ttl: float = 5.0) -> None:
        self.hub = hub
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Link | None]] = {}

    def _read(self, link_key: str) -> Link | None:
        row = self.hub.con().execute(q("redirect_link"), (link_key,)).fetchone()
        return Link(row["link_key"], row["key"], row["target_url"]) if row else None

    async def get(self, link_key: str) -> Link | None:
        now = time.monotonic()
        cached = self._cache.get(link_key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        try:
            link = await asyncio.to_thread(self._read, link_key)
        except Exception:
            if cached is None:
                raise
            log.warning("redirect.hub_stale", link_key=link_key, exc_info=True)
            return cached[1]
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[link_key] = (now, link)
        return link


def carried_params(query: dict[str, str]) -> dict[str, str]:
    """What the redirect carries to the target: ids (unless refused), attribution, flags."""
    out = {k: query[k][:256] for k in PASSED_ON if query.get(k)}
    if out.get("lh_c") not in (None, "0", "1"):
        del out["lh_c"]
    if out.get("lh_c") != "0":
        for name in ("lh_vid", "lh_sid"):
            value = query.get(name) or ""
            out[name] = value if ID_RE.fullmatch(value) else str(uuid.uuid4())
    return out


def target_with(target_url: str, carried: dict[str, str]) -> str:
    """``target_url`` plus the carried parameters; its own parameters win, except the ids."""
    parts = urlsplit(target_url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    have = {k for k, _ in params}
    params = [(k, v) for k, v in params if k not in ("lh_vid", "lh_sid")]
    params += [(k, v) for k, v in carried.items() if k.startswith("lh_") or k not in have]
    return urlunsplit(parts._replace(query=urlencode(params)))


def click_event(
    link_key: str, link: Link | None, carried: dict[str, str], page_url: str | None
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": str(uuid.uuid4()),
        "type": "cta_click",
        "key": link.key if link else f"link:{link_key[:100]}",
        "ts": int(time.time() * 1000),
        "url": page_url,
        "props": {
            "href": link.target_url if link else None,
            "link_key": link_key[:100],
            "via": "redirect",
        },
        **{k: carried[k] for k in ATTRIBUTION if k in carried},
    }
    if "lh_vid" in carried:
        event["visitor_id"], event["session_id"] = carried["lh_vid"], carried["lh_sid"]
    if carried.get("lh_c") in ("0", "1"):
        event["consent"] = carried["lh_c"] == "1"
    if carried.get("lh_test") == "1":
        event["is_test"] = True
    return event


def _resolver(state: State) -> LinkResolver:
    resolver = state.get("link_resolver")
    if resolver is None:
        resolver = LinkResolver(state.hub)
        state.link_resolver = resolver
    assert isinstance(resolver, LinkResolver)
    return resolver


def _unknown_link() -> ApiError:
    return ApiError(
        404,
        "unknown_link",
        "No tracked link has this key; the hit was kept with its reason.",
        [FieldError("link_key", "unknown", "Lien suivi inconnu.", "Unknown tracked link.")],
    )


@get(
    "/r/{link_key:str}",
    summary="Redirect tracking link (no JavaScript)",
    tags=["tracking"],
    description="Records a `cta_click` (durably, like `/v1/events`), then `302` to the link's "
    "target with `lh_vid`, `lh_sid` (from the query, else new ones; none with `lh_c=0`), UTM, "
    "`gclid`, `fbclid`, `variant`, `lh_test` carried. Unknown link: `404`, hit kept in "
    "quarantine (`key:unknown`, key `link:<link_key>`).",
)
async def redirect(request: Request[Any, Any, State], link_key: FromPath[str]) -> Response[bytes]:
    state = request.app.state
    link = None
    if LINK_KEY_RE.fullmatch(link_key):
        try:
            link = await _resolver(state).get(link_key)
        except Exception as exc:
            log.error("redirect.hub_unavailable", error=f"{type(exc).__name__}: {exc}")
            raise ApiError(
                503,
                "hub_unavailable",
                "Tracked links cannot be read now; retry.",
                retryable=True,
                headers={"Retry-After": "5"},
            ) from None
    carried = carried_params(dict(request.query_params.items()))
    referer = request.headers.get("referer")
    page_url = referer if referer and referer.startswith(("http://", "https://")) else None
    try:
        click = click_event(link_key, link, carried, page_url)
        events = Events.of([click], now_us(), state.settings.test_mode)
        await ingest(state, Hit.of(request), events)
    except ApiError as exc:  # not durable: log it, but never strand the visitor
        if link is None:
            raise
        log.error("redirect.click_not_recorded", link_key=link_key, code=exc.code)
    if link is None:
        raise _unknown_link()
    location = target_with(link.target_url, carried)
    return Response(b"", status_code=302, headers={"Location": location, **NO_STORE})
