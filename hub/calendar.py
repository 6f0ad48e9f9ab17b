"""Europe/Paris business time: cap periods (day, week from Monday, month) and a commande's
delivery calendar (open days, hours, closed dates, French public holidays).

Every period is cut on the Paris wall clock, never on UTC: a day is 23 or 25 hours long on the
DST change days, and ``next_period_start`` builds the next local midnight through ``zoneinfo``
so those days are neither shortened nor doubled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
PERIOD_KINDS = ("day", "week", "month")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ALL_DAYS = frozenset(range(1, 8))
OPEN_SEARCH_DAYS = 400


def paris_date(now: datetime) -> date:
    return now.astimezone(PARIS).date()


def period_start_date(day: date, kind: str) -> date:
    if kind == "day":
        return day
    if kind == "week":
        return day - timedelta(days=day.weekday())  # weeks start on Monday
    if kind == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period kind {kind!r}")


def period_key(now: datetime, kind: str) -> str:
    """The cap bucket of ``now``: ``day:2026-03-29``, ``week:2026-03-23``, ``month:2026-03``."""
    start = period_start_date(paris_date(now), kind)
    return f"month:{start.isoformat()[:7]}" if kind == "month" else f"{kind}:{start.isoformat()}"


def period_keys(now: datetime) -> dict[str, str]:
    return {kind: period_key(now, kind) for kind in PERIOD_KINDS}


def local_midnight(day: date) -> datetime:
    """Paris midnight of ``day`` as an aware UTC datetime (midnight exists every day in Paris)."""
    return datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)


def next_period_start(now: datetime, kind: str) -> datetime:
    """When the period holding ``now`` ends: the next Paris midnight, Monday or 1st."""
    start = period_start_date(paris_date(now), kind)
    if kind == "day":
        nxt = start + timedelta(days=1)
    elif kind == "week":
        nxt = start + timedelta(days=7)
    else:
        nxt = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return local_midnight(nxt)


@cache
def _french_holidays(year: int) -> dict[date, str]:
    import holidays  # lazy: the collector's workers use this module for PARIS only

    return dict(holidays.country_holidays("FR", years=year, language="fr").items())


def french_holiday(day: date) -> str | None:
    """The name of the French (metropolitan) public holiday on ``day``, if any."""
    return _french_holidays(day.year).get(day)


def parse_hhmm(value: str) -> time:
    """'08:30' → time(8, 30); raises ValueError on anything else."""
    hours, sep, minutes = value.partition(":")
    if not sep or len(hours) != 2 or len(minutes) != 2:
        raise ValueError(f"expected HH:MM, got {value!r}")
    return time(int(hours), int(minutes))


@dataclass(frozen=True, slots=True)
class DeliveryCalendar:
    """When a commande takes leads, on the Paris clock. ``hours`` is [from, to), same day."""

    days: frozenset[int] = ALL_DAYS  # ISO weekdays, 1 = Monday
    hours: tuple[time, time] | None = None
    closed_dates: frozenset[date] = frozenset()
    closed_on_holidays: bool = False

    @classmethod
    def from_columns(
        cls,
        delivery_days: str,
        hours_from: str | None,
        hours_to: str | None,
        closed_dates: str,
        closed_on_holidays: int | bool,
    ) -> DeliveryCalendar:
        days = frozenset(int(d) for d in json.loads(delivery_days or "[1,2,3,4,5,6,7]"))
        hours = None
        if hours_from and hours_to:
            hours = (parse_hhmm(hours_from), parse_hhmm(hours_to))
        closed = frozenset(date.fromisoformat(d) for d in json.loads(closed_dates or "[]"))
        return cls(days, hours, closed, bool(closed_on_holidays))

    def _day_reason(self, day: date) -> str | None:
        if day.isoweekday() not in self.days:
            return f"closed on {WEEKDAYS_FR[day.weekday()]}"
        if day in self.closed_dates:
            return f"closed date {day.isoformat()}"
        if self.closed_on_holidays:
            name = french_holiday(day)
            if name:
                return f"closed: public holiday ({name})"
        return None

    def closed_reason(self, now: datetime) -> str | None:
        """Why the commande takes no lead at ``now``, or None when it is open."""
        local = now.astimezone(PARIS)
        reason = self._day_reason(local.date())
        if reason is None and self.hours is not None:
            start, end = self.hours
            if not start <= local.time() < end:
                return f"closed: outside hours {start:%H:%M}–{end:%H:%M}"
        return reason

    def next_open(self, now: datetime) -> datetime | None:
        """The first moment at or after ``now`` when the commande is open (None: never)."""
        local = now.astimezone(PARIS)
        for offset in range(OPEN_SEARCH_DAYS):
            day = local.date() + timedelta(days=offset)
            if self._day_reason(day) is not None:
                continue
            start, end = self.hours or (time(0), time(23, 59, 59, 999999))
            opens = datetime.combine(day, start, tzinfo=PARIS)
            closes = datetime.combine(day, end, tzinfo=PARIS)
            candidate = max(opens, local) if offset == 0 else opens
            if candidate < closes:
                return candidate.astimezone(UTC)
        return None
