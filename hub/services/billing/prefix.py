"""An entity's invoice number prefix (``SOLEIL`` in ``SOLEIL-202612-0001``): 2 to 12 upper-case
letters or digits, unique among entities, set by an admin before the entity issues its first
document (afterwards it never changes, so one entity's numbers form one sequence). Unset, it is
derived from the account id (:func:`.numbering.default_prefix`)."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from typing import Any

from hub.db import sql, transaction
from hub.errors import ApiError
from hub.services.actor import Actor, log_change
from hub.services.billing.numbering import prefix_of
from hub.services.fields import Fields, not_found

_PREFIX = re.compile(r"[A-Z0-9]{2,12}")


def set_prefix(
    con: sqlite3.Connection, actor: Actor, entity_id: str, payload: Any, now: datetime
) -> dict[str, Any]:
    """``{"invoice_prefix": "SOL"}`` on an entity the actor sees (accounts.write)."""
    actor.require("accounts.write")
    f = Fields(payload, ("invoice_prefix",))
    prefix = (f.text("invoice_prefix", required=True, max_len=12) or "").upper()
    if prefix and not _PREFIX.fullmatch(prefix):
        f.add(
            "invoice_prefix",
            "invalid",
            "De 2 à 12 lettres majuscules ou chiffres.",
            "2 to 12 upper-case letters or digits.",
        )
    f.check()
    with transaction(con):
        entities = {r["id"]: r for r in con.execute(sql("billing/entities"))}
        entity = entities.get(entity_id)
        if entity is None or not actor.sees(entity_id):
            raise not_found("entity", entity_id)
        before = prefix_of(entity)
        if prefix == before:
            return {"id": entity_id, "invoice_prefix": prefix}
        if entity["has_issued"]:
            raise ApiError(409, "prefix_in_use", f"{entity_id} has issued documents as {before}.")
        if any(prefix_of(r) == prefix for i, r in entities.items() if i != entity_id):
            raise ApiError(409, "prefix_taken", f"Another entity numbers its invoices {prefix}.")
        con.execute(sql("billing/prefix_set"), {"id": entity_id, "prefix": prefix})
        detail = {"before": before, "after": prefix}
        log_change(con, actor, "entity.invoice_prefix", entity_id, entity_id, detail, now)
    return {"id": entity_id, "invoice_prefix": prefix}
