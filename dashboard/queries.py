"""Named SQL statements of the dashboard: ``dashboard/sql/NAME.sql``, through ``hub.queries``
(hub reads in SQLite and snapshot reads in DuckDB alike)."""

from __future__ import annotations

from hub.queries import Queries

q = Queries("dashboard")  # dashboard/sql/NAME.sql
