"""Delivery adapters against real buyers on loopback: the declarative HTTP mapping (fake CRM),
plain e-mail (aiosmtpd that accepts, refuses, or is down)."""

from __future__ import annotations

import sqlite3

import pytest

from hub.errors import ApiError
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_routing_delivery_support import (
    configure,
    crm_server,
    deliveries,
    lead_status,
    only_buyer,
    outcomes,
    smtp_down,
    smtp_server,
)
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    point_buyers,
    received,
    rows,
    script,
)

pytestmark = pytest.mark.integration

TOKEN = "Bearer tok-3f9a-very-secret"
MAPPING = {
    "method": "POST",
    "fields": {
        "nom": "last_name",
        "prenom": "first_name",
        "telephone": "phone",
        "code_postal": "postal_code",
        "custom_fields": {"produit": "product", "origine": {"const": "leadhub"}, "ref": "lead_id"},
    },
    "success": {"status": [201], "duplicate_if_body_contains": ["doublon"]},
}


def mapped(con: sqlite3.Connection, settings: Settings, url: str, **options: object) -> None:
    """Soleil's CRM takes leads through the mapping; Eco's stays a signed webhook."""
    configure(
        con,
        settings,
        "buy_soleil_crm",
        "http_mapping",
        MAPPING,
        url=url,
        auth_headers={"Authorization": TOKEN},
        **options,
    )


def test_http_mapping_sends_french_nested_fields_with_the_secret_header(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm(secret=None) as crm:
        point_buyers(hub_con, f"{crm.url}/hook")
        mapped(hub_con, settings, f"{crm.url}/api/leads")
        script(crm, {"status": 201})
        lead_id = add_lead(hub_con, phone_e164="+33612345679")
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    (entry,) = got["leads"]
    assert entry["path"] == "/api/leads" and entry["headers"]["Authorization"] == TOKEN
    assert entry["body"] == {
        "nom": "Martin",
        "prenom": "Jeanne",
        "telephone": "0612345679",
        "code_postal": "13001",
        "custom_fields": {"produit": "PV", "origine": "leadhub", "ref": lead_id},
    }
    (dlv,) = deliveries(hub_con, lead_id)
    assert entry["idempotency_key"] == dlv["id"]
    assert (dlv["buyer_id"], dlv["status"]) == ("buy_soleil_crm", "delivered")
    assert outcomes(hub_con, dlv["id"]) == [(201, "delivered")]
    assert lead_status(hub_con, lead_id) == "sold"
    stored = hub_con.execute("SELECT * FROM buyers WHERE id = 'buy_soleil_crm'").fetchone()
    assert all("tok-3f9a" not in str(value) for value in tuple(stored))  # encrypted at rest


def test_doublon_in_an_accepted_answer_is_a_duplicate_and_the_lead_goes_elsewhere(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm(secret=None) as crm:
        point_buyers(hub_con, f"{crm.url}/hook")
        mapped(hub_con, settings, f"{crm.url}/api/leads")
        script(crm, {"status": 201, "body": '{"message": "Doublon : contact déjà connu"}'})
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
    first, second = deliveries(hub_con, lead_id)
    assert (first["buyer_id"], first["status"]) == ("buy_soleil_crm", "duplicate")
    assert outcomes(hub_con, first["id"]) == [(201, "duplicate")]
    assert (second["buyer_id"], second["status"]) == ("buy_eco_crm", "delivered")
    # Produced by Soleil, sold by Eco: the PV transfer price is frozen on the sale.
    assert first["transfer_cents"] is None and second["transfer_cents"] == 2500
    assert lead_status(hub_con, lead_id) == "sold"


def test_a_2xx_outside_the_success_rule_is_a_rejection(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm(secret=None) as crm:
        point_buyers(hub_con, f"{crm.url}/hook")
        mapped(hub_con, settings, f"{crm.url}/api/leads")
        script(crm, {"status": 200, "body": '{"ok": false}'})
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
    first, second = deliveries(hub_con, lead_id)
    assert (first["status"], second["status"]) == ("rejected", "delivered")
    error = rows(hub_con, "SELECT error FROM delivery_attempts WHERE delivery_id = ?", first["id"])
    assert "200 is not an accepted status [201]" in error[0]["error"]


def test_doublon_after_our_own_timeout_means_the_first_send_arrived(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    settings.delivery_timeout_seconds = 0.3
    with crm_server(secret=None, dedupe=False) as crm:
        point_buyers(hub_con, f"{crm.url}/hook")
        mapped(hub_con, settings, f"{crm.url}/api/leads", dedupes=False)
        script(crm, {"status": 201, "delay": 1.0}, {"status": 201, "body": "doublon"})
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    (dlv,) = deliveries(hub_con, lead_id)
    assert outcomes(hub_con, dlv["id"]) == [(None, "retry"), (201, "delivered")]
    assert dlv["status"] == "delivered" and dlv["possible_duplicate"] == 1
    assert len(got["leads"]) == 2  # the buyer does not dedupe: the flag is right
    alerts = rows(
        hub_con, "SELECT action, subject FROM activity_log WHERE action LIKE 'delivery.%'"
    )
    assert alerts == [{"action": "delivery.possible_duplicate", "subject": dlv["id"]}]


def test_form_encoded_mapping(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    config = {"format": "form", "fields": {"nom": "last_name", "cp": "postal_code"}}
    with fake_crm(secret=None) as crm:
        configure(hub_con, settings, "buy_soleil_crm", "http_mapping", config, url=crm.url + "/f")
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    assert got["leads"][0]["body"] == {"nom": "Martin", "cp": "13001"}
    assert got["leads"][0]["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert deliveries(hub_con, lead_id)[0]["status"] == "delivered"


@pytest.mark.parametrize(
    ("mode", "config", "field", "reason"),
    [
        ("http_mapping", {"fields": {"nom": "surname"}}, "fields.nom", "unknown_field"),
        (
            "http_mapping",
            {"fields": {"custom_fields": {"x": "nope"}}},
            "fields.custom_fields.x",
            "unknown_field",
        ),
        ("http_mapping", {"fields": {"a": "email"}, "method": "GET"}, "method", "invalid"),
        (
            "http_mapping",
            {"fields": {"a": "email"}, "success": {"status": [500]}},
            "success.status",
            "invalid",
        ),
        ("email", {"to": ["not-an-address"]}, "to[0]", "invalid_email"),
        ("csv_email", {"to": ["a@example.fr"], "send_at": "25:00"}, "send_at", "invalid_time"),
        ("csv_email", {"to": ["a@example.fr"], "columns": ["iban"]}, "columns[0]", "unknown_field"),
        ("fax", {}, "delivery_mode", "invalid"),
    ],
)
def test_bad_delivery_settings_are_a_422_naming_the_field(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    mode: str,
    config: dict[str, object],
    field: str,
    reason: str,
) -> None:
    with pytest.raises(ApiError) as err:
        configure(hub_con, settings, "buy_soleil_crm", mode, config)
    assert err.value.status_code == 422
    assert [(f.field, f.reason) for f in err.value.fields] == [(field, reason)]
    with pytest.raises(ApiError) as missing:
        configure(hub_con, settings, "buy_nobody", "webhook", {})
    assert missing.value.status_code == 404


def test_plain_email_is_delivered_only_once_the_smtp_server_accepts_it(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only_buyer(hub_con, "buy_soleil_crm")
    configure(hub_con, settings, "buy_soleil_crm", "email", {"to": ["leads@soleil.example"]})
    with smtp_server(settings) as inbox:
        lead_id = add_lead(hub_con, phone_e164="+33612345679")
        run_until_idle(settings, policy=fast_policy())
    (dlv,) = deliveries(hub_con, lead_id)
    assert dlv["status"] == "delivered" and outcomes(hub_con, dlv["id"]) == [(250, "delivered")]
    ((sender, rcpts, msg),) = inbox.messages
    assert rcpts == ["leads@soleil.example"] and sender == settings.smtp_from
    assert lead_id in str(msg["Subject"]) and msg["Message-ID"] == f"<{dlv['id']}@leadhub>"
    text = msg.get_payload(decode=True).decode()
    assert "Téléphone : 0612345679" in text and "Nom : Martin" in text
    assert lead_status(hub_con, lead_id) == "sold"


def test_smtp_refusing_the_recipient_is_a_rejection_and_the_lead_is_rerouted(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    configure(hub_con, settings, "buy_soleil_crm", "email", {"to": ["gone@soleil.example"]})
    refuse = "550 5.1.1 mailbox unavailable"
    with smtp_server(settings, refuse_rcpt=refuse) as inbox, fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/hook")
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    first, second = deliveries(hub_con, lead_id)
    assert first["status"] == "rejected" and outcomes(hub_con, first["id"]) == [(550, "rejected")]
    assert second["status"] == "delivered" and len(got["leads"]) == 1
    assert inbox.messages == []


def test_smtp_down_is_a_failed_delivery_retried_then_dead_never_sent(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only_buyer(hub_con, "buy_soleil_crm")
    configure(hub_con, settings, "buy_soleil_crm", "email", {"to": ["leads@soleil.example"]})
    smtp_down(settings)
    lead_id = add_lead(hub_con)
    run_until_idle(settings, policy=fast_policy(give_up_after=0.3))
    (dlv,) = deliveries(hub_con, lead_id)
    tries = outcomes(hub_con, dlv["id"])
    assert dlv["status"] == "dead" and len(tries) >= 2
    assert {o for _, o in tries[:-1]} == {"retry"} and tries[-1] == (None, "dead")
    errors = rows(hub_con, "SELECT error FROM delivery_attempts WHERE delivery_id = ?", dlv["id"])
    assert "SMTP connection failed" in errors[0]["error"]
    # Five failures in a row open the SMTP endpoint's breaker: later tries wait for it.
    assert all(e["error"].startswith(("SMTP connection failed", "circuit open")) for e in errors)
    assert lead_status(hub_con, lead_id) == "routed"  # never "sold"
    alerts = rows(hub_con, "SELECT action FROM activity_log WHERE action LIKE 'delivery.%'")
    assert alerts == [{"action": "delivery.dead"}]
