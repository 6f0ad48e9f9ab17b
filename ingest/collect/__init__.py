"""The hot collector path: events, pixel, redirect links, ``t.js``, the spool and the roller.

Nothing here is injected per request: handlers read the collector's state once and do the
least work that makes events durable (see ``ingest.collect.pipeline``).
"""
