"""Secrets: argon2 for passwords, SHA-256 for API keys, Fernet for buyer secrets at rest, and the
Standard Webhooks secret format (one generator, one strict reader)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hub.db import iso, new_id, now_iso, sql, transaction, utcnow

_hasher = PasswordHasher()
API_KEY_PREFIX = "lh_"
WEBHOOK_SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
WEBHOOK_SECRET_BYTES = (24, 64)  # the Standard Webhooks range for a symmetric secret


class WebhookSecretError(ValueError):
    """A webhook secret that cannot sign: the reason says what is wrong (never the secret)."""


def new_webhook_secret(nbytes: int = 32) -> str:
    """A fresh secret as Standard Webhooks defines it: ``whsec_`` + standard base64."""
    return WEBHOOK_SECRET_PREFIX + base64.b64encode(secrets.token_bytes(nbytes)).decode()


def parse_webhook_secret(secret: str) -> bytes:
    """The HMAC key of a secret (``whsec_`` prefix optional), read strictly: a URL-safe,
    truncated or too short secret raises instead of decoding to another key."""
    raw = secret.strip().removeprefix(WEBHOOK_SECRET_PREFIX)
    if not raw:
        raise WebhookSecretError("empty secret")
    if "-" in raw or "_" in raw:
        raise WebhookSecretError("URL-safe base64 ('-' or '_'): a secret is standard base64")
    try:
        key = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except ValueError:  # binascii.Error, or a non-ASCII character
        raise WebhookSecretError("not base64") from None
    low, high = WEBHOOK_SECRET_BYTES
    if not low <= len(key) <= high:
        raise WebhookSecretError(f"{len(key)} bytes: a secret holds {low} to {high} bytes")
    return key


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_api_key(key: str) -> str:
    # API keys carry 256 random bits: a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiPrincipal:
    key_id: str
    account_id: str
    role: str = "admin"


TOUCH_EVERY = timedelta(minutes=1)  # a key's last_used_at is written at most this often


def new_api_key() -> str:
    """A fresh API key (accounts and providers): read back as an opaque string and hashed."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def issue_api_key(
    con: sqlite3.Connection, account_id: str, name: str, role: str = "admin"
) -> tuple[str, str]:
    """Store a new key of ``account_id`` acting as ``role``: ``(key id, key)``. The key is
    shown once, only its prefix and hash are stored (joins an open transaction)."""
    key, key_id = new_api_key(), new_id("key")
    with transaction(con):
        con.execute(
            sql("api_key_insert"),
            {
                "id": key_id,
                "account_id": account_id,
                "name": name,
                "prefix": key[:10],
                "key_hash": hash_api_key(key),
                "created_at": now_iso(),
                "role": role,
            },
        )
    return key_id, key


def create_api_key(con: sqlite3.Connection, account_id: str, name: str, role: str = "admin") -> str:
    """Create a key and return it; it is shown once, only its hash is stored."""
    return issue_api_key(con, account_id, name, role)[1]


def authenticate_api_key(con: sqlite3.Connection, key: str) -> ApiPrincipal | None:
    """The live key's principal (account, role); its ``last_used_at`` is touched when older
    than a minute (one cheap write per key per minute; a busy hub never fails the call)."""
    row = con.execute(sql("api_key_lookup"), {"key_hash": hash_api_key(key)}).fetchone()
    if row is None:
        return None
    now = utcnow()
    before = iso(now - TOUCH_EVERY)
    if (row["last_used_at"] is None or row["last_used_at"] < before) and not con.in_transaction:
        # locked or read-only: recording the use is not worth failing the call
        with contextlib.suppress(sqlite3.OperationalError):
            con.execute(sql("api_key_touch"), {"id": row["id"], "now": iso(now), "before": before})
    return ApiPrincipal(row["id"], row["account_id"], row["role"])


class SecretBox:
    """Encrypts buyer secrets with a key from settings or a 0600 key file in the data dir."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def from_settings(cls, secret_key: str, key_file: Path) -> SecretBox:
        return cls(instance_key(secret_key, key_file))

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def decrypt(self, token: str) -> str:
        return self._fernet.decrypt(token.encode()).decode()


def instance_key(secret_key: str, key_file: Path) -> bytes:
    """The instance's secret key: ``LEADHUB_SECRET_KEY``, else a 0600 key file in the data dir
    (created once, race-free)."""
    if secret_key:
        return secret_key.encode()
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process created it first
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(Fernet.generate_key())
                fh.flush()
                os.fsync(fh.fileno())
    return key_file.read_bytes().strip()


def derived_key(secret_key: str, key_file: Path, purpose: str) -> bytes:
    """A key for one purpose (e.g. ``opposition``) derived from the instance key (HKDF-SHA256),
    so a hash made with it tells nothing about the key that encrypts buyer secrets."""
    hkdf = HKDF(hashes.SHA256(), 32, salt=None, info=f"leadhub/{purpose}/v1".encode())
    return hkdf.derive(instance_key(secret_key, key_file))
