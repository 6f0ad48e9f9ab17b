"""The tracking-health sensor: every minute, judge live tracking health and raise alerts.

It runs in the Dagster daemon that ``leadhub pipelines`` starts, RUNNING by default, and
launches no run: it calls ``warehouse.tracking_alerts.check_tracking`` (hub + lake, a
fraction of a second), which records alerts in the activity log and e-mails them. A tick where
an alert e-mail failed is marked failed in Dagster (after the alert was recorded with its
error), so it shows.
"""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime

import dagster as dg

from hub.db import open_hub
from pipelines.defs.resources import WarehouseResource
from warehouse.tracking_alerts import check_tracking

INTERVAL_SECONDS = 60


class AlertEmailFailed(RuntimeError):
    """An alert was recorded but could not be e-mailed."""


@dg.sensor(
    name="tracking_health_sensor",
    minimum_interval_seconds=INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts (activity log + e-mail) when an LP or form goes silent or its "
    "quarantined events spike. Launches no run.",
)
def tracking_health_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource
) -> dg.SkipReason:
    settings = warehouse.settings
    with closing(open_hub(settings.hub_db)) as con:
        alerts = check_tracking(settings, con, datetime.now(UTC))
    for alert in alerts:
        context.log.warning(f"{alert.action}: {alert.message_en} (e-mail {alert.email.status})")
    failed = [a for a in alerts if a.email.status == "failed"]
    if failed:
        raise AlertEmailFailed(
            f"{len(failed)} alert(s) recorded, e-mail failed: {failed[0].email.error}"
        )
    return dg.SkipReason(f"{len(alerts)} alert(s) raised" if alerts else "tracking healthy")
