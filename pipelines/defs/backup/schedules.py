"""The backup schedule: ``LEADHUB_BACKUP_CRON`` on the Europe/Paris clock, RUNNING by default
(a schedule is STOPPED otherwise, and nothing would ever be backed up); skipped, with its
reason, while ``LEADHUB_BACKUP_DIR`` is not set."""

from __future__ import annotations

import dagster as dg

from hub.settings import load_settings
from pipelines.defs.backup.jobs import backup_job

TIMEZONE = "Europe/Paris"


def backup_request(backup_dir: str) -> dg.RunRequest | dg.SkipReason:
    if not backup_dir:
        return dg.SkipReason("LEADHUB_BACKUP_DIR is not set: no scheduled backup")
    return dg.RunRequest(tags={"leadhub/part": "backup"})


def build_backup_schedule(cron: str) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="backup_schedule",
        cron_schedule=cron,
        job=backup_job,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Backs up the data dir into LEADHUB_BACKUP_DIR (skipped while unset).",
    )
    def backup_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        return backup_request(load_settings().backup_dir)

    return backup_schedule
