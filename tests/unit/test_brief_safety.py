"""Brief safety rules: what counts as a placeholder, a secret, a public collector URL."""

from __future__ import annotations

import pytest

from hub.brief import (
    BriefError,
    check_clean,
    gtm_snippet,
    md_escape,
    placeholder_host,
    public_url_problems,
)
from hub.settings import Settings, load_settings
from warehouse.verify import reason_class


def prod(**values: object) -> Settings:
    return load_settings(data_dir="/tmp/unused", allow_private_network=False, **values)


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://collect.soleil-habitat.fr", False),
        ("https://lp.eco-renov.com/ite/", False),
        ("https://example.com/x", True),
        ("https://www.example.fr", True),
        ("http://localhost:8000", True),
        ("http://127.0.0.1:8101/solaire/", True),
        ("http://[::1]/", True),
        ("http://10.1.2.3/", True),
        ("http://0.0.0.0:8000", True),
        ("https://lp.test/", True),
        ("https://shop.local/", True),
        ("not a url", True),
    ],
)
def test_placeholder_hosts(url: str, placeholder: bool) -> None:
    assert placeholder_host(url) is placeholder


def test_public_url_is_required_https_and_public_without_private_network() -> None:
    assert public_url_problems(load_settings(allow_private_network=True)) == []
    assert "LEADHUB_PUBLIC_URL is not set" in public_url_problems(prod())[0]
    assert public_url_problems(prod(public_url="https://collect.soleil.fr")) == []
    [problem] = public_url_problems(prod(public_url="http://collect.soleil.fr"))
    assert "https" in problem
    assert len(public_url_problems(prod(public_url="http://localhost:8000"))) == 2


@pytest.mark.parametrize(
    "leak",
    [
        "lh_3q2v8Yc0o1FZ7kqPp1ZpFoVmhnqk0QeH0d9vV6mH3kU",  # an API key
        "whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",  # a webhook signing secret
        "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=",  # a Fernet key
        "$argon2id$v=19$m=65536,t=3,p=4$abc$def",  # a password hash
        "{{ lp.key }}",  # an unfilled template field
    ],
)
def test_secret_shaped_text_is_refused_even_with_private_network(leak: str) -> None:
    with pytest.raises(BriefError):
        check_clean(f"Clé : {leak}\n", load_settings(allow_private_network=True))


def test_placeholder_urls_are_refused_without_private_network_only() -> None:
    text = "Collez ceci sur https://example.com/landing et http://127.0.0.1:8000/t.js"
    check_clean(text, load_settings(allow_private_network=True))
    with pytest.raises(BriefError, match=r"http://127\.0\.0\.1:8000/t\.js, https://example"):
        check_clean(text, prod())
    check_clean("lh('init',{key:'lp_x'}) https://collect.soleil.fr/t.js", prod())


def test_gtm_tag_has_no_data_attributes_and_loads_the_script_by_code() -> None:
    tag = gtm_snippet("https://c.soleil.fr", "lp_sol", form_url="https://f.soleil.fr/x</script>")
    assert "data-" not in tag
    assert "createElement('script')" in tag and 's.src="https://c.soleil.fr/t.js"' in tag
    assert tag.count("</script>") == 1  # a value cannot close the tag early
    assert tag.startswith("<script>\nwindow.lh=window.lh||function()")


def test_markdown_escape() -> None:
    assert md_escape("LP *Promo* | <b>") == r"LP \*Promo\* \| \<b\>"


@pytest.mark.parametrize(
    ("reason", "verdict"),
    [
        ("key:unknown", "unknown_key"),
        ("unknown_key", "unknown_key"),
        ("key:inactive", "inactive_key"),
        ("origin_not_allowed", "blocked_origin"),
        ("origin:not_allowed", "blocked_origin"),
        ("bot", "bot"),
        ("ts:invalid_format", "rejected"),
    ],
)
def test_quarantine_reasons_map_to_verdicts(reason: str, verdict: str) -> None:
    assert reason_class(reason) == verdict
