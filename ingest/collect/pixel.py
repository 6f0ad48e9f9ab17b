"""``GET /v1/p.gif``: the tracking pixel, for pages without JavaScript.

The same event as ``POST /v1/events``, sent as query parameters, through the same path
(:func:`ingest.collect.pipeline.ingest`); the answer is always a 1x1 GIF.
"""

from __future__ import annotations

import base64
import contextlib
from typing import Any

import msgspec
from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.openapi import ResponseSpec

from ingest.collect.decode import Events, now_us
from ingest.collect.pipeline import Hit, ingest

GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_CACHE = {
    "Cache-Control": "no-store, no-cache, must-revalidate, max-age=0",
    "Pragma": "no-cache",
    "Expires": "0",
}


@get(
    "/v1/p.gif",
    summary="Tracking pixel (no JavaScript)",
    tags=["tracking"],
    description="The same event as query parameters (`props` as JSON text). Answers a 1x1 GIF "
    "once durable: `200` when accepted, `422` (still a GIF, reason in `X-Leadhub-Reject`) "
    "when refused and kept in quarantine, `503` when not durable.",
    media_type="image/gif",
    responses={
        422: ResponseSpec(
            bytes,
            description="Refused and kept in quarantine (reason in `X-Leadhub-Reject`)",
            generate_examples=False,
            media_type="image/gif",
        )
    },
)
async def pixel(request: Request[Any, Any, State]) -> Response[bytes]:
    event: dict[str, Any] = {k: v for k, v in request.query_params.items()}
    if "props" in event:
        # Not JSON: kept as text, so refused as props:invalid_type and stored in quarantine.
        with contextlib.suppress(msgspec.DecodeError, RecursionError):
            event["props"] = msgspec.json.decode(event["props"])
    for flag in ("is_test", "consent"):  # booleans arrive as text in a query string
        if flag in event:
            event[flag] = event[flag].lower() in ("1", "true", "yes")
    state = request.app.state
    events = Events.of([event], now_us(), state.settings.test_mode)
    accepted, rejected = await ingest(state, Hit.of(request), events)
    headers = dict(NO_CACHE)
    if rejected:
        headers["X-Leadhub-Reject"] = rejected[0]["reason"]
    return Response(
        GIF, status_code=200 if accepted else 422, media_type="image/gif", headers=headers
    )
