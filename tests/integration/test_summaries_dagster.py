"""The summary schedules in Dagster: in the definitions, RUNNING by default, on Paris time at the
hours of the settings; a tick asks for the period it was scheduled for (yesterday, last week);
the job run sends through a real SMTP server on loopback, and fails when the e-mail fails."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import dagster as dg
import pytest

from hub.calendar import PARIS
from hub.settings import Settings
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.summaries.jobs import summary_job
from pipelines.defs.summaries.schedules import build_schedules
from tests.e2e.procs import free_port
from tests.integration.test_health_alerts import Sink, smtp
from tests.integration.test_summaries import activity

__all__ = ["activity", "smtp"]  # fixtures of the summary and health alert tests, used here
pytestmark = pytest.mark.integration


def test_schedules_are_loaded_running_on_paris_time_at_the_set_hours(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_SUMMARY_DAILY_HOUR", "6")
    from pipelines.definitions import defs

    loaded = {s.name: s for s in defs().schedules or []}
    daily, weekly = loaded["daily_summary_schedule"], loaded["weekly_summary_schedule"]
    for schedule in (daily, weekly):
        assert isinstance(schedule, dg.ScheduleDefinition)
        assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
        assert schedule.execution_timezone == "Europe/Paris"
        assert schedule.job_name == "summary_job"
    assert daily.cron_schedule == "0 6 * * *"
    assert weekly.cron_schedule == "0 8 * * 1"


def tick(settings: Settings, name: str, when: datetime) -> dg.RunRequest:
    [schedule] = [s for s in build_schedules(settings) if s.name == name]
    context = dg.build_schedule_context(scheduled_execution_time=when)
    [request] = schedule.evaluate_tick(context).run_requests or []
    return request


def test_a_tick_asks_for_the_period_it_was_scheduled_for(settings: Settings) -> None:
    # 07:00 in Paris on Monday 26 October 2026 (the day after the clocks went back).
    daily = tick(settings, "daily_summary_schedule", datetime(2026, 10, 26, 7, tzinfo=PARIS))
    assert daily.run_key == "day:2026-10-25"
    assert daily.run_config == {
        "ops": {"send_summary": {"config": {"period": "day", "day": "2026-10-25"}}}
    }
    # 00:30 in Paris on 1 December is still 30 November in UTC: the Paris day counts.
    early = tick(settings, "daily_summary_schedule", datetime(2026, 12, 1, 0, 30, tzinfo=PARIS))
    assert early.run_key == "day:2026-11-30"
    weekly = tick(settings, "weekly_summary_schedule", datetime(2026, 10, 26, 8, tzinfo=PARIS))
    assert weekly.run_key == "week:2026-10-19"


def run(settings: Settings, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
    warehouse = WarehouseResource(data_dir=str(settings.data_dir))
    return summary_job.execute_in_process(
        run_config=request.run_config, resources={"warehouse": warehouse}, raise_on_error=False
    )


def test_the_scheduled_run_sends_and_fails_loudly_when_mail_fails(
    smtp: tuple[Settings, Sink],
    hub_con: sqlite3.Connection,
    activity: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings, sink = smtp
    for name, value in {
        "SMTP_HOST": settings.smtp_host,
        "SMTP_PORT": str(settings.smtp_port),
        "SMTP_FROM": settings.smtp_from,
        "ALERT_RECIPIENTS": settings.alert_recipients,
    }.items():
        monkeypatch.setenv(f"LEADHUB_{name}", value)
    request = tick(settings, "daily_summary_schedule", datetime(2026, 10, 26, 7, tzinfo=PARIS))
    result = run(settings, request)
    assert result.success
    assert result.output_for_node("send_summary") == {"acc_eco": "sent", "acc_soleil": "sent"}
    assert len(sink.messages) == 2
    assert run(settings, request).output_for_node("send_summary") == {
        "acc_eco": "already_sent",
        "acc_soleil": "already_sent",
    }
    monkeypatch.setenv("LEADHUB_SMTP_PORT", str(free_port()))  # nothing listens there
    weekly = tick(settings, "weekly_summary_schedule", datetime(2026, 10, 26, 8, tzinfo=PARIS))
    failed = run(settings, weekly)
    assert not failed.success
    assert "summary e-mail(s) failed" in str(failed.all_events)
    logged = hub_con.execute(
        "SELECT count(*) FROM activity_log WHERE action = 'summary.failed'"
        " AND subject = 'week:2026-10-19'"
    ).fetchone()[0]
    assert logged == 2
