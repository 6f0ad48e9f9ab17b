"""Europe/Paris cap periods (DST days included) and the delivery calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from hub.calendar import (
    PARIS,
    DeliveryCalendar,
    french_holiday,
    next_period_start,
    period_key,
    period_keys,
)


def paris(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (paris(2026, 3, 28, 23, 59, 59), paris(2026, 3, 29, 0, 0, 0)),  # eve of spring DST
        (paris(2026, 3, 29, 23, 59, 59), paris(2026, 3, 30, 0, 0, 0)),  # end of the 23 h day
        (paris(2026, 10, 24, 23, 59, 59), paris(2026, 10, 25, 0, 0, 0)),  # eve of autumn DST
        (paris(2026, 10, 25, 23, 59, 59), paris(2026, 10, 26, 0, 0, 0)),  # end of the 25 h day
        (paris(2026, 11, 22, 23, 59, 59), paris(2026, 11, 23, 0, 0, 0)),
    ],
)
def test_one_second_apart_across_paris_midnight_are_two_days(
    before: datetime, after: datetime
) -> None:
    assert after - before == timedelta(seconds=1)
    assert period_key(before, "day") != period_key(after, "day")
    assert period_key(before, "day") == f"day:{before.date().isoformat()}"
    assert period_key(after, "day") == f"day:{after.date().isoformat()}"


def test_the_utc_date_is_never_the_bucket() -> None:
    # 23:30 Paris in summer is 21:30 UTC; 00:30 Paris in winter is 23:30 UTC the day before.
    assert period_key(datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "day") == "day:2026-07-02"
    assert period_key(datetime(2026, 1, 4, 23, 30, tzinfo=UTC), "day") == "day:2026-01-05"


def test_weeks_start_on_monday_and_months_on_the_first_in_paris() -> None:
    sunday_night = paris(2026, 3, 29, 23, 59, 59)  # Sunday, DST day
    monday = paris(2026, 3, 30, 0, 0, 0)
    assert period_keys(sunday_night) == {
        "day": "day:2026-03-29",
        "week": "week:2026-03-23",
        "month": "month:2026-03",
    }
    assert period_keys(monday)["week"] == "week:2026-03-30"
    # 31 Oct 23:30 Paris is still October, though it is 22:30 UTC
    assert period_key(paris(2026, 10, 31, 23, 30), "month") == "month:2026-10"
    assert period_key(paris(2026, 11, 1, 0, 0), "month") == "month:2026-11"
    assert period_key(paris(2026, 10, 25, 12, 0), "week") == "week:2026-10-19"


def test_next_period_start_is_local_midnight_on_dst_days() -> None:
    spring = next_period_start(paris(2026, 3, 29, 1, 0), "day")  # a 23 h day
    assert spring == paris(2026, 3, 30, 0, 0).astimezone(UTC)
    assert spring - paris(2026, 3, 29, 0, 0) == timedelta(hours=23)
    autumn = next_period_start(paris(2026, 10, 25, 1, 0), "day")  # a 25 h day
    assert autumn - paris(2026, 10, 25, 0, 0) == timedelta(hours=25)
    assert next_period_start(paris(2026, 3, 29, 12, 0), "week") == paris(2026, 3, 30, 0, 0)
    assert next_period_start(paris(2026, 10, 25, 12, 0), "week") == paris(2026, 10, 26, 0, 0)
    assert next_period_start(paris(2026, 12, 31, 23, 0), "month") == paris(2027, 1, 1, 0, 0)
    assert next_period_start(paris(2026, 2, 10, 9, 0), "month") == paris(2026, 3, 1, 0, 0)


def test_french_public_holidays_come_from_the_calendar_package() -> None:
    assert french_holiday(date(2026, 7, 14)) == "Fête nationale"
    assert french_holiday(date(2026, 5, 14)) == "Ascension"  # movable
    assert french_holiday(date(2026, 4, 6)) == "Lundi de Pâques"
    assert french_holiday(date(2026, 7, 15)) is None


WEEKDAYS_9_TO_18 = DeliveryCalendar(
    days=frozenset({1, 2, 3, 4, 5}),
    hours=(time(9), time(18)),
    closed_dates=frozenset({date(2026, 12, 24)}),
    closed_on_holidays=True,
)


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        (paris(2026, 11, 23, 9, 0), None),  # Monday 09:00
        (paris(2026, 11, 23, 17, 59, 59), None),
        (paris(2026, 11, 23, 18, 0), "closed: outside hours 09:00–18:00"),
        (paris(2026, 11, 23, 8, 59), "closed: outside hours 09:00–18:00"),
        (paris(2026, 11, 22, 12, 0), "closed on dimanche"),
        (paris(2026, 11, 11, 12, 0), "closed: public holiday (Armistice)"),
        (paris(2026, 12, 24, 12, 0), "closed date 2026-12-24"),
    ],
)
def test_closed_reason(when: datetime, reason: str | None) -> None:
    assert WEEKDAYS_9_TO_18.closed_reason(when) == reason


def test_next_open_skips_the_weekend_and_holidays() -> None:
    friday_evening = paris(2026, 11, 20, 19, 0)
    assert WEEKDAYS_9_TO_18.next_open(friday_evening) == paris(2026, 11, 23, 9, 0)
    # Thursday 24 Dec closed, Friday 25 Dec Noël, weekend → Monday 28 Dec
    assert WEEKDAYS_9_TO_18.next_open(paris(2026, 12, 23, 18, 30)) == paris(2026, 12, 28, 9, 0)
    open_now = paris(2026, 11, 23, 10, 0)
    assert WEEKDAYS_9_TO_18.next_open(open_now) == open_now
    assert DeliveryCalendar(days=frozenset()).next_open(open_now) is None


def test_calendar_from_columns() -> None:
    cal = DeliveryCalendar.from_columns("[1,2,3]", "08:00", "20:00", '["2026-12-31"]', 1)
    assert cal == DeliveryCalendar(
        frozenset({1, 2, 3}), (time(8), time(20)), frozenset({date(2026, 12, 31)}), True
    )
    with pytest.raises(ValueError):
        DeliveryCalendar.from_columns("[1]", "8h", "20:00", "[]", 0)
