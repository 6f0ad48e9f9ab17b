"""The baseline: a bare Litestar app answering ``POST /v1/events`` like the collector, no work.

It reads and JSON-decodes the body and answers ``202 {"accepted": n, "rejected": []}``: the cost of
the HTTP server and framework alone. Served by ``run.py`` with the collector's exact uvicorn
settings (uvloop, httptools, same workers, no access log).
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar, Request, Response, post


@post("/v1/events", status_code=202)
async def events(request: Request[Any, Any, Any]) -> Response[Any]:
    data = msgspec.json.decode(await request.body())
    if isinstance(data, dict) and "events" in data:
        data = data["events"]
    count = len(data) if isinstance(data, list) else 1
    return Response({"accepted": count, "rejected": []}, status_code=202)


def build_app() -> Litestar:
    return Litestar(route_handlers=[events], request_max_body_size=1_000_000, debug=False)


def main() -> None:
    """Serve the bare app with the collector's exact uvicorn options (same LEADHUB_* env)."""
    from hub.settings import load_settings
    from ingest.server import run_server

    run_server("bench.collector.bare_app:build_app", load_settings())


if __name__ == "__main__":
    main()
