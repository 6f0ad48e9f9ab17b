"""How a form field's name is compared: ``" Ton Prénom "`` and ``ton-prenom`` are the same name
(lower case, accents dropped, spaces and dashes as ``_``). Intake (its French aliases, each
form's own aliases) and the catalogue (storing a form's aliases) compare names this way."""

from __future__ import annotations

import unicodedata


def plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("-", "_").replace(" ", "_")
