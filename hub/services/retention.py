"""Retention in the hub (decision 0052): a lead whose last contact is older than
``settings.retention_days`` (default 1095, three years) is anonymised — names, e-mail, phone,
postal code, city, IP, user agent, click ids, extra fields nulled, the page and referrer URLs cut
before their query — while its status, product, département, attribution, consent version and
time, deliveries and money stay, so every count and amount is unchanged. The last contact is the
latest of the lead's creation, its last change (``updated_at``: status, return, test flag) and
its deliveries' last change. Refused submissions older than the period lose their body, IP and
user agent. Idempotent (``anonymised_at``); one activity log entry per run with the counts.

The lake's part is :mod:`warehouse.lake_retention`; :mod:`warehouse.retention` runs both (API
v1, CLI, dashboard and the Dagster schedule call it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, TypedDict

from hub.db import iso, sql, transaction
from hub.privacy import strip_query
from hub.services.actor import Actor, log_change
from hub.settings import Settings


class HubRetention(TypedDict):
    dry_run: bool
    retention_days: int
    cutoff: str
    leads: int
    rejections: int


class LastRun(TypedDict):
    at: str
    actor: str
    detail: dict[str, Any]


class RetentionStatus(TypedDict):
    retention_days: int
    cutoff: str
    last_run: LastRun | None


def cutoff(settings: Settings, now: datetime) -> datetime:
    return now - timedelta(days=settings.retention_days)


def require(actor: Actor, dry_run: bool) -> None:
    """A dry run reads (``privacy.read``); a run changes data (``privacy.retention``)."""
    actor.require("privacy.read" if dry_run else "privacy.retention")


def anonymise_hub(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    now: datetime,
    *,
    dry_run: bool,
    lake: Mapping[str, int] | None = None,
) -> HubRetention:
    """Anonymise (or, ``dry_run``, count) the leads and refused submissions past the period in
    the actor's accounts; a real run is logged once (``privacy.retention``) with the counts,
    ``lake``'s included."""
    require(actor, dry_run)
    limit = iso(cutoff(settings, now))
    with transaction(con):
        leads = [
            r
            for r in con.execute(sql("privacy/retention_due"), {"cutoff": limit})
            if actor.sees(r["account_id"])
        ]
        rejected = [
            r["id"]
            for r in con.execute(sql("privacy/rejections_due"), {"cutoff": limit})
            if actor.accounts is None or actor.sees(r["account_id"])
        ]
        result: HubRetention = {
            "dry_run": dry_run,
            "retention_days": settings.retention_days,
            "cutoff": limit,
            "leads": len(leads),
            "rejections": len(rejected),
        }
        if dry_run:
            return result
        con.executemany(
            sql("privacy/anonymise_lead"),
            [
                {
                    "id": r["id"],
                    "page_url": strip_query(r["page_url"]),
                    "referrer": strip_query(r["referrer"]),
                    "now": iso(now),
                }
                for r in leads
            ],
        )
        con.executemany(sql("privacy/anonymise_rejection"), [{"id": i} for i in rejected])
        scope = "all" if actor.accounts is None else sorted(actor.accounts)
        detail = {**result, **(lake or {}), "accounts": scope}
        log_change(con, actor, "privacy.retention", "retention", None, detail, now)
    return result


def status(
    con: sqlite3.Connection, actor: Actor, settings: Settings, now: datetime
) -> RetentionStatus:
    """The setting, the cutoff it gives now, and the last run this actor may see (a run over
    every account, or one over accounts it sees)."""
    actor.require("privacy.read")
    last: LastRun | None = None
    for row in con.execute(sql("privacy/retention_runs"), {"limit": 50}):
        detail = json.loads(row["detail"] or "{}")
        scope = detail.get("accounts")
        if scope == "all" or (isinstance(scope, list) and any(actor.sees(a) for a in scope)):
            last = {"at": row["created_at"], "actor": row["actor"], "detail": detail}
            break
    return {
        "retention_days": settings.retention_days,
        "cutoff": iso(cutoff(settings, now)),
        "last_run": last,
    }
