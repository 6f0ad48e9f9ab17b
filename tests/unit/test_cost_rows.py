"""The ad cost rows parser: our columns, Google Ads and Meta export names, French decimals, and
one 422 naming the line (the header is line 1) and field of every bad row."""

from __future__ import annotations

from datetime import date

import pytest

from hub.errors import ApiError
from hub.services.cost_csv import decode, from_csv
from hub.services.cost_rows import CostRow, from_json, parse_cents


def refused(text: str) -> dict[str, str]:
    with pytest.raises(ApiError) as caught:
        from_csv(text)
    assert caught.value.status_code == 422
    return {f.field: f.reason for f in caught.value.fields}


@pytest.mark.parametrize(
    ("given", "cents"),
    [
        ("12,50", 1250),
        ("12.5", 1250),
        ("1 234,56", 123456),
        ("1\u202f234,56 €", 123456),
        ("1.234,56", 123456),
        ("1,234.56", 123456),
        ("0", 0),
        (3.335, 334),
        (7, 700),
        ("abc", None),
        ("", None),
        (True, None),
        ("nan", None),
    ],
)
def test_amounts_in_euros_to_cents(given: object, cents: int | None) -> None:
    assert parse_cents(given) == cents


def test_our_columns_semicolons_french_dates_and_decimals() -> None:
    text = "date;source;campaign;cost\n2026-12-01;Google;Brand FR;12,50\n02/12/2026;meta;Promo;3\n"
    assert from_csv(text) == [
        CostRow(2, "2026-12-01", "google", "Brand FR", 1250),
        CostRow(3, "2026-12-02", "meta", "Promo", 300),
    ]


def test_google_ads_export_with_its_title_lines_and_totals() -> None:
    text = (
        "\ufeffCampaign report\n"
        "1 December 2026 - 2 December 2026\n"
        "Day,Campaign,Currency code,Cost\n"
        '2026-12-01,Brand FR,EUR,"1,234.50"\n'
        "2026-12-02,Brand FR,EUR,10.00\n"
        "Total: Account,--,EUR,1244.50\n"
    )
    rows = from_csv(text)
    assert [(r.line, r.source, r.campaign, r.cost_cents) for r in rows] == [
        (4, "google", "Brand FR", 123450),
        (5, "google", "Brand FR", 1000),
    ]


def test_meta_export_names() -> None:
    text = (
        "Reporting starts,Reporting ends,Campaign name,Amount spent (EUR)\n"
        '2026-12-01,2026-12-01,Promo PAC,"45,10"\n'
    )
    assert from_csv(text) == [CostRow(2, "2026-12-01", "facebook", "Promo PAC", 4510)]
    day_export = "Day,Campaign name,Amount spent (EUR)\n2026-12-03,Promo PAC,1.5\n"
    assert from_csv(day_export)[0].source == "facebook"


def test_each_bad_row_is_named_by_line_and_field() -> None:
    text = (
        "date,source,campaign,cost\n"
        "2026-12-01,google,Brand,10\n"
        "2026-13-01,google,Brand,10\n"  # line 3: no 13th month
        "2026-12-02,,Brand,-4\n"  # line 4: no source, a negative cost
        "2026-12-03,google,,dix\n"  # line 5: no campaign, no amount
        "2026-12-04,google,Brand,12,50\n"  # line 6: an unquoted decimal comma
    )
    assert refused(text) == {
        "line 3.date": "invalid_date",
        "line 4.source": "required",
        "line 4.cost": "invalid_amount",
        "line 5.campaign": "required",
        "line 5.cost": "invalid_amount",
        "line 6.row": "too_many_cells",
    }


def test_no_header_no_rows_and_other_currencies() -> None:
    assert refused("foo,bar\n1,2\n") == {"line 1.header": "missing_columns"}
    assert refused("date,source,campaign,cost\n") == {"rows": "empty"}
    usd = "Day,Campaign,Currency code,Cost\n2026-12-01,Brand,USD,3\n"
    assert refused(usd) == {"line 2.currency": "not_eur"}
    # Without a source column, a header that is neither Google's nor Meta's needs one per row.
    assert refused("date,campaign,cost\n2026-12-01,Brand,3\n") == {"line 2.source": "required"}


def test_json_rows_are_numbered_as_under_a_header() -> None:
    rows = [
        {"date": "2026-12-01", "source": "google", "campaign": "Brand", "cost": 12.5},
        {"date": "2026-12-01", "source": "google", "campaign": "Brand", "cost": "x", "foo": 1},
        "not a row",
    ]
    with pytest.raises(ApiError) as caught:
        from_json(rows)
    assert {f.field for f in caught.value.fields} == {"line 3.foo", "line 3.cost", "line 4.row"}
    assert from_json(rows[:1]) == [CostRow(2, "2026-12-01", "google", "Brand", 1250)]


def test_decode_utf8_bom_and_excel_cp1252() -> None:
    assert decode("\ufeffcoût".encode()) == "coût"
    assert decode("coût".encode("cp1252")) == "coût"


def test_dates_before_2000_or_after_the_given_day_are_refused() -> None:
    text = (
        "date,source,campaign,cost\n"
        "1999-12-31,google,B,1\n2026-12-04,google,B,1\n2026-12-03,google,B,1\n"
    )
    with pytest.raises(ApiError) as caught:
        from_csv(text, until=date(2026, 12, 3))
    assert {(f.field, f.reason) for f in caught.value.fields} == {
        ("line 2.date", "out_of_range"),
        ("line 3.date", "out_of_range"),
    }
    assert len(from_csv(text.replace("1999-12-31", "2026-12-01").replace("12-04", "12-02"))) == 3
