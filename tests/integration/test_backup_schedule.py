"""The scheduled backup: in the definitions, RUNNING by default on the settings' cron (Paris),
skipped while LEADHUB_BACKUP_DIR is unset, and its job writes a backup and applies retention."""

from __future__ import annotations

import dagster as dg
import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.backup.jobs import backup_job
from pipelines.defs.resources import WarehouseResource
from warehouse.backup import backups_in
from warehouse.backup_files import Manifest

pytestmark = pytest.mark.integration


def schedule(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> dg.ScheduleDefinition:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_BACKUP_CRON", "40 2 * * *")
    from pipelines.definitions import defs

    [found] = [s for s in defs().schedules or [] if s.name == "backup_schedule"]
    assert isinstance(found, dg.ScheduleDefinition)
    return found


def test_schedule_runs_by_default_and_skips_without_a_backup_dir(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    found = schedule(monkeypatch, settings)
    assert found.default_status == dg.DefaultScheduleStatus.RUNNING
    assert found.cron_schedule == "40 2 * * *"
    assert found.execution_timezone == "Europe/Paris"
    monkeypatch.delenv("LEADHUB_BACKUP_DIR", raising=False)
    skipped = found.evaluate_tick(dg.build_schedule_context())
    assert not skipped.run_requests and "LEADHUB_BACKUP_DIR" in (skipped.skip_message or "")
    monkeypatch.setenv("LEADHUB_BACKUP_DIR", str(tmp_path))
    assert len(found.evaluate_tick(dg.build_schedule_context()).run_requests or []) == 1


def test_backup_job_writes_a_backup_and_keeps_the_newest(
    settings: Settings, world: DemoWorld, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = settings.data_dir.parent / "backups"
    monkeypatch.setenv("LEADHUB_BACKUP_DIR", str(root))
    monkeypatch.setenv("LEADHUB_BACKUP_KEEP", "1")
    warehouse = WarehouseResource(data_dir=str(settings.data_dir))
    for _ in range(2):
        result = backup_job.execute_in_process(resources={"warehouse": warehouse})
        assert result.success
    [kept] = backups_in(root)
    assert result.output_for_node("backup_data_dir") == str(kept)
    assert Manifest.read(kept).counts["leads"] == 0
    assert (kept / "hub.sqlite3").is_file()
