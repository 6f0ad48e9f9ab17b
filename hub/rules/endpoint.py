"""The key of a buyer's circuit breaker: the endpoint its deliveries go to (one breaker per
buyer server, shared by every buyer pointing at it). The router keys its breakers with these; the
delivery queue reads a buyer's breaker with the same key."""

from __future__ import annotations

from urllib.parse import urlsplit


def http_endpoint(url: str) -> str:
    """The breaker key of an HTTP buyer: scheme://host:port (one per buyer server)."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 0
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def smtp_endpoint(host: str, port: int) -> str:
    """The breaker key of the SMTP server e-mail and CSV deliveries go through."""
    return f"smtp://{host.lower()}:{port}"


def buyer_endpoint(mode: str, webhook_url: str, smtp_host: str, smtp_port: int) -> str:
    """The breaker key of a buyer with delivery ``mode`` (e-mail modes share the SMTP server)."""
    if mode in ("email", "csv_email"):
        return smtp_endpoint(smtp_host, smtp_port)
    return http_endpoint(webhook_url)
