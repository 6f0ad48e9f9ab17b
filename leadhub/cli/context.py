"""The one way a CLI command opens what it needs: settings (logging configured, dirs made), the
hub connection, who acts (:func:`acting`), the error report (an ApiError's message and fields on
stderr, then exit), and the ``--data``/``--set`` fields and JSON output of the commands that call
a hub service."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, NoReturn

import typer

from hub.errors import ApiError
from hub.logs import configure_logging
from hub.services.actor import CLI, Actor
from hub.settings import Settings, load_settings

KeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        envvar="LEADHUB_API_KEY",
        show_envvar=True,
        help="Act as this API key: its role on its accounts, named in the activity log. "
        "Without it: the server's operator (every account, logged as cli).",
    ),
]


def settings(**overrides: object) -> Settings:
    """The settings of this run (``LEADHUB_*``), read once per command, never at import time;
    ``overrides`` (a process command's ``--host``/``--port``/``--workers``; ``None``: not given)
    win over the environment and are validated like it."""
    loaded = load_settings(**{k: v for k, v in overrides.items() if v is not None})
    configure_logging(loaded.log_level, json=loaded.log_json)
    loaded.ensure_dirs()
    return loaded


@dataclass(slots=True)
class Invocation:
    """What the root command was given for this run (set by its callback, once per run)."""

    api_key: str | None = None


INVOCATION = Invocation()


def acting(con: sqlite3.Connection) -> Actor:
    """Who this command acts as: the API key given with ``--key``/``LEADHUB_API_KEY`` (the same
    rules as API v1: its role, its accounts; a lead provider's key may not), else the server's
    operator :data:`CLI`. A bad key is a 401 (nothing done)."""
    key = INVOCATION.api_key
    if not key:
        return CLI
    from hub.security import authenticate_api_key
    from ingest.auth import actor_of, provider_of_key

    principal = authenticate_api_key(con, key)
    if principal is None or provider_of_key(con, principal.key_id) is not None:
        raise ApiError(
            401, "unauthorized", "--key / LEADHUB_API_KEY: unknown, revoked or a provider's key."
        )
    return actor_of(con, principal)


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


SetOption = Annotated[
    list[str] | None, typer.Option("--set", help="name=value (JSON or text); repeatable.")
]
DataOption = Annotated[str | None, typer.Option("--data", help="The fields as a JSON object.")]


def echo_json(value: Any) -> None:
    """Print a result as indented JSON (French kept as is)."""
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def parse_fields(sets: list[str] | None, data: str | None) -> dict[str, Any]:
    """``--data`` (a JSON object), then each ``--set name=value`` (JSON if it parses, else text)."""
    fields: dict[str, Any] = {}
    if data:
        try:
            parsed = json.loads(data)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"--data is not JSON: {exc}") from None
        if not isinstance(parsed, dict):
            raise typer.BadParameter("--data must be a JSON object")
        fields.update(parsed)
    for item in sets or []:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"--set {item!r}: expected name=value")
        try:
            fields[name.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            fields[name.strip()] = raw
    return fields


def run_op(action: Callable[[sqlite3.Connection], Any]) -> None:
    """Run one operation; an ApiError prints its message and fields, exit code 1."""
    with hub() as con:
        try:
            result = action(con)
        except ApiError as exc:
            fail(exc, 1)
    if result is not None:
        echo_json(result)


def utc_now() -> datetime:
    from hub.db import utcnow

    return utcnow()
