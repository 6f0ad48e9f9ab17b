"""French phone numbers, overseas included: normalisation and classes.

Storage holds E.164 (``+33612345679``, ``+262693123456``); buyers get the form they dial from
metropolitan France (``0612345679``, ``0693123456``). Which territory a number belongs to is
read from ``phonenumbers``' metadata, never from a hand-written list of prefixes: overseas
numbers written nationally start with ``0`` like metropolitan ones (``0693…`` Réunion,
``0590…`` Guadeloupe), so a national number is tried against every French region and the one
whose metadata validates it wins (decision 0026).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

PhoneClass = Literal["valid", "suspicious", "invalid"]
PhoneKind = Literal["mobile", "fixed", "other"]

METROPOLE = "FR"
# Réunion, Mayotte, Guadeloupe, Martinique, Guyane, Saint-Barthélemy, Saint-Martin,
# Saint-Pierre-et-Miquelon: the order only matters for numbers no region validates.
OVERSEAS = ("RE", "YT", "GP", "MQ", "GF", "BL", "MF", "PM")
REGIONS = (METROPOLE, *OVERSEAS)
COUNTRY_CODES = frozenset(phonenumbers.country_code_for_region(r) for r in REGIONS)
# Country codes whose numbers are in the French 10-digit plan (dialled 0Z… from the metropole);
# Saint-Pierre-et-Miquelon (+508) is not: its buyers' form stays international.
_NATIONAL_PLAN = frozenset(phonenumbers.country_code_for_region(r) for r in REGIONS if r != "PM")

_KNOWN_FAKES = {"0612345678", "0601020304", "0600000001", "0102030405", "0123456789"}
# The same fakes on an overseas subscriber number (the 6 digits after ``0693``).
_KNOWN_FAKE_SUBSCRIBERS = {"010203", "000001"}
_SEQUENTIAL = "01234567890123456789"
_DESCENDING = "98765432109876543210"
_KINDS: dict[int, PhoneKind] = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
}


@dataclass(frozen=True, slots=True)
class Phone:
    e164: str
    national: str  # the form buyers dial from metropolitan France
    cls: PhoneClass
    reason: str
    region: str | None = None  # FR, RE, YT, GP, MQ, GF, BL, MF, PM; None when not allocated
    kind: PhoneKind = "other"


class PhoneError(ValueError):
    pass


def _digits(raw: str) -> str:
    """Digits with ``+`` when the country is written (``00``/bare country code → ``+``)."""
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("+"):
        return digits
    for code in sorted(map(str, COUNTRY_CODES)):
        if digits.startswith("00" + code):
            return "+" + digits[2:]
    if digits.startswith("33") and len(digits) == 11:
        return "+" + digits
    if len(digits) == 12 and int(digits[:3]) in COUNTRY_CODES:  # 262693123456
        return "+" + digits
    if len(digits) == 9 and digits[0] != "0":  # the metropole wins 508xxxxxx (05 08 …)
        return "+33" + digits
    return digits


def classify(national: str, *, overseas: bool = False) -> tuple[PhoneClass, str]:
    """Class a national number ``0XXXXXXXXX``.

    Overseas, the territory prefix takes three digits (``0693``), so the rules that look at
    the subscriber number (one digit, fakes, runs, a repeated pair) look at its last 6 digits.
    """
    body = national[1:]
    subscriber = national[-6:] if overseas else body
    if len(set(body)) == 1 or len(set(subscriber)) == 1:
        return "invalid", "one digit repeated"
    if national in _KNOWN_FAKES or (overseas and subscriber in _KNOWN_FAKE_SUBSCRIBERS):
        return "invalid", "well-known fake number"
    if body in _SEQUENTIAL or body in _DESCENDING or national in _SEQUENTIAL:
        return "invalid", "sequential digits"
    if overseas and (subscriber in _SEQUENTIAL or subscriber in _DESCENDING):
        return "invalid", "sequential digits"
    if max(body.count(d) for d in set(body)) >= 7:
        return "suspicious", "a digit repeated 7 times or more"
    paired = subscriber if overseas else national[2:]
    if len({paired[i : i + 2] for i in range(0, len(paired), 2)}) == 1:
        return "suspicious", "a repeated pair of digits"
    return "valid", ""


def _parse(candidate: str, region: str) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None


def _overseas(national: str) -> PhoneNumber | None:
    """The overseas number a national ``0…`` form stands for, when one region validates it."""
    for region in OVERSEAS:
        parsed = _parse(national, region)
        if parsed is not None and phonenumbers.is_valid_number(parsed):
            return parsed
    return None


def _resolve(candidate: str) -> PhoneNumber:
    """Parse; a national 10-digit form goes to the overseas region whose metadata validates it.

    ``phonenumbers``' metropolitan fixed-line pattern is broad (it validates ``0269…`` and
    ``0596…``, Mayotte and Martinique blocks): the overseas region's narrower geographic
    metadata wins over it. Mobiles and the shared non-geographic ``08``/``09`` numbers that the
    metropole validates stay metropolitan.
    """
    parsed = _parse(candidate, METROPOLE)
    if parsed is None:
        raise PhoneError("not a phone number")
    national = "0" + str(parsed.national_number)
    # 0693…, and +33 693… (a common mistake): the French plan gives 0693 to Réunion.
    # Only 10-digit forms: 06 12 34 5 (a digit short) must not become an SPM number.
    if parsed.country_code != 33 or len(national) != 10:
        return parsed
    if not candidate.startswith(("0", "+33")):
        return parsed
    metropolitan = phonenumbers.is_valid_number(parsed)
    if metropolitan and phonenumbers.number_type(parsed) != PhoneNumberType.FIXED_LINE:
        return parsed
    return _overseas(national) or parsed


def dialled(parsed: PhoneNumber) -> str:
    """The form buyers dial from the metropole: ``0693123456``; ``+508411234`` for SPM."""
    if parsed.country_code in _NATIONAL_PLAN:
        return "0" + str(parsed.national_number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def national_of(e164: str) -> str:
    """``+262693123456`` → ``0693123456``; numbers outside the French plan come back as given."""
    parsed = _parse(e164, METROPOLE)
    if parsed is None or parsed.country_code not in COUNTRY_CODES:
        return e164
    return dialled(parsed)


def normalise(raw: str) -> Phone:
    """Normalise a French number (overseas too); raises :class:`PhoneError` when not one."""
    candidate = _digits(raw)
    if re.fullmatch(r"0\d{9}", candidate):
        cls, reason = classify(candidate)
        if cls == "invalid":  # do not let the parser reinterpret an obvious fake
            return Phone(e164="+33" + candidate[1:], national=candidate, cls=cls, reason=reason)
    parsed = _resolve(candidate)
    if parsed.country_code not in COUNTRY_CODES:
        raise PhoneError("only French numbers are accepted")
    overseas = parsed.country_code != 33
    ten_digits = "0" + str(parsed.national_number)
    if len(ten_digits) != 10 and not (parsed.country_code == 508 and len(ten_digits) == 7):
        raise PhoneError("a French number has 10 digits")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    cls, reason = classify(ten_digits, overseas=overseas)
    valid = phonenumbers.is_valid_number(parsed)
    if cls != "invalid" and not valid:
        cls, reason = "invalid", "not an allocated French number range"
    region = phonenumbers.region_code_for_number(parsed) if valid else None
    kind = _KINDS.get(phonenumbers.number_type(parsed), "other")
    return Phone(e164, dialled(parsed), cls, reason, region, kind if valid else "other")


def search_patterns(raw: str) -> list[str]:
    """SQL ``LIKE`` patterns over stored E.164 numbers for a number typed whole or in part,
    written any usual way (``06 12…``, ``+33 6 12…``, ``0033612…``, ``12 34 56``).

    A whole number is its one E.164 form; a partial one starting with ``0`` is the national
    prefix of any French region (``0693`` → ``+262693…``, ``+33693…``); one starting with
    ``+``/``00`` is an international prefix; other digits may be anywhere in the number.
    Raises :class:`PhoneError` when fewer than two digits are given.
    """
    digits = _digits(raw)
    bare = digits.lstrip("+")
    if len(bare) < 2:
        raise PhoneError("at least two digits")
    if len(bare) >= 9:
        try:
            return [normalise(raw).e164]
        except PhoneError:
            pass
    if digits.startswith("+"):
        return [f"{digits}%"]
    if digits.startswith("00"):
        return [f"+{digits[2:]}%"]
    if digits.startswith("0"):
        return [f"+{code}{digits[1:]}%" for code in sorted(COUNTRY_CODES)]
    return [f"%{digits}%"]
