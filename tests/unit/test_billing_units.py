"""Billing arithmetic and calendars: Paris months and ISO weeks (across years, 53-week years,
DST changes), TVA rounded half up once on the total, amounts printed for XML, CSV and French
readers, invoice number prefixes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hub.services.billing.amounts import decimal, euros_fr, totals, vat_of
from hub.services.billing.numbering import default_prefix
from hub.services.billing.periods import parse_period, period_of, previous


def test_a_month_is_cut_on_paris_midnights_through_dst() -> None:
    march = parse_period("2026-03")  # summer time starts on Sunday 29 March
    assert (march.first, march.last) == (date(2026, 3, 1), date(2026, 3, 31))
    assert march.start_utc == "2026-02-28T23:00:00.000000+00:00"
    assert march.end_utc == "2026-03-31T22:00:00.000000+00:00"
    october = parse_period("2026-10")  # winter time on Sunday 25 October
    assert october.end_utc == "2026-10-31T23:00:00.000000+00:00"
    december = parse_period("2026-12")
    assert december.last == date(2026, 12, 31) and december.cycles == ("monthly", "prepaid")


def test_iso_weeks_across_years() -> None:
    w53 = parse_period("2026-W53")  # 2026 starts on a Thursday: 53 ISO weeks
    assert (w53.first, w53.last) == (date(2026, 12, 28), date(2027, 1, 3))
    w01 = parse_period("2027-W01")
    assert w01.first == date(2027, 1, 4) and w01.cycles == ("weekly",)
    assert parse_period("2025-W01").first == date(2024, 12, 30)
    assert parse_period("2026-w13").end_utc == "2026-03-29T22:00:00.000000+00:00"  # DST Sunday
    assert period_of(datetime(2027, 1, 1, 12, tzinfo=UTC), "week").key == "2026-W53"
    assert period_of(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "month").key == "2027-01"
    assert previous(datetime(2027, 1, 4, 0, 30, tzinfo=UTC), "week").key == "2026-W53"
    assert previous(datetime(2027, 1, 1, 9, tzinfo=UTC), "month").key == "2026-12"


@pytest.mark.parametrize("text", ["2027-W53", "2026-00", "2026-13", "2026-W00", "2026/11", ""])
def test_bad_periods_say_why(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_period(text)


def test_a_period_ends_at_paris_midnight() -> None:
    nov = parse_period("2026-11")
    assert not nov.ended(datetime(2026, 11, 30, 22, 59, tzinfo=UTC))  # 23:59 in Paris
    assert nov.ended(datetime(2026, 11, 30, 23, 0, tzinfo=UTC))  # 1 December, 00:00


def test_vat_is_rounded_half_up_on_the_total() -> None:
    assert [vat_of(c) for c in (1, 2, 3, 4, 5, 7)] == [0, 0, 1, 1, 1, 1]  # 0.2, 0.4, 0.6 …
    assert vat_of(10, rate_bp=550) == 1  # 0.55 → 1 (half up)
    assert vat_of(-10, rate_bp=550) == -1  # away from zero
    assert vat_of(11199) == 2240  # 2239.8
    lines = [3333, 3333, 3334]  # rounding once on the total, not per line
    assert totals(sum(lines)).vat == 2000
    assert sum(vat_of(x) for x in lines) == 2001
    t = totals(123_45)
    assert (t.ht, t.vat, t.ttc, t.rate_bp) == (12345, 2469, 14814, 2000)


def test_amounts_print_for_machines_and_for_french_readers() -> None:
    assert [decimal(c) for c in (0, 5, 12345, -500, 100000)] == [
        "0.00",
        "0.05",
        "123.45",
        "-5.00",
        "1000.00",
    ]
    assert euros_fr(123_456_78) == "123\u202f456,78\u00a0€"
    assert euros_fr(-3500) == "-35,00\u00a0€"


def test_invoice_prefixes_default_from_the_account_id() -> None:
    assert default_prefix("acc_soleil") == "SOLEIL"
    assert default_prefix("acc_eco_renov_habitat_2") == "ECORENOVHABI"
    assert default_prefix("acc_") == "INV"
