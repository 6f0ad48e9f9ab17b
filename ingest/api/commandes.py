"""API v1 commandes: list, create, read, change, deactivate, and simulate a change.

Scoped to the key's account and its sub-accounts (another tenant's commande is a 404). The work
is done by :mod:`hub.services.commandes`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from hub.db import Hub, utcnow
from hub.services import commandes
from hub.services.actor import Actor
from ingest.api.deps import Page
from ingest.api.params import invalid, json_object, optional_text
from ingest.api.responses.commandes import Commande, CommandePage, CommandeSaved, Simulation

TAGS = ["API v1: lead ops"]


def _days(value: Any) -> int:
    if value is None:
        return 7
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid("days", "« days » doit être un entier.", "days must be an integer.")
    return value


@get(
    "/v1/commandes",
    opt={"permission": "commandes.read"},
    sync_to_thread=True,
    summary="Commandes of this account (paginated)",
    tags=TAGS,
)
def list_commandes(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], page: NamedDependency[Page]
) -> CommandePage:
    return cast(CommandePage, commandes.list_commandes(hub.con(), actor, page.offset, page.limit))


@post(
    "/v1/commandes",
    opt={"permission": "commandes.write"},
    sync_to_thread=True,
    summary="Create a commande (routes waiting leads)",
    tags=TAGS,
)
def create_commande(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: JSONBody[Any]
) -> CommandeSaved:
    return cast(
        CommandeSaved, commandes.create_commande(hub.con(), actor, json_object(data), utcnow())
    )


@get(
    "/v1/commandes/{commande_id:str}",
    opt={"permission": "commandes.read"},
    sync_to_thread=True,
    summary="One commande",
    tags=TAGS,
)
def get_commande(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], commande_id: FromPath[str]
) -> Commande:
    return cast(Commande, commandes.get_commande(hub.con(), actor, commande_id))


@patch(
    "/v1/commandes/{commande_id:str}",
    opt={"permission": "commandes.write"},
    sync_to_thread=True,
    summary="Change a commande",
    tags=TAGS,
)
def update_commande(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    commande_id: FromPath[str],
    data: JSONBody[Any],
) -> CommandeSaved:
    return cast(
        CommandeSaved,
        commandes.update_commande(hub.con(), actor, commande_id, json_object(data), utcnow()),
    )


@delete(
    "/v1/commandes/{commande_id:str}",
    opt={"permission": "commandes.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Deactivate a commande (kept: its sales refer to it)",
    tags=TAGS,
)
def deactivate_commande(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], commande_id: FromPath[str]
) -> CommandeSaved:
    return cast(
        CommandeSaved,
        commandes.update_commande(hub.con(), actor, commande_id, {"active": False}, utcnow()),
    )


@post(
    "/v1/simulate",
    opt={"permission": "commandes.read"},
    sync_to_thread=True,
    status_code=200,
    summary="Simulate a commande change",
    tags=TAGS,
)
def simulate(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: JSONBody[Any]
) -> Simulation:
    """``{"commande_id": "cmd_…" (or none for a new one), "changes": {…}, "days": 7}``:
    replays the last ``days`` days of leads with the change, saving nothing."""
    body = json_object(data)
    commande_id = optional_text(
        body, "commande_id", "Identifiant invalide.", "commande_id must be a string."
    )
    changes = json_object(body.get("changes", {}), "changes")
    days = _days(body.get("days"))
    return cast(
        Simulation,
        commandes.simulate_commande(hub.con(), actor, commande_id, changes, days, utcnow()),
    )


routes: list[HTTPRouteHandler] = [
    list_commandes,
    create_commande,
    get_commande,
    update_commande,
    deactivate_commande,
    simulate,
]
