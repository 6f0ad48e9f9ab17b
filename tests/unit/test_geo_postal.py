"""Postal code → département: overseas 971–976, Corsica 2A/2B, the metropole's two digits."""

from __future__ import annotations

import pytest

from hub.geo import PostalCodeError, departement

OVERSEAS = [
    ("97100", "971"),  # Guadeloupe
    ("97133", "971"),  # Saint-Barthélemy (La Poste keeps it in 971; INSEE says 977)
    ("97150", "971"),  # Saint-Martin (INSEE 978)
    ("97199", "971"),
    ("97200", "972"),  # Martinique
    ("97290", "972"),
    ("97300", "973"),  # Guyane
    ("97354", "973"),
    ("97400", "974"),  # Réunion
    ("97410", "974"),
    ("97499", "974"),
    ("97500", "975"),  # Saint-Pierre-et-Miquelon
    ("97600", "976"),  # Mayotte
    ("97615", "976"),
    ("97699", "976"),
]


@pytest.mark.parametrize(("code", "dep"), OVERSEAS)
def test_overseas_postal_codes(code: str, dep: str) -> None:
    assert departement(code) == dep
    assert departement(f"{code[:2]} {code[2:]}") == dep


@pytest.mark.parametrize(
    ("code", "dep"),
    [
        ("20000", "2A"),
        ("20167", "2A"),
        ("20190", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("75011", "75"),
        ("13001", "13"),
        ("01000", "01"),
        ("95000", "95"),
        ("19000", "19"),
        ("21000", "21"),
    ],
)
def test_corsica_and_metropole_unchanged(code: str, dep: str) -> None:
    assert departement(code) == dep


@pytest.mark.parametrize("code", ["97000", "97099", "97700", "97800", "97900", "98800"])
def test_other_97_98_codes_refused(code: str) -> None:
    with pytest.raises(PostalCodeError):
        departement(code)
