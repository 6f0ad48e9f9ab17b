"""Retention on a real hub, real Parquet lake files and Dagster's in-process execution: leads
whose last contact is past the period are anonymised (personal fields nulled, URLs cut, counts
and money unchanged), a recent sale keeps an old lead, a dry run counts and changes nothing, a
second run changes nothing (logged once per run with the counts); lake events past the period
lose IP, click ids and URL queries, their user agent becomes the device class, files replaced
whole, the rest untouched; an admin's run reaches its accounts only; the schedule is RUNNING on
the settings' cron."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from hub.db import iso, transaction, utcnow
from hub.errors import ApiError
from hub.services import retention as hub_retention
from hub.services.actor import CLI, user
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.privacy.jobs import retention_job
from pipelines.defs.resources import WarehouseResource
from tests.integration.privacy_support import add_person_lead, sell
from warehouse import retention
from warehouse.lake import lake_fingerprints
from warehouse.lake_write import write_events

pytestmark = pytest.mark.integration

ADMIN_ECO = user("usr_admin_eco", "admin", ["acc_eco"])
OLD = timedelta(days=1100)  # past the default 1095 days


def lake_row(account: str, at: datetime, n: int) -> dict[str, object]:
    return {
        "event_id": f"evt-{account}-{at.date()}-{n}",
        "type": "page_view",
        "key": "lp_demo",
        "account_id": account,
        "visitor_id": f"v{n}",
        "session_id": f"s{n}",
        "ts": at,
        "received_at": at,
        "url": f"https://lp.example.fr/page?email=p{n}%40example.org#form",
        "referrer": "https://www.google.fr/search?q=jeanne+martin",
        "gclid": "gclid-abc",
        "ip": "203.0.113.42",
        "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)",
        "device": "mobile",
        "utm_source": "google",
    }


@pytest.fixture
def hub_leads(hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    now = utcnow()
    old = add_person_lead(hub_con, now - OLD)
    sell(hub_con, old, now - OLD + timedelta(seconds=3))
    old_resold = add_person_lead(hub_con, now - OLD, phone="+33698765432")
    sell(hub_con, old_resold, now - timedelta(days=10))  # a recent contact: kept
    old_eco = add_person_lead(hub_con, now - OLD, form_key="fm_ite_demo")
    recent = add_person_lead(hub_con, now - timedelta(days=30))
    return {"old": old, "old_resold": old_resold, "old_eco": old_eco, "recent": recent}


@pytest.fixture
def lake(settings: Settings) -> dict[str, list[Path]]:
    now = utcnow()
    old = now - OLD
    old_files = write_events(
        settings, [lake_row("acc_soleil", old, 1), lake_row("acc_eco", old, 2)]
    )
    recent_files = write_events(settings, [lake_row("acc_soleil", now - timedelta(days=5), 3)])
    return {"old": old_files, "recent": recent_files}


def money_and_counts(con: sqlite3.Connection) -> tuple[int, int, int]:
    leads = con.execute("SELECT count(*) FROM leads").fetchone()[0]
    sold = con.execute("SELECT count(*), sum(price_cents) FROM deliveries").fetchone()
    return leads, sold[0], sold[1]


def lead(con: sqlite3.Connection, lead_id: str) -> sqlite3.Row:
    row: sqlite3.Row = con.execute("SELECT * FROM leads WHERE id = ?", (lead_id,)).fetchone()
    return row


def test_a_run_anonymises_past_the_period_and_keeps_counts_and_money(
    hub_con: sqlite3.Connection, settings: Settings, hub_leads: dict[str, str]
) -> None:
    before = money_and_counts(hub_con)
    kept_before = dict(lead(hub_con, hub_leads["old"]))
    dry = retention.run(hub_con, CLI, settings, utcnow(), dry_run=True)
    assert (dry["dry_run"], dry["leads"]) == (True, 2)
    assert lead(hub_con, hub_leads["old"])["phone_e164"] is not None  # a dry run changes nothing
    assert not hub_con.execute(
        "SELECT 1 FROM activity_log WHERE action = 'privacy.retention'"
    ).fetchall()

    done = retention.run(hub_con, CLI, settings, utcnow())
    assert (done["dry_run"], done["leads"], done["retention_days"]) == (False, 2, 1095)
    assert money_and_counts(hub_con) == before
    row = lead(hub_con, hub_leads["old"])
    for name in (
        "first_name",
        "last_name",
        "email",
        "phone_e164",
        "postal_code",
        "city",
        "ip",
        "user_agent",
        "gclid",
        "submission_id",
    ):
        assert row[name] is None, name
    assert row["extra"] == "{}" and row["anonymised_at"] is not None
    assert row["page_url"] == "https://solaire.example.fr/devis"
    assert row["referrer"] == "https://www.google.fr/search"
    for name in (
        "status",
        "product_code",
        "departement",
        "consent_version",
        "consent_at",
        "updated_at",
        "consent_given",
    ):
        assert row[name] == kept_before[name], name
    assert lead(hub_con, hub_leads["old_eco"])["email"] is None
    for kept in ("old_resold", "recent"):
        assert lead(hub_con, hub_leads[kept])["phone_e164"] is not None, kept

    again = retention.run(hub_con, CLI, settings, utcnow())
    assert (again["leads"], again["lake_files"]) == (0, 0)
    logged = hub_con.execute(
        "SELECT actor, account_id, detail FROM activity_log"
        " WHERE action = 'privacy.retention' ORDER BY id"
    ).fetchall()
    assert [(r["actor"], r["account_id"]) for r in logged] == [("cli", None), ("cli", None)]
    assert [json.loads(r["detail"])["leads"] for r in logged] == [2, 0]
    status = hub_retention.status(hub_con, user("u", "admin", ["acc_eco"]), settings, utcnow())
    assert status["retention_days"] == 1095 and status["last_run"] is not None
    assert status["last_run"]["detail"]["leads"] == 0


def test_the_lake_loses_what_identifies_a_person_and_nothing_else(
    hub_con: sqlite3.Connection, settings: Settings, world: DemoWorld, lake: dict[str, list[Path]]
) -> None:
    [old_file] = lake["old"]
    [recent_file] = lake["recent"]
    quarantined = settings.quarantine_dir / "events" / old_file.parent.name / "refused.parquet"
    quarantined.parent.mkdir(parents=True)
    quarantined.write_bytes(old_file.read_bytes())
    schema = pq.read_schema(old_file)
    recent_stat = recent_file.stat()
    prints = lake_fingerprints(settings.raw_dir)
    dry = retention.run(hub_con, CLI, settings, utcnow(), dry_run=True)
    assert (dry["lake_files"], dry["lake_rows"]) == (2, 4)
    assert pq.read_table(old_file)["ip"].to_pylist() == ["203.0.113.42"] * 2

    done = retention.run(hub_con, CLI, settings, utcnow())
    assert (done["lake_files"], done["lake_rows"], done["lake_unreadable"]) == (2, 4, 0)
    for path in (old_file, quarantined):
        table = pq.read_table(path)
        assert pq.read_schema(path) == schema and table.num_rows == 2
        rows = table.to_pylist()
        assert {r["ip"] for r in rows} == {None} and {r["gclid"] for r in rows} == {None}
        assert {r["url"] for r in rows} == {"https://lp.example.fr/page"}
        assert {r["referrer"] for r in rows} == {"https://www.google.fr/search"}
        assert {r["user_agent"] for r in rows} == {"mobile"}  # device_of('mobile') = 'mobile'
        assert {r["utm_source"] for r in rows} == {"google"} and {
            r["visitor_id"] for r in rows
        } == {"v1", "v2"}
    assert not list(old_file.parent.glob(".*"))  # no temporary file left
    assert recent_file.stat().st_mtime_ns == recent_stat.st_mtime_ns
    after = lake_fingerprints(settings.raw_dir)  # the sensor reloads the changed day only
    old_day, recent_day = old_file.parent.name[5:], recent_file.parent.name[5:]
    assert after[old_day] != prints[old_day] and after[recent_day] == prints[recent_day]
    assert pq.read_table(recent_file)["ip"].to_pylist() == ["203.0.113.42"]
    old_stat = old_file.stat()
    assert retention.run(hub_con, CLI, settings, utcnow())["lake_files"] == 0
    assert old_file.stat().st_mtime_ns == old_stat.st_mtime_ns  # idempotent: not rewritten


def test_an_admin_reaches_its_accounts_only_and_others_may_not_run_it(
    hub_con: sqlite3.Connection,
    settings: Settings,
    hub_leads: dict[str, str],
    lake: dict[str, list[Path]],
) -> None:
    done = retention.run(hub_con, ADMIN_ECO, settings, utcnow())
    assert (done["leads"], done["lake_rows"]) == (1, 1)
    assert lead(hub_con, hub_leads["old_eco"])["phone_e164"] is None
    assert lead(hub_con, hub_leads["old"])["phone_e164"] is not None
    rows = pq.read_table(lake["old"][0]).to_pylist()
    assert {r["account_id"]: r["ip"] for r in rows} == {
        "acc_soleil": "203.0.113.42",
        "acc_eco": None,
    }
    [logged] = hub_con.execute("SELECT detail FROM activity_log WHERE action = 'privacy.retention'")
    assert json.loads(logged[0])["accounts"] == ["acc_eco"]
    assert (
        hub_retention.status(hub_con, user("u", "admin", ["acc_soleil"]), settings, utcnow())[
            "last_run"
        ]
        is None
    )
    for role in ("ops", "finance", "viewer", "marketer"):
        with pytest.raises(ApiError) as refused:
            retention.run(hub_con, user("u", role, ["acc_eco"]), settings, utcnow(), dry_run=True)
        assert refused.value.status_code == 403
    with pytest.raises(ApiError):
        hub_retention.anonymise_hub(
            hub_con, user("u", "ops", ["acc_eco"]), settings, utcnow(), dry_run=False
        )


def test_a_shorter_period_from_the_settings(
    hub_con: sqlite3.Connection, settings: Settings, hub_leads: dict[str, str]
) -> None:
    short = settings.model_copy(update={"retention_days": 20})
    assert retention.run(hub_con, CLI, short, utcnow(), dry_run=True)["leads"] == 3
    assert (
        retention.run(hub_con, CLI, short, utcnow() + timedelta(days=20), dry_run=True)["leads"]
        == 4
    )


def test_the_schedule_runs_by_default_and_the_job_runs_in_process(
    hub_con: sqlite3.Connection,
    settings: Settings,
    hub_leads: dict[str, str],
    lake: dict[str, list[Path]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_RETENTION_CRON", "10 5 * * *")
    from pipelines.definitions import defs

    [found] = [s for s in defs().schedules or [] if s.name == "retention_schedule"]
    assert isinstance(found, dg.ScheduleDefinition)
    assert found.default_status == dg.DefaultScheduleStatus.RUNNING
    assert (found.cron_schedule, found.execution_timezone) == ("10 5 * * *", "Europe/Paris")
    assert found.job_name == "retention_job"
    warehouse = WarehouseResource(data_dir=str(settings.data_dir))
    result = retention_job.execute_in_process(resources={"warehouse": warehouse})
    assert result.success
    counts = result.output_for_node("anonymise_past_retention")
    assert (counts["leads"], counts["lake_files"], counts["lake_rows"]) == (2, 1, 2)
    assert lead(hub_con, hub_leads["old"])["email"] is None
    assert datetime.fromisoformat(
        hub_con.execute(
            "SELECT created_at FROM activity_log WHERE action = 'privacy.retention'"
        ).fetchone()[0]
    ) > datetime.now(UTC) - timedelta(minutes=5)


def test_refused_submissions_past_the_period_lose_what_was_posted(
    hub_con: sqlite3.Connection, settings: Settings, world: DemoWorld
) -> None:
    with transaction(hub_con):
        for ident, age in (("rej_old", OLD), ("rej_new", timedelta(days=2))):
            hub_con.execute(
                "INSERT INTO lead_rejections (id, form_key, account_id, status_code, reason,"
                " payload, ip, user_agent, created_at) VALUES (?, 'fm_solaire_demo',"
                " 'acc_soleil', 422, 'validation: phone=invalid_phone',"
                ' \'{"telephone": "0612", "nom": "Martin"}\', \'203.0.113.9\', \'UA\', ?)',
                (ident, iso(utcnow() - age)),
            )
    assert retention.run(hub_con, CLI, settings, utcnow())["rejections"] == 1
    rows = {
        r["id"]: tuple(r)[1:]
        for r in hub_con.execute("SELECT id, payload, ip, user_agent, reason FROM lead_rejections")
    }
    assert rows["rej_old"] == ("{}", None, None, "validation: phone=invalid_phone")
    assert rows["rej_new"][1] == "203.0.113.9"
    assert retention.run(hub_con, CLI, settings, utcnow())["rejections"] == 0
