"""API v1 for lead ops: commandes (CRUD, simulate), lead requeue / reroute / return, source
blocks. ``Authorization: Token <key>``; everything is scoped to the key's account and its
sub-accounts (another tenant's commande or lead is a 404). The work is done by
:mod:`hub.services.commandes`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from hub.db import Hub, utcnow
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.services import commandes as ops
from hub.services import leadops
from hub.services.actor import Actor, api_key
from ingest.auth import api_principal, scope_account_ids

DEFAULT_LIMIT, MAX_LIMIT = 50, 500
_DEPS = {"principal": api_principal}


def _con(request: Request[Any, Any, Any]) -> sqlite3.Connection:
    hub: Hub = request.app.state.hub
    return hub.con()


def _actor(con: sqlite3.Connection, principal: ApiPrincipal) -> Actor:
    return api_key(principal.key_id, scope_account_ids(con, principal.account_id))


def _object(data: JSONBody[Any], name: str = "body") -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        fr, en = "Un objet JSON est attendu.", "A JSON object is expected."
        raise ApiError(
            422, "invalid", f"{name} must be a JSON object.", [FieldError(name, "invalid", fr, en)]
        )
    return data


def _int_param(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        fr = f"« {name} » doit être un entier entre {low} et {high}."
        en = f"{name} must be an integer between {low} and {high}."
        raise ApiError(422, "invalid_query", en, [FieldError(name, "out_of_range", fr, en)])
    return value


def _days(value: Any) -> int:
    if value is None:
        return 7
    if isinstance(value, bool) or not isinstance(value, int):
        fr, en = "« days » doit être un entier.", "days must be an integer."
        raise ApiError(422, "invalid", en, [FieldError("days", "invalid", fr, en)])
    return value


class OpsController(Controller):
    path = "/v1"
    tags = ["API v1: lead ops"]  # noqa: RUF012 - Litestar reads this class attribute
    dependencies = _DEPS

    @get("/commandes", sync_to_thread=True, summary="Commandes of this account (paginated)")
    def list_commandes(
        self, request: Request[Any, Any, Any], principal: NamedDependency[ApiPrincipal]
    ) -> dict[str, Any]:
        con = _con(request)
        query = request.query_params
        offset = _int_param(query, "offset", 0, 0, 10**9)
        limit = _int_param(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        return ops.list_commandes(con, _actor(con, principal), offset, limit)

    @post("/commandes", sync_to_thread=True, summary="Create a commande (routes waiting leads)")
    def create_commande(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        data: JSONBody[Any],
    ) -> dict[str, Any]:
        con = _con(request)
        return ops.create_commande(con, _actor(con, principal), _object(data), utcnow())

    @get("/commandes/{commande_id:str}", sync_to_thread=True, summary="One commande")
    def get_commande(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        commande_id: FromPath[str],
    ) -> dict[str, Any]:
        con = _con(request)
        return ops.get_commande(con, _actor(con, principal), commande_id)

    @patch("/commandes/{commande_id:str}", sync_to_thread=True, summary="Change a commande")
    def update_commande(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        commande_id: FromPath[str],
        data: JSONBody[Any],
    ) -> dict[str, Any]:
        con = _con(request)
        actor = _actor(con, principal)
        return ops.update_commande(con, actor, commande_id, _object(data), utcnow())

    @delete(
        "/commandes/{commande_id:str}",
        sync_to_thread=True,
        status_code=200,
        summary="Deactivate a commande (kept: its sales refer to it)",
    )
    def deactivate_commande(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        commande_id: FromPath[str],
    ) -> dict[str, Any]:
        con = _con(request)
        actor = _actor(con, principal)
        return ops.update_commande(con, actor, commande_id, {"active": False}, utcnow())

    @post("/simulate", sync_to_thread=True, status_code=200, summary="Simulate a commande change")
    def simulate(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        data: JSONBody[Any],
    ) -> dict[str, Any]:
        """``{"commande_id": "cmd_…" (or none for a new one), "changes": {…}, "days": 7}``:
        replays the last ``days`` days of leads with the change, saving nothing."""
        con = _con(request)
        body = _object(data)
        commande_id = body.get("commande_id")
        if commande_id is not None and not isinstance(commande_id, str):
            fr, en = "Identifiant invalide.", "commande_id must be a string."
            raise ApiError(422, "invalid", en, [FieldError("commande_id", "invalid", fr, en)])
        changes = _object(body.get("changes", {}), "changes")
        actor = _actor(con, principal)
        return ops.simulate_commande(
            con, actor, commande_id, changes, _days(body.get("days")), utcnow()
        )

    @post("/leads/{lead_id:str}/requeue", sync_to_thread=True, status_code=200, summary="Requeue")
    def requeue(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        lead_id: FromPath[str],
    ) -> dict[str, Any]:
        """Dead deliveries are tried again (same idempotency key); a waiting lead is routed."""
        con = _con(request)
        return leadops.lead_op(con, _actor(con, principal), lead_id, "requeue", utcnow())

    @post("/leads/{lead_id:str}/reroute", sync_to_thread=True, status_code=200, summary="Reroute")
    def reroute(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        lead_id: FromPath[str],
    ) -> dict[str, Any]:
        """Take the lead back from its pending or dead deliveries and route it elsewhere."""
        con = _con(request)
        return leadops.lead_op(con, _actor(con, principal), lead_id, "reroute", utcnow())

    @post("/leads/{lead_id:str}/return", sync_to_thread=True, status_code=200, summary="Return")
    def return_lead(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        lead_id: FromPath[str],
        data: JSONBody[Any],
    ) -> dict[str, Any]:
        """A buyer returns the lead within its window, with a reason: ``{"reason": "…"}`` (and
        ``"buyer_id"`` when the lead was shared)."""
        con = _con(request)
        body = _object(data)
        buyer = body.get("buyer_id")
        if buyer is not None and not isinstance(buyer, str):
            fr, en = "Identifiant d'acheteur invalide.", "buyer_id must be a string."
            raise ApiError(422, "invalid", en, [FieldError("buyer_id", "invalid", fr, en)])
        actor = _actor(con, principal)
        return leadops.return_lead(con, actor, lead_id, body.get("reason"), utcnow(), buyer)

    @post("/source-blocks", sync_to_thread=True, summary="Block a traffic source")
    def block_source(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        data: JSONBody[Any],
    ) -> dict[str, Any]:
        """``{"source": "facebook", "reason": "…"}``: its new leads are held until unblocked."""
        body = _object(data)
        source, reason = body.get("source"), body.get("reason")
        bad = [
            FieldError(name, "required", f"« {name} » requis.", f"{name} is required.")
            for name, value in (("source", source), ("reason", reason))
            if not isinstance(value, str) or not value.strip() or len(value) > 200
        ]
        if bad:
            raise ApiError(422, "invalid", "source and reason are required.", bad)
        assert isinstance(source, str) and isinstance(reason, str)
        con = _con(request)
        leadops.block_source(
            con, _actor(con, principal), principal.account_id, source.strip(), reason.strip(),
            utcnow(),
        )  # fmt: skip
        return {"account_id": principal.account_id, "source": source.strip(), "blocked": True}

    @delete("/source-blocks/{source:str}", sync_to_thread=True, status_code=200, summary="Unblock")
    def unblock_source(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[ApiPrincipal],
        source: FromPath[str],
    ) -> dict[str, Any]:
        """Lift the block and route the leads it held."""
        con = _con(request)
        actor = _actor(con, principal)
        requeued = leadops.unblock_source(con, actor, principal.account_id, source, utcnow())
        return {"account_id": principal.account_id, "source": source, "requeued_leads": requeued}
