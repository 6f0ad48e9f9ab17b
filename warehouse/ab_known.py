"""P(best) already computed, kept across builds (``ab_known``): a test whose arms and counts
(arm, exposures, conversions, sold conversions) did not change since the last build keeps its
values instead of integrating them again (docs/decisions/0066-minute-tail.md).

The rows are valid for one version of the integration (its code and grid, ``ab.p_best_version()``),
stored in ``model_versions`` under ``ab_tests:p_best``: another version forgets them all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from warehouse.sql import load
from warehouse.store import store_version, stored_version

VERSION_KEY = "ab_tests:p_best"

# test_id → (its signature, the P(best) and P(best | sold) of its arms, in arm order)
Known = dict[str, tuple[str, list[float], list[float]]]


def signature(rows: Sequence[tuple[str, str, int, int, int]]) -> str:
    """One test's arms and counts, in arm order: what its P(best) values depend on."""
    return json.dumps([[arm, n, c, s] for _, arm, n, c, s in rows], separators=(",", ":"))


def read_known(con: duckdb.DuckDBPyConnection, version: str) -> Known:
    """The values kept by the last build, if it ran the same integration (else none)."""
    if stored_version(con, VERSION_KEY) != version:
        return {}
    known: Known = {}
    for test_id, sig, p, p_sold in con.execute(load("ab/known")).fetchall():
        _, ps, sold = known.setdefault(test_id, (sig, [], []))
        ps.append(p)
        sold.append(p_sold)
    return known


def store_known(con: duckdb.DuckDBPyConnection, results: pa.Table, version: str) -> None:
    """Replace the kept values with this build's (``results``: test_id, signature, arm,
    arm_no, p_best, p_best_sold), under ``version``."""
    con.register("ab_known_new", results)
    try:
        con.execute("DELETE FROM ab_known")
        con.execute(load("ab/known_store"))
    finally:
        con.unregister("ab_known_new")
    store_version(con, VERSION_KEY, version)
