"""Helpers shared by the lead intake tests (no tests here)."""

from __future__ import annotations

import hashlib

from hub.phones import normalise


def phone_of(marker: str) -> str:
    """A valid French mobile number derived from a test's marker: tests sharing a hub do not
    make each other's leads duplicates (same phone and product within 24 h)."""
    seed = marker
    while True:
        seed = hashlib.sha256(seed.encode()).hexdigest()
        number = "06" + str(int(seed, 16))[-8:]
        if normalise(number).cls == "valid":
            return number
