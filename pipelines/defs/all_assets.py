"""Every warehouse asset, in lineage order: what ``run_once`` materializes and the sensor
selects from."""

from pipelines.defs.hub_copy.assets import hub_tables
from pipelines.defs.lake.assets import events
from pipelines.defs.models.assets import (
    ab_tests,
    acquisition_daily,
    billing_monthly,
    funnel,
    intercompany,
    sessions,
)
from pipelines.defs.publish.assets import warehouse_snapshot
from pipelines.defs.tracking_health.assets import tracking_health

ALL_ASSETS = [
    events,
    hub_tables,
    funnel,
    billing_monthly,
    intercompany,
    sessions,
    acquisition_daily,
    ab_tests,
    tracking_health,
    warehouse_snapshot,
]
