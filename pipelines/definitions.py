"""Dagster entry point (``dagster dev -m pipelines.definitions``): the ``pipelines/defs``
package plus the sensor, the summary schedules, the backup and the retention schedules, whose
interval, hours and crons come from Settings read when Dagster loads the code (not at import)."""

from __future__ import annotations

import warnings

import dagster as dg

import pipelines.defs
from hub.settings import load_settings
from pipelines import dagster_sqlite
from pipelines.defs.backup.schedules import build_backup_schedule
from pipelines.defs.privacy.schedules import build_retention_schedule
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sensors import build_sensor
from pipelines.defs.summaries.schedules import build_schedules


@dg.definitions
def defs() -> dg.Definitions:
    dagster_sqlite.install()  # the code server's and run workers' event writes
    settings = load_settings()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        package = dg.load_definitions_from_package_module(pipelines.defs)
    return dg.Definitions.merge(
        package,
        dg.Definitions(
            sensors=[build_sensor(settings.sensor_interval_seconds)],
            schedules=[
                *build_schedules(settings),
                build_backup_schedule(settings.backup_cron),
                build_retention_schedule(settings.retention_cron),
            ],
            resources={"warehouse": WarehouseResource()},
            executor=dg.in_process_executor,
        ),
    )
