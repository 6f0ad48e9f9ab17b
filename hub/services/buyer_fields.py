"""A buyer's fields as API v1, the CLI and the dashboard give them: each checked, a bad one
named with its reason (French and English) on the caller's :class:`Fields`."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from hub.rules.netguard import refusal
from hub.security import WebhookSecretError, parse_webhook_secret
from hub.services.fields import Fields
from hub.settings import Settings

WINDOW = (0, 365)  # return window, days
PAYMENT_DAYS = (0, 60)  # Code de commerce L441-10: at most 60 days from the invoice
CYCLES = ("weekly", "monthly", "prepaid")


def contact_value(f: Fields) -> str | None:
    value = f.text("contact_email", max_len=254)
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        f.add("contact_email", "invalid_email", "Adresse e-mail invalide.", str(exc))
        return None


def url_value(f: Fields, settings: Settings, *, required: bool) -> str | None:
    value = f.text("webhook_url", required=required, max_len=2000)
    if value is None:
        return None
    why = refusal(value, allow_private=settings.allow_private_network)
    if why is not None:
        f.add("webhook_url", "refused_url", f"URL refusée : {why}.", f"Refused URL: {why}.")
        return None
    return value


def flag_value(f: Fields, name: str) -> bool | None:
    value = f.payload.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        f.add(name, "invalid", "Booléen attendu.", f"{name} must be true or false.")
        return None
    return value


def days_value(f: Fields, name: str, bounds: tuple[int, int]) -> int | None:
    value = f.payload.get(name)
    if value is None:
        return None
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        f.add(
            name,
            "out_of_range",
            f"Un nombre de jours entre {low} et {high}.",
            f"A number of days from {low} to {high}.",
        )
        return None
    return value


def cycle_value(f: Fields) -> str | None:
    value = f.text("billing_cycle", max_len=16)
    if value is not None and value not in CYCLES:
        f.add(
            "billing_cycle",
            "invalid_choice",
            "Cycle de facturation : weekly, monthly ou prepaid.",
            f"billing_cycle is one of {', '.join(CYCLES)}.",
        )
        return None
    return value


def secret_value(f: Fields) -> str | None:
    value = f.payload.get("secret")
    if value is None:
        return None
    if not isinstance(value, str):
        f.add("secret", "invalid_secret", "Secret texte attendu.", "secret must be a string.")
        return None
    try:
        parse_webhook_secret(value)
    except WebhookSecretError as exc:
        f.add("secret", "invalid_secret", f"Secret webhook invalide : {exc}.", str(exc))
        return None
    return value.strip()
