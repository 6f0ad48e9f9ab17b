"""The baselines: bare Litestar apps answering ``POST /v1/events`` like the collector, no work.

Each reads and JSON-decodes the body and answers ``202 {"accepted": n, "rejected": []}``: the
cost of the HTTP server and framework alone. ``build_app`` is the plain Litestar way (``@post``,
a request and a response object); ``build_asgi_app`` the way the collector's events route is
written (a Litestar ASGI route handler, decision 0064). Served by ``run.py`` with the collector's
exact uvicorn settings (``ingest.server.run_server``).
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar, Request, Response, asgi, post
from litestar.types import Receive, Scope, Send

from ingest.collect.asgi import read_body, send_answer


@post("/v1/events", status_code=202)
async def events(request: Request[Any, Any, Any]) -> Response[Any]:
    data = msgspec.json.decode(await request.body())
    if isinstance(data, dict) and "events" in data:
        data = data["events"]
    count = len(data) if isinstance(data, list) else 1
    return Response({"accepted": count, "rejected": []}, status_code=202)


@asgi("/v1/events", copy_scope=False)
async def events_asgi(scope: Scope, receive: Receive, send: Send) -> None:
    data = msgspec.json.decode(await read_body(receive, 1_000_000))
    if isinstance(data, dict) and "events" in data:
        data = data["events"]
    count = len(data) if isinstance(data, list) else 1
    body = msgspec.json.encode({"accepted": count, "rejected": []})
    await send_answer(send, 202, body, [(b"content-type", b"application/json")])


def build_app() -> Litestar:
    return Litestar(route_handlers=[events], request_max_body_size=1_000_000, debug=False)


def build_asgi_app() -> Litestar:
    return Litestar(route_handlers=[events_asgi], debug=False)


def main() -> None:
    """Serve a bare app with the collector's exact uvicorn options (same LEADHUB_* env):
    ``python -m bench.collector.bare_app [post|asgi]``."""
    import sys

    from hub.settings import load_settings
    from ingest.server import run_server

    factory = "build_asgi_app" if sys.argv[1:] == ["asgi"] else "build_app"
    run_server(f"bench.collector.bare_app:{factory}", load_settings())


if __name__ == "__main__":
    main()
