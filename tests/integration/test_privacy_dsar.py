"""A person's export (DSAR) and the consent ledger through the hub services, on a real seeded
hub: the person found by phone written any usual way or by e-mail in any case, in the actor's
accounts only; the consent proof shows the text of the version the form had (not today's), the
time, the page and a truncated IP; every buyer by legal name; the activity about the lead; the
export logged with lead ids and never the phone or e-mail; the HTML page escapes what the person
typed; the ledger per period, in JSON and CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from hub.db import transaction
from hub.errors import ApiError
from hub.services import consent_ledger, dsar, dsar_html, leads
from hub.services.actor import CLI, user
from leadhub.demo.seed import DemoWorld
from tests.integration.privacy_support import (
    EMAIL,
    PHONE,
    add_person_lead,
    form_id,
    new_consent_version,
    sell,
)

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
ADMIN = user("usr_admin_soleil", "admin", ["acc_soleil", "acc_soleil_solaire"])
ECO = user("usr_admin_eco", "admin", ["acc_eco"])
BRAND = user("usr_admin_brand", "admin", ["acc_soleil_solaire"])


def fields(err: pytest.ExceptionInfo[ApiError]) -> dict[str, str]:
    assert err.value.status_code == 422
    return {f.field: f.reason for f in err.value.fields}


@pytest.fixture
def person(hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    """Jeanne's lead at Soleil (sold, then flagged as test), one at Eco by e-mail
    only, and somebody else's lead; the form's consent text changes after Jeanne's lead."""
    soleil = add_person_lead(hub_con, NOW - timedelta(days=3))
    sale = sell(hub_con, soleil, NOW - timedelta(days=3) + timedelta(seconds=2))
    leads.set_test(hub_con, CLI, soleil, True, NOW - timedelta(days=2))
    eco = add_person_lead(
        hub_con,
        NOW - timedelta(days=1),
        form_key="fm_ite_demo",
        phone=None,
        email="jeanne.martin@example.org",
    )
    other = add_person_lead(hub_con, NOW, phone="+33698765432", email="paul@example.org")
    new_consent_version(hub_con, "fm_solaire_demo", "Nouveau texte v2.", NOW - timedelta(days=1))
    return {"soleil": soleil, "sale": sale, "eco": eco, "other": other}


@pytest.mark.parametrize(
    "typed", ["06 12 34 56 79", "+33 6 12 34 56 79", "0033612345679", "33612345679"]
)
def test_a_phone_written_any_usual_way_finds_the_person(
    hub_con: sqlite3.Connection, person: dict[str, str], typed: str
) -> None:
    assert [lead for lead, _ in dsar.find_leads(hub_con, CLI, typed, None)] == [person["soleil"]]


def test_the_export_holds_the_consent_proof_buyers_and_activity(
    hub_con: sqlite3.Connection, person: dict[str, str]
) -> None:
    found = dsar.export(hub_con, ADMIN, PHONE, None, NOW)
    assert found["total"] == 1 and found["searched_by"] == ["phone"]
    [lead] = found["leads"]
    assert lead["id"] == person["soleil"]
    assert lead["person"]["first_name"] == "Jeanne" and lead["person"]["email"] == EMAIL
    consent = lead["consent"]
    assert consent["given"] and consent["version"] == "2026-11-v1"
    assert consent["text"] is not None and consent["text"].startswith("J'accepte")
    assert consent["text"] != "Nouveau texte v2."  # the version the form had, kept
    assert consent["ip_truncated"] == "203.0.113.0/24"
    assert consent["page_url"] == "https://solaire.example.fr/devis?email=jeanne%40example.org#top"
    assert consent["at"] == (NOW - timedelta(days=3)).isoformat(timespec="microseconds")
    [sale] = lead["deliveries"]
    assert (sale["buyer_legal_name"], sale["outcome"]) == ("Installateurs Lyon SAS", "delivered")
    [entry] = lead["activity"]
    assert (entry["action"], entry["subject"], entry["actor"]) == (
        "lead.marked_test",
        person["soleil"],
        "cli",
    )


def test_email_in_any_case_and_both_terms_find_every_lead_of_the_person(
    hub_con: sqlite3.Connection, person: dict[str, str]
) -> None:
    by_mail = dsar.find_leads(hub_con, CLI, None, "  JEANNE.martin@example.ORG ")
    assert {lead for lead, _ in by_mail} == {person["soleil"], person["eco"]}
    both = dsar.export(hub_con, CLI, "0612345679", "jeanne.martin@example.org", NOW)
    assert {lead["id"] for lead in both["leads"]} == {person["soleil"], person["eco"]}
    assert both["searched_by"] == ["phone", "email"]


def test_another_tenant_finds_nothing_and_the_export_is_logged_without_personal_data(
    hub_con: sqlite3.Connection, person: dict[str, str]
) -> None:
    assert [lead["id"] for lead in dsar.export(hub_con, ECO, PHONE, EMAIL, NOW)["leads"]] == [
        person["eco"]
    ]
    assert dsar.export(hub_con, BRAND, PHONE, EMAIL, NOW)["leads"] == []  # the brand: not its
    dsar.export(hub_con, ADMIN, PHONE, None, NOW)
    logged = hub_con.execute(
        "SELECT actor, account_id, detail FROM activity_log WHERE action = 'privacy.dsar'"
        " ORDER BY id"
    ).fetchall()
    assert [(r["actor"], r["account_id"]) for r in logged] == [
        ("user:usr_admin_eco", "acc_eco"),
        ("user:usr_admin_brand", None),
        ("user:usr_admin_soleil", "acc_soleil"),
    ]
    assert json.loads(logged[2]["detail"]) == {
        "lead_ids": [person["soleil"]],
        "searched_by": ["phone"],
    }
    text = " ".join(r["detail"] for r in logged)
    assert "612345679" not in text and "jeanne" not in text.lower()


def test_only_admins_may_and_bad_terms_are_named(
    hub_con: sqlite3.Connection, person: dict[str, str]
) -> None:
    for role in ("ops", "marketer", "finance", "viewer"):
        with pytest.raises(ApiError) as forbidden:
            dsar.export(hub_con, user("usr_x", role, ["acc_soleil"]), PHONE, None, NOW)
        assert forbidden.value.status_code == 403
    with pytest.raises(ApiError) as bad:
        dsar.export(hub_con, ADMIN, "12", "jeanne@", NOW)
    assert fields(bad) == {"phone": "invalid_phone", "email": "invalid_email"}
    with pytest.raises(ApiError) as missing:
        dsar.export(hub_con, ADMIN, " ", None, NOW)
    assert fields(missing) == {"phone": "required", "email": "required"}
    assert (
        hub_con.execute(
            "SELECT count(*) FROM activity_log WHERE action = 'privacy.dsar'"
        ).fetchone()[0]
        == 0
    )


def test_the_page_is_french_first_and_escapes_what_the_person_typed(
    hub_con: sqlite3.Connection, person: dict[str, str]
) -> None:
    with transaction(hub_con):
        hub_con.execute(
            "UPDATE leads SET first_name = '<script>alert(1)</script>' WHERE id = ?",
            (person["soleil"],),
        )
    found = dsar.export(hub_con, ADMIN, PHONE, None, NOW)
    page = dsar_html.render(found)
    assert '<html lang="fr">' in page and "Preuve du consentement" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Installateurs Lyon SAS" in page and "203.0.113.0/24" in page
    assert "17/11/2026 à 11:00" in page  # consent time, in Paris time
    assert "<td>transmise</td>" in page  # the sale's outcome, in words
    assert "J&#39;accepte" in page or "J&#x27;accepte" in page
    english = dsar_html.render(found, "en")
    assert "Consent proof" in english and '<html lang="en">' in english
    assert "2026-11-17 11:00" in english
    assert "Aucune donnée" in dsar_html.render(dsar.export(hub_con, ECO, PHONE, None, NOW))


def test_the_ledger_lists_each_consent_of_the_period_in_the_actors_accounts(
    hub_con: sqlite3.Connection, person: dict[str, str]
) -> None:
    solaire = form_id(hub_con, "fm_solaire_demo")
    with transaction(hub_con):
        hub_con.execute(
            "INSERT INTO consent_buyers VALUES (?, '2026-11-v1', 'buy_soleil_crm')", (solaire,)
        )
    found = consent_ledger.ledger(hub_con, ADMIN, "2026-11-17", "2026-11-20")
    assert [r["lead_id"] for r in found["items"]] == [person["soleil"]]  # Eco's is not its own
    [row] = found["items"]
    text = hub_con.execute(
        "SELECT consent_text FROM consent_texts WHERE form_id = ? AND consent_version = ?",
        (solaire, "2026-11-v1"),
    ).fetchone()[0]
    assert row["consent_text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert row["buyers_named"] == ["Installateurs Lyon SAS"]
    assert row["ip_truncated"] == "203.0.113.0/24" and row["form_key"] == "fm_solaire_demo"
    assert found["start"] == "2026-11-16T23:00:00.000000+00:00"  # Paris midnight
    every = consent_ledger.ledger(hub_con, CLI, "2026-11-17", "2026-11-20T10:00:00.000001+00:00")
    assert [r["lead_id"] for r in every["items"]] == [
        person["soleil"],
        person["eco"],
        person["other"],
    ]
    rows = list(csv.DictReader(io.StringIO(consent_ledger.to_csv(every))))
    assert [r["lead_id"] for r in rows] == [r["lead_id"] for r in every["items"]]
    assert (
        rows[0]["buyers_named"] == "Installateurs Lyon SAS" and rows[0]["consent_given"] == "True"
    )


def test_the_ledger_names_a_bad_period(hub_con: sqlite3.Connection, world: DemoWorld) -> None:
    for start, end, field, reason in (
        (None, "2026-11-20", "from", "required"),
        ("2026-13-01", "2026-11-20", "from", "invalid_date"),
        ("2026-11-01", "demain", "to", "invalid_date"),
        ("0001-01-01", "2026-11-01", "from", "invalid_date"),
        ("2026-11-01", "9999-12-31T23:59:59-05:00", "to", "invalid_date"),
        ("2026-11-20", "2026-11-01", "to", "invalid_period"),
    ):
        with pytest.raises(ApiError) as bad:
            consent_ledger.ledger(hub_con, ADMIN, start, end)
        assert fields(bad) == {field: reason}
    with pytest.raises(ApiError) as forbidden:
        consent_ledger.ledger(
            hub_con, user("u", "viewer", ["acc_soleil"]), "2026-11-01", "2026-11-02"
        )
    assert forbidden.value.status_code == 403


def test_a_spreadsheet_shows_a_formula_like_url_as_text(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    add_person_lead(hub_con, NOW, page_url='=HYPERLINK("http://evil.example")')
    text = consent_ledger.to_csv(consent_ledger.ledger(hub_con, CLI, "2026-11-20", "2026-11-21"))
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["page_url"].startswith("'=HYPERLINK")
