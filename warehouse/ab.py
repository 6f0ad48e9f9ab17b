"""A/B test results: Bayesian P(best), sample guidance and the verdict of each test.

``sql/marts/ab_tests.sql`` aggregates the arms (exposures, conversions, Wilson intervals,
lift); :func:`build_ab_tests` then fills, per test, each arm's probability of being the best
(Beta(1, 1) priors, by numerical integration: deterministic, no sampling) and the verdict, in
the same transaction (docs/decisions/0045-ab-tests.md).

Verdict (on conversions: sessions that brought a lead): an arm wins when its P(best) reaches
``p_best_threshold`` and every arm has at least ``min_exposures`` sessions. When only the
minimum is missing, the sessions needed are what the arms lack; otherwise they come from the
two-proportion z-test sample size (one-sided, alpha = 1 - threshold, power 80 %) for the gap
between the two best arms' observed rates, never below ``min_exposures`` per arm.
"""

from __future__ import annotations

import hashlib
import inspect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

import duckdb
import numpy as np
import pyarrow as pa

from warehouse.ab_known import Known, read_known, signature, store_known
from warehouse.models import model_sql
from warehouse.sql import load
from warehouse.store import count, transaction

POWER = 0.8  # chance of reaching the threshold at the estimated size, if the gap is real
_GRID = 4001  # quadrature points per arm, around its posterior
_SPREAD = 20.0  # ... covering mean ± this many posterior standard deviations


@dataclass(frozen=True, slots=True)
class Verdict:
    code: str  # winner | collecting | no_difference | inconclusive | single_arm
    winner: str | None
    sessions_needed: int | None
    text: str


def _log_pdf(x: np.ndarray, a: float, b: float) -> np.ndarray:
    """log of the Beta(a, b) density on ``x`` (in [0, 1]; -inf where it is 0)."""
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    with np.errstate(divide="ignore", invalid="ignore"):
        left = np.zeros_like(x) if a == 1 else (a - 1) * np.log(x)
        right = np.zeros_like(x) if b == 1 else (b - 1) * np.log1p(-x)
    return np.asarray(left + right - log_beta)


def p_best(successes: Sequence[int], trials: Sequence[int]) -> list[float]:
    """P(arm i has the highest rate) for each arm, posteriors Beta(1 + s, 1 + n - s).

    P(i best) = ∫ f_i(x) · Π_{j≠i} F_j(x) dx, by the trapezoidal rule on a grid that is
    dense around every arm's posterior (the densities get narrow with many sessions).
    """
    if len(successes) != len(trials):
        raise ValueError("one success count per arm")
    if not trials:
        return []
    if len(trials) == 1:
        return [1.0]
    params = [(1.0 + s, 1.0 + n - s) for s, n in zip(successes, trials, strict=True)]
    pieces = [np.linspace(0.0, 1.0, 2001)]
    for a, b in params:
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        lo, hi = max(0.0, mean - _SPREAD * sd), min(1.0, mean + _SPREAD * sd)
        pieces.append(np.linspace(lo, hi, _GRID))
    x = np.unique(np.concatenate(pieces))
    dx = np.diff(x)
    pdfs, cdfs = [], []
    for a, b in params:
        pdf = np.exp(_log_pdf(x, a, b))
        cdf = np.concatenate(([0.0], np.cumsum(dx * (pdf[1:] + pdf[:-1]) / 2)))
        pdfs.append(pdf / cdf[-1])
        cdfs.append(cdf / cdf[-1])
    out = []
    for i, pdf in enumerate(pdfs):
        integrand = pdf.copy()
        for j, cdf in enumerate(cdfs):
            if j != i:
                integrand *= cdf
        out.append(float(np.sum(dx * (integrand[1:] + integrand[:-1]) / 2)))
    total = sum(out)
    return [p / total for p in out]


def sessions_per_arm(p1: float, p2: float, threshold: float) -> int | None:
    """Sessions per arm for a one-sided z-test at alpha = 1 - threshold and power POWER to
    detect rates ``p1`` vs ``p2``; None when they are equal (no gap to detect)."""
    if p1 == p2:
        return None
    z_alpha = NormalDist().inv_cdf(threshold)
    z_beta = NormalDist().inv_cdf(POWER)
    mean = (p1 + p2) / 2
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2)
    )
    return math.ceil(spread**2 / (p1 - p2) ** 2)


def verdict(
    arms: Sequence[str],
    exposures: Sequence[int],
    conversions: Sequence[int],
    probabilities: Sequence[float],
    *,
    min_exposures: int,
    threshold: float,
) -> Verdict:
    """The verdict of one test (arms in order, control first) on its conversions."""
    if len(arms) < 2:
        return Verdict("single_arm", None, None, "Only one variant: nothing to compare yet.")
    best = max(range(len(arms)), key=lambda i: (probabilities[i], -i))
    fewest = min(exposures)
    if probabilities[best] >= threshold and fewest >= min_exposures:
        text = (
            f"{arms[best]} wins: P(best) = {probabilities[best]:.1%} "
            f"with at least {fewest} sessions per variant."
        )
        return Verdict("winner", arms[best], 0, text)
    if probabilities[best] >= threshold:  # sure enough already: only the minimum is missing
        needed = sum(max(0, min_exposures - n) for n in exposures)
        text = (
            f"No winner yet: {arms[best]} leads with P(best) = {probabilities[best]:.1%}; "
            f"{needed} more sessions needed to reach {min_exposures} per variant."
        )
        return Verdict("collecting", None, needed, text)
    rates = [c / n if n else 0.0 for c, n in zip(conversions, exposures, strict=True)]
    top = sorted(range(len(arms)), key=lambda i: (-rates[i], i))[:2]
    per_arm = sessions_per_arm(rates[top[0]], rates[top[1]], threshold)
    target = max(min_exposures, per_arm or 0)
    needed = sum(max(0, target - n) for n in exposures)
    if per_arm is None and fewest >= min_exposures:
        return Verdict("no_difference", None, None, "No difference between the variants so far.")
    if needed == 0:
        text = (
            f"No winner yet: {arms[best]} leads with P(best) = {probabilities[best]:.1%}; "
            "the gap is too small to call, keep the test running."
        )
        return Verdict("inconclusive", None, None, text)
    text = (
        f"No winner yet: {arms[best]} leads with P(best) = {probabilities[best]:.1%}; "
        f"about {needed} more sessions needed ({target} per variant)."
    )
    return Verdict("collecting", None, needed, text)


@cache
def p_best_version() -> str:
    """The integration's version: its code and grid (kept P(best) values of another version
    are computed again, warehouse/ab_known.py); read once, on the first build."""
    code = inspect.getsource(p_best) + inspect.getsource(_log_pdf) + f"{_GRID} {_SPREAD}"
    return hashlib.sha256(code.encode()).hexdigest()


def _results(
    rows: list[tuple[str, str, int, int, int]],
    *,
    min_exposures: int,
    threshold: float,
    known: Known | None = None,
) -> pa.Table:
    """P(best) and verdict columns for ``rows`` (test_id, arm, exposures, conversions, sold
    conversions), ordered by test then arm, with each test's signature and arm number. A test
    in ``known`` with the same signature keeps its values instead of integrating again."""
    known = known or {}
    columns: dict[str, list[object]] = {
        k: []
        for k in (
            *("test_id", "arm", "arm_no", "signature", "p_best", "p_best_sold", "code"),
            *("winner", "needed", "text"),
        )
    }
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end][0] == rows[start][0]:
            end += 1
        test = rows[start:end]
        arms = [r[1] for r in test]
        exposures = [r[2] for r in test]
        conversions = [r[3] for r in test]
        sig = signature(test)
        kept = known.get(test[0][0])
        if kept is not None and kept[0] == sig and len(kept[1]) == len(test):
            _, probabilities, sold = kept
        else:
            probabilities = p_best(conversions, exposures)
            sold = p_best([r[4] for r in test], exposures)
        result = verdict(
            arms,
            exposures,
            conversions,
            probabilities,
            min_exposures=min_exposures,
            threshold=threshold,
        )
        for i, arm in enumerate(arms):
            columns["test_id"].append(test[0][0])
            columns["arm"].append(arm)
            columns["arm_no"].append(i)
            columns["signature"].append(sig)
            columns["p_best"].append(probabilities[i])
            columns["p_best_sold"].append(sold[i])
            columns["code"].append(result.code)
            columns["winner"].append(result.winner)
            columns["needed"].append(result.sessions_needed)
            columns["text"].append(result.text)
        start = end
    schema = pa.schema(
        [
            ("test_id", pa.string()),
            ("arm", pa.string()),
            ("arm_no", pa.int32()),
            ("signature", pa.string()),
            ("p_best", pa.float64()),
            ("p_best_sold", pa.float64()),
            ("code", pa.string()),
            ("winner", pa.string()),
            ("needed", pa.int64()),
            ("text", pa.string()),
        ]
    )
    return pa.table(columns, schema=schema)


def build_ab_tests(
    con: duckdb.DuckDBPyConnection, *, min_exposures: int, p_best_threshold: float
) -> int:
    """(Re)build ``ab_tests`` in one transaction: the SQL aggregates, then P(best) (kept from
    the last build for the tests whose counts did not change) and the verdicts; its row count."""
    version = p_best_version()
    with transaction(con):
        con.execute(model_sql("ab_tests"))
        rows = con.execute(load("ab/arms")).fetchall()
        results = _results(
            rows,
            min_exposures=min_exposures,
            threshold=p_best_threshold,
            known=read_known(con, version),
        )
        con.register("ab_results", results)
        try:
            con.execute(load("ab/fill"))
        finally:
            con.unregister("ab_results")
        store_known(con, results, version)
    return count(con, "SELECT count(*) FROM ab_tests")
