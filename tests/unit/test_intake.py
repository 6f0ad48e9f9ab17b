from __future__ import annotations

import pytest

from ingest.intake.html import thank_you
from ingest.intake.store import fingerprint
from ingest.intake.validate import (
    MAX_EXTRA_BYTES,
    MAX_FIELDS,
    canonical,
    check_idempotency_key,
    collect,
    is_yes,
    validate,
)

GOOD = {
    "form_key": "fm_x",
    "first_name": "Jeanne",
    "last_name": "Dupont",
    "phone": "06 12 34 56 79",
    "postal_code": "75011",
    "consent": "on",
}
REQUIRED = ["first_name", "last_name", "phone", "postal_code"]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("nom", "last_name"),
        ("Prénom", "first_name"),
        ("prenom", "first_name"),
        ("téléphone", "phone"),
        ("TELEPHONE", "phone"),
        ("tel", "phone"),
        ("code_postal", "postal_code"),
        ("code-postal", "postal_code"),
        ("CP", "postal_code"),
        ("ville", "city"),
        ("courriel", "email"),
        ("mail", "email"),
        ("consentement", "consent"),
        (" email ", "email"),
        ("utm_source", "utm_source"),
    ],
)
def test_french_aliases(raw: str, name: str) -> None:
    assert canonical(raw) == name


def test_unknown_fields_are_kept_as_sent_in_extra() -> None:
    got = collect({"nom": "Dupont", "Surface (m²)": 120, "projet": {"delai": "3 mois"}})
    assert got.fields == {"last_name": "Dupont"}
    assert got.extra == {"Surface (m²)": 120, "projet": {"delai": "3 mois"}}
    assert got.errors == []


def test_last_non_empty_value_wins_and_values_are_stripped() -> None:
    got = collect({"last_name": " Martin ", "nom": "", "consent": ["off", "on"]})
    assert got.fields == {"last_name": "Martin", "consent": "on"}


def test_caps_on_field_count_size_and_length() -> None:
    many = collect({"nom": "Dupont", **{f"q{i}": "x" for i in range(MAX_FIELDS)}})
    assert [(e.field, e.reason) for e in many.errors] == [("extra", "too_many_fields")]
    assert many.fields == {"last_name": "Dupont"}  # known fields are still read
    big = collect({"notes": "x" * (MAX_EXTRA_BYTES + 1)})
    assert [(e.field, e.reason) for e in big.errors] == [("extra", "too_large")]
    long = collect({"prenom": "x" * 101, "phone": {"n": "0612"}})
    assert {(e.field, e.reason) for e in long.errors} == {
        ("first_name", "too_long"),
        ("phone", "invalid_type"),
    }


def test_valid_lead_columns() -> None:
    draft, errors = validate(
        {**GOOD, "email": "Jeanne@Exemple.FR", "referrer": "https://www.google.com/search?q=pv"},
        REQUIRED,
    )
    assert errors == []
    cols = draft.columns
    assert (cols["phone_e164"], cols["phone_class"]) == ("+33612345679", "valid")
    assert (cols["postal_code"], cols["departement"]) == ("75011", "75")
    assert cols["email"] == "Jeanne@exemple.fr"
    assert cols["consent_given"] is True and cols["is_test"] is False
    assert cols["source"] == "www.google.com"
    assert (draft.status, draft.status_reason) == ("new", None)


def test_utm_source_beats_referrer_host() -> None:
    draft, _ = validate(
        {**GOOD, "utm_source": "facebook", "referrer": "https://google.fr/"}, REQUIRED
    )
    assert draft.columns["source"] == "facebook"


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"phone": "12"}, "phone", "invalid_phone"),
        ({"phone": "+44 20 7946 0958"}, "phone", "invalid_phone"),
        ({"postal_code": "7501"}, "postal_code", "invalid_postal_code"),
        ({"postal_code": "98000"}, "postal_code", "invalid_postal_code"),
        ({"email": "jeanne@@exemple.fr"}, "email", "invalid_email"),
        ({"consent": "off"}, "consent", "consent_required"),
        ({"consent": ""}, "consent", "consent_required"),
        ({"first_name": ""}, "first_name", "required"),
        ({"last_name": "1234"}, "last_name", "invalid_name"),
    ],
)
def test_each_bad_field_gives_one_error_naming_it(
    change: dict[str, str], field: str, reason: str
) -> None:
    _, errors = validate({**GOOD, **change}, REQUIRED)
    assert [(e.field, e.reason) for e in errors] == [(field, reason)]
    assert errors[0].message_fr and errors[0].message_en
    assert errors[0].message_fr != errors[0].message_en


def test_missing_required_phone_is_one_error_not_two() -> None:
    fields = {k: v for k, v in GOOD.items() if k != "phone"}
    _, errors = validate(fields, REQUIRED)
    assert [(e.field, e.reason) for e in errors] == [("phone", "required")]
    assert "téléphone" in errors[0].message_fr


def test_several_bad_fields_are_all_reported() -> None:
    _, errors = validate({"form_key": "fm_x", "phone": "abc", "email": "x"}, REQUIRED)
    assert [(e.field, e.reason) for e in errors] == [
        ("first_name", "required"),
        ("last_name", "required"),
        ("postal_code", "required"),
        ("email", "invalid_email"),
        ("phone", "invalid_phone"),
        ("consent", "consent_required"),
    ]


@pytest.mark.parametrize(
    ("phone", "status"),
    [("0606060606", "suspicious"), ("0612345678", "invalid"), ("0000000000", "invalid")],
)
def test_phone_class_sets_the_status_without_a_field_error(phone: str, status: str) -> None:
    draft, errors = validate({**GOOD, "phone": phone}, REQUIRED)
    assert errors == []
    assert draft.status == status and draft.columns["phone_class"] == status
    assert draft.status_reason and draft.status_reason.startswith("phone: ")


@pytest.mark.parametrize(
    ("value", "yes"),
    [
        ("on", True),
        ("true", True),
        ("1", True),
        ("J'accepte", True),
        ("oui", True),
        ("off", False),
        ("false", False),
        ("0", False),
        ("non", False),
        ("", False),
        (None, False),
    ],
)
def test_checkbox_values(value: str | None, yes: bool) -> None:
    assert is_yes(value) is yes


def test_json_booleans_and_numbers_become_text() -> None:
    got = collect({"consent": True, "is_test": False, "code_postal": 75011})
    assert got.fields == {"consent": "true", "is_test": "false", "postal_code": "75011"}


def test_fingerprint_ignores_key_order_but_not_content() -> None:
    assert fingerprint({"a": "1", "b": "2"}, {}) == fingerprint({"b": "2", "a": "1"}, {})
    assert fingerprint({"a": "1"}, {}) != fingerprint({"a": "2"}, {})


def test_idempotency_key_rules() -> None:
    assert check_idempotency_key(None) is None
    assert check_idempotency_key(" abc-123 ") == "abc-123"
    for bad in ("", "x" * 256, "clé", "a\nb"):
        with pytest.raises(ValueError, match="invalid_idempotency_key"):
            check_idempotency_key(bad)


def test_thank_you_url_keeps_its_query() -> None:
    assert thank_you("https://lp.example/merci/", "lead_1") == (
        "https://lp.example/merci/?lead_id=lead_1"
    )
    assert thank_you("https://lp.example/merci/?src=a#top", "lead_1") == (
        "https://lp.example/merci/?src=a&lead_id=lead_1#top"
    )
