"""``backup_job``: one backup of the data dir into ``LEADHUB_BACKUP_DIR``, then retention.

It opens no DuckDB connection (the published snapshot is copied as a file), so it needs no
warehouse pool and runs beside the warehouse job. Decision 0044. (No ``from __future__ import
annotations``: Dagster reads the ``context`` annotation as a type.)
"""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from warehouse.backup import scheduled_backup


@dg.op(description="Back up the hub, lake, spool, secret key and warehouse snapshot.")
def backup_data_dir(context: dg.OpExecutionContext, warehouse: WarehouseResource) -> str:
    done = scheduled_backup(warehouse.settings)
    for old in done.removed:
        context.log.info(f"removed old backup {old}")
    context.add_output_metadata({**done.manifest.counts, "path": str(done.path)})
    return str(done.path)


@dg.job(description="A backup into LEADHUB_BACKUP_DIR, keeping the newest LEADHUB_BACKUP_KEEP.")
def backup_job() -> None:
    backup_data_dir()
