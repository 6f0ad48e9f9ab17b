"""``POST /v1/events``: one event or a batch, through :func:`ingest.collect.pipeline.ingest`.

Every event is written to the spool, accepted or not (a refused one with its reason, for the
quarantine). The answer comes only after the fsync: ``202 {"accepted", "rejected"}`` when at
least one event was accepted, ``422`` in the error shape (plus the same two keys) when none was,
``503`` (retryable, ``Retry-After``) when the spool could not make them durable.
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

import msgspec
from litestar import Litestar, Request, asgi, post
from litestar.datastructures import State
from litestar.exceptions import ClientException, MethodNotAllowedException
from litestar.types import HTTPScope, Receive, Scope, Send

from hub.errors import ApiError, FieldError
from ingest.collect.asgi import read_body, send_answer
from ingest.collect.decode import Events, now_us, parse_body, typed
from ingest.collect.pipeline import Hit, ingest
from ingest.collect.schema import message

_encoder = msgspec.json.Encoder()
JSON_TYPE = (b"content-type", b"application/json")


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


def _answer(accepted: int, rejected: list[dict[str, Any]], batch: bool) -> tuple[int, Any]:
    """The status and body: 202 when any event was accepted, else 422 in the error shape."""
    body: dict[str, Any] = {"accepted": accepted, "rejected": rejected}
    if accepted or not rejected:
        return 202, body
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
    return 422, {**error.body(), **body}


DESCRIPTION = (
    'One event object, or `{"events": [...]}`, as `application/json` or `text/plain` '
    "(sendBeacon). Answers `202 {accepted, rejected[]}` once durable; `422` when none is "
    "accepted (all kept in quarantine with a reason); `503` + `Retry-After` when the events "
    "could not be made durable."
)


@asgi("/v1/events", name="post_events", copy_scope=False)
async def post_events(scope: Scope, receive: Receive, send: Send) -> None:
    """The hot path, as a Litestar ASGI handler (decision 0064): no request object, signature
    model or response object per event; the same :func:`ingest` and error shape as the other
    routes (an :class:`ApiError` raised here goes through the app's exception handlers)."""
    method = cast("HTTPScope", scope)["method"]
    if method == "OPTIONS":
        await send_answer(send, 204, b"", [(b"allow", b"OPTIONS, POST")])
        return
    if method != "POST":
        raise MethodNotAllowedException(headers={"Allow": "OPTIONS, POST"})
    state = Litestar.from_scope(scope).state
    hit, length = _hit(scope)
    limit = state.settings.max_body_bytes
    if length is not None and length > limit:
        raise ClientException("Request Entity Too Large", status_code=413)
    body = await read_body(receive, limit)
    settings, received = state.settings, now_us()
    events = typed(body, received, settings.test_mode, settings.max_batch_events)
    if events is None:  # not all well formed: the generic checks name each problem
        raw, batch = parse_body(body, settings.max_batch_events)
        events = Events.of(raw, received, settings.test_mode, batch)
    accepted, rejected = await ingest(state, hit, events)
    status, answer = _answer(accepted, rejected, events.batch)
    await send_answer(send, status, _encoder.encode(answer), [JSON_TYPE])


def _hit(scope: Scope) -> tuple[Hit, int | None]:
    """The sender (client address, user agent, origin) and the announced body length."""
    agent = origin = None
    length: int | None = None
    for name, value in scope["headers"]:
        if name == b"user-agent":
            agent = value.decode("latin-1")
        elif name == b"origin":
            origin = value.decode("latin-1")
        elif name == b"content-length" and value.isdigit():
            length = int(value)
    client = scope.get("client")
    return Hit(client[0] if client else None, agent, origin), length


@post("/v1/events", status_code=202, summary="Track events (one, or a batch)",
      description=DESCRIPTION, tags=["tracking"])  # fmt: skip
async def documented(request: Request[Any, Any, State]) -> EventsAccepted:
    """What ``/schema`` shows for :func:`post_events`: Litestar documents HTTP handlers only, so
    :func:`ingest.openapi.document_asgi` takes this operation from a throwaway app. Never
    routed."""
    raise NotImplementedError  # pragma: no cover
