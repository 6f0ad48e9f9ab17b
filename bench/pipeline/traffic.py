"""Realistic tracker traffic for the pipeline bench, vectorised (numpy + pyarrow).

Visitors come back for a few sessions; a session is 1-8 page views, then maybe a CTA click
(25 %), a form start (half of those) and a submit (40 % of the starts). UTM source / medium /
campaign and click ids on the landing hit (paid search, paid social, e-mail; organic search by
referrer only; direct), variants on the LPs that run a test, devices from real user agents, the
hour-of-day curve of a French audience, and client clocks that are off (``ts``/``sent_at``
skewed, a few by hours). Everything comes from one seeded generator: same arguments, same events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.lake_schema import LAKE_SCHEMA

PARIS = ZoneInfo("Europe/Paris")
EVENTS_PER_SESSION = 2.86  # mean of the session shape below (measured, for sizing)
# (utm_source, utm_medium, campaigns, referrer, share of sessions)
SOURCES = (
    ("google", "cpc", ("pv-printemps", "pac-hiver", "marque"), "https://www.google.com/", 0.34),
    ("facebook", "paid_social", ("pv-lookalike", "retarget-30j"), "https://m.facebook.com/", 0.24),
    ("bing", "cpc", ("pv-printemps",), "https://www.bing.com/", 0.05),
    ("newsletter", "email", ("nl-mars",), None, 0.05),
    (None, None, (), "https://www.google.fr/", 0.16),  # organic search: referrer only
    (None, None, (), None, 0.16),  # direct
)
USER_AGENTS = (
    ("mobile", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15"
     " (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", 0.38),
    ("mobile", "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like"
     " Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", 0.27),
    ("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
     " Gecko) Chrome/131.0.0.0 Safari/537.36", 0.22),
    ("desktop", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML,"
     " like Gecko) Version/18.1 Safari/605.1.15", 0.08),
    ("tablet", "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
     " like Gecko) Version/17.6 Mobile/15E148 Safari/604.1", 0.05),
)  # fmt: skip
HOURS = np.array([1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9, 10, 10, 9, 6, 3], float)
TYPES = np.array(["page_view", "cta_click", "form_start", "form_submit"])


@dataclass(frozen=True)
class Target:
    account_id: str
    lp_id: str
    lp_key: str
    lp_url: str
    form_id: str
    form_key: str
    variants: tuple[str, ...]


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    text = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), width=24, padding="0")
    return pc.binary_join_element_wise(prefix, text, "")


def _pick(rng: np.random.Generator, n: int, shares: list[float]) -> np.ndarray:
    p = np.array(shares, float)
    picked: np.ndarray = rng.choice(len(p), size=n, p=p / p.sum())
    return picked


def _take(values: Sequence[str | None], index: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(index))


def session_starts(rng: np.random.Generator, n: int, end: datetime, days: int) -> np.ndarray:
    """Session starts (µs since epoch, UTC) over the ``days`` Paris days ending ``end``'s day,
    on the hour curve, never after ``end``."""
    last = end.astimezone(PARIS).date()
    midnights = np.array(
        [
            int(datetime.combine(last - timedelta(days=d), datetime.min.time(), PARIS).timestamp())
            for d in range(days)
        ],
        np.int64,
    )
    day = rng.integers(0, days, n)
    hour = _pick(rng, n, list(HOURS))
    seconds = midnights[day] + hour * 3600 + rng.integers(0, 3600, n)
    seconds = np.minimum(seconds, int(end.timestamp()) - 600)
    starts: np.ndarray = seconds * 1_000_000 + rng.integers(0, 1_000_000, n)
    return starts


def generate(
    rng: np.random.Generator,
    targets: list[Target],
    starts: np.ndarray,
    first_id: int,
    gap_s: float = 40.0,
) -> pa.Table:
    """The events of one session per start (µs UTC), event ids from ``first_id`` on."""
    n = len(starts)
    pages = np.minimum(rng.geometric(0.4, n), 8)
    cta = rng.random(n) < 0.25
    start = cta & (rng.random(n) < 0.5)
    submit = start & (rng.random(n) < 0.4)
    size = pages + cta + start + submit
    total = int(size.sum())
    ses = np.repeat(np.arange(n), size)
    pos = np.arange(total) - np.repeat(np.cumsum(size) - size, size)
    kind = np.maximum(pos - pages[ses] + 1, 0)  # 0 page, 1 cta, 2 start, 3 submit
    # visitors: ~1.3 sessions each; the session's visitor, LP, source, device, variant
    visitor = rng.integers(0, max(1, int(n / 1.3)), n) + first_id
    target = rng.integers(0, len(targets), n)
    source = _pick(rng, n, [s[4] for s in SOURCES])
    campaign = rng.integers(0, 3, n)
    agent = _pick(rng, n, [u[2] for u in USER_AGENTS])
    arm = rng.integers(0, 2, n)
    skew_us = rng.normal(0, 20e6, n).astype(np.int64)
    off = rng.random(n) < 0.02
    skew_us[off] = rng.integers(-6, 7, int(off.sum())) * 3_600_000_000  # clocks hours off
    # times: true event time, client clock (ts), batch sent (sent_at), received
    steps = rng.exponential(gap_s * 1e6, total).astype(np.int64)
    steps[pos == 0] = 0
    firsts = np.cumsum(size) - size
    elapsed = np.cumsum(steps)
    true_at = starts[ses] + elapsed - np.repeat(elapsed[firsts], size)
    ts = true_at + skew_us[ses]
    sent_at = ts + rng.integers(0, 3_000_000, total)
    received = true_at + (sent_at - ts) + rng.integers(20_000, 400_000, total)
    t_ses = target[ses]
    is_form = kind >= 2
    landing = pos == 0
    src_e = source[ses]
    utm = list(SOURCES)
    camp_names = [[c[k % len(c)] if c else None for k in range(3)] for c in (s[2] for s in SOURCES)]
    utm_source = np.where(landing, src_e, -1)
    names_source = [s[0] for s in utm] + [None]
    names_medium = [s[1] for s in utm] + [None]
    flat_campaigns = [name for row in camp_names for name in row] + [None]
    camp_index = np.where(landing, src_e * 3 + campaign[ses], len(flat_campaigns) - 1)
    lp_urls = [t.lp_url for t in targets]
    query = pc.binary_join_element_wise(
        _take(lp_urls, t_ses),
        pc.if_else(
            pa.array(landing & (np.array([s[0] is not None for s in utm])[src_e])),
            pc.binary_join_element_wise(
                "?utm_source=", _take(names_source, src_e), "&utm_campaign=",
                _take(flat_campaigns, src_e * 3 + campaign[ses]), "",
            ),
            "",
        ),
        "",
    )  # fmt: skip
    url = pc.if_else(pa.array(is_form), _take([t.lp_url + "form/" for t in targets], t_ses), query)
    referrer = pc.if_else(
        pa.array(landing), _take([s[3] for s in utm], src_e), _take(lp_urls, t_ses)
    )
    has_variant = np.array([bool(t.variants) for t in targets])[t_ses]
    variant_names = ["A", "B", None]
    columns = {
        "event_id": _ids("ev", np.arange(first_id, first_id + total)),
        "type": pa.array(TYPES[kind]),
        "key": pc.if_else(
            pa.array(is_form),
            _take([t.form_key for t in targets], t_ses),
            _take([t.lp_key for t in targets], t_ses),
        ),
        "account_id": _take([t.account_id for t in targets], t_ses),
        "lp_id": _take([t.lp_id for t in targets], t_ses),
        "form_id": pc.if_else(pa.array(is_form), _take([t.form_id for t in targets], t_ses), None),
        "visitor_id": _ids("vis", visitor[ses]),
        "session_id": _ids("ses", ses + first_id),
        "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
        "sent_at": pa.array(sent_at, pa.timestamp("us", tz="UTC")),
        "received_at": pa.array(received, pa.timestamp("us", tz="UTC")),
        "url": url,
        "referrer": referrer,
        "utm_source": _take(names_source, np.where(utm_source < 0, len(utm), utm_source)),
        "utm_medium": _take(names_medium, np.where(landing, src_e, len(utm))),
        "utm_campaign": _take(flat_campaigns, camp_index),
        # click ids on the landing hit of paid search (Google) and paid social (Facebook)
        "gclid": pc.if_else(pa.array(landing & (src_e == 0)), _ids("Cj0KCQ", ses + first_id), None),
        "fbclid": pc.if_else(pa.array(landing & (src_e == 1)), _ids("IwAR", ses + first_id), None),
        "variant": _take(variant_names, np.where(has_variant, arm[ses], 2)),
        "user_agent": _take([u[1] for u in USER_AGENTS], agent[ses]),
        "device": _take([u[0] for u in USER_AGENTS], agent[ses]),
        "is_test": pa.array(np.zeros(total, bool)),
        "collector_id": pa.array(["bench"] * total, pa.string()),
    }
    arrays = [columns.get(f.name, pa.nulls(total, f.type)) for f in LAKE_SCHEMA]
    return pa.Table.from_arrays(arrays, schema=LAKE_SCHEMA)
