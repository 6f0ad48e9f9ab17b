"""Generated webhook secrets against an independent verifier (the ``standardwebhooks`` package),
and the one strict reader that refuses what cannot sign before anything is stored."""

from __future__ import annotations

import base64
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook

from hub.security import (
    WebhookSecretError,
    new_webhook_secret,
    parse_webhook_secret,
)
from routing.signing import webhook_headers


def _verifies(secret: str, msg_id: str, body: bytes) -> bool:
    """Signed by the router, verified by the package (which checks the age on its own clock)."""
    headers = webhook_headers(secret, msg_id, body, int(time.time()))
    Webhook(secret).verify(body, headers, json_parse=False)  # raises on a mismatch
    return True


@settings(max_examples=300, deadline=None)
@given(
    nbytes=st.integers(min_value=24, max_value=64),
    msg_id=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=40),
    body=st.text(max_size=300),
)
def test_every_generated_secret_signs_what_the_package_verifies(
    nbytes: int, msg_id: str, body: str
) -> None:
    secret = new_webhook_secret(nbytes)
    assert secret.startswith("whsec_")
    assert len(parse_webhook_secret(secret)) == nbytes
    assert _verifies(secret, msg_id, body.encode())


@settings(max_examples=300, deadline=None)
@given(key=st.binary(min_size=24, max_size=64))
def test_secrets_of_every_shape_round_trip(key: bytes) -> None:
    """Keys whose base64 holds '+', '/' and '=' padding of each length, with and without prefix."""
    encoded = base64.b64encode(key).decode()
    for secret in (f"whsec_{encoded}", encoded, f"whsec_{encoded.rstrip('=')}"):
        assert parse_webhook_secret(secret) == key
        assert _verifies(secret, "dlv_1", b'{"a": 1}')


def test_the_generator_uses_the_standard_alphabet() -> None:
    """Enough draws that a URL-safe generator would show '-' or '_' (two secrets in three)."""
    drawn = "".join(new_webhook_secret().removeprefix("whsec_") for _ in range(200))
    assert "-" not in drawn and "_" not in drawn
    assert "+" in drawn or "/" in drawn


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("whsec_Zm9v-YmFy_YmF6LXF1eC1sZWFkaHViLXRlc3Q", "URL-safe"),
        ("whsec_", "empty"),
        ("", "empty"),
        ("whsec_dGVzdA==", "4 bytes"),
        ("whsec_" + base64.b64encode(bytes(65)).decode(), "65 bytes"),
        ("whsec_not*base64!" + "A" * 30, "not base64"),
        ("whsec_" + "A" * 33, "not base64"),  # a truncated secret (bad length)
        ("whsec_é" + "A" * 32, "not base64"),  # not ASCII (schemathesis found it: was a 500)
        ("\U0006ce66" * 4, "not base64"),
    ],
)
def test_a_secret_that_cannot_sign_is_refused_with_its_reason(secret: str, reason: str) -> None:
    with pytest.raises(WebhookSecretError, match=reason):
        parse_webhook_secret(secret)
