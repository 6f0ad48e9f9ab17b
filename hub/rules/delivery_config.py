"""A buyer's delivery settings: validated (a 422 naming the field), stored per buyer, secret
headers encrypted with the hub's SecretBox (never in clear, never copied to the warehouse)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from email_validator import EmailNotValidError, validate_email

from hub.db import iso, sql, transaction, utcnow
from hub.errors import ApiError, FieldError
from hub.rules.payload import FIELDS
from hub.security import SecretBox, WebhookSecretError, parse_webhook_secret

MODES = ("webhook", "http_mapping", "csv_email", "email")
METHODS = ("POST", "PUT", "PATCH")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_KEY = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class ConfigError(ApiError):
    def __init__(self, field: str, reason: str, message_fr: str, message_en: str) -> None:
        super().__init__(
            422,
            "invalid_delivery_config",
            f"{field}: {message_en}",
            [FieldError(field, reason, message_fr, message_en)],
        )


@dataclass(frozen=True, slots=True)
class SuccessRule:
    statuses: tuple[int, ...] = (200, 201, 202, 204)
    duplicate_markers: tuple[str, ...] = ()
    reject_markers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HttpMapping:
    method: str
    body_format: str  # json | form
    headers: dict[str, str]
    fields: dict[str, Any]  # target name -> source field | {"const": v} | nested mapping
    success: SuccessRule


@dataclass(frozen=True, slots=True)
class EmailConfig:
    to: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (CSV header, source field), in the buyer's order
    send_at: time  # Europe/Paris time of the daily CSV


def _need(cond: bool, field: str, reason: str, fr: str, en: str) -> None:
    if not cond:
        raise ConfigError(field, reason, fr, en)


def _fields(spec: Any, path: str) -> dict[str, Any]:
    _need(
        isinstance(spec, dict) and bool(spec),
        path,
        "required",
        "objet non vide",
        "non-empty object",
    )
    for key, value in spec.items():
        where = f"{path}.{key}"
        _need(bool(_KEY.match(str(key))), where, "invalid_name", "nom invalide", "invalid name")
        if isinstance(value, str):
            _need(value in FIELDS, where, "unknown_field", "champ inconnu", "unknown lead field")
        elif isinstance(value, dict) and set(value) == {"const"}:
            _need(
                not isinstance(value["const"], (dict, list)),
                where,
                "invalid",
                "constante simple",
                "scalar constant",
            )
        else:
            _fields(value, where)
    return dict(spec)


def _statuses(value: Any) -> tuple[int, ...]:
    ok = isinstance(value, list) and bool(value)
    ok = ok and all(isinstance(s, int) and 200 <= s <= 299 for s in value)
    _need(ok, "success.status", "invalid", "liste de codes 2xx", "list of 2xx status codes")
    return tuple(value)


def _markers(value: Any, field: str) -> tuple[str, ...]:
    ok = isinstance(value, list) and all(isinstance(m, str) and m.strip() for m in value)
    _need(ok, field, "invalid", "liste de textes", "list of non-empty strings")
    return tuple(m.lower() for m in value)


def parse_http_mapping(raw: Mapping[str, Any]) -> HttpMapping:
    method = str(raw.get("method", "POST")).upper()
    _need(method in METHODS, "method", "invalid", "POST, PUT ou PATCH", "POST, PUT or PATCH")
    body_format = raw.get("format", "json")
    _need(body_format in ("json", "form"), "format", "invalid", "json ou form", "json or form")
    headers = raw.get("headers", {})
    _need(isinstance(headers, dict), "headers", "invalid", "objet", "object")
    for name, value in headers.items():
        ok = bool(_HEADER_NAME.match(name)) and isinstance(value, str) and "\n" not in value
        _need(ok, f"headers.{name}", "invalid", "en-tête invalide", "invalid header")
    fields = _fields(raw.get("fields"), "fields")
    if body_format == "form":
        flat = all(not isinstance(v, dict) or set(v) == {"const"} for v in fields.values())
        _need(flat, "fields", "nested_form", "pas d'imbrication en form", "form bodies are flat")
    success = raw.get("success", {})
    _need(isinstance(success, dict), "success", "invalid", "objet", "object")
    rule = SuccessRule(
        _statuses(success.get("status", [200, 201, 202, 204])),
        _markers(
            success.get("duplicate_if_body_contains", []), "success.duplicate_if_body_contains"
        ),
        _markers(success.get("reject_if_body_contains", []), "success.reject_if_body_contains"),
    )
    return HttpMapping(method, body_format, dict(headers), fields, rule)


def _columns(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return tuple((f, f) for f in FIELDS if f not in ("consent_text", "delivery_id"))
    _need(
        isinstance(value, list) and bool(value),
        "columns",
        "invalid",
        "liste non vide",
        "non-empty list",
    )
    out = []
    for i, col in enumerate(value):
        name, source = (col, col) if isinstance(col, str) else (col.get("name"), col.get("field"))
        _need(
            source in FIELDS,
            f"columns[{i}]",
            "unknown_field",
            "champ inconnu",
            "unknown lead field",
        )
        _need(
            isinstance(name, str) and bool(name),
            f"columns[{i}]",
            "invalid",
            "nom requis",
            "name required",
        )
        out.append((str(name), str(source)))
    return tuple(out)


def parse_email(raw: Mapping[str, Any], *, daily: bool) -> EmailConfig:
    to = raw.get("to")
    if not isinstance(to, list):
        to = []
    _need(
        isinstance(to, list) and bool(to),
        "to",
        "required",
        "destinataires requis",
        "recipients required",
    )
    addresses = []
    for i, address in enumerate(to):
        try:
            addresses.append(validate_email(str(address), check_deliverability=False).normalized)
        except EmailNotValidError:
            raise ConfigError(
                f"to[{i}]", "invalid_email", "e-mail invalide", "invalid e-mail"
            ) from None
    send_at = time(18, 0)
    if daily:
        text = str(raw.get("send_at", "18:00"))
        match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", text)
        _need(match is not None, "send_at", "invalid_time", "heure HH:MM", "time as HH:MM")
        assert match is not None
        send_at = time(int(match[1]), int(match[2]))
    return EmailConfig(tuple(addresses), _columns(raw.get("columns")), send_at)


def validate(mode: str, raw: Mapping[str, Any]) -> None:
    _need(mode in MODES, "delivery_mode", "invalid", "mode inconnu", f"one of {', '.join(MODES)}")
    if mode == "http_mapping":
        parse_http_mapping(raw)
    elif mode in ("email", "csv_email"):
        parse_email(raw, daily=mode == "csv_email")


def wake_buyer(con: sqlite3.Connection, buyer_id: str, now: datetime) -> int:
    """Its parked deliveries and the leads waiting for its products are due now (call inside
    the transaction that changed the buyer)."""
    return con.execute(sql("wake_buyer"), {"buyer_id": buyer_id, "now": iso(now)}).rowcount


def set_delivery(
    con: sqlite3.Connection,
    box: SecretBox,
    buyer_id: str,
    mode: str,
    config: Mapping[str, Any],
    *,
    url: str | None = None,
    auth_headers: Mapping[str, str] | None = None,
    dedupes: bool | None = None,
    return_window_days: int | None = None,
    secret: str | None = None,
    keep_auth: bool = False,
) -> None:
    """Store how a buyer receives leads (validated first; secrets encrypted). The buyer is no
    longer flagged misconfigured, and its waiting deliveries and leads are due again at once.
    Its secret headers are replaced by ``auth_headers`` (none: cleared) unless ``keep_auth``.
    The operation people call is ``hub.services.delivery.set_delivery`` (role, scope, log)."""
    validate(mode, config)
    if secret is not None:
        try:
            parse_webhook_secret(secret)
        except WebhookSecretError as exc:
            raise ConfigError(
                "secret", "invalid_secret", f"secret webhook invalide : {exc}", f"{exc}"
            ) from None
    if url is not None:
        ok = url.startswith(("http://", "https://")) and len(url) <= 2000
        _need(ok, "url", "invalid_url", "URL http(s) attendue", "an http(s) URL")
    for name, value in (auth_headers or {}).items():
        ok = bool(_HEADER_NAME.match(name)) and "\n" not in value and bool(value)
        _need(ok, f"auth_headers.{name}", "invalid", "en-tête invalide", "invalid header")
    if return_window_days is not None:
        ok = 0 <= return_window_days <= 365
        _need(ok, "return_window_days", "out_of_range", "entre 0 et 365", "between 0 and 365")
    auth = box.encrypt(json.dumps(dict(auth_headers))) if auth_headers else None
    with transaction(con):
        cur = con.execute(
            sql("buyer_delivery_set"),
            {
                "mode": mode,
                "config": json.dumps(dict(config), ensure_ascii=False),
                "auth_enc": auth,
                "keep_auth": int(keep_auth),
                "url": url,
                "dedupes": None if dedupes is None else int(dedupes),
                "return_window_days": return_window_days,
                "secret_enc": None if secret is None else box.encrypt(secret.strip()),
                "buyer_id": buyer_id,
            },
        )
        if cur.rowcount != 1:
            raise ApiError(404, "buyer_not_found", f"no buyer {buyer_id!r}")
        wake_buyer(con, buyer_id, utcnow())
