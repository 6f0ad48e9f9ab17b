"""When to try a delivery again: exponential backoff with full jitter, ``Retry-After``, give-up."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """Delay before retry number ``attempt`` (1 = the retry after the first failure).

    Full jitter: uniform in [0, min(max_delay, base * factor ** (attempt - 1))]. A
    ``Retry-After`` from the buyer is a floor (capped at ``max_retry_after``, by default the
    whole 24 h window: a buyer asking for two hours gets two hours). Retries stop
    once ``give_up_after`` seconds have passed since the delivery was created; the last
    retry is scheduled no later than that deadline.
    """

    base_delay: float = 2.0
    factor: float = 2.0
    max_delay: float = 900.0
    max_retry_after: float = 24 * 3600.0
    give_up_after: float = 24 * 3600.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def ceiling(self, attempt: int) -> float:
        exponent = max(0, attempt - 1)
        if exponent > 64:  # avoid float overflow; the cap applies long before
            return self.max_delay
        return float(min(self.max_delay, self.base_delay * self.factor**exponent))

    def next_delay(
        self, attempt: int, elapsed: float, retry_after: float | None = None
    ) -> float | None:
        """Seconds until the next try, or None to give up (the delivery is dead)."""
        remaining = self.give_up_after - elapsed
        if remaining <= 0:
            return None
        delay = self.rng.uniform(0.0, self.ceiling(attempt))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_retry_after))
        return min(delay, remaining)
