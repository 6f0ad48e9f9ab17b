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


def _multi_model_asset(name: str, docs: dict[str, str]) -> dg.AssetsDefinition:
    """Models built together in one step, in build order, each followed by its checks."""
    models = tuple(model for model in build_order() if model in docs)

    @dg.multi_asset(
        name=name,
        specs=[
            dg.AssetSpec(
                model,
                deps=depends(model),
                group_name=GROUP,
                kinds={"duckdb"},
                description=docs[model],
            )
            for model in models
        ],
        check_specs=[spec for model in models for spec in specs(model)],
        pool=POOL,
    )
    def _asset(warehouse: WarehouseResource) -> Output:
        with warehouse.writer() as con:
            for model in models:
                rows = build_model(con, model)
                yield dg.MaterializeResult(asset_key=model, metadata={"rows": rows})
                yield from evaluate(con, model)

    return _asset


funnel = _multi_model_asset(
    "funnel",
    {
        "lp_forms": "The form an LP's events are attributed to when they name none.",
        "funnel_sessions_daily": "The funnel per tracker session by Paris date received, "
        "account, LP and form, with the session's source, campaign, variant and device "
        "(incremental, keyed by session).",
        "funnel_events_daily": "Visits, CTA clicks, form starts and submits by Paris date "
        "received, account, LP, form, source, campaign, variant and device (incremental).",
        "funnel_daily": "Visits to revenue by Paris date, account, LP, form, source, campaign, "
        "variant and device.",
    },
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
intercompany = _multi_model_asset(
    "intercompany",
    {
        name: f"{name}: what the producing entity bills the selling one (HT)."
        for name in build_order()
        if name.startswith("intercompany_")
    },
)


# Visits and where leads came from, in build order (sessions_core → lead_attribution → sessions).
sessions = _multi_model_asset(
    "sessions",
    {
        "sessions_core": "One row per visit, cut on the events' own (skew-corrected) times: 30 "
        "minutes idle, Paris midnight, a new campaign (incremental by Paris date).",
        "lead_attribution": "Each lead's first-touch and last-touch session, source, campaign "
        "and LP; time from the first visit to the lead.",
        "sessions": "Visits with the leads they brought and how many sold.",
    },
)


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
