"""The activity log, read back: who changed what, when (before → after for settings; secrets
are never written to it). Scoped to the actor's accounts; filtered by action (a prefix such as
``commande.``), actor label, subject and a time range. For API v1, the CLI and the dashboard.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from hub.calendar import PARIS
from hub.db import iso, sql
from hub.errors import ApiError, FieldError
from hub.services.actor import Actor

FILTERS = ("action", "actor", "subject", "since", "until")


def _when(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(
            422,
            "invalid",
            f"{name}: an ISO date or time is expected",
            [
                FieldError(
                    name, "invalid_datetime", "Date ISO attendue.", "An ISO date is expected."
                )
            ],
        ) from None
    return iso(parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS))  # dates: Paris days


def list_activity(
    con: sqlite3.Connection,
    actor: Actor,
    filters: dict[str, str | None],
    offset: int = 0,
    limit: int = 50,
) -> dict[str, Any]:
    """A page of the log, newest first, with the total of the filtered log."""
    actor.require("activity.read")
    params: dict[str, Any] = {name: filters.get(name) or None for name in FILTERS}
    params["since"] = _when("since", params["since"])
    params["until"] = _when("until", params["until"])
    accounts = actor.accounts
    params["account_ids"] = None if accounts is None else json.dumps(sorted(accounts))
    total = int(con.execute(sql("activity_count"), params).fetchone()[0])
    rows = con.execute(sql("activity_list"), {**params, "offset": offset, "limit": limit})
    items = [{**dict(r), "detail": json.loads(r["detail"] or "{}")} for r in rows]
    return {"items": items, "total": total, "offset": offset, "limit": limit}
