"""The open period to date, per buyer: what has been sold and not billed yet in the current
Paris month (monthly and prepaid buyers) or ISO week (weekly buyers), and the credits waiting
for a document — amounts HT so far, for the Billing page."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from hub.db import sql
from hub.services.actor import Actor
from hub.services.billing.periods import period_of, previous


def open_period(con: sqlite3.Connection, actor: Actor, kind: str, now: datetime) -> dict[str, Any]:
    """``kind``: month | week. The period and one row per buyer of its cycle the actor sees."""
    actor.require("billing.read")
    period = period_of(now, kind)
    params = {
        "cycles": json.dumps(period.cycles),
        "start": period.start_utc,
        "end": period.end_utc,
    }
    rows = [dict(r) for r in con.execute(sql("billing/open_period"), params)]
    return {
        "period": period.key,
        "first": period.first.isoformat(),
        "last": period.last.isoformat(),
        "to_close": previous(now, kind).key,
        "items": [r for r in rows if actor.sees(r["account_id"])],
    }
