"""Named SQL statements of the CLI: ``leadhub/cli/sql/NAME.sql``, through ``hub.queries``."""

from __future__ import annotations

from hub.queries import Queries

cli_sql = Queries("leadhub.cli")  # leadhub/cli/sql/NAME.sql
