"""Plain e-mail: one message per lead to the buyer's addresses. Sent only when the SMTP server
accepted the data; any failure is a failed attempt (retried, or rejected when permanent)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from hub import mail as mailer
from hub.db import utcnow
from hub.rules import endpoint
from hub.rules.delivery_config import EmailConfig
from hub.rules.payload import flat_fields
from hub.settings import Settings
from routing.adapters import Attempt, elapsed_ms

LABELS = {
    "lead_id": "Référence",
    "delivery_id": "Identifiant de livraison",
    "product": "Produit",
    "first_name": "Prénom",
    "last_name": "Nom",
    "phone": "Téléphone",
    "email": "E-mail",
    "postal_code": "Code postal",
    "departement": "Département",
    "city": "Ville",
    "consent_given": "Consentement",
    "consent_version": "Version du consentement",
    "consent_text": "Texte du consentement",
    "consent_at": "Consentement le",
    "page_url": "Page",
    "created_at": "Reçu le",
    "price_eur": "Prix (EUR HT)",
    "is_test": "Test",
}


def smtp_endpoint(settings: Settings) -> str:
    return endpoint.smtp_endpoint(settings.smtp_host, settings.smtp_port)


def failed(started: Any, t0: float, exc: mailer.MailError) -> Attempt:
    return Attempt(
        started,
        elapsed_ms(t0),
        exc.code,
        str(exc),
        "rejected" if exc.permanent else "retry",
        ambiguous=exc.ambiguous,
        endpoint_failure=not exc.permanent,
    )


def render(ctx: Mapping[str, Any], cfg: EmailConfig) -> tuple[str, str]:
    lead = flat_fields(ctx)
    subject = f"Nouveau lead {lead['product']} ({lead['departement'] or '?'}) — {lead['lead_id']}"
    lines = [f"{LABELS.get(source, name)} : {_text(lead[source])}" for name, source in cfg.columns]
    return subject, "Nouveau lead leadhub\n\n" + "\n".join(lines) + "\n"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    return "" if value is None else str(value)


def send(settings: Settings, ctx: Mapping[str, Any], cfg: EmailConfig) -> Attempt:
    started = utcnow()
    t0 = time.perf_counter()
    subject, text = render(ctx, cfg)
    msg = mailer.build_message(settings.smtp_from, cfg.to, subject, text, ctx["delivery_id"])
    try:
        mailer.send(settings, msg, cfg.to)
    except mailer.MailError as exc:
        return failed(started, t0, exc)
    return Attempt(started, elapsed_ms(t0), 250, None, "delivered")
