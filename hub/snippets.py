"""The HTML an LP developer pastes: tracker snippet (queue stub) and a no-JS lead form."""

from __future__ import annotations

import json
from html import escape

STUB = "window.lh=window.lh||function(){(lh.q=lh.q||[]).push(arguments)};"


def tracker_snippet(collector_url: str, key: str, *, form_url: str | None = None) -> str:
    """Queue stub + async loader: works from GTM Custom HTML (no data-* attributes needed)."""
    config: dict[str, str] = {"key": key, "endpoint": collector_url}
    if form_url:
        config["form_url"] = form_url
    return (
        f"<script>{STUB}lh('init',{json.dumps(config, ensure_ascii=False)});</script>\n"
        f'<script async src="{escape(collector_url)}/t.js"></script>'
    )


def lead_form_html(collector_url: str, form_key: str, consent_text: str) -> str:
    """A plain HTML form posting to /v1/leads (303 to the thank-you page), no JS required."""
    fields = [
        ("prenom", "Prénom", "text", "given-name"),
        ("nom", "Nom", "text", "family-name"),
        ("telephone", "Téléphone", "tel", "tel"),
        ("code_postal", "Code postal", "text", "postal-code"),
        ("email", "E-mail", "email", "email"),
    ]
    inputs = "\n".join(
        f'  <label>{label} <input name="{name}" type="{kind}" autocomplete="{auto}"'
        f"{'' if name == 'email' else ' required'}></label>"
        for name, label, kind, auto in fields
    )
    return (
        f'<form method="post" action="{escape(collector_url)}/v1/leads" data-lh-lead>\n'
        f'  <input type="hidden" name="form_key" value="{escape(form_key)}">\n'
        f"{inputs}\n"
        f'  <label><input type="checkbox" name="consentement" value="on" required> '
        f"{escape(consent_text)}</label>\n"
        f'  <button type="submit">Recevoir mon devis gratuit</button>\n'
        f"</form>"
    )
