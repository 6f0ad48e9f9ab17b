"""Reading the fields of a request body for the account, user and key services: each bad field
is collected, then one ``422`` names them all (:class:`hub.errors.ApiError`)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from hub.errors import ApiError, FieldError
from hub.services.actor import Actor

_ID = re.compile(r"[a-z][a-z0-9_]{2,63}")

R = TypeVar("R", sqlite3.Row, dict[str, Any])


class Fields:
    """The errors met while reading one body (``field, reason, message_fr, message_en``)."""

    def __init__(self, payload: Any, allowed: Collection[str], read_only: Collection[str] = ()):
        self.errors: list[FieldError] = []
        if not isinstance(payload, Mapping):
            self.add("body", "invalid", "Un objet JSON est attendu.", "A JSON object is expected.")
            payload = {}
        self.payload: Mapping[str, Any] = payload
        for name in payload:
            if name in read_only:
                self.add(name, "read_only", "Ce champ ne change pas.", f"{name} cannot change.")
            elif name not in allowed:
                self.add(name, "unknown_field", "Champ inconnu.", f"Unknown field {name!r}.")

    def add(self, field: str, reason: str, fr: str, en: str) -> None:
        self.errors.append(FieldError(field, reason, fr, en))

    def given(self, name: str) -> bool:
        return name in self.payload

    def text(
        self, name: str, *, required: bool = False, max_len: int = 200, default: str | None = None
    ) -> str | None:
        """A trimmed non-empty string (``None`` when absent or null and not required)."""
        value = self.payload.get(name)
        if value is None or (isinstance(value, str) and not value.strip() and not required):
            if required:
                self.add(name, "required", "Champ obligatoire.", f"{name} is required.")
            return default
        if not isinstance(value, str) or not value.strip():
            self.add(name, "invalid", "Texte attendu.", f"{name} must be a non-empty string.")
            return None
        value = value.strip()
        if len(value) > max_len:
            self.add(
                name, "too_long", f"{max_len} caractères au plus.", f"At most {max_len} characters."
            )
            return None
        return value

    def choice(
        self, name: str, choices: Collection[str], *, required: bool = False, default: str = ""
    ) -> str:
        value = self.payload.get(name)
        if value is None:
            if required:
                self.add(name, "required", "Champ obligatoire.", f"{name} is required.")
            return default
        if value not in choices:
            listed = ", ".join(choices)
            self.add(name, "invalid_choice", f"Valeurs possibles : {listed}.", f"One of {listed}.")
            return default
        return str(value)

    def ident(self, name: str = "id") -> str | None:
        value = self.payload.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.add(
                name,
                "invalid",
                "Identifiant invalide (a-z, 0-9, _ ; 3 à 64).",
                "Invalid id (a-z, 0-9, _; 3 to 64 characters).",
            )
            return None
        return value

    def ids(self, name: str, *, required: bool = False) -> list[str]:
        """A non-empty list of ids (strings), duplicates dropped, order kept."""
        value = self.payload.get(name)
        if value is None:
            if required:
                self.add(name, "required", "Champ obligatoire.", f"{name} is required.")
            return []
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v for v in value)
        ):
            self.add(
                name, "invalid", "Liste d'identifiants attendue.", f"{name} must be a list of ids."
            )
            return []
        return list(dict.fromkeys(value))

    def check(self, code: str = "invalid") -> None:
        """Raise the one ``422`` naming every bad field, if any."""
        if self.errors:
            names = ", ".join(dict.fromkeys(f.field for f in self.errors))
            raise ApiError(422, code, f"Invalid fields: {names}", self.errors)


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, "not_found", f"No {kind} {ident!r} in this account.")


def visible(actor: Actor, row: R | None, kind: str, ident: str) -> R:
    """The row of an object the actor may see: 404 when it does not exist or belongs to another
    tenant (never its data, never a hint that it exists)."""
    if row is None or not actor.sees(row["account_id"]):
        raise not_found(kind, ident)
    return row


def page(rows: list[dict[str, Any]], offset: int, limit: int) -> dict[str, Any]:
    return {
        "items": rows[offset : offset + limit],
        "total": len(rows),
        "offset": offset,
        "limit": limit,
    }


def choice_filter(name: str, value: str | None, choices: Collection[str]) -> str | None:
    """A list filter that must be one of ``choices`` (``None``: no filter); else a ``422``
    naming it, as API v1 names a bad query parameter."""
    if value is None or value == "" or value in choices:
        return value or None
    listed = ", ".join(choices)
    raise ApiError(
        422,
        "invalid_query",
        f"Invalid query parameter: {name}.",
        [FieldError(name, "invalid_choice", f"« {name} » vaut {listed}.", f"{name}: {listed}.")],
    )
