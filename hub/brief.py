"""The integration brief of an LP and its forms, in French: Markdown and HTML.

Every URL, the snippets (direct script, GTM Custom HTML tag, tracked redirect links, a plain
HTML form posting to ``/v1/leads``), what each statistic means and the verification checklist.
Markdown comes from ``templates/brief.md.j2``; HTML is that Markdown rendered by
markdown-it (raw HTML disabled, so hub values are escaped) inside ``templates/brief.html.j2``.

Public URLs come from ``settings.collector_url``. Unless ``allow_private_network`` (the demo,
tests), :func:`public_url_problems` refuses a collector URL that is not public https, and every
brief is scanned before it is returned: a placeholder or loopback host, or anything shaped like
a secret (API key, webhook secret, Fernet key, password hash), is a :class:`BriefError`, never a
brief.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sqlite3
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hub.calendar import PARIS
from hub.db import sql
from hub.settings import Settings
from hub.snippets import STUB, lead_form_html, tracker_snippet

TEMPLATES = Path(__file__).resolve().parent / "templates"
PLACEHOLDER_HOSTS = re.compile(
    r"(^|\.)(example(\.(com|org|net|fr))?|localhost|invalid|test|local|localdomain)$"
)
SECRET_SHAPES = {
    "API key": re.compile(r"\blh_[A-Za-z0-9_-]{20,}"),
    "webhook secret": re.compile(r"whsec_[A-Za-z0-9+/=_-]{8,}"),
    "Fernet key": re.compile(r"\b[A-Za-z0-9_-]{43}="),
    "password hash": re.compile(r"\$argon2"),
}
URL_RE = re.compile(r"https?://[^\s\"'<>()`|]+")


class BriefError(ValueError):
    """The brief cannot be produced safely (unknown LP, placeholder URL, secret-like text)."""


def placeholder_host(url: str) -> bool:
    """Loopback, private, unspecified or reserved-for-examples host (example.com, .test, ...)."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return True
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return bool(PLACEHOLDER_HOSTS.search(host))
    return addr.is_loopback or addr.is_private or addr.is_unspecified or addr.is_link_local


def public_url_problems(settings: Settings) -> list[str]:
    """Why ``collector_url`` cannot be given to LP developers (none when the private network
    is allowed: the demo, tests)."""
    if settings.allow_private_network:
        return []
    url = settings.collector_url
    if not settings.public_url:
        return [f"LEADHUB_PUBLIC_URL is not set (the collector would be given as {url})."]
    problems = []
    if urlsplit(url).scheme != "https":
        problems.append(f"LEADHUB_PUBLIC_URL must be https (got {url}).")
    if placeholder_host(url):
        problems.append(f"LEADHUB_PUBLIC_URL is not a public host (got {url}).")
    return problems


def check_clean(text: str, settings: Settings) -> None:
    """Raise :class:`BriefError` if ``text`` holds a secret, or a placeholder outside tests."""
    for what, pattern in SECRET_SHAPES.items():
        if pattern.search(text):
            raise BriefError(f"the brief would contain something shaped like a {what}")
    if "{{" in text or "}}" in text:
        raise BriefError("the brief has an unfilled template field")
    if not settings.allow_private_network:
        bad = sorted({u for u in URL_RE.findall(text) if placeholder_host(u)})
        if bad:
            raise BriefError(f"placeholder or non-public URL(s) in the brief: {', '.join(bad)}")


def gtm_snippet(collector_url: str, key: str, *, form_url: str | None = None) -> str:
    """GTM Custom HTML tag: queue stub, init, and the script inserted by code (no data-*)."""
    config: dict[str, str] = {"key": key, "endpoint": collector_url}
    if form_url:
        config["form_url"] = form_url
    init = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    src = json.dumps(f"{collector_url}/t.js").replace("</", "<\\/")
    return (
        f"<script>\n{STUB}\nlh('init',{init});\n"
        "(function(d){var s=d.createElement('script');s.async=true;"
        f"s.src={src};d.head.appendChild(s);}})(document);\n</script>"
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def context(con: sqlite3.Connection, settings: Settings, lp_key: str) -> dict[str, Any]:
    """Everything the templates need, read from the hub (no secret is ever read)."""
    lp = con.execute(sql("brief_lp"), {"key": lp_key}).fetchone()
    if lp is None:
        raise BriefError(f"no landing page with key {lp_key!r}")
    collector = settings.collector_url
    forms = []
    for row in con.execute(sql("brief_forms"), {"lp_id": lp["id"]}).fetchall():
        form = dict(row)
        form["required"] = json.loads(row["required_fields"] or "[]")
        form["snippet"] = tracker_snippet(collector, row["key"])
        form["html_form"] = lead_form_html(collector, row["key"], row["consent_text"])
        forms.append(form)
    first_form = forms[0]["url"] if forms else None
    links = [dict(r) for r in con.execute(sql("brief_links"), {"lp_id": lp["id"]}).fetchall()]
    allowed = {
        r["origin"].rstrip("/").lower()
        for r in con.execute(sql("brief_origins"), {"account_id": lp["account_id"]})
    }
    needed = dict.fromkeys(_origin(u) for u in [lp["url"], *(f["url"] for f in forms)])
    return {
        "lp": dict(lp),
        "variants": json.loads(lp["variants"] or "[]"),
        "forms": forms,
        "links": links,
        "collector": collector,
        "snippet_lp": tracker_snippet(collector, lp["key"], form_url=first_form),
        "snippet_gtm": gtm_snippet(collector, lp["key"], form_url=first_form),
        "origins": [{"origin": o, "allowed": o in allowed} for o in needed],
        "silence_minutes": settings.health_silence_minutes,
        "generated_at": datetime.now(UTC).astimezone(PARIS).strftime("%d/%m/%Y à %H:%M"),
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(value: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(value))


@cache
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return env


def render_markdown(con: sqlite3.Connection, settings: Settings, lp_key: str) -> str:
    """The brief in Markdown; raises :class:`BriefError` rather than return an unsafe one."""
    problems = public_url_problems(settings)
    if problems:
        raise BriefError(" ".join(problems))
    text: str = _env().get_template("brief.md.j2").render(**context(con, settings, lp_key))
    check_clean(text, settings)
    return text


def markdown_to_html(markdown: str, title: str) -> str:
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    page: str = _env().get_template("brief.html.j2").render(title=title, body=body)
    return page


def render_html(con: sqlite3.Connection, settings: Settings, lp_key: str) -> str:
    markdown = render_markdown(con, settings, lp_key)
    title = markdown.splitlines()[0].removeprefix("# Brief d'intégration — ")
    page = markdown_to_html(markdown, title)
    check_clean(page, settings)
    return page
