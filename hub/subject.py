"""A data subject named by phone or e-mail: the normalised value, its keyed hash and the forms
it may take inside stored text (to find it in the lake's event payloads).

The phone is normalised with ``phonenumbers`` (:mod:`hub.phones`: E.164, France and its
overseas regions by default), the e-mail trimmed and lowercased, as a DSAR search does
(:mod:`hub.privacy`). The hash is an HMAC-SHA256
with a key derived from the instance secret (:func:`hub.security.derived_key`): it can be
looked up (one indexed equality at intake) but not reversed without the key, unlike a bare
SHA-256 of a phone number (10 digits: enumerable in minutes). Decision 0051.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from hub.phones import national_of
from hub.privacy import search_email, search_phone
from hub.security import derived_key
from hub.settings import Settings

Kind = Literal["phone", "email"]
_keys: dict[tuple[str, Path], bytes] = {}
_lock = threading.Lock()


class SubjectError(ValueError):
    """The phone or e-mail cannot name a person (the reason says why, never the value)."""


def normal_phone(raw: str) -> str:
    """E.164 of a French number (``06 12 34 56 78`` → ``+33612345678``)."""
    value = search_phone(raw)
    if value is None:
        raise SubjectError("not a French phone number")
    return value


def normal_email(raw: str) -> str:
    """``  Jean.Dupont@Example.FR `` → ``jean.dupont@example.fr``."""
    value = search_email(raw)
    if value is None:
        raise SubjectError("not an e-mail address")
    return value


def hash_key(settings: Settings) -> bytes:
    """The opposition HMAC key of this instance (derived once per process)."""
    slot = (settings.secret_key, settings.data_dir / "secret.key")
    with _lock:
        key = _keys.get(slot)
        if key is None:
            key = _keys[slot] = derived_key(slot[0], slot[1], "opposition")
    return key


def keyed_hash(key: bytes, kind: Kind, normalised: str) -> str:
    """HMAC-SHA256 of ``kind:value`` (a phone and an e-mail never share a hash), hex."""
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Subject:
    kind: Kind
    value: str  # normalised
    hash: str

    @property
    def needles(self) -> tuple[str, ...]:
        """Lowercase forms of the value as a page or a tracker may have written it."""
        if self.kind == "email":
            return (self.value, quote(self.value, safe=""))
        return phone_forms(self.value)


def phone_forms(e164: str) -> tuple[str, ...]:
    """``+33612345678`` → itself, ``%2B33612345678``, ``0033612345678``, ``0612345678``,
    ``06 12 34 56 78``, ``06.12.34.56.78``, ``06-12-34-56-78`` (``33612345678`` is within
    ``0033…``)."""
    digits = e164.lstrip("+")
    forms = [e164, quote(e164, safe=""), "00" + digits]
    national = _national(e164)
    if national is not None:
        pairs = [national[i : i + 2] for i in range(0, len(national), 2)]
        forms += [national, *(sep.join(pairs) for sep in (" ", ".", "-", "+", "%20"))]
    return tuple(dict.fromkeys(f.lower() for f in forms))


def _national(e164: str) -> str | None:
    national = national_of(e164)
    return national if re.fullmatch(r"0\d{9}", national) else None


def subject(settings: Settings, kind: Kind, raw: str) -> Subject:
    """The subject named by a phone or an e-mail; :class:`SubjectError` when it cannot be."""
    value = normal_phone(raw) if kind == "phone" else normal_email(raw)
    return Subject(kind, value, keyed_hash(hash_key(settings), kind, value))
