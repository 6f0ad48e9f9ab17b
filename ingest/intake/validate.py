"""Lead intake rules, pure: French field aliases, normalisation, validation, bilingual messages.

Decisions (the record for POST /v1/leads; storage rules are in :mod:`ingest.intake.store`):
- Field names are matched case- and accent-insensitively (``Prénom`` → ``first_name``); when
  two names land on the same field, the last non-empty value wins.
- Unknown fields are kept, as sent, in ``leads.extra`` (JSON) rather than refused, so LP
  developers can add questions without a deploy; capped at ``MAX_FIELDS`` fields in all and
  ``MAX_EXTRA_BYTES`` bytes of extra JSON (422 ``extra`` beyond), known fields have max lengths.
- A checkbox counts as checked when present with any value other than a "no" word.
- A phone that parses but is classed ``invalid`` (fake) is not a field error here: the lead is
  stored with status ``invalid`` and answered 422 naming ``phone``; ``suspicious`` is stored,
  answered 201 with that status and not routed. Every other refusal is kept in
  ``lead_rejections`` with its reason.
- ``source`` is ``utm_source``, else the host of the ``referrer`` field.
- The spam defences' fields (``website``, ``_lh_t``, ``captcha_token`` and its aliases) are
  known fields, never stored in ``extra``; :mod:`ingest.intake.spam` judges them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from hub.attribution import ATTRIBUTION
from hub.errors import FieldError
from hub.geo import PostalCodeError, departement
from hub.phones import Phone, PhoneError, normalise
from hub.rules.field_names import plain
from ingest.intake.spam import RENDER_TIME_FIELD, render_time

MAX_FIELDS = 60
MAX_EXTRA_BYTES = 8192
MAX_EXTRA_NAME = 64

# Known fields and their maximum length (characters).
FIELDS: dict[str, int] = {
    "form_key": 64,
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "phone": 40,
    "postal_code": 10,
    "city": 100,
    "consent": 100,
    "visitor_id": 128,
    "session_id": 128,
    "submission_id": 255,
    "page_url": 2000,
    "referrer": 2000,
    "utm_source": 255,
    "utm_medium": 255,
    "utm_campaign": 255,
    "utm_term": 255,
    "utm_content": 255,
    "gclid": 255,
    "fbclid": 255,
    "variant": 100,
    "is_test": 10,
    "website": 2000,  # the honeypot: must stay empty (ingest.intake.spam)
    "_lh_t": 32,  # form render time, ms since the epoch (ingest.intake.spam)
    "captcha_token": 8192,
}
ALIASES = {
    "nom": "last_name",
    "prenom": "first_name",
    "telephone": "phone",
    "tel": "phone",
    "code_postal": "postal_code",
    "cp": "postal_code",
    "ville": "city",
    "courriel": "email",
    "mail": "email",
    "e_mail": "email",
    "consentement": "consent",
    "g_recaptcha_response": "captcha_token",
    "h_captcha_response": "captcha_token",
    "cf_turnstile_response": "captcha_token",
}
LABELS: dict[str, tuple[str, str]] = {
    "form_key": ("clé du formulaire", "form key"),
    "first_name": ("prénom", "first name"),
    "last_name": ("nom", "last name"),
    "email": ("e-mail", "e-mail"),
    "phone": ("téléphone", "phone"),
    "postal_code": ("code postal", "postal code"),
    "city": ("ville", "city"),
    "consent": ("consentement", "consent"),
    "extra": ("champs supplémentaires", "extra fields"),
}
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Le champ « {fr} » est obligatoire.", "The {en} field is required."),
    "too_long": ("Le champ « {fr} » est trop long.", "The {en} field is too long."),
    "invalid_type": ("Le champ « {fr} » doit être un texte.", "The {en} field must be text."),
    "invalid_name": (
        "Le champ « {fr} » doit contenir des lettres.",
        "The {en} field must contain letters.",
    ),
    "invalid_email": ("Adresse e-mail invalide.", "Invalid e-mail address."),
    "invalid_phone": ("Numéro de téléphone français invalide.", "Invalid French phone number."),
    "invalid_postal_code": (
        "Code postal français invalide (5 chiffres).",
        "Invalid French postal code (5 digits).",
    ),
    "consent_required": (
        "Vous devez accepter d'être recontacté(e).",
        "Consent to be contacted is required.",
    ),
    "unknown_form": ("Formulaire inconnu.", "Unknown form key."),
    "inactive_form": ("Ce formulaire n'est plus actif.", "This form is no longer active."),
    "too_many_fields": ("Trop de champs envoyés.", "Too many fields were sent."),
    "too_large": (
        "Les champs supplémentaires sont trop volumineux.",
        "The extra fields are too large.",
    ),
    "invalid_timestamp": (
        "Horodatage du formulaire invalide (millisecondes depuis 1970).",
        "Invalid form render time (milliseconds since 1970).",
    ),
    "form_out_of_scope": (
        "Cette clé d'API ne peut pas envoyer de leads à ce formulaire.",
        "This API key may not post leads to this form.",
    ),
    "opposed": (
        "Cette personne s'est opposée à être recontactée : sa demande ne peut être enregistrée.",
        "This person objected to being contacted: the lead cannot be taken.",
    ),
    "invalid_idempotency_key": (
        "Clé d'idempotence invalide (1 à 255 caractères).",
        "Invalid idempotency key (1 to 255 characters).",
    ),
}
_NO = {"", "0", "false", "off", "no", "non", "n"}
_NAME_FIELDS = ("first_name", "last_name", "city")
_TEXT_COLUMNS = (
    "first_name",
    "last_name",
    "city",
    "visitor_id",
    "session_id",
    "submission_id",
    "page_url",
    "referrer",
    *ATTRIBUTION,
)


def field_error(name: str, reason: str) -> FieldError:
    fr, en = MESSAGES[reason]
    label_fr, label_en = LABELS.get(name, (name, name.replace("_", " ")))
    return FieldError(name, reason, fr.format(fr=label_fr), en.format(en=label_en))


def canonical(name: str) -> str:
    """``" Prénom "`` → ``first_name``; names that are neither known nor aliases stay as typed."""
    simple = plain(name)
    known = ALIASES.get(simple, simple)
    return known if known in FIELDS else name


def with_aliases(raw: Mapping[str, object], aliases: Mapping[str, str]) -> dict[str, object]:
    """A submission with a form's own field names renamed (``aliases``: plain name → lead
    field, set in the catalogue); the other names are left as sent."""
    return {aliases.get(plain(name), name): value for name, value in raw.items()}


def is_yes(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in _NO


@dataclass(slots=True)
class Collected:
    fields: dict[str, str] = field(default_factory=dict)  # known fields, stripped text
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields, as sent
    errors: list[FieldError] = field(default_factory=list)


def _text(value: object) -> str | None:
    """A known field's value as text; ``None`` for a list/object (not a form field value)."""
    if isinstance(value, list):  # repeated form field: last non-empty value
        texts = [t for t in (_text(v) for v in value) if t]
        return texts[-1] if texts else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    return None


def collect(raw: Mapping[str, object]) -> Collected:
    """Split a submission into known (aliased) fields and extra fields; check the caps."""
    out = Collected()
    if len(raw) > MAX_FIELDS:
        out.errors.append(field_error("extra", "too_many_fields"))
    bad: set[str] = set()
    for name, value in raw.items():
        key = canonical(name)
        if key not in FIELDS:
            out.extra[name[:MAX_EXTRA_NAME]] = value
            continue
        text = _text(value)
        if text is None:
            bad.add(key)
        elif len(text) > FIELDS[key]:
            out.errors.append(field_error(key, "too_long"))
        elif text or key not in out.fields:
            out.fields[key] = text
    out.errors.extend(field_error(key, "invalid_type") for key in sorted(bad))
    size = len(json.dumps(out.extra, ensure_ascii=False, default=str).encode())
    if size > MAX_EXTRA_BYTES and len(raw) <= MAX_FIELDS:
        out.errors.append(field_error("extra", "too_large"))
    return out


@dataclass(frozen=True, slots=True)
class LeadDraft:
    """A validated lead: ``columns`` are ready for the ``leads`` table."""

    columns: dict[str, Any]
    phone: Phone | None
    status: str  # new | suspicious | invalid
    status_reason: str | None


def _email(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def validate(fields: Mapping[str, str], required: list[str]) -> tuple[LeadDraft, list[FieldError]]:
    """Validate known fields; one error per bad field. The draft is usable only without errors."""
    errors: dict[str, FieldError] = {}
    for name in required:
        if not fields.get(name):
            errors[name] = field_error(name, "required")
    for name in _NAME_FIELDS:
        value = fields.get(name)
        if value and name not in errors and not any(c.isalpha() for c in value):
            errors[name] = field_error(name, "invalid_name")
    cols: dict[str, Any] = {name: fields.get(name) or None for name in _TEXT_COLUMNS}
    email = fields.get("email")
    if email and "email" not in errors:
        cols["email"] = _email(email)
        if cols["email"] is None:
            errors["email"] = field_error("email", "invalid_email")
    phone = None
    if fields.get("phone") and "phone" not in errors:
        try:
            phone = normalise(fields["phone"])
        except PhoneError:
            errors["phone"] = field_error("phone", "invalid_phone")
    postal = (fields.get("postal_code") or "").replace(" ", "")
    if postal and "postal_code" not in errors:
        try:
            cols["departement"] = departement(postal)
            cols["postal_code"] = postal
        except PostalCodeError:
            errors["postal_code"] = field_error("postal_code", "invalid_postal_code")
    if fields.get(RENDER_TIME_FIELD):
        try:
            render_time(fields[RENDER_TIME_FIELD])
        except (ValueError, OverflowError):
            errors[RENDER_TIME_FIELD] = field_error(RENDER_TIME_FIELD, "invalid_timestamp")
    cols["consent_given"] = is_yes(fields.get("consent"))
    if not cols["consent_given"]:
        errors["consent"] = field_error("consent", "consent_required")
    cols["is_test"] = is_yes(fields.get("is_test"))
    cols["source"] = cols["utm_source"] or _host(cols["referrer"])
    status, reason = "new", None
    if phone is not None:
        cols["phone_e164"], cols["phone_class"] = phone.e164, phone.cls
        if phone.cls != "valid":
            status, reason = phone.cls, f"phone: {phone.reason}"
    return LeadDraft(cols, phone, status, reason), list(errors.values())


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


def check_idempotency_key(key: str | None) -> str | None:
    """The ``Idempotency-Key`` header value, validated (printable ASCII, 1–255 characters)."""
    if key is None:
        return None
    key = key.strip()
    if not 0 < len(key) <= 255 or not key.isascii() or not key.isprintable():
        raise ValueError("invalid_idempotency_key")
    return key
