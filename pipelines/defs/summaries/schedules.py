"""The two summary schedules, Europe/Paris, RUNNING by default: every day at
``summary_daily_hour`` for yesterday, every Monday at ``summary_weekly_hour`` for last week.
Each run asks for its period explicitly (and a run key per period), so a late or retried run
still summarises the period it was scheduled for."""

from __future__ import annotations

import dagster as dg

from hub.settings import Settings
from hub.summaries import last_complete
from pipelines.defs.summaries.jobs import summary_job

TIMEZONE = "Europe/Paris"


def _schedule(name: str, kind: str, cron: str, what: str) -> dg.ScheduleDefinition:
    @dg.schedule(
        name=name,
        cron_schedule=cron,
        job=summary_job,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=what,
    )
    def schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        period = last_complete(kind, context.scheduled_execution_time)
        config = {"period": kind, "day": period.first.isoformat()}
        return dg.RunRequest(
            run_key=period.key,
            run_config={"ops": {"send_summary": {"config": config}}},
            tags={"leadhub/summary": period.key},
        )

    return schedule


def build_schedules(settings: Settings) -> list[dg.ScheduleDefinition]:
    daily, weekly = settings.summary_daily_hour, settings.summary_weekly_hour
    return [
        _schedule(
            "daily_summary_schedule",
            "day",
            f"0 {daily} * * *",
            f"Every day at {daily}:00 (Paris): yesterday's summary e-mail per entity.",
        ),
        _schedule(
            "weekly_summary_schedule",
            "week",
            f"0 {weekly} * * 1",
            f"Mondays at {weekly}:00 (Paris): last week's summary e-mail per entity.",
        ),
    ]
