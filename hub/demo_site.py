"""The demo site: every LP on one loopback origin, every form on another, built from the hub
with the same snippets a real LP developer pastes. Pages are rendered per request."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from string import Template
from urllib.parse import urlsplit

from hub.db import connect
from hub.settings import Settings
from hub.snippets import lead_form_html, tracker_snippet

PAGE = Template("""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>$title</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
a.cta,button{display:inline-block;background:#f59e0b;color:#111;padding:.8rem 1.2rem;border:0;
border-radius:.4rem;font-size:1.1rem;text-decoration:none}label{display:block;margin:.6rem 0}
input[type=text],input[type=tel],input[type=email]{display:block;width:100%;padding:.4rem}</style>
$snippet
</head><body>
$body
</body></html>
""")


def _lp_page(settings: Settings, row: sqlite3.Row) -> str:
    body = (
        f"<h1>{escape(row['name'])}</h1><p>Réduisez vos factures d'énergie : étude gratuite, "
        f"installateurs certifiés RGE près de chez vous.</p>"
        f'<p><a class="cta" id="cta" href="{row["form_url"]}">Je fais ma simulation</a></p>'
    )
    snippet = tracker_snippet(settings.collector_url, row["key"], form_url=row["form_url"])
    return PAGE.substitute(title=row["name"], snippet=snippet, body=body)


def _form_page(settings: Settings, row: sqlite3.Row) -> str:
    form = lead_form_html(settings.collector_url, row["key"], row["consent_text"])
    body = f"<h1>{escape(row['name'])}</h1><p>Quelques questions, 30 secondes.</p>\n{form}"
    snippet = tracker_snippet(settings.collector_url, row["key"])
    return PAGE.substitute(title=row["name"], snippet=snippet, body=body)


def _thanks_page(row: sqlite3.Row) -> str:
    body = "<h1>Merci !</h1><p id='merci'>Votre demande est bien enregistrée.</p>"
    return PAGE.substitute(title="Merci", snippet="", body=body)


def render(settings: Settings, origin: str, path: str) -> str | None:
    """The page for a path on the LP or form origin, or None."""
    with closing(connect(settings.hub_db, readonly=True)) as con:
        if origin == "lp":
            row = con.execute(
                "SELECT lp.key, lp.name, f.url AS form_url FROM landing_pages lp"
                " JOIN forms f ON f.lp_id = lp.id WHERE lp.url LIKE '%' || ?",
                (path,),
            ).fetchone()
            return _lp_page(settings, row) if row else None
        row = con.execute(
            "SELECT key, name, url, thank_you_url, consent_text FROM forms"
            " WHERE url LIKE '%' || ? OR thank_you_url LIKE '%' || ?",
            (path, path),
        ).fetchone()
        if row is None:
            return None
        if row["thank_you_url"].endswith(path):
            return _thanks_page(row)
        return _form_page(settings, row)


def _handler(settings: Settings, origin: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            page = render(settings, origin, path) if path != "/" else None
            status = HTTPStatus.OK if page else HTTPStatus.NOT_FOUND
            data = (page or "<h1>Page introuvable</h1>").encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def serve(settings: Settings) -> None:
    servers = [
        ThreadingHTTPServer((settings.host, settings.demo_lp_port), _handler(settings, "lp")),
        ThreadingHTTPServer((settings.host, settings.demo_form_port), _handler(settings, "form")),
    ]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    print(f"demo LP origin   http://{settings.host}:{settings.demo_lp_port}", flush=True)
    print(f"demo form origin http://{settings.host}:{settings.demo_form_port}", flush=True)
    try:
        threads[0].join()
    except KeyboardInterrupt:
        pass
    finally:
        for server in servers:
            server.shutdown()
