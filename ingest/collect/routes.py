"""The collector's tracking routes: events, pixel, redirect links and the tracker script."""

from __future__ import annotations

from litestar.handlers import ASGIRouteHandler, HTTPRouteHandler

from ingest.collect.events import documented, post_events
from ingest.collect.pixel import pixel
from ingest.collect.redirect import redirect
from ingest.collect.tracker import tracker_js

routes: list[HTTPRouteHandler | ASGIRouteHandler] = [post_events, pixel, tracker_js, redirect]
# Served by the ASGI handler above, documented by this declaration (ingest.openapi).
documented_asgi: list[HTTPRouteHandler] = [documented]
