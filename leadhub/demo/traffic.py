"""Demo traffic: visitors walking the demo funnels, sent through the real collector over HTTP.

Used by ``leadhub up`` so the dashboard has numbers from the first minute, and by
``leadhub seed traffic``. It goes through the public contract only (POST /v1/events and
POST /v1/leads), so what it produces is exactly what real LPs produce.
"""

from __future__ import annotations

import random
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from hub.db import connect
from hub.phones import normalise
from hub.settings import Settings
from leadhub.demo.queries import demo_sql

SOURCES = [
    ("google", "cpc", "hiver-2026"),
    ("facebook", "paid_social", "pac-promo"),
    ("bing", "cpc", "hiver-2026"),
    (None, None, None),
]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36",
]
POSTAL_CODES = [
    "75011",
    "13100",
    "69003",
    "33000",
    "31000",
    "92100",
    "59000",
    "44000",
    "06000",
    "20000",
    "20200",
    "97400",
    "67000",
    "34000",
    "83000",
    "84000",
    "77100",
]
FIRST = ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Gabriel", "Inès", "Paul"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Moreau"]


@dataclass(frozen=True, slots=True)
class Funnel:
    lp_key: str
    lp_url: str
    form_key: str
    form_url: str


@dataclass
class TrafficSummary:
    visitors: int = 0
    events: int = 0
    leads: int = 0

    def __str__(self) -> str:
        return f"demo traffic: {self.visitors} visitors, {self.events} events, {self.leads} leads"


def funnels(settings: Settings) -> list[Funnel]:
    with closing(connect(settings.hub_db, readonly=True)) as con:
        rows = con.execute(demo_sql("traffic_funnels")).fetchall()
    return [Funnel(**dict(row)) for row in rows]


def _phone(rng: random.Random) -> str:
    while True:
        candidate = "06" + "".join(rng.choice("0123456789") for _ in range(8))
        if normalise(candidate).cls == "valid":
            return candidate


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Visitor:
    def __init__(self, rng: random.Random, funnel: Funnel) -> None:
        self.rng = rng
        self.funnel = funnel
        self.visitor_id = str(uuid.UUID(int=rng.getrandbits(128)))
        self.session_id = str(uuid.UUID(int=rng.getrandbits(128)))
        self.source, self.medium, self.campaign = rng.choice(SOURCES)
        self.variant = rng.choice(["A", "B"])
        self.agent = rng.choice(AGENTS)

    def event(self, kind: str, key: str, url: str, **props: Any) -> dict[str, Any]:
        return {
            "event_id": str(uuid.UUID(int=self.rng.getrandbits(128))),
            "type": kind,
            "key": key,
            "visitor_id": self.visitor_id,
            "session_id": self.session_id,
            "ts": datetime.now(UTC).isoformat(),
            "url": url,
            "referrer": "",
            "utm_source": self.source,
            "utm_medium": self.medium,
            "utm_campaign": self.campaign,
            "variant": self.variant,
            "consent": True,
            "props": props,
        }

    def walk(self) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """The events of one visit and, if the visitor converts, the lead it submits."""
        f, rng = self.funnel, self.rng
        # Variant B converts a little better: the A/B page has something to show.
        lift = 0.08 if self.variant == "B" else 0.0
        events = [self.event("page_view", f.lp_key, f.lp_url)]
        if rng.random() > 0.45 + lift:
            return events, None
        events.append(self.event("cta_click", f.lp_key, f.lp_url, href=f.form_url))
        events.append(self.event("page_view", f.form_key, f.form_url))
        if rng.random() > 0.8:
            return events, None
        events.append(self.event("form_start", f.form_key, f.form_url))
        if rng.random() > 0.65 + lift:
            return events, None
        events.append(self.event("form_submit", f.form_key, f.form_url))
        lead = {
            "form_key": f.form_key,
            "prenom": rng.choice(FIRST),
            "nom": rng.choice(LAST),
            "telephone": _phone(rng),
            "code_postal": rng.choice(POSTAL_CODES),
            "email": f"demo{rng.randrange(10**6)}@example.fr",
            "consentement": True,
            "visitor_id": self.visitor_id,
            "session_id": self.session_id,
            "utm_source": self.source,
            "utm_medium": self.medium,
            "utm_campaign": self.campaign,
            "variant": self.variant,
            "page_url": f.form_url,
            "submission_id": str(uuid.UUID(int=rng.getrandbits(128))),
        }
        return events, lead


def wait_healthy(client: httpx.Client, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the collector did not become healthy")
        time.sleep(0.5)


def send(settings: Settings, visitors: int = 150, seed: int = 2026) -> TrafficSummary:
    """Walk ``visitors`` demo visitors through the funnels; raise on any refused request."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    all_funnels = funnels(settings)
    summary = TrafficSummary()
    with httpx.Client(base_url=settings.collector_url, timeout=10) as client:
        wait_healthy(client)
        for _ in range(visitors):
            visitor = _Visitor(rng, rng.choice(all_funnels))
            events, lead = visitor.walk()
            headers = {"Origin": _origin(visitor.funnel.lp_url), "User-Agent": visitor.agent}
            answer = client.post("/v1/events", json={"events": events}, headers=headers)
            answer.raise_for_status()
            summary.visitors += 1
            summary.events += len(events)
            if lead is not None:
                headers["Origin"] = _origin(visitor.funnel.form_url)
                client.post("/v1/leads", json=lead, headers=headers).raise_for_status()
                summary.leads += 1
    return summary
