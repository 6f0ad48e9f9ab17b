"""A tenant set up from nothing through API v1 only, the way an integrator would with the key
``leadhub init`` printed: every call checked, every change remembered for the activity log."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx

PRICE_CENTS = 3500
CONSENT_TEXT = (
    "J'accepte d'être recontacté(e) par Soleil Direct et l'installateur Sud Énergie au sujet "
    "de mon projet solaire."
)


@dataclass
class Api:
    """API v1 with one key; ``changes`` lists (action, subject) of every change made."""

    base: str
    key: str
    changes: list[tuple[str, str]] = field(default_factory=list)

    def call(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        r = httpx.request(
            method,
            f"{self.base}{path}",
            json=body,
            headers={"Authorization": f"Token {self.key}"},
            timeout=30,
        )
        assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text}"
        is_json = r.headers.get("content-type", "").startswith("application/json")
        return r.json() if is_json else r.text

    def create(self, path: str, body: dict[str, Any], action: str, subject: str = "id") -> Any:
        made = self.call("POST", path, body, status=201)
        self.changes.append((action, str(made[subject]) if subject in made else subject))
        return made


@dataclass
class Tenant:
    """What the integrator created: ids, public keys and the buyer's secret (shown once)."""

    entity_id: str
    brand_id: str
    lp: dict[str, Any]
    form: dict[str, Any]
    buyer: dict[str, Any]
    commande: dict[str, Any]


def set_up(api: Api, entity_id: str, lp_site: str, form_site: str, crm_url: str) -> Tenant:
    """Brand, product (if missing), origins, LP, form, buyer (webhook: the fake CRM), commande."""
    brand = api.create(
        "/v1/accounts",
        {"name": "Soleil Direct", "kind": "brand", "parent_id": entity_id},
        "account.created",
    )
    products = api.call("GET", "/v1/products?limit=200")["items"]
    if "PV" not in {p["code"] for p in products}:  # `leadhub init` may already have made it
        api.create(
            "/v1/products",
            {"code": "PV", "label": "Panneaux solaires", "aides": ["Prime à l'autoconsommation"]},
            "product.created",
            subject="code",
        )
    for origin in (lp_site, form_site):
        api.create(
            f"/v1/accounts/{brand['id']}/origins", {"origin": origin}, "origin.added", origin
        )
    lp = api.create(
        "/v1/landing-pages",
        {
            "account_id": brand["id"],
            "name": "Solaire hiver",
            "url": f"{lp_site}/solaire/",
            "product_code": "PV",
        },
        "lp.created",
    )
    form = api.create(
        "/v1/forms",
        {
            "lp_id": lp["id"],
            "name": "Devis solaire",
            "url": f"{form_site}/devis/",
            "thank_you_url": f"{form_site}/merci/",
            "consent_text": CONSENT_TEXT,
        },
        "form.created",
    )
    buyer = api.create(
        "/v1/buyers",
        {
            "account_id": brand["id"],
            "name": "Sud Énergie",
            "contact_email": "leads@sud-energie.fr",
            "webhook_url": crm_url,
        },
        "buyer.created",
    )
    commande = api.create(
        "/v1/commandes",
        {
            "buyer_id": buyer["id"],
            "name": "Sud Énergie PV",
            "product_code": "PV",
            "price_cents": PRICE_CENTS,
            "daily_cap": 10,
        },
        "commande.created",
    )
    return Tenant(entity_id, brand["id"], lp, form, buyer, commande)


def html_blocks(markdown: str) -> list[str]:
    """The ```html code blocks of a brief, in order."""
    return [m.strip() for m in re.findall(r"```html\n(.*?)```", markdown, flags=re.S)]
