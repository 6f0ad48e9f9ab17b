"""Standard Webhooks signatures: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``.

The secret format (``whsec_`` + standard base64 of 24 to 64 bytes) is
``hub.security.new_webhook_secret`` / ``parse_webhook_secret``: one generator and one strict
reader, used when a secret is set (CLI, seed) and here when it signs. Signing itself is the
maintained ``standardwebhooks`` package's ``Webhook.sign``:
``v1,`` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}")). The same id is sent on every
retry; the timestamp and the signature are fresh for each attempt.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

from hub.security import WebhookSecretError, parse_webhook_secret


def sign(secret: str | bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value for one message (``secret``: a secret or its key)."""
    key = secret if isinstance(secret, bytes) else parse_webhook_secret(secret)
    when = datetime.fromtimestamp(timestamp, UTC)
    return str(Webhook(key).sign(msg_id, when, body.decode()))


def webhook_headers(
    secret: str | bytes, msg_id: str, body: bytes, timestamp: int
) -> dict[str, str]:
    """Every header a delivery carries: idempotency key and the Standard Webhooks trio."""
    return {
        "Content-Type": "application/json",
        "Idempotency-Key": msg_id,
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
    }


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def verify_signature(
    secret: str,
    headers: Mapping[str, str],
    body: str | bytes,
    *,
    tolerance_seconds: float | None = 300.0,
    now: float | None = None,
) -> bool:
    """True when one of the ``v1`` signatures matches and the timestamp is recent enough.

    Header names are matched case-insensitively; ``tolerance_seconds=None`` skips the age check.
    """
    msg_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    given = _header(headers, "webhook-signature")
    if not msg_id or not stamp or not given or not stamp.isdigit():
        return False
    timestamp = int(stamp)
    current = time.time() if now is None else now
    if tolerance_seconds is not None and abs(current - timestamp) > tolerance_seconds:
        return False
    raw = body.encode() if isinstance(body, str) else body
    try:
        expected = sign(secret, msg_id, timestamp, raw)
    except (WebhookSecretError, UnicodeDecodeError):
        return False
    return any(hmac.compare_digest(expected, part) for part in given.split())
