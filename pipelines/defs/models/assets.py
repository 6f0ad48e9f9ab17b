"""The model assets. Their deps are what each model's SQL declares (``-- depends:`` in
``warehouse/sql/marts/``, read by ``warehouse.models``), never restated here."""

import dagster as dg

from pipelines.defs.checks import evaluate, specs
from pipelines.defs.common import GROUP, POOL, Output
from pipelines.defs.resources import WarehouseResource
from warehouse.ab import build_ab_tests
from warehouse.models import build_model, build_order, depends


def _model_asset(name: str, description: str) -> dg.AssetsDefinition:
    """The asset of one mart: rebuilt by its SQL, then its checks evaluated."""

    @dg.asset(
        name=name,
        deps=depends(name),
        pool=POOL,
        group_name=GROUP,
        kinds={"duckdb"},
        check_specs=specs(name),
        description=description,
    )
    def _asset(warehouse: WarehouseResource) -> Output:
        with warehouse.writer() as con:
            yield dg.MaterializeResult(metadata={"rows": build_model(con, name)})
            yield from evaluate(con, name)

    return _asset


funnel_daily = _model_asset(
    "funnel_daily",
    "Visits to revenue by Paris date, account, LP, form, source, campaign, variant and device.",
)
billing_monthly = _model_asset(
    "billing_monthly",
    "Delivered leads and amounts per Paris month, buyer and seller account.",
)
acquisition_daily = _model_asset(
    "acquisition_daily",
    "Sessions, leads, sold leads, revenue, ad spend, cost per lead and per sold lead, margin "
    "and ROAS by Paris date, account, LP, source and campaign (last touch).",
)


# The intercompany models, in build order (lines before the period rollups that read them).
INTERCOMPANY = tuple(name for name in build_order() if name.startswith("intercompany_"))


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            deps=depends(name),
            group_name=GROUP,
            kinds={"duckdb"},
            description=f"{name}: what the producing entity bills the selling one (HT).",
        )
        for name in INTERCOMPANY
    ],
    check_specs=specs("intercompany_monthly"),
    pool=POOL,
)
def intercompany(warehouse: WarehouseResource) -> Output:
    with warehouse.writer() as con:
        for name in INTERCOMPANY:
            yield dg.MaterializeResult(asset_key=name, metadata={"rows": build_model(con, name)})
        yield from evaluate(con, "intercompany_monthly")


# Visits and where leads came from, in build order (sessions_core → lead_attribution → sessions).
SESSIONS = ("sessions_core", "lead_attribution", "sessions")
_SESSION_DOCS = {
    "sessions_core": "One row per visit, cut on the events' own (skew-corrected) times: 30 "
    "minutes idle, Paris midnight, a new campaign.",
    "lead_attribution": "Each lead's first-touch and last-touch session, source, campaign and "
    "LP; time from the first visit to the lead.",
    "sessions": "Visits with the leads they brought and how many sold.",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            deps=depends(name),
            group_name=GROUP,
            kinds={"duckdb"},
            description=_SESSION_DOCS[name],
        )
        for name in SESSIONS
    ],
    check_specs=[spec for name in SESSIONS for spec in specs(name)],
    pool=POOL,
)
def sessions(warehouse: WarehouseResource) -> Output:
    with warehouse.writer() as con:
        for name in SESSIONS:
            yield dg.MaterializeResult(asset_key=name, metadata={"rows": build_model(con, name)})
            yield from evaluate(con, name)


@dg.asset(
    deps=depends("ab_tests"),
    pool=POOL,
    group_name=GROUP,
    kinds={"duckdb"},
    check_specs=specs("ab_tests"),
    description="A/B tests per LP and LP x form: sessions, leads and sales per variant, Wilson "
    "intervals, lift, Bayesian P(best) and the verdict.",
)
def ab_tests(warehouse: WarehouseResource) -> Output:
    settings = warehouse.settings
    with warehouse.writer() as con:
        rows = build_ab_tests(
            con,
            min_exposures=settings.ab_min_exposures,
            p_best_threshold=settings.ab_p_best_threshold,
        )
        yield dg.MaterializeResult(metadata={"rows": rows})
        yield from evaluate(con, "ab_tests")
