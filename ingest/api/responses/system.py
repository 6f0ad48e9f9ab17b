"""Answers of the installation check and pipeline status endpoints."""

from typing import Any, TypedDict


class Target(TypedDict):
    """A landing page or form the checked URL or key names."""

    kind: str
    key: str
    name: str
    url: str | None


class Hint(TypedDict):
    fr: str
    en: str


class Verification(TypedDict):
    """Did a test event from the page arrive? ``verdict``: arrived, unknown_key, inactive_key,
    blocked_origin, bot, rejected or nothing_received; ``accepted`` and ``quarantined``: the
    events seen (per key), with their reason."""

    verdict: str
    ok: bool
    message_fr: str
    message_en: str
    url: str | None
    keys: list[str]
    targets: list[Target]
    since: str
    checked_at: str
    accepted: list[dict[str, Any]]
    quarantined: list[dict[str, Any]]
    hints: list[Hint]
    skipped_files: list[str]


class PipelineStatus(TypedDict):
    """``published_at``: ISO time of the published warehouse snapshot, null when none yet."""

    published_at: str | None
