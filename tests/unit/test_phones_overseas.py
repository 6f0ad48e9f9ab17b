"""Overseas phone numbers: every written form → E.164, buyers' form, territory, class."""

from __future__ import annotations

import pytest

from hub.phones import PhoneError, normalise
from hub.rules.payload import national_phone

# territory, kind, national (buyers' form), E.164, region
NUMBERS = [
    ("Réunion", "mobile", "0693412758", "+262693412758", "RE"),
    ("Réunion", "mobile", "0692412758", "+262692412758", "RE"),
    ("Réunion", "fixed", "0262412758", "+262262412758", "RE"),
    ("Mayotte", "mobile", "0639204127", "+262639204127", "YT"),
    ("Mayotte", "fixed", "0269604127", "+262269604127", "YT"),
    ("Guadeloupe", "mobile", "0690412758", "+590690412758", "GP"),
    ("Guadeloupe", "fixed", "0590412758", "+590590412758", "GP"),
    ("Martinique", "mobile", "0696412758", "+596696412758", "MQ"),
    ("Martinique", "fixed", "0596412758", "+596596412758", "MQ"),
    ("Guyane", "mobile", "0694412758", "+594694412758", "GF"),
    ("Guyane", "fixed", "0594412758", "+594594412758", "GF"),
    ("Saint-Barthélemy", "fixed", "0590274158", "+590590274158", "BL"),
    ("Saint-Martin", "fixed", "0590434127", "+590590434127", "MF"),
]


def written_forms(national: str, e164: str) -> list[str]:
    """How prospects type one number: national and international, spaced, dotted, dashed."""
    cc, nsn = e164[1:4], national[1:]
    spaced = " ".join([national[:4], national[4:6], national[6:8], national[8:]])
    return [
        national,
        spaced,
        spaced.replace(" ", "."),
        spaced.replace(" ", "-"),
        f"{national[:2]} {national[2:4]} {national[4:6]} {national[6:8]} {national[8:]}",
        e164,
        f"+{cc} {nsn[:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:]}",
        f"+{cc} (0){nsn[:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:]}",
        f"+{cc}.{nsn[:3]}.{nsn[3:5]}.{nsn[5:7]}.{nsn[7:]}",
        f"00{cc}{nsn}",
        f"00 {cc} {nsn[:3]} {nsn[3:5]} {nsn[5:7]} {nsn[7:]}",
        f"{cc}{nsn}",
        f"{cc} {nsn[:3]} {nsn[3:]}",
        # +33 for an overseas number is a common mistake; the French plan says where it goes.
        f"+33 {nsn}",
        f"0033{nsn}",
        nsn,
    ]


CASES = [
    pytest.param(raw, national, e164, region, kind, id=f"{territory}-{kind}-{raw}")
    for territory, kind, national, e164, region in NUMBERS
    for raw in written_forms(national, e164)
]


@pytest.mark.parametrize(("raw", "national", "e164", "region", "kind"), CASES)
def test_every_written_form_normalises_to_one_overseas_number(
    raw: str, national: str, e164: str, region: str, kind: str
) -> None:
    phone = normalise(raw)
    assert (phone.e164, phone.national, phone.cls, phone.reason) == (e164, national, "valid", "")
    assert (phone.region, phone.kind) == (region, kind)


@pytest.mark.parametrize(("national", "e164"), [(n, e) for _, _, n, e, _ in NUMBERS])
def test_buyers_get_the_national_form(national: str, e164: str) -> None:
    assert national_phone(e164) == national


@pytest.mark.parametrize(
    ("raw", "e164", "kind"),
    [
        ("+508 41 27 58", "+508412758", "fixed"),
        ("00508 41 27 58", "+508412758", "fixed"),
        ("+508 55 41 27", "+508554127", "mobile"),
    ],
)
def test_saint_pierre_et_miquelon_stays_international(raw: str, e164: str, kind: str) -> None:
    """+508 is outside the French 10-digit plan: buyers dial it internationally."""
    phone = normalise(raw)
    assert (phone.e164, phone.national, phone.cls, phone.region, phone.kind) == (
        e164,
        e164,
        "valid",
        "PM",
        kind,
    )
    assert national_phone(e164) == e164


@pytest.mark.parametrize(
    ("raw", "cls", "reason"),
    [
        ("0693 00 00 00", "invalid", "one digit repeated"),
        ("+590 590 99 99 99", "invalid", "one digit repeated"),
        ("0693 12 34 56", "invalid", "sequential digits"),
        ("+596 696 65 43 21", "invalid", "sequential digits"),
        ("0262 45 67 89", "invalid", "sequential digits"),
        ("0693 01 02 03", "invalid", "well-known fake number"),
        ("00590 690 00 00 01", "invalid", "well-known fake number"),
        ("0693 41 41 41", "suspicious", "a repeated pair of digits"),
        ("262 262 26 26 26", "suspicious", "a repeated pair of digits"),
        ("0696 66 66 61", "suspicious", "a digit repeated 7 times or more"),
        ("0691 00 41 27", "invalid", "not an allocated French number range"),
        ("+262 690 41 27 58", "invalid", "not an allocated French number range"),
        ("+590 693 41 27 58", "invalid", "not an allocated French number range"),
    ],
)
def test_classes_apply_to_overseas_numbers(raw: str, cls: str, reason: str) -> None:
    phone = normalise(raw)
    assert (phone.cls, phone.reason) == (cls, reason)


@pytest.mark.parametrize(
    "raw",
    [
        "0693 41 27",  # too short
        "+262 693 41 27 58 9",  # too long
        "06 12 34 5",  # a metropolitan mobile a digit short is not an SPM number
        "+687 41 27 58",  # New Caledonia: not served
        "+689 87 41 27 58",  # French Polynesia: not served
        "0693 ABC",
    ],
)
def test_overseas_looking_junk_is_refused(raw: str) -> None:
    with pytest.raises(PhoneError):
        normalise(raw)


@pytest.mark.parametrize(
    ("raw", "e164", "region"),
    [
        ("01 45 67 89 12", "+33145678912", "FR"),
        ("06 12 34 56 79", "+33612345679", "FR"),
        ("508412758", "+33508412758", "FR"),  # 9 digits: the metropole wins over +508
        ("0800 12 41 27", "+33800124127", "FR"),  # non-geographic: stays metropolitan
        ("0939 41 27 58", "+33939412758", "FR"),
    ],
)
def test_metropolitan_numbers_stay_metropolitan(raw: str, e164: str, region: str) -> None:
    phone = normalise(raw)
    assert (phone.e164, phone.cls, phone.region) == (e164, "valid", region)
    assert national_phone(phone.e164) == phone.national
