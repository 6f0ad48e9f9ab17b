"""The commande set compiled once per change, not once per lead (decision 0058).

Parsing every commande (calendar, validity dates, départements, caps) and the account tree
took more CPU than the rest of a lead's routing. The hub keeps a ``routing_version`` token that
triggers change on every write to commandes, to the buyer columns routing reads and to the
account tree (migration 0030), whoever writes (services, CLI, dashboard, raw SQL). Inside the
routing transaction the router reads the token; the same token means the same commandes, so
the compiled ones are used again, and only the lead's own facts (cap usage, balances, past
sales) are read per lead. The write lock is held from that read to the end of the routing, so
no edit can slip in between.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from hub.rules.commande import Commande, commande_from_row
from hub.rules.facts import entities
from routing.queries import q


@dataclass(frozen=True, slots=True)
class Compiled:
    token: int
    commandes: Mapping[str, Commande]  # by id
    entities: Mapping[str, str]  # every account → its selling entity


def compile_commandes(con: sqlite3.Connection, token: int) -> Compiled:
    ents = entities(con)
    commandes = {
        str(r["id"]): commande_from_row(r, ents.get(r["buyer_account_id"], r["buyer_account_id"]))
        for r in con.execute(q("commandes_compiled"))
    }
    return Compiled(token, commandes, ents)


class CommandeCache:
    """The last compiled commande set of one process, shared by its routing threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: Compiled | None = None
        self.compilations = 0

    def get(self, con: sqlite3.Connection) -> Compiled:
        """The commandes as they are now (call inside the routing transaction)."""
        token = int(con.execute(q("routing_version")).fetchone()["token"])
        last = self._last
        if last is not None and last.token == token:
            return last
        compiled = compile_commandes(con, token)
        with self._lock:
            self._last = compiled
            self.compilations += 1
        return compiled
