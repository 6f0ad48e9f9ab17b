"""Named SQL statements of the demo: ``leadhub/demo/sql/NAME.sql``, through ``hub.queries``."""

from __future__ import annotations

from hub.queries import Queries

demo_sql = Queries("leadhub.demo")  # leadhub/demo/sql/NAME.sql
