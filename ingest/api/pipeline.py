"""``GET /v1/system/pipeline``: when the pipeline last published the warehouse snapshot readers
open (``null``: never), so a deployment check (``leadhub smoke``) can wait for its own data."""

from __future__ import annotations

from datetime import UTC, datetime

from litestar import get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler

from hub.security import ApiPrincipal
from hub.settings import Settings
from ingest.api.responses.system import PipelineStatus


@get(
    "/v1/system/pipeline",
    opt={"permission": "tracking.read"},
    sync_to_thread=True,
    summary="When the pipeline last published the warehouse snapshot",
    description="`published_at`: ISO time of the published snapshot, `null` when none yet.",
    tags=["API v1"],
)
def pipeline_status(
    settings: NamedDependency[Settings], principal: NamedDependency[ApiPrincipal]
) -> PipelineStatus:
    del principal  # asked for its check: a valid API key
    try:
        mtime = settings.warehouse_db.stat().st_mtime
    except FileNotFoundError:
        return {"published_at": None}
    return {"published_at": datetime.fromtimestamp(mtime, UTC).isoformat()}


routes: list[HTTPRouteHandler] = [pipeline_status]
