"""The warehouse resource: Settings (built when the resource is initialised, not at import),
the one-writer lock, the work DB connection, and publishing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
from pydantic import Field, PrivateAttr

from hub.settings import Settings, load_settings
from warehouse.publish import publish_snapshot
from warehouse.sql import load
from warehouse.store import open_work, writer_lock


class WarehouseResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Access to ``warehouse/work.duckdb``; one writer at a time across processes."""

    data_dir: str = Field(
        default="", description="Data dir override; empty: LEADHUB_* env via load_settings()."
    )
    _settings: Settings | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._settings = self._load()

    def _load(self) -> Settings:
        return load_settings(data_dir=self.data_dir) if self.data_dir else load_settings()

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = self._load()
        return self._settings

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The work DB, read-write, under the writer lock; closed (checkpointed) afterwards."""
        settings = self.settings
        settings.ensure_dirs()
        with writer_lock(settings), open_work(settings) as con:
            yield con

    def publish(self, run_id: str) -> dict[str, str | int]:
        """Stamp, checkpoint and close the work DB, then swap it in as the published snapshot."""
        settings = self.settings
        with writer_lock(settings):
            with open_work(settings) as con:
                con.execute(load("snapshot_info"), [run_id])
                tables = con.execute(
                    "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
                ).fetchall()[0][0]
                con.execute("CHECKPOINT")
            path = publish_snapshot(settings)
        return {"path": str(path), "tables": int(tables), "bytes": path.stat().st_size}
