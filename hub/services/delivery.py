"""How a buyer receives leads, and manual credits — for API v1, the CLI and the dashboard. Each
takes the acting :class:`~hub.services.actor.Actor`, checks its role and scope (another tenant's
buyer is a 404) and logs the change (secrets never: only whether one changed)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import sql, transaction
from hub.errors import ApiError
from hub.rules import delivery_config
from hub.rules.delivery_config import ConfigError
from hub.rules.netguard import refusal
from hub.security import SecretBox
from hub.services.actor import Actor, log_change
from hub.services.buyer_fields import WINDOW, days_value, flag_value
from hub.services.fields import Fields
from hub.settings import Settings


def _buyer(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> sqlite3.Row:
    row = con.execute(sql("buyer_delivery_get"), {"buyer_id": buyer_id}).fetchone()
    if row is None or not actor.sees(row["account_id"]):
        raise ApiError(404, "buyer_not_found", f"no buyer {buyer_id!r}")
    found: sqlite3.Row = row
    return found


def _shown(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    out.pop("account_id")
    out["delivery_config"] = json.loads(out["delivery_config"])
    out["webhook_url"] = (out["webhook_url"] or "").split("?")[0]
    out["has_auth"] = bool(out["has_auth"])
    out["dedupes"] = bool(out["dedupes"])
    return out


def get_delivery(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> dict[str, Any]:
    """A buyer's delivery settings, never a secret (a URL's query may hold a token: cut)."""
    actor.require("buyers.read")
    return _shown(_buyer(con, actor, buyer_id))


def set_delivery(
    con: sqlite3.Connection,
    actor: Actor,
    box: SecretBox,
    buyer_id: str,
    mode: str,
    config: Mapping[str, Any],
    now: datetime,
    *,
    allow_private_network: bool = False,
    **options: Any,
) -> dict[str, Any]:
    """Validate and store the buyer's delivery settings (see ``delivery_config.set_delivery``
    for the options), in one transaction with its activity log entry: the settings before →
    after as :func:`get_delivery` shows them (never a secret: whether one changed). A URL is
    http(s) and, unless ``allow_private_network``, never a private or loopback address (the
    router's own check, here before anything is stored). Answers the settings now."""
    actor.require("delivery.write")
    row = _buyer(con, actor, buyer_id)
    url = options.get("url")
    if url is not None:
        why = refusal(str(url), allow_private=allow_private_network)
        if why is not None:
            raise ConfigError("url", "refused_url", f"URL refusée : {why}", f"Refused URL: {why}")
    before = _shown(row)
    with transaction(con):
        delivery_config.set_delivery(con, box, buyer_id, mode, config, **options)
        after = _shown(_buyer(con, actor, buyer_id))
        changed = [k for k in after if after[k] != before[k]]
        detail = {
            "mode": mode,
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
            "secret_changed": options.get("secret") is not None,
            "auth_changed": not options.get("keep_auth", False),
        }
        log_change(con, actor, "buyer.delivery_set", buyer_id, row["account_id"], detail, now)
    return after


DELIVERY_FIELDS = (
    "mode", "config", "url", "auth_headers", "dedupes", "return_window_days", "secret",
)  # fmt: skip


def _headers_value(f: Fields) -> dict[str, str] | None:
    value = f.payload.get("auth_headers")
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        f.add(
            "auth_headers",
            "invalid",
            "Un objet « nom d'en-tête » → texte.",
            "auth_headers maps header names to strings.",
        )
        return None
    return dict(value)


def put_delivery(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    buyer_id: str,
    payload: Any,
    now: datetime,
) -> dict[str, Any]:
    """:func:`set_delivery` from a JSON body (API v1): ``mode`` (required), ``config`` (the
    mode's settings, replaced), ``url``, ``auth_headers`` and ``secret`` (write-only),
    ``dedupes``, ``return_window_days``; an absent field keeps what is stored (``auth_headers``
    ``{}`` clears the secret headers); each bad field named in one 422, nothing written."""
    actor.require("delivery.write")
    _buyer(con, actor, buyer_id)
    f = Fields(payload, DELIVERY_FIELDS)
    mode = f.text("mode", required=True, max_len=32)
    if mode is not None and mode not in delivery_config.MODES:
        modes = ", ".join(delivery_config.MODES)
        f.add("mode", "invalid_choice", f"Mode : {modes}.", f"mode is one of {modes}.")
    config = f.payload.get("config")
    config = {} if config is None else config
    if not isinstance(config, Mapping):
        f.add("config", "invalid", "Un objet JSON est attendu.", "config must be a JSON object.")
    url = f.text("url", max_len=2000)
    headers = _headers_value(f)
    dedupes = flag_value(f, "dedupes")
    window = days_value(f, "return_window_days", WINDOW)
    secret = f.payload.get("secret")
    if secret is not None and not isinstance(secret, str):
        f.add("secret", "invalid", "Texte attendu.", "secret must be a string.")
    f.check()
    assert mode is not None and isinstance(config, Mapping)
    return set_delivery(
        con,
        actor,
        SecretBox.from_settings(settings.secret_key, settings.data_dir / "secret.key"),
        buyer_id,
        mode,
        config,
        now,
        allow_private_network=settings.allow_private_network,
        url=url,
        auth_headers=headers,
        dedupes=dedupes,
        return_window_days=window,
        secret=secret,
        keep_auth=not f.given("auth_headers"),
    )
