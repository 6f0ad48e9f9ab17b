"""Shared e2e helpers: headless Chromium (Debian binary), static pages on a real loopback
origin, and a reader for what landed in the raw lake. Processes: ``tests/e2e/procs.py``.

Reusable by any e2e test::

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
    with StaticSite() as site:
        site.pages["/"] = "<html>…</html>"
        page.goto(site.url("/"))
    rows = wait_for_lake(data_dir, lambda rows: len(rows) >= 3)
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request

from hub.snippets import STUB

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
Row = dict[str, Any]


def launch_chromium(pw: Playwright) -> Browser:
    """Chromium from Debian (browsers cannot be downloaded here), headless, loopback only."""
    return pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)


@dataclass
class Hit:
    """One request the static site received (form posts keep their decoded fields)."""

    method: str
    path: str
    form: dict[str, list[str]] = field(default_factory=dict)


class StaticSite:
    """Serves HTML strings by path on a free loopback port: a real origin for a test page.

    ``pages`` maps a path (without query string) to HTML; a POST records its urlencoded body
    in ``hits`` and answers ``post_reply``. Everything received is in ``hits``.
    """

    def __init__(self, host: str = HOST) -> None:
        self.pages: dict[str, str] = {}
        self.hits: list[Hit] = []
        self.post_reply = "<!doctype html><meta charset='utf-8'><title>Merci</title><h1>Merci</h1>"
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits.append(Hit("GET", self.path))
                html = site.pages.get(self.path.split("?", 1)[0])
                self._reply(200 if html is not None else 404, html or "not found")

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(size).decode("utf-8", "replace")
                site.hits.append(Hit("POST", self.path, parse_qs(body, keep_blank_values=True)))
                self._reply(200, site.post_reply)

            def _reply(self, status: int, html: str) -> None:
                data = html.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self.origin = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.origin + path

    def __enter__(self) -> StaticSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def wait_for_lake(
    data_dir: Path,
    done: Callable[[list[Row]], bool],
    timeout: float = 20,
    *,
    quarantine: bool = False,
) -> list[Row]:
    """Poll the raw lake (or the quarantine) of ``data_dir`` until ``done(rows)``; fail showing
    what is there."""
    lake = data_dir / "lake"
    root = lake / "quarantine" / "events" if quarantine else lake / "raw" / "events"
    deadline = time.monotonic() + timeout
    rows = read_lake(root)
    while not done(rows):
        if time.monotonic() > deadline:
            raise AssertionError(f"lake never satisfied the condition; has {summary(rows)}")
        time.sleep(0.25)
        rows = read_lake(root)
    return rows


def read_lake(raw_dir: Path) -> list[Row]:
    import duckdb

    files = sorted(raw_dir.glob("date=*/*.parquet"))  # final names only, never .tmp
    if not files:
        return []
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    try:
        cur = con.execute(
            "SELECT * FROM read_parquet(?, hive_partitioning = false, union_by_name = true)"
            " ORDER BY received_at, ts",
            [[str(f) for f in files]],
        )
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def summary(rows: list[Row]) -> list[tuple[Any, ...]]:
    return [(r.get("type"), r.get("key"), r.get("visitor_id"), r.get("reason")) for r in rows]


def page_html(
    endpoint: str, key: str, *, body: str, head: str = "", early: str = "", **options: Any
) -> str:
    """A page with the public snippet: queue stub + init (+ early calls), then async t.js."""
    config = json.dumps({"key": key, "endpoint": endpoint, **options})
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{key}</title>{head}"
        f"<script>{STUB}lh('init',{config});{early}</script>"
        f"<script async src='{endpoint}/t.js'></script></head><body>{body}</body></html>"
    )


def wait_loaded(page: Page) -> None:
    """Until t.js has run on ``page`` (the stub replaced by the tracker)."""
    page.wait_for_function("window.lh && window.lh.lh === 1")


def of_visitor(visitor_id: str, count: int) -> Callable[[list[Row]], bool]:
    """A lake condition: at least ``count`` events of ``visitor_id``."""

    def done(rows: list[Row]) -> bool:
        return len([r for r in rows if r["visitor_id"] == visitor_id]) >= count

    return done


def with_props(rows: list[Row], **expected: Any) -> list[Row]:
    """The rows whose ``props`` JSON holds every ``expected`` key and value."""
    found = []
    for row in rows:
        props = json.loads(row["props"] or "{}")
        if all(props.get(k) == v for k, v in expected.items()):
            found.append(row)
    return found


# Records the body of every beacon the browser accepted (Playwright does not expose them).
RECORD_BEACONS = """(() => {
  const texts = new WeakMap();
  const NativeBlob = window.Blob;
  window.Blob = function (parts, options) {
    const blob = new NativeBlob(parts, options);
    if (options && options.type) texts.set(blob, parts.join(''));
    return blob;
  };
  window.Blob.prototype = NativeBlob.prototype;
  const send = Navigator.prototype.sendBeacon;
  Navigator.prototype.sendBeacon = function (url, data) {
    const ok = send.call(this, url, data);
    if (ok && texts.has(data)) window.__lhBeacon(texts.get(data));
    return ok;
  };
})();"""


SENT_ALL = "Object.keys(localStorage).every(k => !k.startsWith('lh_q_'))"  # consent only


class Sent:
    """What a context sends to the collector: every request, and the events each carried."""

    def __init__(self, context: BrowserContext, endpoint: str) -> None:
        self.endpoint = endpoint
        self.requests: list[Request] = []
        self.beacons: list[str] = []
        context.on("request", self._seen)
        context.expose_binding("__lhBeacon", lambda _source, text: self.beacons.append(text))
        context.add_init_script(RECORD_BEACONS)

    def _seen(self, request: Request) -> None:
        if request.url.startswith(self.endpoint + "/v1/"):
            self.requests.append(request)

    def kinds(self) -> set[tuple[str, str, str]]:
        return {
            (r.resource_type, r.method, r.url.split("?")[0].removeprefix(self.endpoint))
            for r in self.requests
        }

    def event_ids(self) -> list[str]:
        """The id of every event sent, once per request that carried it."""
        bodies = [*self.beacons]
        bodies += [r.post_data or "" for r in self.requests if r.resource_type == "fetch"]
        ids = []
        for body in bodies:
            data = json.loads(body)
            ids += [e["event_id"] for e in data.get("events", [data])]
        for r in self.requests:
            if r.method == "GET":
                ids += parse_qs(urlsplit(r.url).query)["event_id"]
        return ids
