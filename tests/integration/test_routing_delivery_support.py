"""Helpers for the delivery tests (no tests here): a real SMTP server on loopback (aiosmtpd)
that accepts or refuses, buyer delivery settings, and a look at a lead's deliveries."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from hub.db import transaction
from hub.rules.delivery_config import set_delivery
from hub.security import SecretBox
from hub.settings import Settings
from leadhub.demo.fake_crm import FakeCrmServer
from tests.e2e.procs import free_port
from tests.integration.test_routing_support import SECRET, rows


@dataclass
class Inbox:
    """aiosmtpd handler: keeps accepted messages; can refuse recipients or the data."""

    refuse_rcpt: str | None = None  # e.g. "550 5.1.1 no such mailbox"
    refuse_data: str | None = None  # e.g. "451 4.3.0 try again later"
    messages: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_data:
            return self.refuse_data
        with self.lock:
            self.messages.append(
                (envelope.mail_from, list(envelope.rcpt_tos), _parse(envelope.content))
            )
        return "250 Message accepted for delivery"


def _parse(content: bytes) -> EmailMessage:
    msg = message_from_bytes(content, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


@contextmanager
def crm_server(secret: str | None = SECRET, *, dedupe: bool = True) -> Iterator[FakeCrmServer]:
    """The fake CRM on a loopback port; ``dedupe=False``: a CRM ignoring Idempotency-Key."""
    server = FakeCrmServer("127.0.0.1", 0, secret, dedupe=dedupe)
    thread = server.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def smtp_server(settings: Settings, **refusals: str) -> Iterator[Inbox]:
    """Start a loopback SMTP server and point the settings at it."""
    inbox = Inbox(**refusals)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.smtp_host, settings.smtp_port = "127.0.0.1", controller.port
    try:
        yield inbox
    finally:
        controller.stop()


def smtp_down(settings: Settings) -> None:
    """Point the settings at a loopback port where nothing listens."""
    settings.smtp_host, settings.smtp_port = "127.0.0.1", free_port()


def configure(
    con: sqlite3.Connection,
    settings: Settings,
    buyer_id: str,
    mode: str,
    config: Mapping[str, Any],
    **options: Any,
) -> None:
    box = SecretBox.from_settings(settings.secret_key, settings.data_dir / "secret.key")
    set_delivery(con, box, buyer_id, mode, config, **options)


def deliveries(con: sqlite3.Connection, lead_id: str) -> list[dict[str, Any]]:
    return rows(
        con,
        "SELECT id, buyer_id, status, attempts, possible_duplicate, transfer_cents, batch_id"
        " FROM deliveries WHERE lead_id = ? ORDER BY created_at, id",
        lead_id,
    )


def outcomes(con: sqlite3.Connection, delivery_id: str) -> list[tuple[Any, str]]:
    return [
        (r["status_code"], r["outcome"])
        for r in rows(
            con,
            "SELECT status_code, outcome FROM delivery_attempts WHERE delivery_id = ? ORDER BY id",
            delivery_id,
        )
    ]


def lead_status(con: sqlite3.Connection, lead_id: str) -> str:
    return str(con.execute("SELECT status FROM leads WHERE id = ?", (lead_id,)).fetchone()[0])


def only_buyer(con: sqlite3.Connection, buyer_id: str) -> None:
    """Deactivate every other buyer (the lead can go nowhere else)."""
    with transaction(con):
        con.execute("UPDATE buyers SET active = (id = ?)", (buyer_id,))
