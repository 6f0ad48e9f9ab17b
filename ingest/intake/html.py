"""Answers to an HTML form post (no JavaScript): a ``303`` to the thank-you page, or an error
page in French with a link back to the form."""

from __future__ import annotations

import sqlite3
from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from litestar import MediaType, Request, Response

from hub.errors import ApiError, FieldError
from ingest.intake.store import Answer, load_form
from ingest.intake.submission import Submission


def wants_html(request: Request[Any, Any, Any], sub: Submission) -> bool:
    return sub.is_form and "text/html" in request.headers.get("accept", "")


def html_error(err: ApiError, back: str | None) -> Response[str]:
    items = "".join(f"<li>{escape(f.message_fr)}</li>" for f in err.fields) or (
        "<li>Votre demande n'a pas pu être enregistrée.</li>"
    )
    link = f'<p><a href="{escape(back)}">Revenir au formulaire</a></p>' if back else ""
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Demande à corriger</title></head><body>"
        f"<h1>Merci de corriger votre demande</h1><ul>{items}</ul>{link}</body></html>"
    )
    return Response(
        page,
        status_code=err.status_code,
        media_type=MediaType.HTML,
        headers={"Cache-Control": "no-store", **err.headers},
    )


def back_url(
    con: sqlite3.Connection, request: Request[Any, Any, Any], sub: Submission
) -> str | None:
    """The page the form was on, for the error page's link back to it.

    In order: ``page_url`` (the tracker fills it with the page's address), a full ``Referer``,
    the form's configured URL, then a ``Referer`` that is only an origin (what a browser sends
    for a cross-origin post by default: a link to it would land on the site's home page)."""
    referer = request.headers.get("referer") or ""
    page_url = sub.data.get("page_url")
    form_key = sub.data.get("form_key")
    form = load_form(con, form_key) if isinstance(form_key, str) else None
    candidates = [
        page_url if isinstance(page_url, str) else "",
        referer if _http(referer) and urlsplit(referer).path not in ("", "/") else "",
        form.url if form else "",
        referer,
    ]
    return next((url for url in candidates if _http(url)), None)


def _http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def error_of(answer: Answer) -> ApiError:
    body = answer.body["error"]
    fields = [FieldError(**f) for f in body["fields"]]
    return ApiError(answer.status_code, body["code"], body["message"], fields)


def thank_you(url: str, lead_id: str) -> str:
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), ("lead_id", lead_id)])
    return urlunsplit(parts._replace(query=query))
