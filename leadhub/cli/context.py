"""The one way a CLI command opens what it needs: settings (logging configured, dirs made), the
hub connection, and the error report (an ApiError's message and fields on stderr, then exit)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import NoReturn

import typer

from hub.errors import ApiError
from hub.logs import configure_logging
from hub.settings import Settings, load_settings


def settings() -> Settings:
    """The settings of this run (``LEADHUB_*``), read once per command, never at import time."""
    loaded = load_settings()
    configure_logging(loaded.log_level, json=loaded.log_json)
    loaded.ensure_dirs()
    return loaded


@contextmanager
def hub(given: Settings | None = None) -> Iterator[sqlite3.Connection]:
    """A migrated hub connection, closed on exit."""
    from hub.db import open_hub

    with closing(open_hub((given or settings()).hub_db)) as con:
        yield con


def fail(err: ApiError, code: int = 2) -> NoReturn:
    """Print the error as the API would state it (status, code, message, each field), exit."""
    typer.echo(f"error ({err.status_code} {err.code}): {err.message}", err=True)
    for f in err.fields:
        typer.echo(f"  {f.field}: {f.reason}: {f.message_en} — {f.message_fr}", err=True)
    raise typer.Exit(code)
