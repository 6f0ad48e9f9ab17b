"""The documented JSON bodies of the accounts, users and API keys endpoints.

The bodies stay untyped for Litestar (a typed body would answer a wrong type with Litestar's
400 before the hub service names each bad field in its 422); their fields are given to the
OpenAPI document as a JSON schema and an example, read from here only.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Example
from litestar.params import Body

from hub.services.actor import ROLES

_TEXT = {"type": "string"}
_NULLABLE = {"type": ["string", "null"]}
_ROLE = {"type": "string", "enum": list(ROLES), "description": "Never above the caller's role."}
_IDS = {"type": "array", "items": {"type": "string"}, "minItems": 1}
_IDENTITY = {
    "name": {**_TEXT, "maxLength": 200},
    "legal_name": {**_NULLABLE, "maxLength": 200},
    "siren": {**_NULLABLE, "description": "9 digits (spaces dropped)."},
    "vat_number": {**_NULLABLE, "description": "e.g. FR32552100554 (spaces dropped)."},
    "address": {**_NULLABLE, "maxLength": 500},
}


def body(description: str, properties: dict[str, Any], required: list[str], example: Any) -> Any:
    """An untyped JSON body documented with its fields and one example."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return Annotated[
        Any,
        Body(
            media_type=RequestEncodingType.JSON,
            description=description,
            examples=[Example(summary="Example", value=example)],
            schema_extra=schema,
        ),
    ]


AccountCreate = body(
    "A brand under an entity the key sees, or (super_admin only) an entity.",
    {
        "id": {**_TEXT, "description": "Optional: a-z, 0-9, _ (3 to 64)."},
        "kind": {"type": "string", "enum": ["brand", "entity"], "default": "brand"},
        "parent_id": {**_NULLABLE, "description": "The entity of a brand."},
        **_IDENTITY,
    },
    ["name"],
    {"name": "Solaire Direct", "parent_id": "acc_soleil", "siren": "552100554"},
)
AccountUpdate = body(
    "The fields to change (null clears); kind and parent_id never change.",
    _IDENTITY,
    [],
    {"legal_name": "Soleil Habitat SAS", "vat_number": "FR32552100554"},
)
UserCreate = body(
    "A user with one role on its accounts; a password absent is generated and returned once.",
    {
        "email": {**_TEXT, "format": "email"},
        "name": _TEXT,
        "role": _ROLE,
        "account_ids": _IDS,
        "password": {**_TEXT, "minLength": 12, "maxLength": 200},
    },
    ["email", "role", "account_ids"],
    {"email": "ops@soleil-habitat.fr", "role": "ops", "account_ids": ["acc_soleil"]},
)
UserUpdate = body(
    "The fields to change; account_ids replaces the user's accounts.",
    {
        "name": _TEXT,
        "role": _ROLE,
        "account_ids": _IDS,
        "password": {**_TEXT, "minLength": 12, "maxLength": 200},
    },
    [],
    {"role": "viewer"},
)
PasswordSet = body(
    "The new password (12 to 200 characters) of the one-time link's user.",
    {"password": {**_TEXT, "minLength": 12, "maxLength": 200}},
    ["password"],
    {"password": "une-phrase-de-passe-longue"},
)
KeyCreate = body(
    "A key of an account (it also sees the sub-accounts); the key is in the answer only.",
    {
        "account_id": _TEXT,
        "name": {**_TEXT, "maxLength": 100},
        "role": {**_ROLE, "default": "admin"},
    },
    ["account_id", "name"],
    {"account_id": "acc_soleil", "name": "CRM sync", "role": "viewer"},
)
KeyUpdate = body(
    "A key's new name or role (never above the caller's); its secret and account stay.",
    {"name": {**_TEXT, "maxLength": 100}, "role": _ROLE},
    [],
    {"name": "CRM sync (lecture)", "role": "viewer"},
)
_URL = {"type": "string", "format": "uri", "description": "http:// or https://"}
_LP = {
    "account_id": _TEXT,
    "name": {**_TEXT, "maxLength": 200},
    "url": _URL,
    "product_code": {**_TEXT, "description": "A known product (PV, PAC, ITE…)."},
}
_VARIANTS = {
    "type": "array",
    "items": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"},
    "maxItems": 10,
    "description": "A/B variant labels the page sends (lh('init', {variant})); first: control.",
}
_FORM = {
    **_LP,
    "lp_id": {**_NULLABLE, "description": "The form's LP (same account tree)."},
    "thank_you_url": _URL,
    "consent_text": {**_TEXT, "maxLength": 5000, "description": "A change bumps the version."},
    "required_fields": {"type": "array", "items": {"type": "string"}},
    "field_aliases": {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": 'The page\'s own field names → lead fields, e.g. {"Mobile": "phone"}.',
    },
    "consent_buyers": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Buyers the consent text names (none: any buyer); a change bumps the "
        "consent version.",
    },
}
LpCreate = body(
    "A landing page of an account the key sees; its URL's origin is allowed.",
    {**_LP, "variants": _VARIANTS},
    ["account_id", "name", "url", "product_code"],
    {
        "account_id": "acc_soleil",
        "name": "Solaire été",
        "url": "https://solaire.soleil-habitat.fr/ete/",
        "product_code": "PV",
    },
)
LpUpdate = body(
    "The fields to change; active false archives.",
    {k: v for k, v in _LP.items() if k != "account_id"}
    | {"variants": _VARIANTS, "active": {"type": "boolean"}},
    [],
    {"name": "Solaire automne"},
)
FormCreate = body(
    "A form (account and product default to its LP's); its URLs' origins are allowed.",
    _FORM,
    ["name", "url", "thank_you_url", "consent_text"],
    {
        "lp_id": "lp_…",
        "name": "Formulaire solaire",
        "url": "https://solaire.soleil-habitat.fr/ete/formulaire/",
        "thank_you_url": "https://solaire.soleil-habitat.fr/ete/merci/",
        "consent_text": "J'accepte d'être recontacté…",
    },
)
FormUpdate = body(
    "The fields to change; a new consent_text gets a new consent_version.",
    {k: v for k, v in _FORM.items() if k != "account_id"} | {"active": {"type": "boolean"}},
    [],
    {"consent_text": "J'accepte d'être recontacté par Soleil Habitat…"},
)
OriginCreate = body(
    "An origin allowed to send tracking events: http(s)://host[:port], no path.",
    {"origin": _TEXT},
    ["origin"],
    {"origin": "https://www.soleil-habitat.fr"},
)
_BUYER = {
    "name": {**_TEXT, "maxLength": 200},
    "contact_email": {**_NULLABLE, "format": "email"},
    "webhook_url": {
        **_TEXT,
        "format": "uri",
        "description": "http(s); never a private, loopback or link-local address.",
    },
    "dedupes": {"type": "boolean", "default": True},
    "return_window_days": {"type": "integer", "minimum": 0, "maximum": 365, "default": 7},
    **_IDENTITY,  # the legal identity invoices print
    "billing_cycle": {
        "type": "string",
        "enum": ["weekly", "monthly", "prepaid"],
        "default": "monthly",
        "description": "Invoiced each week or month (Europe/Paris), or prepaid (a balance).",
    },
    "payment_days": {
        "type": "integer",
        "minimum": 0,
        "maximum": 60,
        "default": 30,
        "description": "Days from the invoice to its due date.",
    },
    "is_test": {
        "type": "boolean",
        "default": False,
        "description": "A test buyer: takes test leads only (and a test lead goes to test "
        "buyers only); never billed. For `leadhub smoke`.",
    },
    "secret": {
        **_TEXT,
        "description": "Standard Webhooks signing secret (whsec_ + base64); generated and "
        "returned once when absent.",
    },
}
BuyerCreate = body(
    "A buyer of an account the key sees; a secret absent is generated and returned once.",
    {
        "id": {**_TEXT, "description": "Optional: a-z, 0-9, _ (3 to 64)."},
        "account_id": _TEXT,
        **_BUYER,
    },
    ["account_id", "name", "webhook_url"],
    {
        "account_id": "acc_soleil",
        "name": "Installateur Sud",
        "contact_email": "leads@installateur-sud.fr",
        "webhook_url": "https://crm.installateur-sud.fr/hooks/leads",
    },
)
BuyerUpdate = body(
    "The fields to change; delivery mode and settings: leadhub delivery set.",
    {**_BUYER, "active": {"type": "boolean"}},
    [],
    {"return_window_days": 14, "dedupes": False},
)
TopUp = body(
    "Money a prepaid buyer paid in advance, in euro cents HT, with the payment's reference.",
    {
        "amount_cents": {"type": "integer", "minimum": 1, "maximum": 100_000_000},
        "note": {**_TEXT, "maxLength": 200, "description": "e.g. the bank transfer's reference."},
    },
    ["amount_cents", "note"],
    {"amount_cents": 50000, "note": "Virement VIR-2026-1142"},
)
_PRODUCT = {
    "label": {**_TEXT, "maxLength": 200},
    "aides": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Aides it qualifies for.",
    },
}
ProductCreate = body(
    "A product (its code never changes; no delete).",
    {"code": {**_TEXT, "pattern": "^[A-Z][A-Z0-9_]{1,15}$"}, **_PRODUCT},
    ["code", "label"],
    {"code": "BATT", "label": "Batterie solaire", "aides": ["MaPrimeRénov'"]},
)
ProductUpdate = body("The fields to change.", _PRODUCT, [], {"label": "Pompe à chaleur air-eau"})
PriceSet = body(
    "The product's intercompany transfer price, in cents: its default, or a pair's.",
    {
        "price_cents": {"type": "integer", "minimum": 0},
        "from_entity": {**_NULLABLE, "description": "Producing entity (bills); null: any."},
        "to_entity": {**_NULLABLE, "description": "Selling entity (is billed); null: any."},
    },
    ["price_cents"],
    {"price_cents": 2800, "from_entity": "acc_soleil", "to_entity": "acc_eco"},
)
DeliveriesRequeue = body(
    "Dead letters to try again (same deliveries, same idempotency keys), all or none.",
    {"ids": {**_IDS, "maxItems": 500, "description": "Delivery ids (dead letters)."}},
    ["ids"],
    {"ids": ["dlv_4f1c2a9e0b7d6c5a3e21", "dlv_9a8b7c6d5e4f3a2b1c0d"]},
)
_PROVIDER = {
    "name": {**_TEXT, "maxLength": 100, "description": "Unique in its account."},
    "blocked": {"type": "boolean", "default": False, "description": "Its leads are held."},
    "blocked_reason": {**_NULLABLE, "maxLength": 200},
}
ProviderCreate = body(
    "A lead supplier of an account the key sees (default: the key's); its API key is returned "
    "once.",
    {"account_id": {**_TEXT, "description": "Default: the key's account."}, **_PROVIDER},
    ["name"],
    {"name": "LeadsPro", "account_id": "acc_soleil"},
)
ProviderUpdate = body(
    "The fields to change; blocked false clears the reason.",
    _PROVIDER,
    [],
    {"blocked": True, "blocked_reason": "leads fictifs"},
)
BillingClose = body(
    "Close a billing period: a month (monthly and prepaid buyers) or an ISO week (weekly "
    "buyers), on the Europe/Paris calendar; only once it has ended. Closing again issues "
    "only what is new (credit notes for returns made after an invoice).",
    {
        "period": {**_TEXT, "description": "YYYY-MM or YYYY-Www, e.g. 2026-11 or 2026-W48."},
        "buyer_id": {**_NULLABLE, "description": "Only this buyer (default: every buyer)."},
    },
    ["period"],
    {"period": "2026-11"},
)
InvoiceStatus = body(
    "Move a document forward: issued → sent → paid.",
    {"status": {"type": "string", "enum": ["sent", "paid"]}},
    ["status"],
    {"status": "paid"},
)
