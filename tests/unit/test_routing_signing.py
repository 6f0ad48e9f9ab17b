"""Standard Webhooks signatures: the published test vector, headers, verification."""

from __future__ import annotations

import json

from hub.rules.payload import build_payload, encode, national_phone
from routing.signing import sign, verify_signature, webhook_headers

# Published Standard Webhooks / Svix reference vector.
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TS = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_known_vector() -> None:
    assert sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) == VECTOR_SIG
    # The prefix is optional, as in the reference implementations.
    assert (
        sign(VECTOR_SECRET.removeprefix("whsec_"), VECTOR_ID, VECTOR_TS, VECTOR_BODY) == VECTOR_SIG
    )


def test_headers_carry_the_idempotency_key_and_verify() -> None:
    headers = webhook_headers(VECTOR_SECRET, "dlv_1", b"{}", 1_700_000_000)
    assert headers["Idempotency-Key"] == headers["webhook-id"] == "dlv_1"
    assert headers["webhook-timestamp"] == "1700000000"
    assert verify_signature(VECTOR_SECRET, headers, "{}", now=1_700_000_010)
    lower = {k.lower(): v for k, v in headers.items()}
    assert verify_signature(VECTOR_SECRET, lower, b"{}", now=1_700_000_010)


def test_verification_fails_on_any_change() -> None:
    headers = {
        "webhook-id": VECTOR_ID,
        "webhook-timestamp": str(VECTOR_TS),
        "webhook-signature": f"v1,bm9wZQ== {VECTOR_SIG}",
    }
    assert verify_signature(VECTOR_SECRET, headers, VECTOR_BODY, now=VECTOR_TS)
    assert not verify_signature(VECTOR_SECRET, headers, VECTOR_BODY + b" ", now=VECTOR_TS)
    assert not verify_signature(
        "whsec_b3RoZXJzZWNyZXQtb3RoZXJzZWNyZXQtMDAwMQ==", headers, VECTOR_BODY, now=VECTOR_TS
    )
    assert not verify_signature(VECTOR_SECRET, headers, VECTOR_BODY, now=VECTOR_TS + 301)
    assert verify_signature(VECTOR_SECRET, headers, VECTOR_BODY, tolerance_seconds=None)
    assert not verify_signature(
        VECTOR_SECRET, {**headers, "webhook-id": "x"}, VECTOR_BODY, now=VECTOR_TS
    )
    assert not verify_signature(VECTOR_SECRET, {}, VECTOR_BODY, now=VECTOR_TS)


def test_payload_has_national_phone_consent_and_frozen_price() -> None:
    row = {
        "lead_id": "lead_1",
        "delivery_id": "dlv_1",
        "product_code": "PV",
        "first_name": "Jeanne",
        "last_name": "Martin",
        "phone_e164": "+33612345679",
        "email": "j@example.org",
        "postal_code": "13001",
        "departement": "13",
        "city": "Marseille",
        "consent_given": 1,
        "consent_version": "v1",
        "consent_text": "J'accepte",
        "consent_at": "2026-11-22T10:00:00+00:00",
        "page_url": "https://lp.example/f",
        "created_at": "2026-11-22T10:00:00+00:00",
        "price_cents": 3550,
        "is_test": 0,
    }
    payload = build_payload(row)
    assert payload["phone"] == "0612345679"
    assert payload["price_eur"] == 35.5
    assert payload["consent"] == {
        "given": True,
        "version": "v1",
        "text": "J'accepte",
        "at": "2026-11-22T10:00:00+00:00",
        "page_url": "https://lp.example/f",
    }
    assert "civility" not in payload
    assert json.loads(encode(payload)) == payload
    assert national_phone(None) is None
