"""``leadhub privacy erase|oppose|unoppose|oppositions``: GDPR erasure of a person (phone or
e-mail) from the hub, the lake, the warehouse and the buyers, and the opposition list
(decision 0051); :func:`register` adds them to the ``leadhub privacy`` group.

Thin callers of :func:`warehouse.erase.erase_person` and :mod:`hub.services.opposition` (the
same code as API v1), acting as ``--key`` or the server's operator. Results print as JSON (the
keyed hash, never the value); errors as the API states them (exit code 1).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from leadhub.cli.context import acting, run_op, utc_now
from leadhub.cli.context import settings as load

PhoneOption = Annotated[str | None, typer.Option("--phone", help="A French phone number.")]
EmailOption = Annotated[str | None, typer.Option("--email", help="An e-mail address.")]
YesOption = Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]


def _person(phone: str | None, email: str | None) -> dict[str, Any]:
    return {k: v for k, v in (("phone", phone), ("email", email)) if v is not None}


def erase(phone: PhoneOption = None, email: EmailOption = None, yes: YesOption = False) -> None:
    """Erase a person from the hub, the lake and the warehouse, ask each buyer that received
    their leads to erase them, and refuse their future leads. Cannot be undone."""
    from warehouse.erase import erase_person

    person = _person(phone, email)
    if not yes:
        typer.confirm(
            "Effacer définitivement les données de cette personne ? / Erase this person for good?",
            abort=True,
        )
    settings = load()
    run_op(lambda con: erase_person(con, acting(con), settings, person, utc_now()))


def oppose(
    phone: PhoneOption = None,
    email: EmailOption = None,
    account: Annotated[str | None, typer.Option("--account", help="Default: yours.")] = None,
) -> None:
    """Put a person on the opposition list: their leads are refused (422 opposed)."""
    from hub.services import opposition

    body = _person(phone, email) | ({"account_id": account} if account else {})
    settings = load()
    run_op(lambda con: opposition.oppose(con, acting(con), settings, body, utc_now()))


def unoppose(phone: PhoneOption = None, email: EmailOption = None) -> None:
    """Take a person off every opposition list you see."""
    from hub.services import opposition

    body = _person(phone, email)
    settings = load()
    run_op(lambda con: opposition.unoppose_person(con, acting(con), settings, body, utc_now()))


def oppositions(
    phone: PhoneOption = None,
    email: EmailOption = None,
    limit: Annotated[int, typer.Option(help="At most N.")] = 500,
) -> None:
    """The opposition entries you see (hashes), or one person's (``--phone``/``--email``)."""
    from hub.services import opposition

    query = _person(phone, email) or None
    settings = load()
    run_op(lambda con: opposition.list_oppositions(con, acting(con), settings, 0, limit, query))


def register(app: typer.Typer) -> None:
    """Add ``erase``, ``oppose``, ``unoppose`` and ``oppositions`` to ``leadhub privacy``."""
    app.command("erase")(erase)
    app.command("oppose")(oppose)
    app.command("unoppose")(unoppose)
    app.command("oppositions")(oppositions)
