"""Standard Webhooks signatures: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``.

signature = ``v1,`` + base64(HMAC-SHA256(key=base64decode(secret without "whsec_"),
msg=f"{id}.{timestamp}.{body}")). The same id is sent on every retry; the timestamp and the
signature are fresh for each attempt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


def _key(secret: str) -> bytes:
    raw = secret.removeprefix(SECRET_PREFIX)
    return base64.b64decode(raw + "=" * (-len(raw) % 4))


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value for one message."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_headers(secret: str, msg_id: str, body: bytes, timestamp: int) -> dict[str, str]:
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
    except ValueError:  # a secret that is not base64
        return False
    return any(hmac.compare_digest(expected, part) for part in given.split())
