"""``summary_job``: e-mail each selling entity its summary of one Paris day or week
(:func:`hub.summaries.send_summaries`). A failed e-mail fails the run (after it was recorded
in the activity log with its error), so it shows in Dagster."""

# No "from __future__ import annotations": Dagster reads the op's config and resource types.

from contextlib import closing
from datetime import UTC, date, datetime

import dagster as dg

from hub.db import open_hub
from hub.summaries import KINDS, last_complete, period_of, send_summaries
from pipelines.defs.resources import WarehouseResource


class SummaryEmailFailed(RuntimeError):
    """A summary was recorded but its e-mail failed."""


class SummaryConfig(dg.Config):
    period: str = "day"  # day | week
    day: str = ""  # a day of the period (YYYY-MM-DD); empty: the last complete one


@dg.op(description="E-mail each entity its summary of the period (once per entity and period).")
def send_summary(
    context: dg.OpExecutionContext, config: SummaryConfig, warehouse: WarehouseResource
) -> dict[str, str]:
    if config.period not in KINDS:
        raise dg.Failure(f"period is one of {', '.join(KINDS)}, not {config.period!r}")
    now = datetime.now(UTC)
    if config.day:
        period = period_of(config.period, date.fromisoformat(config.day))
    else:
        period = last_complete(config.period, now)
    with closing(open_hub(warehouse.settings.hub_db)) as con:
        outcomes = send_summaries(warehouse.settings, con, period, now)
    for o in outcomes:
        context.log.info(
            f"{o.period} {o.entity_id}: {o.status}" + (f" ({o.error})" if o.error else "")
        )
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise SummaryEmailFailed(
            f"{len(failed)} summary e-mail(s) failed: {failed[0].entity_id}: {failed[0].error}"
        )
    return {o.entity_id: o.status for o in outcomes}


@dg.job(
    name="summary_job",
    description="The daily or weekly summary e-mails (run_config: period, day).",
    tags={"leadhub/part": "summaries"},
    executor_def=dg.in_process_executor,
)
def summary_job() -> None:
    send_summary()
