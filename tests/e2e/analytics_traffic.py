"""A known A/B design sent through the collector as the tracker sends it, for the analytics e2e.

Each visitor of one LP (variants A and B) comes from one of two paid campaigns and does one of:
bounce (LP page view), CTA click, reach the form and start it without sending it, or send a
lead. Leads from Paris are in the buyer's commande (sold); leads from Lyon are not (unrouted).
``CELLS`` is the design; ``expected_*`` are its totals, computed by hand in the docstrings.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from hub.phones import normalise

AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
LP_ORIGIN = "https://www.soleil-direct.fr"
FORM_ORIGIN = "https://devis.soleil-direct.fr"
SOLD_POSTCODE, UNSOLD_POSTCODE = "75011", "69003"  # the commande covers Paris, not Lyon
SEARCH = ("google", "cpc", "pv-hiver-search")
SOCIAL = ("facebook", "paid_social", "pv-hiver-social")


@dataclass(frozen=True)
class Cell:
    """Sessions of one variant from one campaign, and what they did."""

    variant: str
    campaign: tuple[str, str, str]  # utm_source, utm_medium, utm_campaign
    sessions: int
    ctas: int  # clicked the CTA, left
    abandons: int  # clicked the CTA, started the form, did not send it
    leads: int  # sent the form: one lead each
    sold: int  # of those leads, the ones from Paris


# A: 400 sessions, 20 leads (5 %); B: 400 sessions, 60 leads (15 %).
CELLS = (
    Cell("A", SEARCH, 240, 40, 10, 14, 10),
    Cell("A", SOCIAL, 160, 25, 6, 6, 4),
    Cell("B", SEARCH, 200, 45, 8, 36, 30),
    Cell("B", SOCIAL, 200, 40, 6, 24, 18),
)
PRICE_CENTS = 3500
COSTS = {SEARCH[2]: "612.50", SOCIAL[2]: "387,30"}  # euros, the second as a French export


@dataclass(frozen=True)
class Visit:
    cell: Cell
    kind: str  # bounce | cta | abandon | lead
    postcode: str | None  # leads only


def visits(seed: int = 11) -> list[Visit]:
    """Every visit of the design, A and B interleaved (a fixed shuffle)."""
    out: list[Visit] = []
    for cell in CELLS:
        bounces = cell.sessions - cell.ctas - cell.abandons - cell.leads
        out += [Visit(cell, "bounce", None)] * bounces
        out += [Visit(cell, "cta", None)] * cell.ctas
        out += [Visit(cell, "abandon", None)] * cell.abandons
        out += [Visit(cell, "lead", SOLD_POSTCODE)] * cell.sold
        out += [Visit(cell, "lead", UNSOLD_POSTCODE)] * (cell.leads - cell.sold)
    random.Random(seed).shuffle(out)
    return out


def phones(count: int, seed: int = 5) -> list[str]:
    """Distinct mobile numbers the intake classes as valid."""
    rng = random.Random(seed)
    found: set[str] = set()
    while len(found) < count:
        number = f"06{rng.randrange(10**8):08d}"
        if normalise(number).cls == "valid":
            found.add(number)
    return sorted(found)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Visitor:
    """One browser: its ids, its campaign, and the beacons its tracker sends."""

    def __init__(self, client: httpx.Client, keys: dict[str, str], visit: Visit) -> None:
        self.client, self.keys, self.visit = client, keys, visit
        self.ids = {"visitor_id": str(uuid.uuid4()), "session_id": str(uuid.uuid4())}
        source, medium, campaign = visit.cell.campaign
        self.utm = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign}

    def beacon(self, origin: str, page: str, key: str, *types: str, variant: bool) -> None:
        """One text/plain beacon with ``types`` (the tracker batches a page's events)."""
        url = f"{origin}{page}?{urlencode(self.utm)}"
        extra = {"variant": self.visit.cell.variant} if variant else {}
        events: list[dict[str, Any]] = [
            {
                "event_id": str(uuid.uuid4()),
                "type": kind,
                "key": key,
                "ts": _now(),
                "sent_at": _now(),
                "url": url,
                "referrer": None,
                "props": {},
                "consent": True,
                **self.utm,
                **extra,
                **self.ids,
            }
            for kind in types
        ]
        r = self.client.post(
            "/v1/events",
            content=json.dumps({"events": events}),
            headers={"content-type": "text/plain;charset=UTF-8", "origin": origin},
        )
        assert r.status_code == 202 and r.json() == {"accepted": len(types), "rejected": []}, r.text

    def walk(self, n: int, phone: str | None) -> str | None:
        """The visit; the lead id when it sends one."""
        kind = self.visit.kind
        lp_events = ("page_view",) if kind == "bounce" else ("page_view", "cta_click")
        self.beacon(LP_ORIGIN, "/solaire/", self.keys["lp"], *lp_events, variant=True)
        if kind in ("bounce", "cta"):
            return None
        form_events: tuple[str, ...] = ("page_view", "form_start")
        if kind == "lead":
            form_events += ("form_submit",)
        self.beacon(FORM_ORIGIN, "/solaire/", self.keys["form"], *form_events, variant=False)
        if kind != "lead":
            return None
        assert phone is not None and self.visit.postcode is not None
        r = self.client.post(
            "/v1/leads",
            data={
                "form_key": self.keys["form"],
                "prenom": "Camille",
                "nom": f"Durand-{n}",
                "telephone": phone,
                "email": f"camille.durand.{n}@orange.fr",
                "code_postal": self.visit.postcode,
                "consentement": "on",
                "page_url": f"{FORM_ORIGIN}/solaire/?{urlencode(self.utm)}",
                **self.utm,
                **self.ids,
            },
            headers={"origin": FORM_ORIGIN},
        )
        assert r.status_code == 303, r.text
        return r.headers["location"].split("lead_id=")[1]


def send_all(collector: str, keys: dict[str, str]) -> dict[str, Visit]:
    """Walk every visitor of the design through the collector; lead id → its visit."""
    design = visits()
    numbers = iter(phones(sum(v.kind == "lead" for v in design)))
    leads: dict[str, Visit] = {}
    with httpx.Client(base_url=collector, headers={"user-agent": AGENT}, timeout=30) as client:
        for n, visit in enumerate(design):
            phone = next(numbers) if visit.kind == "lead" else None
            lead_id = Visitor(client, keys, visit).walk(n, phone)
            if lead_id is not None:
                leads[lead_id] = visit
    return leads


def totals(variant: str | None = None, campaign: str | None = None) -> dict[str, Any]:
    """The design's sums over the cells of ``variant`` and/or ``campaign``."""
    cells = [c for c in CELLS if variant in (None, c.variant) and campaign in (None, c.campaign[2])]
    return {
        "sessions": sum(c.sessions for c in cells),
        "cta": sum(c.ctas + c.abandons + c.leads for c in cells),
        "form_starts": sum(c.abandons + c.leads for c in cells),
        "leads": sum(c.leads for c in cells),
        "sold": sum(c.sold for c in cells),
    }
