"""A person's export (:func:`hub.services.dsar.export`) as a readable page, French first
(English on request): Jinja2 with autoescaping, so a name or URL typed by the person is text,
never markup."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

from hub.calendar import PARIS
from hub.services.dsar import DsarExport

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_FIELDS = {
    "fr": {
        "first_name": "Prénom",
        "last_name": "Nom",
        "email": "E-mail",
        "phone_e164": "Téléphone",
        "postal_code": "Code postal",
        "city": "Ville",
        "departement": "Département",
    },
    "en": {
        "first_name": "First name",
        "last_name": "Last name",
        "email": "E-mail",
        "phone_e164": "Phone",
        "postal_code": "Postal code",
        "city": "City",
        "departement": "Département",
    },
}
_ORIGIN = {
    "fr": {
        "source": "Source",
        "utm_source": "Source (utm_source)",
        "utm_medium": "Support (utm_medium)",
        "utm_campaign": "Campagne",
        "referrer": "Page précédente",
        "variant": "Variante",
    },
    "en": {
        "source": "Source",
        "utm_source": "Source (utm_source)",
        "utm_medium": "Medium (utm_medium)",
        "utm_campaign": "Campaign",
        "referrer": "Previous page",
        "variant": "Variant",
    },
}
_STATUSES = {
    "fr": {
        "new": "reçue",
        "routed": "en cours d'attribution",
        "sold": "transmise",
        "unrouted": "en attente",
        "duplicate": "doublon",
        "invalid": "invalide",
    },
    "en": {
        "new": "received",
        "routed": "being assigned",
        "sold": "sent",
        "unrouted": "waiting",
        "duplicate": "duplicate",
        "invalid": "invalid",
    },
}
TIME_FORMAT = {"fr": "%d/%m/%Y à %H:%M", "en": "%Y-%m-%d %H:%M"}
LABELS: Final[dict[str, dict[str, Any]]] = {
    "fr": {
        "title": "Vos données personnelles",
        "generated": "Export du",
        "count": "demandes trouvées :",
        "none": "Aucune donnée trouvée pour cette personne.",
        "lead": "Demande",
        "account": "Société",
        "form": "Formulaire",
        "product": "Produit",
        "created": "Reçue le",
        "status": "Statut",
        "anonymised": "Anonymisée le",
        "consent": "Preuve du consentement",
        "consent_given": "Case cochée",
        "consent_version": "Version du texte",
        "consent_at": "Date et heure",
        "page_url": "Page",
        "ip": "Adresse IP (tronquée)",
        "user_agent": "Navigateur",
        "yes": "oui",
        "no": "non",
        "buyers": "Destinataires de la demande",
        "buyer": "Société destinataire",
        "when": "Date",
        "outcome": "Résultat",
        "no_buyer": "Transmise à aucune société.",
        "activity": "Historique",
        "action": "Action",
        "actor": "Par",
        "no_activity": "Aucune action enregistrée.",
        "outcomes": {
            "delivered": "transmise",
            "pending": "en cours",
            "rejected": "refusée",
            "dead": "échec",
            "returned": "retournée",
        },
        "fields": _FIELDS["fr"],
        "origin": _ORIGIN["fr"],
        "statuses": _STATUSES["fr"],
        "paris": "heure de Paris",
    },
    "en": {
        "title": "Your personal data",
        "generated": "Export of",
        "count": "requests found:",
        "none": "No data found for this person.",
        "lead": "Request",
        "account": "Company",
        "form": "Form",
        "product": "Product",
        "created": "Received",
        "status": "Status",
        "anonymised": "Anonymised",
        "consent": "Consent proof",
        "consent_given": "Box ticked",
        "consent_version": "Text version",
        "consent_at": "Date and time",
        "page_url": "Page",
        "ip": "IP address (truncated)",
        "user_agent": "Browser",
        "yes": "yes",
        "no": "no",
        "buyers": "Recipients of the request",
        "buyer": "Recipient company",
        "when": "Date",
        "outcome": "Outcome",
        "no_buyer": "Sent to no company.",
        "activity": "History",
        "action": "Action",
        "actor": "By",
        "no_activity": "No action recorded.",
        "outcomes": {
            "delivered": "sent",
            "pending": "in progress",
            "rejected": "refused",
            "dead": "failed",
            "returned": "returned",
        },
        "fields": _FIELDS["en"],
        "origin": _ORIGIN["en"],
        "statuses": _STATUSES["en"],
        "paris": "Paris time",
    },
}


def paris_time(value: str | None, lang: str) -> str:
    """A stored UTC time as people read it: Paris time, ``01/12/2026 à 13:53`` in French."""
    if not value:
        return "—"
    return datetime.fromisoformat(value).astimezone(PARIS).strftime(TIME_FORMAT[lang])


@cache
def _env() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(export: DsarExport, lang: str = "fr") -> str:
    """The export as one HTML page (``lang``: ``fr``, else ``en``); times in Paris time."""
    lang = lang if lang in LABELS else "fr"

    def when(value: str | None) -> str:
        return paris_time(value, lang)

    template = _env().get_template("dsar.html.j2")
    text: str = template.render(export=export, t=LABELS[lang], lang=lang, when=when)
    return text
