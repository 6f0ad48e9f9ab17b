"""The breaker key of a buyer: the router keys its breakers with it, the delivery queue reads a
buyer's breaker with it; both must agree for every delivery mode."""

from __future__ import annotations

import pytest

from hub.rules.endpoint import buyer_endpoint, http_endpoint, smtp_endpoint
from hub.settings import Settings
from routing.adapters import email
from routing.adapters import http_endpoint as router_http_endpoint


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://CRM.example.fr/hooks/leads?token=x", "https://crm.example.fr:443"),
        ("http://crm.example.fr/leads", "http://crm.example.fr:80"),
        ("http://127.0.0.1:8900/leads", "http://127.0.0.1:8900"),
        ("http://crm.example.fr:notaport/", "http://crm.example.fr:0"),
    ],
)
def test_http_buyers_share_a_breaker_per_server(url: str, key: str) -> None:
    assert http_endpoint(url) == router_http_endpoint(url) == key
    assert buyer_endpoint("webhook", url, "smtp.example.fr", 25) == key
    assert buyer_endpoint("http_mapping", url, "smtp.example.fr", 25) == key


def test_email_buyers_share_the_smtp_servers_breaker() -> None:
    settings = Settings(smtp_host="SMTP.example.fr", smtp_port=587)
    router_key = email.smtp_endpoint(settings)
    assert router_key == smtp_endpoint("SMTP.example.fr", 587) == "smtp://smtp.example.fr:587"
    for mode in ("email", "csv_email"):
        assert buyer_endpoint(mode, "https://ignored.example.fr/", "SMTP.example.fr", 587) == (
            router_key
        )
