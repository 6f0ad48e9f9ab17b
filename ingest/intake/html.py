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
    """The page the form was on: the Referer, else the form's configured URL."""
    back = request.headers.get("referer")
    if not back and isinstance(sub.data.get("form_key"), str):
        form = load_form(con, sub.data["form_key"])
        back = form.url if form else None
    return back if back and urlsplit(back).scheme in ("http", "https") else None


def error_of(answer: Answer) -> ApiError:
    body = answer.body["error"]
    fields = [FieldError(**f) for f in body["fields"]]
    return ApiError(answer.status_code, body["code"], body["message"], fields)


def thank_you(url: str, lead_id: str) -> str:
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), ("lead_id", lead_id)])
    return urlunsplit(parts._replace(query=query))
