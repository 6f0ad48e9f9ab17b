"""Named SQL statements of the router: ``routing/sql/NAME.sql``, through ``hub.queries``."""

from __future__ import annotations

from hub.queries import Queries

q = Queries("routing")
