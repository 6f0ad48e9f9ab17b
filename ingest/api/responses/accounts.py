"""Answers of the accounts, users, API keys, password links and activity endpoints."""

from typing import Any, Literal, NotRequired, TypedDict

from ingest.api.responses.common import Paged, Role


class Account(TypedDict):
    """An entity or a brand (sub-account) with the legal identity invoices print."""

    id: str
    name: str
    kind: Literal["entity", "brand"]
    parent_id: str | None
    legal_name: str | None
    siren: str | None
    vat_number: str | None
    address: str | None
    created_at: str
    archived_at: str | None


class AccountPage(Paged):
    items: list[Account]


class AccountUnarchived(Account):
    """The account back, with the held leads it released and woke up."""

    released_leads: int
    woken_leads: int


class User(TypedDict):
    """A user: its highest role and the accounts (visible to the caller) it belongs to."""

    id: str
    email: str
    name: str | None
    created_at: str
    disabled_at: str | None
    role: Role
    account_ids: list[str]


class UserCreated(User):
    """``password``: only when it was generated (shown this once)."""

    password: NotRequired[str]


class UserPage(Paged):
    items: list[User]


class ApiKey(TypedDict):
    """An API key (never its hash; the key itself only in the creation's answer)."""

    id: str
    account_id: str
    name: str
    prefix: str
    role: Role
    provider_id: str | None
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


class ApiKeyCreated(ApiKey):
    """``key``: the key, shown this once."""

    key: str


class ApiKeyPage(Paged):
    items: list[ApiKey]


class PasswordLink(TypedDict):
    """A one-time password link: its token and URL, shown this once."""

    user_id: str
    email: str
    url: str
    token: str
    expires_at: str


class PasswordChanged(TypedDict):
    user_id: str
    email: str
    password_set: bool


class LogEntry(TypedDict):
    """A change: who (``user:…``, ``api_key:…``, ``cli``), when, what; ``detail`` holds the
    values (before → after for settings; secrets masked)."""

    id: int
    account_id: str | None
    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any]
    created_at: str


class ActivityPage(Paged):
    items: list[LogEntry]
