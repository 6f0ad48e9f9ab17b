"""``GET /t.js``: the browser tracker (readable source: ``ingest/static/t.js``).

The committed minified build ``ingest/static/t.min.js`` is served when it was built from the
current source (its first line carries the source's digest, see :func:`banner`); otherwise the
readable source is served, so a stale build can never ship old behaviour. Rebuild after any
change to ``t.js`` (terser runs from npm, it is not a dependency of the product)::

    { echo "/*! leadhub t.js $(sha256sum ingest/static/t.js | cut -c1-16) */"
      npx --yes terser@5 ingest/static/t.js -c passes=2 -m --ecma 2017 --comments false
    } > ingest/static/t.min.js

Browsers and CDNs keep it 5 minutes (then revalidate with the strong ``ETag``, answered by
``304``), so a fix reaches every landing page within minutes.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler

STATIC_DIR = Path(__file__).parent.parent / "static"  # ingest/static
MEDIA_TYPE = "application/javascript; charset=utf-8"
CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400"


@dataclass(frozen=True, slots=True)
class TrackerScript:
    body: bytes
    etag: str
    minified: bool


def banner(source: bytes) -> bytes:
    """First line of a minified build made from ``source``."""
    return f"/*! leadhub t.js {hashlib.sha256(source).hexdigest()[:16]} */".encode()


@functools.cache
def load_tracker(static_dir: Path = STATIC_DIR) -> TrackerScript:
    """The script to serve (read once per process): the fresh minified build, else the source."""
    source = (static_dir / "t.js").read_bytes()
    built_path = static_dir / "t.min.js"
    built = built_path.read_bytes() if built_path.exists() else b""
    minified = built.startswith(banner(source))
    body = built if minified else source
    return TrackerScript(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', minified)


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison, as ``If-None-Match`` requires."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


@get("/t.js", include_in_schema=False, sync_to_thread=False)
def tracker_js(request: Request[Any, Any, Any]) -> Response[bytes]:
    script = load_tracker()
    headers = {
        "ETag": script.etag,
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    if etag_matches(request.headers.get("if-none-match"), script.etag):
        return Response(b"", status_code=304, headers=headers, media_type=MEDIA_TYPE)
    return Response(script.body, headers=headers, media_type=MEDIA_TYPE)


tracker_routes: list[HTTPRouteHandler] = [tracker_js]
