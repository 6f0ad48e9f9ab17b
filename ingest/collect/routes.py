"""The collector's tracking routes: events, pixel, redirect links and the tracker script."""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler

from ingest.collect.events import post_events
from ingest.collect.pixel import pixel
from ingest.collect.redirect import redirect
from ingest.collect.tracker import tracker_js

routes: list[HTTPRouteHandler] = [post_events, pixel, tracker_js, redirect]
