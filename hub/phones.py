"""French phone numbers: normalisation (E.164 in storage, 0XXXXXXXXX for buyers) and classes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers

PhoneClass = Literal["valid", "suspicious", "invalid"]

_KNOWN_FAKES = {"0612345678", "0601020304", "0600000001", "0102030405", "0123456789"}
_SEQUENTIAL = "01234567890123456789"
_DESCENDING = "98765432109876543210"


@dataclass(frozen=True, slots=True)
class Phone:
    e164: str
    national: str
    cls: PhoneClass
    reason: str


class PhoneError(ValueError):
    pass


def _digits(raw: str) -> str:
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("+"):
        return digits
    if digits.startswith("0033"):
        return "+" + digits[2:]
    if digits.startswith("33") and len(digits) == 11:
        return "+" + digits
    if len(digits) == 9 and digits[0] != "0":
        return "+33" + digits
    return digits


def classify(national: str) -> tuple[PhoneClass, str]:
    body = national[1:]
    if len(set(body)) == 1:
        return "invalid", "one digit repeated"
    if national in _KNOWN_FAKES:
        return "invalid", "well-known fake number"
    if body in _SEQUENTIAL or body in _DESCENDING or national in _SEQUENTIAL:
        return "invalid", "sequential digits"
    if max(body.count(d) for d in set(body)) >= 7:
        return "suspicious", "a digit repeated 7 times or more"
    pairs = [national[i : i + 2] for i in range(0, 10, 2)]
    if len(set(pairs[1:])) == 1:
        return "suspicious", "a repeated pair of digits"
    return "valid", ""


def normalise(raw: str) -> Phone:
    """Normalise a French number; raises :class:`PhoneError` when it is not one at all."""
    candidate = _digits(raw)
    if re.fullmatch(r"0\d{9}", candidate):
        cls, reason = classify(candidate)
        if cls == "invalid":  # do not let the parser reinterpret an obvious fake
            return Phone(e164="+33" + candidate[1:], national=candidate, cls=cls, reason=reason)
    try:
        parsed = phonenumbers.parse(candidate, "FR")
    except phonenumbers.NumberParseException as exc:
        raise PhoneError("not a phone number") from exc
    if parsed.country_code != 33:
        raise PhoneError("only French numbers are accepted")
    national = "0" + str(parsed.national_number)
    if len(national) != 10:
        raise PhoneError("a French number has 10 digits")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    cls, reason = classify(national)
    if cls != "invalid" and not phonenumbers.is_valid_number(parsed):
        cls, reason = "invalid", "not an allocated French number range"
    return Phone(e164=e164, national=national, cls=cls, reason=reason)
