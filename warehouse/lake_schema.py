"""The raw events lake's columns, stated once: the collector's roller writes files with
:data:`LAKE_SCHEMA` (and refused events with :data:`QUARANTINE_SCHEMA`), the warehouse reads
them conformed to :data:`EVENT_SCHEMA` (every column nullable: older files lack the newer ones).
Only pyarrow is imported here, so the roller pays for nothing else."""

from __future__ import annotations

import pyarrow as pa

from hub.attribution import ATTRIBUTION

TIMESTAMP = pa.timestamp("us", tz="UTC")
COLUMNS = (
    "event_id", "type", "key", "account_id", "lp_id", "form_id", "visitor_id", "session_id",
    "ts", "sent_at", "received_at", "url", "referrer", *ATTRIBUTION, "props", "ip", "user_agent",
    "device", "browser", "os", "is_test", "collector_id",
)  # fmt: skip
REQUIRED = ("event_id", "type", "received_at")
_TYPES = {"ts": TIMESTAMP, "sent_at": TIMESTAMP, "received_at": TIMESTAMP, "is_test": pa.bool_()}

LAKE_SCHEMA = pa.schema(
    [pa.field(n, _TYPES.get(n, pa.string()), nullable=n not in REQUIRED) for n in COLUMNS]
)
QUARANTINE_SCHEMA = LAKE_SCHEMA.append(pa.field("origin", pa.string())).append(
    pa.field("reason", pa.string(), nullable=False)
)
EVENT_SCHEMA = pa.schema([f.with_nullable(True) for f in LAKE_SCHEMA])
