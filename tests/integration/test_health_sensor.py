"""The Dagster tracking-health sensor: loaded and RUNNING by default, alerts, fails loudly."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.tracking_health.sensors import AlertEmailFailed, tracking_health_sensor
from tests.e2e.procs import free_port
from tests.integration.test_health_alerts import write_lake

pytestmark = pytest.mark.integration


def test_sensor_is_in_the_definitions_and_running_by_default(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    from pipelines.definitions import defs

    [sensor] = [s for s in defs().sensors or [] if s.name == "tracking_health_sensor"]
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.minimum_interval_seconds == 60


def tick(settings: Settings) -> object:
    warehouse = WarehouseResource(data_dir=str(settings.data_dir))
    context = dg.build_sensor_context(resources={"warehouse": warehouse})
    return tracking_health_sensor(context)


def test_sensor_raises_alerts_and_fails_the_tick_when_email_fails(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "1")
    monkeypatch.setenv("LEADHUB_ALERT_RECIPIENTS", "ops@soleil.fr")
    result = tick(settings)
    assert isinstance(result, dg.SkipReason) and result.skip_message == "tracking healthy"

    now = datetime.now(UTC)
    junk = {
        "key": "lp_typo",
        "url": "https://nowhere.fr/",
        "received_at": now - timedelta(seconds=30),
    }
    write_lake(settings, [junk] * 25, reason="key:unknown")
    monkeypatch.setenv("LEADHUB_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("LEADHUB_SMTP_PORT", str(free_port()))  # nothing listens there
    with pytest.raises(AlertEmailFailed, match="1 alert\\(s\\) recorded, e-mail failed"):
        tick(settings)
    rows = hub_con.execute("SELECT action, subject FROM activity_log").fetchall()
    assert [tuple(r) for r in rows] == [("tracking.quarantine_spike", "*")]
