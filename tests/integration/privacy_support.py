"""What the privacy tests share: a person's lead inserted as intake stores it (any account,
time, phone, e-mail, IP), a sale of it to a buyer, and a v2 consent text on a form."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from hub.db import iso, new_id, transaction
from hub.services.actor import CLI
from hub.services.catalogue import forms

PHONE = "+33612345679"
EMAIL = "Jeanne.Martin@Example.org"


def form_id(con: sqlite3.Connection, key: str) -> str:
    return str(con.execute("SELECT id FROM forms WHERE key = ?", (key,)).fetchone()[0])


def add_person_lead(
    con: sqlite3.Connection,
    at: datetime,
    *,
    form_key: str = "fm_solaire_demo",
    phone: str | None = PHONE,
    email: str | None = EMAIL,
    ip: str = "203.0.113.42",
    page_url: str = "https://solaire.example.fr/devis?email=jeanne%40example.org#top",
) -> str:
    form = con.execute(
        "SELECT id, account_id, lp_id, product_code, consent_version, consent_text FROM forms"
        " WHERE key = ?",
        (form_key,),
    ).fetchone()
    lead_id = new_id("lead")
    with transaction(con):
        con.execute(
            "INSERT INTO leads (id, account_id, form_id, lp_id, product_code, status, first_name,"
            " last_name, email, phone_e164, phone_class, postal_code, departement, city,"
            " page_url, referrer, gclid, consent_given, consent_version, consent_text, consent_at,"
            " ip, user_agent, extra, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'sold', 'Jeanne', 'Martin', ?, ?, 'valid', '13001', '13',"
            " 'Marseille', ?, 'https://www.google.fr/search?q=jeanne', 'gclid-123', 1, ?, ?, ?,"
            " ?, 'Mozilla/5.0 (iPhone)', '{\"note\": \"rappeler Jeanne\"}', ?, ?)",
            (
                lead_id,
                form["account_id"],
                form["id"],
                form["lp_id"],
                form["product_code"],
                email,
                phone,
                page_url,
                form["consent_version"],
                form["consent_text"],
                iso(at),
                ip,
                iso(at),
                iso(at),
            ),
        )
    return lead_id


def sell(
    con: sqlite3.Connection,
    lead_id: str,
    at: datetime,
    buyer_id: str = "buy_soleil_crm",
    commande_id: str = "cmd_soleil_pv",
    price_cents: int = 3500,
) -> str:
    delivery_id = new_id("dlv")
    with transaction(con):
        con.execute(
            "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
            " attempts, created_at, delivered_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'delivered', 1, ?, ?, ?)",
            (delivery_id, lead_id, buyer_id, commande_id, price_cents, iso(at), iso(at), iso(at)),
        )
    return delivery_id


def new_consent_version(con: sqlite3.Connection, key: str, text: str, at: datetime) -> None:
    forms.update_form(con, CLI, form_id(con, key), {"consent_text": text}, at)
