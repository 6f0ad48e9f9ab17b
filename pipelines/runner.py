"""Run the pipelines: ``run_once`` (in-process, then exit) and ``serve`` (``dagster dev``)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import NoReturn

import dagster as dg

from hub.settings import Settings
from pipelines import dagster_sqlite
from pipelines.defs.all_assets import ALL_ASSETS
from pipelines.defs.common import daily_partitions
from pipelines.defs.resources import WarehouseResource
from pipelines.plan import RunPlan, changed_partitions, plan_runs, selection, split_valid
from warehouse.events import loaded_fingerprints
from warehouse.lake import lake_fingerprints
from warehouse.store import open_work, writer_lock

REPO_DAGSTER_YAML = Path(__file__).resolve().parents[1] / "dagster.yaml"
RUNNER_TAG = "leadhub/runner"
PID_TAG = "leadhub/pid"


def install_dagster_yaml(settings: Settings) -> Path:
    """Copy the repo's dagster.yaml into the instance dir (settings.dagster_home)."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    if not REPO_DAGSTER_YAML.exists():
        raise FileNotFoundError(f"dagster.yaml not found at {REPO_DAGSTER_YAML}")
    target = home / "dagster.yaml"
    text = REPO_DAGSTER_YAML.read_bytes()
    if not target.exists() or target.read_bytes() != text:
        tmp = home / ".dagster.yaml.tmp"
        tmp.write_bytes(text)
        tmp.replace(target)
    return home


def open_instance(home: Path) -> dg.DagsterInstance:
    """The Dagster instance of this home, its SQLite storages writing with
    synchronous=NORMAL (pipelines/dagster_sqlite.py)."""
    dagster_sqlite.install()
    return dg.DagsterInstance.from_config(str(home))


def prepare_instance(settings: Settings) -> Path:
    """The instance dir with its dagster.yaml and its storage created (runs, run index,
    schedules), before ``dagster dev``'s webserver and daemon start: left to them, both create
    the SQLite schemas at once on a first start, and one can fail with "alembic_version has
    more than one head"."""
    home = install_dagster_yaml(settings)
    with open_instance(home):
        pass
    return home


def pending_partitions(settings: Settings) -> tuple[list[str], list[str]]:
    """(lake partitions whose files changed since they were loaded, out-of-range dirs)."""
    with writer_lock(settings), open_work(settings) as con:
        loaded = loaded_fingerprints(con)
    changed = changed_partitions(loaded, lake_fingerprints(settings.raw_dir))
    return split_valid(changed, daily_partitions.get_partition_keys())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_dead_runs(instance: dg.DagsterInstance) -> int:
    """Mark failed the run_once runs whose process died (kill -9) so they block nothing."""
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED],
            tags={RUNNER_TAG: "run_once"},
        )
    )
    reaped = 0
    for run in runs:
        pid = int(run.tags.get(PID_TAG, "0") or 0)
        if pid == os.getpid() or not _alive(pid):
            instance.report_run_failed(run, "run_once process is gone")
            reaped += 1
    return reaped


def _materialize(
    instance: dg.DagsterInstance, settings: Settings, plan: RunPlan
) -> dg.ExecuteInProcessResult:
    keys = [key for asset in ALL_ASSETS for key in asset.keys]
    return dg.materialize(
        ALL_ASSETS,
        instance=instance,
        resources={"warehouse": WarehouseResource(data_dir=str(settings.data_dir))},
        partition_key=plan.partition_key(),
        selection=selection(plan, keys),
        tags={RUNNER_TAG: "run_once", PID_TAG: str(os.getpid()), **plan.tags()},
    )


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def run_once(settings: Settings) -> str:
    """Load every pending lake partition, refresh the hub copies and models, publish; a summary."""
    started = time.monotonic()
    settings.ensure_dirs()
    home = install_dagster_yaml(settings)
    pending, invalid = pending_partitions(settings)
    totals = {"rows_loaded": 0, "duplicates": 0, "rejected_rows": 0, "quarantined_files": 0}
    leads = 0
    with open_instance(home) as instance:
        reap_dead_runs(instance)
        for plan in plan_runs(pending, refresh=True):
            result = _materialize(instance, settings, plan)
            counted = False  # a range run's partitions share one load's totals
            for event in result.get_asset_materialization_events():
                meta = event.materialization.metadata
                if event.asset_key == dg.AssetKey("events") and not counted:
                    counted = True
                    for name in totals:
                        totals[name] += _int(meta[name].value)
                elif event.asset_key == dg.AssetKey("leads"):
                    leads = _int(meta["rows"].value)
    summary = (
        f"warehouse published: {len(pending)} partition(s) loaded"
        f"{' (' + ', '.join(pending) + ')' if pending else ''}, "
        f"{totals['rows_loaded']} event rows, {totals['duplicates']} duplicates dropped, "
        f"{totals['rejected_rows']} rows rejected, {totals['quarantined_files']} file(s) "
        f"quarantined, {leads} leads; {time.monotonic() - started:.1f}s"
    )
    if invalid:
        summary += f"; skipped lake dirs outside the partition range: {', '.join(invalid)}"
    return summary


def dagster_command(settings: Settings) -> list[str]:
    """``dagster dev`` (webserver + daemon) on ``settings.host``:``settings.dagster_port``."""
    dagster = shutil.which("dagster", path=str(Path(sys.executable).parent)) or "dagster"
    return [
        dagster,
        "dev",
        "-m",
        "pipelines.definitions",
        "-h",
        settings.host,
        "-p",
        str(settings.dagster_port),
    ]


def serve(settings: Settings) -> NoReturn:
    """Exec ``dagster dev`` (webserver + daemon, so the sensor runs) on the data dir instance."""
    settings.ensure_dirs()
    home = prepare_instance(settings)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "LEADHUB_DATA_DIR": str(settings.data_dir),
        "LEADHUB_SENSOR_INTERVAL_SECONDS": str(settings.sensor_interval_seconds),
    }
    args = dagster_command(settings)
    # A shell's background job starts with SIGINT ignored; dagster dev maps SIGTERM onto the
    # SIGINT handler, so an inherited SIG_IGN would make it ignore SIGTERM too.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.execvpe(args[0], args, env)  # noqa: S606 (fixed argv, no shell)
