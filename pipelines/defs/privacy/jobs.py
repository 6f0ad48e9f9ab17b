"""``retention_job``: one retention run as the server (every account): lake events and hub
leads past ``LEADHUB_RETENTION_DAYS`` anonymised (:func:`warehouse.retention.run`), logged once
in the hub's activity log with the counts, which are also the run's metadata.

It opens no DuckDB connection (lake files and the hub only), so it needs no warehouse pool; the
partitions it rewrites get a new fingerprint and the sensor rebuilds them. (No ``from __future__
import annotations``: Dagster reads the ``context`` annotation as a type.)
"""

from contextlib import closing

import dagster as dg

from hub.db import open_hub, utcnow
from hub.services.actor import CLI
from pipelines.defs.resources import WarehouseResource
from warehouse.retention import run


@dg.op(description="Anonymise the leads and lake events past the retention period.")
def anonymise_past_retention(
    context: dg.OpExecutionContext, warehouse: WarehouseResource
) -> dict[str, int]:
    settings = warehouse.settings
    with closing(open_hub(settings.hub_db)) as con:
        done = run(con, CLI, settings, utcnow())
    counts = {k: v for k, v in done.items() if isinstance(v, int) and not isinstance(v, bool)}
    context.add_output_metadata({**counts, "cutoff": done["cutoff"]})
    return counts


@dg.job(description="Personal data retention: anonymise what is older than the period.")
def retention_job() -> None:
    anonymise_past_retention()
