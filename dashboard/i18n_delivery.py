"""UI strings of a buyer's delivery settings on the buyers page (French first, English), merged
by ``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "delivery.title": "Livraison des leads",
    "delivery.mode": "Mode de livraison",
    "delivery.url": "URL de livraison",
    "delivery.config": "Réglages du mode (JSON)",
    "delivery.config_help": (
        "http_mapping : method, format, headers, fields, success ; email et csv_email : to, "
        "columns, send_at (csv_email, HH:MM heure de Paris). Vide : aucun réglage."
    ),
    "delivery.auth": "En-têtes secrets (un « Nom: valeur » par ligne)",
    "delivery.auth_help": "Jamais réaffichés ni journalisés ; vide : inchangés.",
    "delivery.has_auth": "Des en-têtes secrets sont enregistrés.",
    "delivery.clear_auth": "Effacer les en-têtes secrets",
    "delivery.new_secret": "Générer un nouveau secret de signature",
    "delivery.save": "Enregistrer la livraison",
    "delivery.saved": "Livraison de « {name} » enregistrée.",
    "delivery.bad_json": "JSON invalide : {error}.",
    "delivery.bad_header": "Ligne « {line} » : « Nom: valeur » attendu.",
}

EN: Final[dict[str, str]] = {
    "delivery.title": "Lead delivery",
    "delivery.mode": "Delivery mode",
    "delivery.url": "Delivery URL",
    "delivery.config": "Mode settings (JSON)",
    "delivery.config_help": (
        "http_mapping: method, format, headers, fields, success; email and csv_email: to, "
        "columns, send_at (csv_email, HH:MM Paris time). Empty: no settings."
    ),
    "delivery.auth": "Secret headers (one “Name: value” per line)",
    "delivery.auth_help": "Never shown again nor logged; empty: unchanged.",
    "delivery.has_auth": "Secret headers are set.",
    "delivery.clear_auth": "Clear the secret headers",
    "delivery.new_secret": "Generate a new signing secret",
    "delivery.save": "Save the delivery",
    "delivery.saved": "Delivery of “{name}” saved.",
    "delivery.bad_json": "Invalid JSON: {error}.",
    "delivery.bad_header": "Line “{line}”: “Name: value” expected.",
}
