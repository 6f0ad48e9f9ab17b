"""User agents (device, browser, OS, bots), IP truncation and cookieless ids with daily salts."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.collect.agents import parse_agent
from ingest.collect.enrich import SALT_BYTES, CookielessIds, is_bot, paris_day, truncate_ip

CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/16.6 Mobile/15E148 Safari/604.1"
)
ANDROID_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
ANDROID_TABLET = (
    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0"
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("agent", "device", "browser", "os", "bot"),
    [
        (CHROME_WIN, "desktop", "Chrome", "Windows", False),
        (IPHONE, "mobile", "Mobile Safari", "iOS", False),
        (IPAD, "tablet", "Mobile Safari", "iOS", False),
        (ANDROID_PHONE, "mobile", "Chrome Mobile", "Android", False),
        (ANDROID_TABLET, "tablet", "Chrome", "Android", False),
        (FIREFOX_MAC, "desktop", "Firefox", "Mac OS X", False),
        (HEADLESS, "desktop", "HeadlessChrome", "Linux", True),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", None,
         "Googlebot", None, True),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", None,
         "FacebookBot", None, True),
        ("python-httpx/0.28.1", "desktop", None, None, True),
        ("curl/8.5.0", "desktop", "curl", None, True),
        ("", None, None, None, True),
        (None, None, None, None, True),
    ],
)  # fmt: skip
def test_user_agent_parsing(
    agent: str | None, device: str | None, browser: str | None, os: str | None, bot: bool
) -> None:
    parsed = parse_agent(agent)
    assert is_bot(agent) is bot  # the request's verdict (the roller parses the rest)
    assert parsed.browser == browser and parsed.os == os
    if device is not None:
        assert parsed.device == device


@pytest.mark.parametrize(
    ("host", "stored"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        ("not-an-ip", None),
    ],
)
def test_ip_is_truncated_before_storage(host: str, stored: str | None) -> None:
    assert truncate_ip(host) == stored


def us(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1_000_000)


def test_cookieless_ids_are_stable_per_device_account_and_paris_day(tmp_path: Path) -> None:
    ids = CookielessIds(tmp_path / "salts")
    morning, evening = us("2026-11-20T07:00:00"), us("2026-11-20T22:59:59")  # same Paris day
    visitor, session = ids.ids(morning, "203.0.113.77", CHROME_WIN, "acc_a")
    assert visitor.startswith("ck_") and session.startswith("cks_") and visitor[3:] != session[4:]
    assert ids.ids(evening, "203.0.113.77", CHROME_WIN, "acc_a") == (visitor, session)
    others = {
        ids.ids(morning, "203.0.113.78", CHROME_WIN, "acc_a"),  # another address
        ids.ids(morning, "203.0.113.77", IPHONE, "acc_a"),  # another browser
        ids.ids(morning, "203.0.113.77", CHROME_WIN, "acc_b"),  # another account
        ids.ids(us("2026-11-20T23:00:00"), "203.0.113.77", CHROME_WIN, "acc_a"),  # next day
    }
    assert len(others) == 4 and (visitor, session) not in others


def test_daily_salt_is_shared_on_disk_and_old_salts_are_deleted(tmp_path: Path) -> None:
    salts = tmp_path / "salts"
    day1, day2 = us("2026-11-20T12:00:00"), us("2026-11-21T12:00:00")
    first = CookielessIds(salts).ids(day1, "198.51.100.9", FIREFOX_MAC, "acc")
    assert [p.name for p in salts.iterdir()] == ["2026-11-20.salt"]
    assert len((salts / "2026-11-20.salt").read_bytes()) == SALT_BYTES
    assert CookielessIds(salts).ids(day1, "198.51.100.9", FIREFOX_MAC, "acc") == first
    CookielessIds(salts).ids(day2, "198.51.100.9", FIREFOX_MAC, "acc")
    assert [p.name for p in salts.iterdir()] == ["2026-11-21.salt"]  # yesterday's is gone
    assert paris_day(us("2026-11-20T23:00:00")) == "2026-11-21"


def _worker_ids(salts: str) -> tuple[str, str]:
    return CookielessIds(Path(salts)).ids(us("2026-11-20T12:00:00"), "192.0.2.1", IPAD, "acc")


def test_workers_racing_to_create_the_salt_agree(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_worker_ids, [str(tmp_path / "salts")] * 8)
    assert len(set(results)) == 1
    assert [p.name for p in (tmp_path / "salts").iterdir()] == ["2026-11-20.salt"]
