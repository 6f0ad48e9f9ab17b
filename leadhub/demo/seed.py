"""``leadhub seed demo``: a demo world of two sister entities selling PV / PAC / ITE leads."""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import asdict, dataclass, field

from hub.db import new_id, now_iso, transaction
from hub.security import (
    SecretBox,
    create_api_key,
    hash_password,
    new_webhook_secret,
    parse_webhook_secret,
)
from hub.services.products import STANDARD
from hub.settings import Settings
from leadhub.demo.queries import demo_sql

PRODUCTS = {code: label for code, (label, _) in STANDARD.items()}
# The rest of the commande model (migration 0008): week/month caps on the Paris calendar,
# cross-entity selling (Eco Renov buys Soleil's southern PV leads on priority), backlog "LB".
COMMANDE_MODEL: dict[str, dict[str, object]] = {
    "cmd_soleil_pv": {"weekly_cap": 250, "monthly_cap": 1000, "cross_entity": "never"},
    "cmd_soleil_pac": {"weekly_cap": 80, "monthly_cap": 300},
    "cmd_eco_pv": {"monthly_cap": 200, "cross_entity": "always"},
    "cmd_eco_ite": {"backlog_share": 20, "backlog_price_cents": 1000, "max_buyers": 2},
    **{f"cmd_test_{p}": {"cross_entity": "always"} for p in ("pv", "pac", "ite")},
}
# A test buyer (on the fake CRM too): takes test leads only, never billed (decision 0050).
TEST_BUYER = "buy_test_crm"
# The two selling entities (their invoices print this identity).
ENTITIES = (
    ("acc_soleil", "Soleil Habitat", "552100554", "3 place Bellecour, 69002 Lyon"),
    ("acc_eco", "Eco Renov", "732829320", "8 quai de la Fosse, 44000 Nantes"),
)
CONSENT_TEXT = (
    "J'accepte d'être recontacté(e) par Soleil Habitat et ses partenaires installateurs "
    "au sujet de mon projet. Version {version}."
)


@dataclass
class DemoWorld:
    api_key: str
    login: dict[str, str]
    accounts: list[dict[str, str]] = field(default_factory=list)
    lps: list[dict[str, str]] = field(default_factory=list)
    forms: list[dict[str, str]] = field(default_factory=list)
    buyers: list[dict[str, str]] = field(default_factory=list)
    commandes: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def _insert(con: sqlite3.Connection, table: str, row: dict[str, object]) -> None:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))


def seed_demo(
    con: sqlite3.Connection,
    settings: Settings,
    *,
    buyer_url: str | None = None,
    buyer_secret: str | None = None,
    password: str | None = None,
) -> DemoWorld:
    """Create the demo world (idempotent: an already seeded hub gets a fresh API key only)."""
    box = SecretBox.from_settings(settings.secret_key, settings.data_dir / "secret.key")
    now = now_iso()
    host = settings.host
    lp_origin = f"http://{host}:{settings.demo_lp_port}"
    form_origin = f"http://{host}:{settings.demo_form_port}"
    buyer_url = buyer_url or f"http://{host}:{settings.fake_crm_port}/leads"
    secret = buyer_secret or new_webhook_secret()
    parse_webhook_secret(secret)  # WebhookSecretError before anything is written
    password = password or secrets.token_urlsafe(12)
    existing = con.execute(demo_sql("demo_seeded")).fetchone()
    with transaction(con):
        if existing is None:
            for code, (label, aides) in STANDARD.items():
                values = {"code": code, "label": label, "aides": json.dumps(aides)}
                con.execute(demo_sql("product_add"), values)
            for acc_id, name, siren, address in ENTITIES:
                _insert(
                    con,
                    "accounts",
                    {
                        "id": acc_id,
                        "name": name,
                        "parent_id": None,
                        "kind": "entity",
                        # A fictitious legal identity, as the entity's invoices print it.
                        "legal_name": f"{name} SAS",
                        "siren": siren,
                        "vat_number": f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}",
                        "address": address,
                        "created_at": now,
                    },
                )
                for origin in (lp_origin, form_origin):
                    _insert(con, "allowed_origins", {"account_id": acc_id, "origin": origin})
            _insert(
                con,
                "accounts",
                {
                    "id": "acc_soleil_solaire",
                    "name": "Solaire Direct",
                    "parent_id": "acc_soleil",
                    "kind": "brand",
                    "created_at": now,
                },
            )
        else:
            con.execute(demo_sql("admin_memberships_delete"))
            con.execute(demo_sql("admin_delete"))
        _insert(
            con,
            "users",
            {
                "id": "usr_admin",
                "email": "admin@demo.leadhub",
                "name": "Admin démo",
                "password_hash": hash_password(password),
                "created_at": now,
            },
        )
        for acc in ("acc_soleil", "acc_eco", "acc_soleil_solaire"):
            _insert(
                con, "memberships", {"user_id": "usr_admin", "account_id": acc, "role": "admin"}
            )
        if existing is None:
            _seed_catalogue(con, box, lp_origin, form_origin, buyer_url, secret, now)
        else:
            # The demo buyers sign with the secret the fake CRM is started with.
            con.execute(
                demo_sql("buyers_reset"), {"url": buyer_url, "secret_enc": box.encrypt(secret)}
            )
        con.execute(demo_sql("seed_links"), (now,))  # also for hubs seeded before links existed
    api_key = create_api_key(con, "acc_soleil", "demo")
    return _describe(con, api_key, password, buyer_secret=secret)


def _seed_catalogue(
    con: sqlite3.Connection,
    box: SecretBox,
    lp_origin: str,
    form_origin: str,
    buyer_url: str,
    secret: str,
    now: str,
) -> None:
    pages = [
        ("lp_solaire_demo", "fm_solaire_demo", "acc_soleil", "PV", "solaire"),
        ("lp_pac_demo", "fm_pac_demo", "acc_soleil", "PAC", "pac"),
        ("lp_ite_demo", "fm_ite_demo", "acc_eco", "ITE", "ite"),
    ]
    for lp_key, form_key, account, product, slug in pages:
        lp_id = new_id("lp")
        _insert(
            con,
            "landing_pages",
            {
                "id": lp_id,
                "key": lp_key,
                "account_id": account,
                "name": f"LP {PRODUCTS[product]}",
                "url": f"{lp_origin}/{slug}/",
                "product_code": product,
                "created_at": now,
            },
        )
        version = "2026-11-v1"
        _insert(
            con,
            "forms",
            {
                "id": new_id("frm"),
                "key": form_key,
                "account_id": account,
                "lp_id": lp_id,
                "name": f"Formulaire {PRODUCTS[product]}",
                "url": f"{form_origin}/{slug}/formulaire/",
                "thank_you_url": f"{form_origin}/{slug}/merci/",
                "product_code": product,
                "consent_version": version,
                "consent_text": CONSENT_TEXT.format(version=version),
                "created_at": now,
            },
        )
    buyers = [
        ("buy_soleil_crm", "acc_soleil", "CRM Soleil Habitat", "monthly", "443061841", "Lyon"),
        ("buy_eco_crm", "acc_eco", "CRM Eco Renov", "weekly", "512318936", "Nantes"),
        (TEST_BUYER, "acc_soleil", "CRM de test (smoke)", "monthly", "552178639", "Paris"),
    ]
    for buyer_id, account, name, cycle, siren, city in buyers:
        _insert(
            con,
            "buyers",
            {
                "id": buyer_id,
                "account_id": account,
                "name": name,
                "webhook_url": buyer_url,
                "secret_enc": box.encrypt(secret),
                # A fictitious installer's legal identity, as its invoices print it.
                "legal_name": f"Installateurs {city} SAS",
                "siren": siren,
                "vat_number": f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}",
                "address": f"12 rue des Artisans, {city}",
                "billing_cycle": cycle,
                "is_test": int(buyer_id == TEST_BUYER),
                "created_at": now,
            },
        )
    commandes = [
        ("cmd_soleil_pv", "buy_soleil_crm", "PV Soleil toute France", "PV", "*", 50, 3500, 10),
        (
            "cmd_soleil_pac",
            "buy_soleil_crm",
            "PAC Soleil IDF",
            "PAC",
            json.dumps(["75", "77", "78", "91", "92", "93", "94", "95"]),
            20,
            4200,
            10,
        ),
        (
            "cmd_eco_pv",
            "buy_eco_crm",
            "PV Eco Renov Sud",
            "PV",
            json.dumps(["13", "83", "84", "06", "2A", "2B"]),
            10,
            3000,
            20,
        ),
        ("cmd_eco_ite", "buy_eco_crm", "ITE Eco Renov", "ITE", "*", None, 2500, 10),
        # The test buyer takes every test lead (leadhub smoke) and nothing else (decision 0050).
        *(
            (f"cmd_test_{p.lower()}", TEST_BUYER, f"Test {p}", p, "*", None, 0, 1)
            for p in ("PV", "PAC", "ITE")
        ),
    ]
    for cid, buyer_id, name, product, deps, cap, price, prio in commandes:
        _insert(
            con,
            "commandes",
            {
                "id": cid,
                "buyer_id": buyer_id,
                "name": name,
                "product_code": product,
                "departements": deps,
                "daily_cap": cap,
                "price_cents": price,
                "priority": prio,
                "created_at": now,
                **COMMANDE_MODEL.get(cid, {}),
            },
        )


def _describe(con: sqlite3.Connection, api_key: str, password: str, buyer_secret: str) -> DemoWorld:
    world = DemoWorld(api_key=api_key, login={"user": "admin@demo.leadhub", "password": password})
    world.accounts = [dict(r) for r in con.execute(demo_sql("world_accounts"))]
    world.lps = [dict(r) for r in con.execute(demo_sql("world_lps"))]
    world.forms = [dict(r) for r in con.execute(demo_sql("world_forms"))]
    world.buyers = [
        {"id": r["id"], "url": r["webhook_url"], "name": r["name"], "secret": buyer_secret}
        for r in con.execute(demo_sql("world_buyers"))
    ]
    world.commandes = [dict(r) for r in con.execute(demo_sql("world_commandes"))]
    world.links = [dict(r) for r in con.execute(demo_sql("world_links"))]
    return world
