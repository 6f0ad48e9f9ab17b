"""Public keys (LP and form keys) → account, LP and form, from a briefly cached hub snapshot.

The hub is read in a worker thread, at most once per ``ttl`` seconds, and again on a cache miss
if the snapshot is older than ``miss_after`` (a key created a moment ago is found at once, and a
flood of unknown keys costs at most a few reads per second). If a refresh fails, the last
snapshot keeps being served (logged); with no snapshot at all, the error propagates.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import structlog

from hub.db import Hub
from ingest.queries import q

T = TypeVar("T")
log = structlog.get_logger("ingest.keys")


class HubSnapshot(Generic[T]):
    """A value loaded from the hub in a thread, refreshed when stale or on a miss."""

    def __init__(self, load: Callable[[], T], ttl: float = 5.0, miss_after: float = 0.5) -> None:
        self._load = load
        self.ttl = ttl
        self.miss_after = miss_after
        self._value: T | None = None
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    async def get(self, *, miss: bool = False) -> T:
        """The value; ``miss=True`` asks for a fresher one if the current one is not brand new."""
        age = time.monotonic() - self._loaded_at
        if self._value is None or age > self.ttl or (miss and age > self.miss_after):
            async with self._lock:
                age = time.monotonic() - self._loaded_at
                if self._value is None or age > self.ttl or (miss and age > self.miss_after):
                    await self._refresh()
        assert self._value is not None
        return self._value

    async def _refresh(self) -> None:
        try:
            self._value = await asyncio.to_thread(self._load)
        except Exception:
            if self._value is None:
                raise
            log.warning("hub.snapshot_stale", exc_info=True)  # keep serving the last value
        self._loaded_at = time.monotonic()


@dataclass(frozen=True, slots=True)
class KeyInfo:
    account_id: str
    lp_id: str | None
    form_id: str | None
    active: bool


def load_keys(hub: Hub) -> dict[str, KeyInfo]:
    rows = hub.con().execute(q("keys")).fetchall()
    return {
        row["key"]: KeyInfo(row["account_id"], row["lp_id"], row["form_id"], bool(row["active"]))
        for row in rows
    }


class KeyResolver:
    def __init__(self, hub: Hub, ttl: float = 5.0) -> None:
        self.snapshot: HubSnapshot[dict[str, KeyInfo]] = HubSnapshot(
            lambda: load_keys(hub), ttl=ttl
        )

    async def resolve(self, keys: set[str]) -> dict[str, KeyInfo]:
        """Known keys among ``keys`` (unknown ones are absent)."""
        known = await self.snapshot.get()
        if not keys <= known.keys():
            known = await self.snapshot.get(miss=True)
        return {key: known[key] for key in keys if key in known}
