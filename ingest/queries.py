"""The ingest part's named SQL: ``q("name")`` is ``ingest/sql/name.sql`` (one loader, read once).

Every ingest module loads its statements through this one :class:`hub.queries.Queries`
instance; only a few trivial statements (``BEGIN``, ``PRAGMA``, the lead insert whose columns
come from the validated draft) stay inline.
"""

from __future__ import annotations

from hub.queries import Queries

q = Queries("ingest")
