"""The retention schedule: ``LEADHUB_RETENTION_CRON`` on the Europe/Paris clock, RUNNING by
default (a schedule is STOPPED otherwise, and nothing past its period would ever be
anonymised)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.privacy.jobs import retention_job

TIMEZONE = "Europe/Paris"


def build_retention_schedule(cron: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="retention_schedule",
        cron_schedule=cron,
        job=retention_job,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        tags={"leadhub/part": "privacy"},
        description="Anonymises the leads and lake events past LEADHUB_RETENTION_DAYS.",
    )
