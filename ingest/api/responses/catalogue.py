"""Answers of the landing pages, forms, allowed origins and redirect links endpoints."""

from typing import TypedDict

from ingest.api.responses.common import Paged


class LandingPage(TypedDict):
    """A landing page; ``key``: its public key; ``active``: 1, or 0 once archived."""

    id: str
    key: str
    account_id: str
    name: str
    url: str
    product_code: str | None
    variants: list[str]
    active: int
    created_at: str


class LandingPagePage(Paged):
    items: list[LandingPage]


class Form(TypedDict):
    """A form, its LP, its consent text and version, and the buyers that text names."""

    id: str
    key: str
    account_id: str
    lp_id: str | None
    name: str
    url: str | None
    thank_you_url: str | None
    product_code: str | None
    consent_version: str
    consent_text: str
    required_fields: list[str]
    field_aliases: dict[str, str]
    active: int
    created_at: str
    consent_buyers: list[str]


class FormPage(Paged):
    items: list[Form]


class LpDuplicated(TypedDict):
    """The copy of a landing page and the copies of its forms (new keys)."""

    landing_page: LandingPage
    forms: list[Form]


class ConsentVersion(TypedDict):
    consent_version: str
    consent_text: str
    created_at: str
    consent_buyers: list[str]


class ConsentVersionPage(Paged):
    items: list[ConsentVersion]


class Origins(TypedDict):
    """The account's allowed origins; ``limit`` null: every one (after a change)."""

    account_id: str
    origins: list[str]
    total: int
    offset: int
    limit: int | None


class RedirectLink(TypedDict):
    """A redirect link (``/r/{link_key}``) to its LP or form; ``active``: 1, or 0 archived."""

    link_key: str
    account_id: str
    lp_id: str | None
    form_id: str | None
    name: str
    target_url: str
    active: int
    created_at: str
    updated_at: str | None


class RedirectLinkPage(Paged):
    items: list[RedirectLink]
