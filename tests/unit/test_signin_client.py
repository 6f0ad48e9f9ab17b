"""The address the dashboard's sign-in limit counts: behind nginx on this machine, each client
is its own (nginx overwrites ``X-Forwarded-For``), not one shared "local" client whose five
failures would refuse everyone's sign-in."""

from __future__ import annotations

import pytest

from dashboard.cookie import client_of


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        (None, "203.0.113.7", "203.0.113.7"),  # behind nginx: the client nginx saw
        (None, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the hop nginx added last
        (None, "2001:db8::1", "2001:db8::1"),
        (None, None, "local"),  # `streamlit run` on a laptop
        (None, " ", "local"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # direct: its own header is not trusted
    ],
)
def test_client_of(peer: str | None, forwarded: str | None, client: str) -> None:
    assert client_of(peer, forwarded) == client


def test_two_clients_behind_the_proxy_are_two_clients() -> None:
    assert client_of(None, "203.0.113.7") != client_of(None, "203.0.113.8")
