"""The models' declared dependencies (``-- depends:`` in ``sql/marts``): one declaration, read
by the build order and by the Dagster asset deps; and the checks declared by their files."""

from __future__ import annotations

import re

from warehouse.checks import all_checks
from warehouse.models import SOURCES, build_order, dependencies, model_sql


def test_every_model_is_built_after_what_it_reads() -> None:
    order = build_order()
    assert set(order) == set(dependencies())
    for name, reads in dependencies().items():
        for dep in reads:
            assert dep in SOURCES or order.index(dep) < order.index(name), (name, dep)


def test_every_declared_dependency_is_read_by_the_model() -> None:
    for name, reads in dependencies().items():
        body = model_sql(name).split("\n", 1)[1]
        for dep in reads:
            assert re.search(rf"\b(FROM|JOIN)\s+{dep}\b", body), (name, dep)


def test_asset_deps_are_the_declared_ones() -> None:
    from pipelines.defs.all_assets import ALL_ASSETS

    deps = {
        key.to_user_string(): {d.to_user_string() for d in parents}
        for asset in ALL_ASSETS
        for key, parents in asset.asset_deps.items()
    }
    for name, reads in dependencies().items():
        assert deps[name] == set(reads), name
    assert deps["warehouse_snapshot"] == set(build_order())


def test_checks_are_declared_by_their_files() -> None:
    checks = {(c.table, c.name) for c in all_checks()}
    assert ("events", "event_id_unique") in checks
    assert ("funnel_daily", "non_negative") in checks
    assert all(c.description for c in all_checks())
