"""Billing periods on the Europe/Paris calendar: a month (``2026-11``) or an ISO week
(``2026-W48``, Monday to Sunday; ISO years: 2026-W53 ends on 3 January 2027).

A period is a range of Paris dates; its UTC bounds are the Paris midnights that open and close
it (:func:`hub.calendar.local_midnight`), so a month holding a DST change is 743 or 745 hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hub.calendar import local_midnight, paris_date
from hub.db import iso

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
# Which buyers a period closes: monthly ones and the prepaid (a monthly statement of what the
# prepayment paid for); weekly ones on weeks.
CYCLES = {"month": ("monthly", "prepaid"), "week": ("weekly",)}


@dataclass(frozen=True, slots=True)
class Period:
    key: str  # 2026-11 | 2026-W48
    kind: str  # month | week
    first: date  # first Paris day
    last: date  # last Paris day (inclusive)

    @property
    def start_utc(self) -> str:
        return iso(local_midnight(self.first))

    @property
    def end_utc(self) -> str:
        """The Paris midnight after the last day (exclusive bound)."""
        return iso(local_midnight(self.last + timedelta(days=1)))

    @property
    def cycles(self) -> tuple[str, ...]:
        return CYCLES[self.kind]

    def ended(self, now: datetime) -> bool:
        return paris_date(now) > self.last


def parse_period(text: str) -> Period:
    """``YYYY-MM`` or ``YYYY-Www``; ValueError with the reason on anything else."""
    value = (text or "").strip().upper()
    if m := _MONTH.fullmatch(value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month:02d}")
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        return Period(f"{year:04d}-{month:02d}", "month", first, nxt - timedelta(days=1))
    if m := _WEEK.fullmatch(value):
        year, week = int(m[1]), int(m[2])
        try:
            first = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{year} has no ISO week {week:02d}") from None
        return Period(f"{year:04d}-W{week:02d}", "week", first, first + timedelta(days=6))
    raise ValueError("expected YYYY-MM (a month) or YYYY-Www (an ISO week)")


def period_of(now: datetime, kind: str) -> Period:
    """The Paris month or ISO week holding ``now`` (the open period)."""
    day = paris_date(now)
    if kind == "month":
        return parse_period(f"{day.year:04d}-{day.month:02d}")
    year, week, _ = day.isocalendar()
    return parse_period(f"{year:04d}-W{week:02d}")


def previous(now: datetime, kind: str) -> Period:
    """The last period of ``kind`` that has ended at ``now`` (what a scheduled close bills)."""
    return period_of(local_midnight(period_of(now, kind).first) - timedelta(hours=1), kind)
