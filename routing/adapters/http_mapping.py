"""Declarative HTTP mapping: the buyer's own URL, method, secret headers, field names (e.g.
French, with nested ``custom_fields``) and success rule on status and body."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpx

from hub.rules.delivery_config import HttpMapping, SuccessRule
from hub.rules.payload import flat_fields
from routing.adapters import Attempt, classify_status
from routing.adapters.webhook import judged, request


def map_fields(spec: Mapping[str, Any], lead: Mapping[str, Any]) -> dict[str, Any]:
    """Build the buyer's body: a string names a lead field, {"const": v} is a literal value,
    an object is a nested object built the same way."""
    out: dict[str, Any] = {}
    for name, source in spec.items():
        if isinstance(source, str):
            out[name] = lead[source]
        elif set(source) == {"const"}:
            out[name] = source["const"]
        else:
            out[name] = map_fields(source, lead)
    return out


def _form_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def encode_body(mapping: HttpMapping, body: Mapping[str, Any]) -> tuple[bytes, str]:
    if mapping.body_format == "form":
        pairs = [(k, _form_value(v)) for k, v in body.items()]
        return urlencode(pairs).encode(), "application/x-www-form-urlencoded"
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return data, "application/json"


def judge(rule: SuccessRule, status_code: int, body: str) -> tuple[str, str | None]:
    """(outcome, why) for an answer: accepted statuses unless the body says duplicate or
    rejected; 429/5xx retried; anything else rejected."""
    text = body.lower()
    if status_code in rule.statuses:
        for marker in rule.duplicate_markers:
            if marker in text:
                return "duplicate", f"HTTP {status_code}: buyer says duplicate ({marker!r})"
        for marker in rule.reject_markers:
            if marker in text:
                return "rejected", f"HTTP {status_code}: buyer refused ({marker!r})"
        return "delivered", None
    outcome = classify_status(status_code)
    if outcome == "delivered":  # a 2xx the rule does not accept
        return "rejected", f"HTTP {status_code} is not an accepted status {list(rule.statuses)}"
    return outcome, None


def send(
    client: httpx.Client,
    ctx: Mapping[str, Any],
    mapping: HttpMapping,
    auth_headers: Mapping[str, str],
) -> Attempt:
    body, content_type = encode_body(mapping, map_fields(mapping.fields, flat_fields(ctx)))
    headers = {
        "Content-Type": content_type,
        "Idempotency-Key": ctx["delivery_id"],
        **mapping.headers,
        **auth_headers,
    }
    attempt, resp = request(client, mapping.method, ctx["webhook_url"], body, headers)
    if resp is None:
        return attempt
    outcome, why = judge(mapping.success, resp.status_code, resp.text)
    return judged(attempt, resp, outcome, why)
