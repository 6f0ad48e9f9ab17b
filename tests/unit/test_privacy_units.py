"""What personal data becomes when shown as proof or kept past retention: a truncated IP, a URL
without query or fragment, and the e-mail and phone as a person's export searches them."""

from __future__ import annotations

import pytest

from hub.privacy import search_email, search_phone, strip_query, truncate_ip


@pytest.mark.parametrize(
    ("ip", "shown"),
    [
        ("203.0.113.42", "203.0.113.0/24"),
        (" 198.51.100.7 ", "198.51.100.0/24"),
        ("2001:db8:1:2::5", "2001:db8:1::/48"),
        ("2001:db8:abcd:12::/64", "2001:db8:abcd::/48"),  # the collector keeps IPv6 as a /64
        ("not an ip", None),
        ("", None),
        (None, None),
    ],
)
def test_an_ip_is_shown_as_its_network_never_itself(ip: str | None, shown: str | None) -> None:
    assert truncate_ip(ip) == shown


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        (
            "https://lp.example.fr/devis?email=a%40b.fr&tel=0612#step2",
            "https://lp.example.fr/devis",
        ),
        ("https://lp.example.fr/devis#x?y", "https://lp.example.fr/devis"),
        ("https://lp.example.fr/", "https://lp.example.fr/"),
        ("", ""),
        (None, None),
    ],
)
def test_a_url_loses_its_query_and_fragment(url: str | None, kept: str | None) -> None:
    assert strip_query(url) == kept


def test_search_terms_are_normalised_or_refused() -> None:
    assert search_email("  Jeanne.Martin@Example.ORG ") == "jeanne.martin@example.org"
    assert [
        search_email(v) for v in ("jeanne@", "@example.org", "a b@example.org", "x" * 250 + "@a.fr")
    ] == [None] * 4
    assert search_phone("06 12 34 56 79") == search_phone("+33612345679") == "+33612345679"
    assert search_phone("0693 12 34 56") == "+262693123456"  # overseas, written nationally
    assert [search_phone(v) for v in ("12", "abc", "+44 20 7946 0958")] == [None] * 3


def test_lake_rows_of_the_actors_accounts_only_and_older_files_without_some_columns() -> None:
    import pyarrow as pa

    from hub.services.actor import CLI, user
    from warehouse.lake_retention import anonymised

    old_file = pa.table(  # written before click ids and the derived device existed
        {
            "event_id": ["e1", "e2", "e3"],
            "account_id": ["acc_a", "acc_b", None],
            "url": ["https://lp.example.fr/?tel=0612#x", "https://lp.example.fr/b?q=1", None],
            "ip": ["203.0.113.1", "203.0.113.2", "203.0.113.3"],
            "user_agent": ["Mozilla/5.0 (iPhone)", "UA-b", "UA-c"],
        }
    )
    scoped = anonymised(old_file, user("u", "admin", ["acc_a"])).to_pylist()
    assert scoped[0] == {
        "event_id": "e1",
        "account_id": "acc_a",
        "url": "https://lp.example.fr/",
        "ip": None,
        "user_agent": None,  # no device class to keep
    }
    assert scoped[1]["ip"] == "203.0.113.2" and scoped[2]["ip"] == "203.0.113.3"
    every = anonymised(old_file, CLI)
    assert every.schema == old_file.schema
    assert every["ip"].to_pylist() == [None] * 3 and every["url"].to_pylist()[2] is None
