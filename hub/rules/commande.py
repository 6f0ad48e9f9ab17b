"""The commande model: what a stored commande means to routing, and how an API or CLI payload
becomes its columns (every bad field named, with the reason, in French and English)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from hub.calendar import DeliveryCalendar, parse_hhmm

CAP_LABELS = {"day": "daily", "week": "weekly", "month": "monthly"}
CROSS_ENTITY = ("never", "fallback", "always")


@dataclass(frozen=True, slots=True)
class Commande:
    id: str
    buyer_id: str
    buyer_entity: str
    product_code: str
    departements: str  # '*' or a JSON list
    price_cents: int
    priority: int = 100
    weight: int = 1
    caps: Mapping[str, int | None] = field(default_factory=dict)  # day / week / month
    active: bool = True
    buyer_active: bool = True
    buyer_archived: bool = False  # the buyer's account (or one above it) is archived
    buyer_is_test: bool = False  # a test buyer: test leads only, never billed (decision 0050)
    buyer_misconfigured: str | None = None  # why the buyer's delivery settings cannot work
    valid_from: date | None = None
    valid_until: date | None = None
    calendar: DeliveryCalendar = field(default_factory=DeliveryCalendar)
    max_buyers: int = 1  # 1: exclusive; N: the lead may be shared by up to N buyers
    backlog_share: int = 0  # % of each cap that backlog (LB) leads may fill; 0: no backlog
    backlog_price_cents: int | None = None
    cross_entity: str = "fallback"
    config_error: str | None = None
    prepaid: bool = False  # the buyer pays from a prepaid balance (hub.rules.prepaid)

    def cap(self, kind: str) -> int | None:
        return self.caps.get(kind)

    def backlog_cap(self, kind: str) -> int | None:
        cap = self.cap(kind)
        return None if cap is None else cap * self.backlog_share // 100

    def price(self, backlog: bool) -> int:
        if backlog and self.backlog_price_cents is not None:
            return self.backlog_price_cents
        return self.price_cents


def commande_from_row(row: Mapping[str, object] | sqlite3.Row, buyer_entity: str) -> Commande:
    """A stored commande (``commandes.*`` + ``buyer_active``, ``buyer_misconfigured``,
    ``buyer_archived``, ``buyer_is_test``); a bad setting is kept as a ``config_error`` so that
    one broken commande never stops routing for the others. A test buyer never draws a prepaid
    balance (never billed)."""
    r = dict(row)
    error = None
    try:
        calendar = DeliveryCalendar.from_columns(
            str(r["delivery_days"]),
            _opt_str(r["hours_from"]),
            _opt_str(r["hours_to"]),
            str(r["closed_dates"]),
            int(str(r["closed_on_holidays"])),
        )
        valid_from = date.fromisoformat(str(r["valid_from"])) if r["valid_from"] else None
        valid_until = date.fromisoformat(str(r["valid_until"])) if r["valid_until"] else None
        parse_departements(str(r["departements"]))
    except (ValueError, TypeError) as exc:
        calendar, valid_from, valid_until = DeliveryCalendar(), None, None
        error = f"invalid setting: {exc}"[:200]
    return Commande(
        id=str(r["id"]),
        buyer_id=str(r["buyer_id"]),
        buyer_entity=buyer_entity,
        product_code=str(r["product_code"]),
        departements=str(r["departements"]),
        price_cents=_int(r["price_cents"]),
        priority=_int(r["priority"]),
        weight=max(1, _int(r["weight"])),
        caps={k: _opt_int(r[f"{lbl}_cap"]) for k, lbl in CAP_LABELS.items()},
        active=bool(r["active"]),
        buyer_active=bool(r["buyer_active"]),
        buyer_archived=bool(r.get("buyer_archived")),
        buyer_is_test=bool(r.get("buyer_is_test")),
        buyer_misconfigured=_opt_str(r.get("buyer_misconfigured")),
        valid_from=valid_from,
        valid_until=valid_until,
        calendar=calendar,
        max_buyers=max(1, _int(r["max_buyers"])),
        backlog_share=_int(r["backlog_share"]),
        backlog_price_cents=_opt_int(r["backlog_price_cents"]),
        cross_entity=str(r["cross_entity"]),
        config_error=error,
        prepaid=r.get("buyer_billing_cycle") == "prepaid" and not r.get("buyer_is_test"),
    )


def _int(value: object) -> int:
    return int(str(value))


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def parse_departements(value: str) -> list[str] | None:
    """None means every département; raises ValueError on anything but '*' or a JSON list."""
    if value.strip() == "*":
        return None
    parsed = json.loads(value)
    if not isinstance(parsed, list) or not all(isinstance(d, str) for d in parsed):
        raise ValueError("départements must be '*' or a JSON list of strings")
    return [d.strip().upper() for d in parsed]


CROSS_ENTITY = ("never", "fallback", "always")
DEFAULTS: dict[str, object] = {
    "departements": "*",
    "daily_cap": None,
    "weekly_cap": None,
    "monthly_cap": None,
    "priority": 100,
    "weight": 1,
    "active": 1,
    "valid_from": None,
    "valid_until": None,
    "delivery_days": "[1,2,3,4,5,6,7]",
    "hours_from": None,
    "hours_to": None,
    "closed_dates": "[]",
    "closed_on_holidays": 0,
    "max_buyers": 1,
    "backlog_share": 0,
    "backlog_price_cents": None,
    "cross_entity": "fallback",
}
REQUIRED = ("buyer_id", "name", "product_code", "price_cents")
_INT_RANGES = {
    "daily_cap": (0, 10**6),
    "weekly_cap": (0, 10**6),
    "monthly_cap": (0, 10**7),
    "price_cents": (0, 10**7),
    "backlog_price_cents": (0, 10**7),
    "priority": (0, 10**4),
    "weight": (1, 1000),
    "max_buyers": (1, 10),
    "backlog_share": (0, 100),
}
_NULLABLE = {"daily_cap", "weekly_cap", "monthly_cap", "backlog_price_cents"}
_TEXT = {"buyer_id": 64, "name": 200, "product_code": 16}
_DEPARTEMENT = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$")


class CommandeError(ValueError):
    """Bad commande fields: ``fields`` holds (field, reason, message_fr, message_en)."""

    def __init__(self, fields: list[tuple[str, str, str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {en}" for f, _, _, en in fields))
        self.fields = fields


Problem = tuple[str, str, str]  # (reason, message_fr, message_en)


def _int_field(name: str, value: object) -> tuple[object, Problem | None]:
    if value is None and name in _NULLABLE:
        return None, None
    low, high = _INT_RANGES[name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None, ("out_of_range", f"entier entre {low} et {high}", f"integer {low}–{high}")
    return value, None


def _list_field(name: str, value: object) -> tuple[object, Problem | None]:
    items: list[object] = value if isinstance(value, list) else []
    if name == "departements":
        if value == "*":
            return "*", None
        codes = [d.strip().upper() for d in items if isinstance(d, str)]
        if not items or len(codes) != len(items) or not all(map(_DEPARTEMENT.match, codes)):
            return None, ("invalid", "« * » ou liste de départements", "'*' or a list of codes")
        return json.dumps(sorted(set(codes))), None
    if name == "delivery_days":
        days = [d for d in items if isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7]
        if not items or len(days) != len(items):
            return None, ("invalid", "jours ISO 1 (lundi) à 7", "ISO weekdays 1 (Mon) to 7")
        return json.dumps(sorted(set(days))), None
    try:  # closed_dates
        if not isinstance(value, list):
            raise TypeError
        return json.dumps(sorted({date.fromisoformat(str(d)).isoformat() for d in items})), None
    except (TypeError, ValueError):
        return None, ("invalid_date", "liste de dates AAAA-MM-JJ", "list of YYYY-MM-DD dates")


def _check_field(name: str, value: object) -> tuple[object, Problem | None]:
    """One field → (column value, None) or (None, problem)."""
    if name in _INT_RANGES:
        return _int_field(name, value)
    if name in ("departements", "delivery_days", "closed_dates"):
        return _list_field(name, value)
    if name in _TEXT:
        if not isinstance(value, str) or not 0 < len(value.strip()) <= _TEXT[name]:
            n = _TEXT[name]
            return None, ("invalid", f"texte de 1 à {n} caractères", f"text of 1–{n} characters")
        return value.strip(), None
    if name in ("active", "closed_on_holidays"):
        if not isinstance(value, bool):
            return None, ("invalid", "true ou false", "true or false")
        return int(value), None
    if name == "cross_entity":
        if value not in CROSS_ENTITY:
            return None, ("invalid_choice", "never, fallback ou always", "never/fallback/always")
        return value, None
    if name in ("hours_from", "hours_to", "valid_from", "valid_until"):
        if value is None:
            return None, None
        try:
            if name.startswith("hours"):
                return parse_hhmm(str(value)).strftime("%H:%M"), None
            return date.fromisoformat(str(value)).isoformat(), None
        except ValueError:
            if name.startswith("hours"):
                return None, ("invalid_time", "heure HH:MM", "time as HH:MM")
            return None, ("invalid_date", "date AAAA-MM-JJ", "date as YYYY-MM-DD")
    return None, ("unknown", "champ inconnu", "unknown field")


def commande_columns(payload: Mapping[str, object], *, partial: bool) -> dict[str, object]:
    """Validate an API/CLI payload into commande columns (a full row unless ``partial``)."""
    errors: list[tuple[str, str, str, str]] = []
    columns: dict[str, object] = {} if partial else dict(DEFAULTS)
    for name, value in payload.items():
        if name == "id" and not partial:
            continue
        column, error = _check_field(name, value)
        if error:
            reason, fr, en = error
            errors.append((name, reason, f"« {name} » : {fr}.", f"{name}: {en}."))
        else:
            columns[name] = column
    if not partial:
        for name in REQUIRED:
            if name not in payload:
                errors.append((name, "required", f"« {name} » est requis.", f"{name} is required."))
    if errors:
        raise CommandeError(errors)
    return columns


def check_row(row: Mapping[str, object]) -> None:
    """Rules across fields, on the row as it would be saved."""
    errors = []
    start, end = row.get("hours_from"), row.get("hours_to")
    if (start is None) != (end is None) or (start and end and str(start) >= str(end)):
        fr, en = "hours_from et hours_to ensemble, début < fin", "hours_from < hours_to, both set"
        errors.append(("hours_to", "invalid_range", fr, en))
    vf, vu = row.get("valid_from"), row.get("valid_until")
    if vf and vu and str(vf) > str(vu):
        errors.append(("valid_until", "invalid_range", "avant valid_from", "before valid_from"))
    if errors:
        raise CommandeError(errors)
