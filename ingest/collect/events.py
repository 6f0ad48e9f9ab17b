"""``POST /v1/events``: one event or a batch, through :func:`ingest.collect.pipeline.ingest`.

Every event is written to the spool, accepted or not (a refused one with its reason, for the
quarantine). The answer comes only after the fsync: ``202 {"accepted", "rejected"}`` when at
least one event was accepted, ``422`` in the error shape (plus the same two keys) when none was,
``503`` (retryable, ``Retry-After``) when the spool could not make them durable.
"""

from __future__ import annotations

from typing import Any, TypedDict

import msgspec
from litestar import Request, Response, post
from litestar.datastructures import State

from hub.errors import ApiError, FieldError
from ingest.collect.pipeline import ingest
from ingest.collect.schema import message


class EventRejected(TypedDict):
    """An event refused (kept in quarantine): its place in the batch and the reason."""

    index: int
    event_id: str | None
    field: str
    reason: str


class EventsAccepted(TypedDict):
    """``202``: how many events were accepted, and each one refused."""

    accepted: int
    rejected: list[EventRejected]


def _field_error(field: str, code: str) -> FieldError:
    fr, en = message(code)
    return FieldError(field, code, fr, en)


def _bad(status: int, code: str, text: str, field: str, reason: str) -> ApiError:
    return ApiError(status, code, text, [_field_error(field, reason)])


def _answer(accepted: int, rejected: list[dict[str, Any]], batch: bool) -> Response[Any]:
    body: dict[str, Any] = {"accepted": accepted, "rejected": rejected}
    if accepted or not rejected:
        return Response(body, status_code=202)
    fields = [
        _field_error(
            f"events[{r['index']}].{r['field']}" if batch else r["field"],
            r["reason"].rsplit(":", 1)[-1],
        )
        for r in rejected
    ]
    error = ApiError(
        422, "events_rejected", "No event was accepted; each is kept with its reason.", fields
    )
    return Response({**error.body(), **body}, status_code=422)


def parse_body(body: bytes, max_events: int) -> tuple[list[Any], bool]:
    """The events of a body (one event, ``{"events": [...]}`` or a list) and whether batched."""
    if not body.strip():
        raise _bad(400, "invalid_json", "The body is empty.", "body", "required")
    try:
        data = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):  # RecursionError: nested too deeply
        raise _bad(
            400, "invalid_json", "The body is not valid JSON.", "body", "invalid_format"
        ) from None
    if isinstance(data, dict) and "events" in data:
        data = data["events"]
        if not isinstance(data, list):
            raise _bad(422, "invalid_body", "`events` must be a list.", "events", "invalid_type")
    if isinstance(data, dict):
        return [data], False
    if not isinstance(data, list):
        raise _bad(
            422,
            "invalid_body",
            'Send an event object or {"events": [...]}.',
            "body",
            "invalid_type",
        )
    if not data:
        raise _bad(422, "invalid_body", "`events` is empty.", "events", "required")
    if len(data) > max_events:
        raise _bad(
            413,
            "too_many_events",
            f"At most {max_events} events per request.",
            "events",
            "too_large",
        )
    return data, True


@post(
    "/v1/events",
    status_code=202,
    summary="Track events (one, or a batch)",
    description='One event object, or `{"events": [...]}`, as `application/json` or '
    "`text/plain` (sendBeacon). Answers `202 {accepted, rejected[]}` once durable; `422` when "
    "none is accepted (all kept in quarantine with a reason); `503` + `Retry-After` when the "
    "events could not be made durable.",
    tags=["tracking"],
)
async def post_events(request: Request[Any, Any, State]) -> Response[EventsAccepted]:
    events, batch = parse_body(await request.body(), request.app.state.settings.max_batch_events)
    accepted, rejected = await ingest(request, events)
    return _answer(accepted, rejected, batch)
