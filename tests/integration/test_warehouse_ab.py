"""The ab_tests mart on real DuckDB: its figures equal a reference computed here (Wilson by
formula, P(best) with scipy), declared variants and control, what is left out, and a verdict
that flips exactly at the configured thresholds."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb
import pytest

from tests.unit.test_ab import reference_p_best
from warehouse import ab
from warehouse.ab import build_ab_tests
from warehouse.checks import checks_of
from warehouse.sql import load

pytestmark = pytest.mark.integration

Z = 1.959963984540054
DAY = date(2026, 11, 20)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect()
    c.execute(load("schema"))
    c.execute(
        "CREATE TABLE sessions_core (session_id VARCHAR, lp_id VARCHAR, form_id VARCHAR,"
        " variant VARCHAR, is_test BOOLEAN, date DATE)"
    )
    c.execute(
        "CREATE TABLE lead_attribution (lead_id VARCHAR, session_id VARCHAR, status VARCHAR,"
        " sold BOOLEAN)"
    )
    c.execute(
        "CREATE TABLE landing_pages (id VARCHAR, account_id VARCHAR, name VARCHAR,"
        " variants VARCHAR)"
    )
    yield c
    c.close()


def add_lp(con: duckdb.DuckDBPyConnection, lp: str, variants: list[str]) -> None:
    con.execute(
        "INSERT INTO landing_pages VALUES (?, 'acc_soleil', ?, ?)",
        [lp, f"LP {lp}", json.dumps(variants)],
    )


def add_sessions(
    con: duckdb.DuckDBPyConnection,
    lp: str,
    variant: str | None,
    n: int,
    leads: int = 0,
    sold: int = 0,
    *,
    form: str | None = "fm_1",
    is_test: bool = False,
    leads_each: int = 1,
) -> None:
    """``n`` sessions, the first ``leads`` of them with ``leads_each`` leads (``sold``: one sold),
    each converted session also with a duplicate lead (left out of the counts)."""
    start = con.execute("SELECT count(*) FROM sessions_core").fetchone()[0]  # type: ignore[index]
    rows = [(f"ses_{start + i}", lp, form, variant, is_test, DAY) for i in range(n)]
    con.executemany("INSERT INTO sessions_core VALUES (?, ?, ?, ?, ?, ?)", rows)
    found = [
        (f"lead_{start + i}_{j}", f"ses_{start + i}", "new", i < sold and j == 0)
        for i in range(leads)
        for j in range(leads_each)
    ]
    found += [(f"dup_{start + i}", f"ses_{start + i}", "duplicate", True) for i in range(leads)]
    if found:
        con.executemany("INSERT INTO lead_attribution VALUES (?, ?, ?, ?)", found)


def build(con: duckdb.DuckDBPyConnection, **kw: Any) -> dict[tuple[str, str], dict[str, Any]]:
    settings = {"min_exposures": 100, "p_best_threshold": 0.95, **kw}
    build_ab_tests(con, **settings)
    cur = con.execute("SELECT * FROM ab_tests ORDER BY test_id, arm_order")
    names = [d[0] for d in cur.description or ()]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return {(r["test_id"], r["arm"]): r for r in rows}


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def test_figures_equal_the_reference(con: duckdb.DuckDBPyConnection) -> None:
    add_lp(con, "lp_a", ["control", "bleu"])
    add_sessions(con, "lp_a", "control", 400, leads=20, sold=12)
    add_sessions(con, "lp_a", "bleu", 380, leads=31, sold=15, form="fm_2")
    add_sessions(con, "lp_a", "bleu", 20, leads=3, sold=1)
    got = build(con)
    assert set(got) == {
        ("lp:lp_a", "control"),
        ("lp:lp_a", "bleu"),
        ("lp_form:lp_a:fm_1", "control"),
        ("lp_form:lp_a:fm_1", "bleu"),
        ("lp_form:lp_a:fm_2", "control"),
        ("lp_form:lp_a:fm_2", "bleu"),
    }
    control, bleu = got["lp:lp_a", "control"], got["lp:lp_a", "bleu"]
    assert (control["exposures"], control["conversions"], control["sold_conversions"]) == (
        400,
        20,
        12,
    )
    assert (bleu["exposures"], bleu["conversions"], bleu["sold_conversions"]) == (400, 34, 16)
    assert control["is_control"] and not bleu["is_control"]
    assert control["account_id"] == "acc_soleil" and control["lp_name"] == "LP lp_a"
    for row in (control, bleu):
        n = row["exposures"]
        assert row["rate"] == pytest.approx(row["conversions"] / n)
        low, high = wilson(row["conversions"], n)
        assert (row["rate_low"], row["rate_high"]) == pytest.approx((low, high), abs=1e-12)
        low, high = wilson(row["sold_conversions"], n)
        assert (row["sold_rate_low"], row["sold_rate_high"]) == pytest.approx((low, high))
    assert control["lift"] is None
    assert bleu["lift"] == pytest.approx((34 / 400) / (20 / 400) - 1)
    assert bleu["sold_lift"] == pytest.approx(16 / 12 - 1)
    want = reference_p_best([20, 34], [400, 400])
    assert [control["p_best"], bleu["p_best"]] == pytest.approx(want, abs=1e-5)
    want_sold = reference_p_best([12, 16], [400, 400])
    assert [control["p_best_sold"], bleu["p_best_sold"]] == pytest.approx(want_sold, abs=1e-5)
    # The LP x form pair fm_2 only saw "bleu": the declared control is an arm with no sessions.
    empty = got["lp_form:lp_a:fm_2", "control"]
    assert (empty["exposures"], empty["rate"], empty["rate_low"]) == (0, None, None)
    assert got["lp_form:lp_a:fm_2", "bleu"]["lift"] is None  # no control rate to compare
    assert empty["verdict_code"] == "collecting" and empty["sessions_needed"] > 0
    for check in checks_of("ab_tests"):
        assert check.offending(con) == 0, check.name


def test_control_arms_and_what_is_left_out(con: duckdb.DuckDBPyConnection) -> None:
    add_lp(con, "lp_b", ["z-control", "a-challenger", "a-challenger", ""])
    add_lp(con, "lp_c", [])
    add_sessions(con, "lp_b", "a-challenger", 50, leads=5, leads_each=2)
    add_sessions(con, "lp_b", "z-control", 50, leads=4)
    add_sessions(con, "lp_b", "surprise", 10, leads=1)  # undeclared: an arm after the declared
    add_sessions(con, "lp_b", None, 500, leads=100)  # no variant: in no test
    add_sessions(con, "lp_b", "z-control", 500, leads=400, is_test=True)  # test traffic
    add_sessions(con, "lp_c", "B", 30, leads=3)  # nothing declared: control = first by name
    add_sessions(con, "lp_c", "A", 30, leads=1, form=None)  # no form: in the LP test only
    con.execute("INSERT INTO landing_pages VALUES ('lp_d', 'acc_soleil', 'LP d', 'not json')")
    add_sessions(con, "lp_d", "B", 5)
    add_sessions(con, "lp_d", "A", 5)
    got = build(con)
    lp_b = {arm: r for (test, arm), r in got.items() if test == "lp:lp_b"}
    assert [(a, r["arm_order"], r["declared"]) for a, r in lp_b.items()] == [
        ("z-control", 1, True),
        ("a-challenger", 2, True),
        ("surprise", 3, False),
    ]
    assert lp_b["z-control"]["exposures"] == 50 and lp_b["z-control"]["conversions"] == 4
    assert (lp_b["a-challenger"]["conversions"], lp_b["a-challenger"]["leads"]) == (5, 10)
    assert sum(r["p_best"] for r in lp_b.values()) == pytest.approx(1.0)
    lp_c = {arm: r for (test, arm), r in got.items() if test == "lp:lp_c"}
    assert lp_c["A"]["is_control"] and lp_c["A"]["exposures"] == 30
    assert got["lp_form:lp_c:fm_1", "B"]["verdict_code"] == "single_arm"
    assert ("lp_form:lp_c:fm_1", "A") not in got
    assert got["lp:lp_d", "A"]["is_control"] and not got["lp:lp_d", "A"]["declared"]
    assert all(r["verdict"] for r in got.values())


def test_verdict_flips_exactly_at_the_thresholds(con: duckdb.DuckDBPyConnection) -> None:
    add_lp(con, "lp_a", ["A", "B"])
    add_sessions(con, "lp_a", "A", 400, leads=20, form=None)
    add_sessions(con, "lp_a", "B", 400, leads=38, form=None)
    p = build(con)["lp:lp_a", "B"]["p_best"]
    assert 0.95 < p < 1
    at = build(con, p_best_threshold=p)["lp:lp_a", "B"]
    assert (at["verdict_code"], at["winner"], at["sessions_needed"]) == ("winner", "B", 0)
    above = build(con, p_best_threshold=math.nextafter(p, 1))["lp:lp_a", "A"]
    assert above["verdict_code"] == "collecting" and above["winner"] is None
    assert build(con, min_exposures=400)["lp:lp_a", "A"]["winner"] == "B"
    short = build(con, min_exposures=401)["lp:lp_a", "A"]
    assert (short["verdict_code"], short["sessions_needed"]) == ("collecting", 2)


def test_no_sessions_no_rows_and_a_failure_leaves_the_old_table(
    con: duckdb.DuckDBPyConnection,
) -> None:
    add_lp(con, "lp_a", ["A", "B"])
    assert build(con) == {}
    add_sessions(con, "lp_a", "A", 10, form=None)
    add_sessions(con, "lp_a", "B", 10, form=None)
    assert len(build(con)) == 2
    con.execute("ALTER TABLE sessions_core RENAME COLUMN variant TO gone")
    with pytest.raises(duckdb.Error):
        build(con)
    assert con.execute("SELECT count(*), count(p_best) FROM ab_tests").fetchone() == (2, 2)


def test_rates_of_zero_and_one_lie_within_their_intervals(con: duckdb.DuckDBPyConnection) -> None:
    """Bug (10M-event bench): the Wilson bounds of a rate of 0 or 1 came out as 1e-17 or
    1 - 2e-16 by rounding, so the rate fell outside its own interval and the check failed."""
    add_lp(con, "lp_z", ["control", "bleu"])
    add_sessions(con, "lp_z", "control", 27)  # no lead: its lower bound rounds to 1.2e-17
    add_sessions(con, "lp_z", "bleu", 14, leads=14, sold=14)  # all: upper bound 1 - 2e-16
    got = build(con)
    zero, one = got["lp:lp_z", "control"], got["lp:lp_z", "bleu"]
    assert (zero["rate"], zero["rate_low"]) == (0.0, 0.0)
    assert (one["rate"], one["rate_high"], one["sold_rate_high"]) == (1.0, 1.0, 1.0)
    for check in checks_of("ab_tests"):
        assert check.offending(con) == 0, check.name


def test_p_best_is_integrated_again_only_for_tests_whose_counts_changed(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decision 0066: P(best) is kept (ab_known) for a test whose arms and counts are unchanged;
    a changed count, or another version of the integration, integrates again."""
    add_lp(con, "lp_a", ["A", "B"])
    add_lp(con, "lp_b", ["A", "B"])
    for lp in ("lp_a", "lp_b"):
        add_sessions(con, lp, "A", 200, leads=10, sold=4, form=None)
        add_sessions(con, lp, "B", 200, leads=16, sold=9, form=None)
    first = build(con)
    integrated: list[list[int]] = []
    real = ab.p_best

    def counting(successes: list[int], trials: list[int]) -> list[float]:
        integrated.append(list(trials))
        return real(successes, trials)

    monkeypatch.setattr(ab, "p_best", counting)
    assert build(con) == first
    assert integrated == []
    add_sessions(con, "lp_b", "B", 1, form=None)  # one more exposure on lp_b only
    second = build(con)
    assert integrated == [[200, 201], [200, 201]]  # leads, then sold leads: lp_b's alone
    assert second["lp:lp_a", "A"] == first["lp:lp_a", "A"]
    assert second["lp:lp_b", "B"]["p_best"] == pytest.approx(real([10, 16], [200, 201])[1])
    integrated.clear()
    monkeypatch.setattr(ab, "p_best_version", lambda: "another integration")
    assert build(con) == second
    assert len(integrated) == 4  # every test again
