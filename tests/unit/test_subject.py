"""A data subject's phone or e-mail: normalised before hashing, hashed with a key of the
instance (the same person always gets the same hash; another instance key, another hash)."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from hub.security import derived_key
from hub.settings import load_settings
from hub.subject import (
    SubjectError,
    keyed_hash,
    normal_email,
    normal_phone,
    phone_forms,
    subject,
)


@pytest.mark.parametrize(
    "raw",
    ["06 12 34 56 79", "+33 6 12 34 56 79", "0033612345679", "33612345679", "06.12.34.56.79"],
)
def test_every_way_to_write_a_phone_is_one_e164(raw: str) -> None:
    assert normal_phone(raw) == "+33612345679"


def test_an_overseas_phone_keeps_its_country_code() -> None:
    assert normal_phone("0693 12 34 56") == "+262693123456"


@pytest.mark.parametrize("raw", ["", "12", "+44 20 7946 0958", "not a phone"])
def test_what_is_not_a_french_phone_is_refused(raw: str) -> None:
    with pytest.raises(SubjectError):
        normal_phone(raw)


def test_an_email_is_trimmed_and_lowercased() -> None:
    assert normal_email("  Jean.Dupont@Example.FR ") == "jean.dupont@example.fr"


@pytest.mark.parametrize("raw", ["", "jean", "jean@", "a b@c.fr", "x@y"])
def test_what_is_not_an_email_is_refused(raw: str) -> None:
    with pytest.raises(SubjectError):
        normal_email(raw)


def test_the_hash_is_an_hmac_of_kind_and_value() -> None:
    key = b"k" * 32
    expected = hmac.new(key, b"phone:+33612345679", hashlib.sha256).hexdigest()
    assert keyed_hash(key, "phone", "+33612345679") == expected
    assert keyed_hash(key, "email", "+33612345679") != expected  # kinds never collide
    assert keyed_hash(b"o" * 32, "phone", "+33612345679") != expected  # keyed
    assert expected != hashlib.sha256(b"+33612345679").hexdigest()  # not a bare digest


def test_one_person_one_hash_per_instance(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "a")
    one = subject(settings, "phone", "06 12 34 56 79")
    assert one == subject(settings, "phone", "+33612345679")
    assert one.value == "+33612345679" and "+33612345679" not in one.hash
    other = subject(load_settings(data_dir=tmp_path / "b"), "phone", "0612345679")
    assert other.hash != one.hash  # another instance key (its own secret.key file)
    assert subject(settings, "email", "A@B.fr").hash == subject(settings, "email", "a@b.fr ").hash


def test_the_derived_key_is_not_the_instance_key(tmp_path: Path) -> None:
    key_file = tmp_path / "secret.key"
    derived = derived_key("", key_file, "opposition")
    assert len(derived) == 32 and derived not in key_file.read_bytes()
    assert derived == derived_key("", key_file, "opposition")
    assert derived != derived_key("", key_file, "other")
    assert (key_file.stat().st_mode & 0o777) == 0o600


def test_a_phone_is_found_as_pages_write_it() -> None:
    forms = phone_forms("+33612345679")
    for written in ("+33612345679", "%2b33612345679", "0612345679", "06 12 34 56 79"):
        assert written in forms
    assert "06.12.34.56.79" in forms and "0033612345679" in forms
