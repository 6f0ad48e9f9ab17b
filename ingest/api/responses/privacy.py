"""Answers of the privacy endpoints: retention, erasure and the opposition list."""

from typing import Any, Literal, TypedDict

from ingest.api.responses.common import Paged


class RetentionRun(TypedDict):
    """What a retention run anonymised (a dry run only counts): hub leads and rejections,
    lake files and rows (``lake_unreadable``: files it could not read)."""

    dry_run: bool
    retention_days: int
    cutoff: str
    leads: int
    rejections: int
    lake_files: int
    lake_rows: int
    lake_unreadable: int


class LastRun(TypedDict):
    at: str
    actor: str
    detail: dict[str, Any]


class RetentionStatus(TypedDict):
    """The retention period, the cutoff it gives now, the last run the caller may see."""

    retention_days: int
    cutoff: str
    last_run: LastRun | None


class ErasureNotice(TypedDict):
    """An erasure request sent (or to send) to a buyer that received the person's leads."""

    id: str
    delivery_id: str | None
    lead_id: str | None
    buyer_id: str
    buyer_name: str | None
    status: str
    attempts: int
    last_error: str | None
    created_at: str
    sent_at: str | None


class Erased(TypedDict):
    """What an erasure did: in the hub, the lake, the warehouse, and the buyers to notify."""

    erasure_id: str
    kind: str
    hash: str
    leads: int
    rejections: int
    deliveries_cancelled: int
    buyer_requests: int
    oppositions_added: int
    lake_files: int
    lake_rows: int
    warehouse_rows: int
    lead_ids: list[str]
    requests: list[ErasureNotice]


class Opposition(TypedDict):
    """A person (a keyed hash of a phone or e-mail) no lead may be taken from again."""

    id: str
    kind: Literal["phone", "email"]
    hash: str
    account_id: str | None
    reason: Literal["request", "erasure"]
    actor: str | None
    created_at: str


class OppositionPage(Paged):
    items: list[Opposition]


class OppositionAdded(TypedDict):
    kind: str
    hash: str
    added: int
    items: list[Opposition]


class OppositionRemoved(TypedDict):
    removed: int
    items: list[Opposition]
