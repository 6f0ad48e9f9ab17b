from __future__ import annotations

import pytest

from hub.geo import PostalCodeError, departement
from hub.phones import normalise


@pytest.mark.parametrize(
    "raw",
    [
        "+33612345679",
        "0033612345679",
        "33612345679",
        "612345679",
        "06 12 34 56 79",
        "06.12.34.56.79",
    ],
)
def test_french_mobile_forms_normalise_to_one_number(raw: str) -> None:
    phone = normalise(raw)
    assert (phone.national, phone.e164, phone.cls) == ("0612345679", "+33612345679", "valid")


@pytest.mark.parametrize(
    ("raw", "cls"),
    [
        ("0000000000", "invalid"),
        ("0123456789", "invalid"),
        ("0606060606", "suspicious"),
        ("0677777771", "suspicious"),
        ("0145678912", "valid"),
    ],
)
def test_phone_classes(raw: str, cls: str) -> None:
    assert normalise(raw).cls == cls


@pytest.mark.parametrize(
    ("code", "dep"),
    [
        ("20000", "2A"),
        ("20200", "2B"),
        ("97400", "974"),
        ("75011", "75"),
        ("01000", "01"),
        ("97600", "976"),
    ],
)
def test_departement(code: str, dep: str) -> None:
    assert departement(code) == dep


@pytest.mark.parametrize("code", ["7501", "ABCDE", "97700", "00100", "98000"])
def test_bad_postal_codes(code: str) -> None:
    with pytest.raises(PostalCodeError):
        departement(code)
