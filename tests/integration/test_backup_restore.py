"""``leadhub backup`` while a writer inserts leads, deliveries and events; ``leadhub restore``
into an empty data dir gives back exactly what the manifest counts; refusals exit 2."""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from hub.db import connect, iso, transaction
from hub.settings import Settings, load_settings
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld
from tests.integration.test_warehouse_helpers import T0, demo_page, visitor_funnel
from warehouse.backup import scheduled_backup, take_backup
from warehouse.backup_files import BackupRefused, Manifest
from warehouse.lake_write import write_events
from warehouse.restore import restore


class Writer(threading.Thread):
    """Inserts a lead with its delivery (one transaction) and writes its visitor's events to the
    lake, over and over, as the collector and the router would."""

    def __init__(self, settings: Settings, world: DemoWorld) -> None:
        super().__init__(daemon=True)
        self.settings = settings
        self.world = world
        self.stop = threading.Event()
        self.rounds = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with closing(connect(self.settings.hub_db)) as con:
                lp, form = demo_page(con)
                commande = self.world.commandes[0]
                while not self.stop.is_set():
                    self.one(con, lp, form, commande)
        except BaseException as exc:  # reported by the test
            self.error = exc

    def one(self, con: sqlite3.Connection, lp: dict, form: dict, commande: dict) -> None:  # type: ignore[type-arg]
        n = self.rounds
        at = T0 + timedelta(minutes=n)
        write_events(self.settings, visitor_funnel(f"w{n}", lp, form, at))
        buyer = con.execute("SELECT buyer_id FROM commandes WHERE id = ?", (commande["id"],))
        buyer_id = buyer.fetchone()[0]
        lead = (f"led_w{n}", lp["account_id"], form["id"], lp["id"], lp["product_code"])
        with transaction(con):
            con.execute(
                "INSERT INTO leads (id, account_id, form_id, lp_id, product_code, status,"
                " phone_e164, phone_class, first_name, consent_given, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 'sold', '+33612345678', 'valid', 'Jeanne', 1, ?, ?)",
                (*lead, iso(at), iso(at)),
            )
            con.execute(
                "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
                " attempts, created_at, delivered_at, updated_at)"
                " VALUES (?, ?, ?, ?, 3500, 'delivered', 1, ?, ?, ?)",
                (f"dlv_w{n}", f"led_w{n}", buyer_id, commande["id"], iso(at), iso(at), iso(at)),
            )
        self.rounds += 1


def counts(settings: Settings) -> dict[str, int]:
    with closing(connect(settings.hub_db, readonly=True)) as con:
        leads = con.execute("SELECT count(*) FROM leads").fetchone()[0]
        deliveries = con.execute("SELECT count(*) FROM deliveries").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM leads l WHERE l.id LIKE 'led_w%'"
            " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id)"
        ).fetchone()[0]
    events = ds.dataset(settings.raw_dir, format="parquet", partitioning="hive").count_rows()
    return {"leads": leads, "deliveries": deliveries, "events": events, "orphans": orphans}


def publish_snapshot(settings: Settings) -> None:
    with closing(duckdb.connect(str(settings.warehouse_db))) as con:
        con.execute("CREATE TABLE snapshot_info AS SELECT 'before the backup' AS note")


def test_backup_under_writes_restores_what_the_manifest_counts(
    settings: Settings, world: DemoWorld, tmp_path: Path
) -> None:
    publish_snapshot(settings)
    writer = Writer(settings, world)
    writer.start()
    while writer.rounds < 5 and writer.error is None:
        threading.Event().wait(0.05)
    target = tmp_path / "backup"
    before = writer.rounds
    try:
        manifest = take_backup(settings, target)
        during = writer.rounds
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.error is None
    assert writer.rounds > during > before >= 5  # the writer went on during and after the backup
    source = counts(settings)
    backed = manifest.counts
    assert 0 < backed["leads"] <= source["leads"]
    assert backed["deliveries"] - backed["leads"] == source["deliveries"] - source["leads"]
    assert 0 < backed["events"] <= source["events"]
    assert backed["events"] % 6 == 0  # whole lake files only, never a half-written one

    restored = load_settings(data_dir=tmp_path / "restored")
    restored.ensure_dirs()  # empty folders, as any leadhub command makes them: still empty
    assert restore(restored, target).counts == backed
    after = counts(restored)
    assert {k: after[k] for k in ("leads", "deliveries", "events")} == {
        k: backed[k] for k in ("leads", "deliveries", "events")
    }
    assert after["orphans"] == 0  # a lead and its delivery: both or neither
    key = settings.data_dir / "secret.key"
    assert (restored.data_dir / "secret.key").read_bytes() == key.read_bytes()
    assert (restored.data_dir / "secret.key").stat().st_mode & 0o777 == 0o600
    with closing(duckdb.connect(str(restored.warehouse_db), read_only=True)) as con:
        assert con.execute("SELECT note FROM snapshot_info").fetchall() == [("before the backup",)]
    saved = json.loads((target / "manifest.json").read_text())
    assert saved["files"]["hub.sqlite3"]["sha256"] == manifest.files["hub.sqlite3"]["sha256"]


def test_restore_refuses_a_data_dir_with_files_and_a_damaged_backup(
    settings: Settings,
    world: DemoWorld,
    hub_con: sqlite3.Connection,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lp, form = demo_page(hub_con)
    write_events(settings, visitor_funnel("v", lp, form, T0))
    target = tmp_path / "backup"
    runner = CliRunner()
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    out = runner.invoke(app, ["backup", str(target), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["counts"]["events"] == 6
    again = runner.invoke(app, ["backup", str(target)])
    assert again.exit_code == 2 and "not empty" in again.output
    inside = runner.invoke(app, ["backup", str(settings.data_dir / "backup")])
    assert inside.exit_code == 2 and "inside the data dir" in inside.output

    # The configured data dir holds files: refused, exit 2.
    refused = runner.invoke(app, ["restore", str(target)])
    assert refused.exit_code == 2 and "not empty" in refused.output

    # A damaged lake file: refused before anything is written.
    empty = tmp_path / "empty"
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(empty))
    lake_file = next((target / "lake").rglob("*.parquet"))
    original = lake_file.read_bytes()
    lake_file.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    damaged = runner.invoke(app, ["restore", str(target)])
    assert damaged.exit_code == 2 and "checksum mismatch" in damaged.output
    assert not [p for p in empty.rglob("*") if p.is_file()]

    lake_file.write_bytes(original)
    ok = runner.invoke(app, ["restore", str(target), "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["counts"] == Manifest.read(target).counts


def test_unfinished_backup_is_never_restored(
    settings: Settings, world: DemoWorld, tmp_path: Path
) -> None:
    target = tmp_path / "backup"
    take_backup(settings, target)
    (target / "manifest.json").unlink()
    with pytest.raises(BackupRefused, match=r"no manifest\.json"):
        restore(load_settings(data_dir=tmp_path / "restored"), target)


def test_scheduled_backups_keep_the_newest(
    settings: Settings, world: DemoWorld, tmp_path: Path
) -> None:
    root = tmp_path / "backups"
    scheduled = settings.model_copy(update={"backup_dir": str(root), "backup_keep": 2})
    (root / "leadhub-20000101T000000Z").mkdir(parents=True)  # an earlier run that died
    made = [
        scheduled_backup(scheduled, datetime(2026, 12, day, 2, 15, tzinfo=UTC)).path
        for day in (1, 2, 3)
    ]
    assert sorted(p.name for p in root.iterdir()) == [made[1].name, made[2].name]
    assert Manifest.read(made[2]).counts["leads"] == Manifest.read(made[1]).counts["leads"]
