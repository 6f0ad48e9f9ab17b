"""pipelines/dagster_sqlite.py: Dagster's SQLite storages (WAL) write with synchronous=NORMAL
once the pipelines load it (decision 0066), and the instance still records runs."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from sqlalchemy.engine import Connection

from hub.settings import Settings
from pipelines import dagster_sqlite
from pipelines.runner import install_dagster_yaml, open_instance

pytestmark = pytest.mark.integration

NORMAL, FULL = 1, 2


def _pragmas(conn: Connection) -> tuple[str, int]:
    mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    return str(mode), int(sync or 0)


def test_dagster_sqlite_storages_write_with_synchronous_normal(settings: Settings) -> None:
    with open_instance(install_dagster_yaml(settings)) as instance:
        result = dg.materialize([dg.asset(name="one")(lambda: 1)], instance=instance)
        assert result.success
        events, runs = instance.event_log_storage, instance.run_storage
        assert isinstance(events, SqliteEventLogStorage) and isinstance(runs, SqliteRunStorage)
        with events.index_connection() as conn:
            assert _pragmas(conn) == ("wal", NORMAL)
        with events.run_connection(result.run_id) as conn:
            assert _pragmas(conn) == ("wal", NORMAL)
        with runs.connect() as conn:
            assert _pragmas(conn) == ("wal", NORMAL)
        assert instance.get_run_by_id(result.run_id) is not None


def test_a_sqlite_database_not_in_wal_mode_keeps_its_synchronous(tmp_path: Path) -> None:
    """NORMAL is only safe with WAL: a rollback-journal database is left as it is."""
    import sqlalchemy as sa

    dagster_sqlite.install()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    with engine.connect() as conn:
        assert _pragmas(conn) == ("delete", FULL)
    engine.dispose()
