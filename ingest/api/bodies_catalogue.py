"""The documented JSON bodies of the redirect links and LP duplicate endpoints (see
:mod:`ingest.api.bodies`: untyped for Litestar, so the hub service names each bad field)."""

from __future__ import annotations

from ingest.api.bodies import body

_TEXT = {"type": "string"}
_URL = {"type": "string", "format": "uri", "description": "http:// or https:// only."}
_LINK = {
    "lp_id": {**_TEXT, "description": "An LP of an account the key sees (the link's account)."},
    "form_id": {"type": ["string", "null"], "description": "Optional: a form of that LP."},
    "name": {**_TEXT, "maxLength": 200},
    "target_url": {**_URL, "description": "Where the click goes (default: the form's URL)."},
}

LinkCreate = body(
    "A tracked redirect link of an LP (GET /r/{link_key}); its key is generated.",
    _LINK,
    ["lp_id", "name"],
    {"lp_id": "lp_…", "name": "Flyer salon 2027", "target_url": "https://solaire.fr/devis/"},
)
LinkUpdate = body(
    "The fields to change; active false archives (the link still redirects).",
    {k: v for k, v in _LINK.items() if k != "lp_id"} | {"active": {"type": "boolean"}},
    [],
    {"target_url": "https://solaire.fr/devis-2/"},
)
LpDuplicate = body(
    "Optional: the new LP's name (default: « <name> (copie) »).",
    {"name": {**_TEXT, "maxLength": 200}},
    [],
    {"name": "Solaire été — variante B"},
)
