"""The public configuration of a form (``GET /v1/forms/{form_key}/config``): fields, labels,
consent text, hidden fields and what the spam defences need."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from hub.settings import Settings
from ingest.intake.spam import CAPTCHA_FIELD, HONEYPOT_FIELD, RENDER_TIME_FIELD
from ingest.intake.store import Form
from ingest.intake.validate import FIELDS
from ingest.queries import q

FORM_FIELDS = (  # name, type, label_fr, label_en
    ("first_name", "text", "Prénom", "First name"),
    ("last_name", "text", "Nom", "Last name"),
    ("email", "email", "E-mail", "E-mail"),
    ("phone", "tel", "Téléphone", "Phone"),
    ("postal_code", "postal_code", "Code postal", "Postal code"),
    ("city", "text", "Ville", "City"),
    ("consent", "checkbox", "J'accepte d'être recontacté(e)", "I agree to be contacted"),
)
_NOT_HIDDEN = {"is_test", HONEYPOT_FIELD, RENDER_TIME_FIELD, CAPTCHA_FIELD}
FORM_NAMES = {name for name, *_ in FORM_FIELDS}
HIDDEN_FIELDS = tuple(n for n in FIELDS if n not in FORM_NAMES and n not in _NOT_HIDDEN)


def form_config(
    con: sqlite3.Connection, form: Form, settings: Settings, now: datetime
) -> dict[str, Any]:
    """The public configuration of a form (``GET /v1/forms/{form_key}/config``)."""
    label = con.execute(q("product_label"), (form.product_code,)).fetchone()
    fields = [
        {
            "name": name,
            "type": kind,
            "label_fr": fr,
            "label_en": en,
            "required": name == "consent" or name in form.required_fields,
        }
        for name, kind, fr, en in FORM_FIELDS
    ]
    return {
        "form_key": form.key,
        "endpoint": "/v1/leads",
        "thank_you_url": form.thank_you_url,
        "product": {"code": form.product_code, "label": label[0] if label else None},
        "consent": {"version": form.consent_version, "text": form.consent_text},
        "fields": fields,
        "hidden_fields": list(HIDDEN_FIELDS),
        "spam": {  # what the form must carry for the intake's defences (ingest.intake.spam)
            "honeypot_field": HONEYPOT_FIELD,
            "render_time_field": RENDER_TIME_FIELD,
            "rendered_at": int(now.timestamp() * 1000),
            "min_submit_seconds": settings.lead_min_submit_seconds,
            "captcha": {"required": bool(settings.captcha_verify_url), "field": CAPTCHA_FIELD},
        },
    }
