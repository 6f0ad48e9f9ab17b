"""One retention run (decision 0052): the lake's events, then the hub's leads and refused
submissions, anonymised past ``settings.retention_days`` in the actor's accounts — or, as a dry
run, only counted. API v1, the CLI, the dashboard and the Dagster schedule all call :func:`run`;
a real run is logged once, in the hub, with every count."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from hub.services import retention
from hub.services.actor import Actor
from hub.settings import Settings
from warehouse.lake_retention import anonymise_lake


class RetentionRun(retention.HubRetention):
    lake_files: int
    lake_rows: int
    lake_unreadable: int


def run(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    now: datetime,
    *,
    dry_run: bool = False,
) -> RetentionRun:
    """Check the permission first (nothing is read or written without it), then the lake (its
    files rewritten atomically, idempotent), then the hub in one transaction with the log."""
    retention.require(actor, dry_run)
    lake = anonymise_lake(settings, actor, retention.cutoff(settings, now), dry_run=dry_run)
    hub = retention.anonymise_hub(con, actor, settings, now, dry_run=dry_run, lake=lake.counts())
    return {**hub, **lake.counts()}  # type: ignore[typeddict-item]


__all__ = ["RetentionRun", "run"]
