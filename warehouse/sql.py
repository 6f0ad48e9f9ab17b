"""Named SQL: ``warehouse/sql/NAME.sql`` (DuckDB) and ``warehouse/sql/hub/NAME.sql`` (SQLite),
through the one loader (``hub.queries``); a name may hold a subfolder (``hub/leads``)."""

from __future__ import annotations

from hub.queries import Queries

load = Queries("warehouse")
