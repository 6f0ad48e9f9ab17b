"""Who posts a lead with an API key: the key's account and, for a provider key, its provider.

A post without ``Authorization`` is a browser (:func:`caller_of` gives ``None``), screened by
:mod:`ingest.intake.spam`; with a key it is a server, controlled by its key (decision 0017,
:mod:`ingest.api.providers`): a provider key may post only to forms of its account and
sub-accounts, and a blocked provider's leads are held.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hub.settings import Settings
from ingest.auth import KeyGuard, authenticate, provider_of_key, scope_account_ids
from ingest.intake.spam import HONEYPOT_FIELD, Checks, Hit


@dataclass(frozen=True, slots=True)
class Caller:
    """Who posted a lead with an API key: the key's account and, for a provider key, its
    provider."""

    key_id: str
    account_id: str
    provider_id: str | None = None
    provider_name: str | None = None
    provider_blocked: bool = False

    @property
    def source(self) -> str | None:
        return f"provider:{self.provider_name}" if self.provider_id else None

    def checks(
        self,
        settings: Settings,
        fields: Mapping[str, str],
        extra: dict[str, Any],
        columns: dict[str, Any],
    ) -> Checks:
        """A server, not a browser: no honeypot, timing, rate or captcha; a blocked provider's
        lead is held. Marks the lead's columns with the provider."""
        columns["provider_id"] = self.provider_id
        columns["source"] = self.source or columns["source"]
        if fields.get(HONEYPOT_FIELD):  # a field like any other for a server: keep it
            extra[HONEYPOT_FIELD] = fields[HONEYPOT_FIELD]
        if not self.provider_blocked:
            return Checks(duplicate_hours=settings.lead_duplicate_hours)
        held = Hit("held", f"source_blocked: provider {self.provider_name!r} is blocked")
        return Checks((held,), duplicate_hours=settings.lead_duplicate_hours)


def caller_of(con: sqlite3.Connection, header: str | None, guard: KeyGuard) -> Caller | None:
    """``None`` for an anonymous (browser) post; raises a 401 :class:`ApiError` for a bad key
    (429 once the client address has sent too many, ``guard``)."""
    if header is None:
        return None
    principal = authenticate(con, header, guard)
    row = provider_of_key(con, principal.key_id)
    if row is None:
        return Caller(principal.key_id, principal.account_id)
    return Caller(
        principal.key_id,
        principal.account_id,
        row["provider_id"],
        row["name"],
        bool(row["blocked"]),
    )


def may_post_to(con: sqlite3.Connection, caller: Caller, form_account_id: str) -> bool:
    return form_account_id in scope_account_ids(con, caller.account_id)
