"""The demo site: every LP on one loopback origin, every form on another, built from the hub
with the same snippets a real LP developer pastes. Pages are rendered per request."""

from __future__ import annotations

import re
import sqlite3
import threading
from contextlib import closing
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from string import Template
from urllib.parse import parse_qs, urlsplit

from hub.attribution import ATTRIBUTION
from hub.db import connect
from hub.settings import Settings
from hub.snippets import STUB, lead_form_html, tracker_snippet
from leadhub.demo.queries import demo_sql

PAGE = Template("""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>$title</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
a.cta,button{display:inline-block;background:#f59e0b;color:#111;padding:.8rem 1.2rem;border:0;
border-radius:.4rem;font-size:1.1rem;text-decoration:none}label{display:block;margin:.6rem 0}
input[type=text],input[type=tel],input[type=email]{display:block;width:100%;padding:.4rem}
#lh-consent{background:#1f2937;color:#fff;padding:.8rem 1rem;border-radius:.4rem}
#lh-consent button{font-size:.95rem;padding:.4rem .9rem;margin-right:.4rem}</style>
$snippet
</head><body>
$body
</body></html>
""")

# The demo's consent banner: asks the tracker to hold events until the visitor answers, and is
# shown only while the tracker has no answer (lh.consent === null; the 'lh:consent' event).
CONSENT_ASK = f"<script>{STUB}lh('consent','ask');</script>\n"
CONSENT_BANNER = """<div id="lh-consent" role="region" aria-label="Consentement" hidden>
<p>Nous mesurons l'audience de ce site. Acceptez-vous un identifiant de visite, partagé entre
nos pages, pour relier votre demande à votre visite ?</p>
<button type="button" id="lh-accept">Accepter</button>
<button type="button" id="lh-refuse">Refuser</button></div>
<script>(function(){var b=document.getElementById('lh-consent');
function show(s){b.hidden=s!==null}
window.addEventListener('lh:consent',function(e){show(e.detail)});
if(window.lh&&window.lh.lh)show(window.lh.consent);
document.getElementById('lh-accept').onclick=function(){lh('consent',true)};
document.getElementById('lh-refuse').onclick=function(){lh('consent',false)};})();</script>
"""
CARRIED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{7,127}")


def _lp_page(settings: Settings, row: sqlite3.Row) -> str:
    body = (
        f"<h1>{escape(row['name'])}</h1><p>Réduisez vos factures d'énergie : étude gratuite, "
        f"installateurs certifiés RGE près de chez vous.</p>"
        f'<p><a class="cta" id="cta" href="{row["form_url"]}">Je fais ma simulation</a></p>'
    )
    snippet = CONSENT_ASK + tracker_snippet(
        settings.collector_url, row["key"], form_url=row["form_url"]
    )
    return PAGE.substitute(title=row["name"], snippet=snippet, body=CONSENT_BANNER + body)


def carried_ids(query: str) -> str:
    """Hidden inputs for the ids and attribution a link or the redirect carried here, so that a
    lead posted without JavaScript is still joined to its visit."""
    params = {k: v[0] for k, v in parse_qs(query).items()}
    fields = {"visitor_id": params.get("lh_vid", ""), "session_id": params.get("lh_sid", "")}
    fields = {k: v for k, v in fields.items() if CARRIED_ID.fullmatch(v)}
    fields.update({k: params[k][:256] for k in ATTRIBUTION if params.get(k)})
    return "".join(
        f'  <input type="hidden" name="{k}" value="{escape(v)}">\n' for k, v in fields.items()
    )


def _form_page(settings: Settings, row: sqlite3.Row, query: str) -> str:
    form = lead_form_html(settings.collector_url, row["key"], row["consent_text"])
    form = form.replace(" data-lh-lead>\n", " data-lh-lead>\n" + carried_ids(query), 1)
    body = f"<h1>{escape(row['name'])}</h1><p>Quelques questions, 30 secondes.</p>\n{form}"
    snippet = CONSENT_ASK + tracker_snippet(settings.collector_url, row["key"])
    return PAGE.substitute(title=row["name"], snippet=snippet, body=CONSENT_BANNER + body)


def _thanks_page(row: sqlite3.Row) -> str:
    body = "<h1>Merci !</h1><p id='merci'>Votre demande est bien enregistrée.</p>"
    return PAGE.substitute(title="Merci", snippet="", body=body)


def render(settings: Settings, origin: str, path: str, query: str = "") -> str | None:
    """The page for a path on the LP or form origin, or None."""
    with closing(connect(settings.hub_db, readonly=True)) as con:
        if origin == "lp":
            row = con.execute(demo_sql("site_lp"), {"path": path}).fetchone()
            return _lp_page(settings, row) if row else None
        row = con.execute(demo_sql("site_form"), {"path": path}).fetchone()
        if row is None:
            return None
        if row["thank_you_url"].endswith(path):
            return _thanks_page(row)
        return _form_page(settings, row, query)


def _handler(settings: Settings, origin: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            page = render(settings, origin, url.path, url.query) if url.path != "/" else None
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
