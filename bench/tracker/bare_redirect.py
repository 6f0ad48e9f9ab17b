"""The baseline for ``GET /r/{link_key}``: a bare Litestar app answering the same ``302``.

No lookup, no event, no fsync: the cost of the HTTP server and framework alone. Served by
``run.py`` with the collector's exact uvicorn settings (``ingest.server.uvicorn_options``).
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.params import FromPath

TARGET = "http://127.0.0.1:8102/solaire/formulaire/"


@get("/r/{link_key:str}")
async def redirect(request: Request[Any, Any, Any], link_key: FromPath[str]) -> Response[bytes]:
    query = request.url.query
    location = f"{TARGET}?{query}&lh_vid={uuid.uuid4()}&lh_sid={uuid.uuid4()}"
    return Response(b"", status_code=302, headers={"Location": location})


def build_app() -> Litestar:
    return Litestar(route_handlers=[redirect], debug=False)


def main() -> None:
    from hub.settings import load_settings
    from ingest.server import run_server

    run_server("bench.tracker.bare_redirect:build_app", load_settings())


if __name__ == "__main__":
    main()
