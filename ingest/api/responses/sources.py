"""Answers of the sources, source blocks and providers endpoints."""

from typing import NotRequired, TypedDict

from ingest.api.responses.common import Paged


class Block(TypedDict):
    """What blocks a source: a block of the account or a parent (``created_at``), or its
    provider's block (its reason)."""

    account_id: str
    source: str
    reason: str | None
    created_at: NotRequired[str]


class Source(TypedDict):
    """An (account, source) seen on leads."""

    account_id: str
    source: str
    leads: int
    last_lead_at: str | None
    provider_id: str | None
    provider_archived: bool
    blocked: bool
    blocked_by: Block | None


class SourcePage(Paged):
    items: list[Source]


class SourceBlocked(TypedDict):
    account_id: str
    source: str
    blocked: bool


class SourceUnblocked(TypedDict):
    """The block is lifted; ``requeued_leads``: its held leads routed again."""

    account_id: str
    source: str
    requeued_leads: int


class Provider(TypedDict):
    """A lead supplier; ``blocked``: its leads are held."""

    id: str
    account_id: str
    name: str
    blocked: bool
    blocked_reason: str | None
    created_at: str
    updated_at: str | None
    archived_at: str | None


class ProviderPage(Paged):
    items: list[Provider]


class ProviderCreated(TypedDict):
    """The provider and its API key (shown this once)."""

    provider: Provider
    api_key: str
