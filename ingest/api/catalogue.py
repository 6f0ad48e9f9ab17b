"""API v1 catalogue: landing pages, forms, the origins allowed per account, and the integration
brief of an LP.

Scoped to the key's account and its sub-accounts (another tenant's object is a 404); the work is
done by :mod:`hub.services.catalogue`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

from typing import cast

from litestar import Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services import catalogue
from hub.services.actor import Actor
from hub.settings import Settings
from ingest.api.bodies import FormCreate, FormUpdate, LpCreate, LpUpdate, OriginCreate
from ingest.api.bodies_catalogue import LpDuplicate
from ingest.api.deps import Page
from ingest.api.params import json_object
from ingest.api.responses.catalogue import (
    ConsentVersionPage,
    Form,
    FormPage,
    LandingPage,
    LandingPagePage,
    LpDuplicated,
    Origins,
)

TAGS = ["API v1: landing pages, forms, origins"]
READ = {"permission": "catalogue.read"}
WRITE = {"permission": "catalogue.write"}


# landing pages


@get("/v1/landing-pages", opt=READ, sync_to_thread=True, summary="Landing pages", tags=TAGS)
def list_lps(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    product: FromQuery[str | None] = None,
) -> LandingPagePage:
    return cast(
        LandingPagePage,
        catalogue.list_lps(hub.con(), actor, page.offset, page.limit, account_id, product),
    )


@post(
    "/v1/landing-pages",
    opt=WRITE,
    sync_to_thread=True,
    summary="Create a landing page (its URL's origin is allowed)",
    description="Fields: account_id, name, url (http/https), product_code (all required).",
    tags=TAGS,
)
def create_lp(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: LpCreate
) -> LandingPage:
    return cast(LandingPage, catalogue.create_lp(hub.con(), actor, json_object(data), utcnow()))


@get("/v1/landing-pages/{lp_id:str}", opt=READ, sync_to_thread=True, summary="One LP", tags=TAGS)
def get_lp(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], lp_id: FromPath[str]
) -> LandingPage:
    return cast(LandingPage, catalogue.get_lp(hub.con(), actor, lp_id))


@patch(
    "/v1/landing-pages/{lp_id:str}",
    opt=WRITE,
    sync_to_thread=True,
    summary="Change a landing page",
    description="Fields: name, url, product_code, active.",
    tags=TAGS,
)
def update_lp(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], lp_id: FromPath[str], data: LpUpdate
) -> LandingPage:
    return cast(
        LandingPage, catalogue.update_lp(hub.con(), actor, lp_id, json_object(data), utcnow())
    )


@delete(
    "/v1/landing-pages/{lp_id:str}",
    opt=WRITE,
    sync_to_thread=True,
    status_code=200,
    summary="Archive a landing page (active false; never deleted)",
    tags=TAGS,
)
def archive_lp(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], lp_id: FromPath[str]
) -> LandingPage:
    return cast(LandingPage, catalogue.archive_lp(hub.con(), actor, lp_id, utcnow()))


@post(
    "/v1/landing-pages/{lp_id:str}/duplicate",
    opt=WRITE,
    sync_to_thread=True,
    summary="Duplicate a landing page with its forms (new keys; consent text as a new v1)",
    description="Field: name (optional; default « <name> (copie) »). Answer: landing_page, forms.",
    tags=TAGS,
)
def duplicate_lp(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    lp_id: FromPath[str],
    data: LpDuplicate = None,
) -> LpDuplicated:
    body = {} if data is None else json_object(data)
    return cast(LpDuplicated, catalogue.duplicate_lp(hub.con(), actor, lp_id, body, utcnow()))


@get(
    "/v1/landing-pages/{lp_id:str}/brief",
    opt=READ,
    sync_to_thread=True,
    summary="The integration brief of an LP and its forms (format=md or html)",
    tags=TAGS,
    media_type="text/markdown",  # format=html: text/html (ingest/openapi.py ALSO_MEDIA)
)
def lp_brief(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    lp_id: FromPath[str],
    format: FromQuery[str] = "md",
) -> Response[str]:
    text = catalogue.lp_brief(hub.con(), actor, settings, lp_id, format)
    # Litestar appends "; charset=utf-8" to a text/ type itself
    return Response(text, media_type="text/html" if format == "html" else "text/markdown")


# forms


@get("/v1/forms", opt=READ, sync_to_thread=True, summary="Forms", tags=TAGS)
def list_forms(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    product: FromQuery[str | None] = None,
    lp_id: FromQuery[str | None] = None,
) -> FormPage:
    return cast(
        FormPage,
        catalogue.list_forms(hub.con(), actor, page.offset, page.limit, account_id, product, lp_id),
    )


@post(
    "/v1/forms",
    opt=WRITE,
    sync_to_thread=True,
    summary="Create a form (its URLs' origins are allowed)",
    description="Fields: account_id and product_code (default: the LP's), lp_id, name, url, "
    "thank_you_url, consent_text, consent_buyers, required_fields, field_aliases.",
    tags=TAGS,
)
def create_form(hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: FormCreate) -> Form:
    return cast(Form, catalogue.create_form(hub.con(), actor, json_object(data), utcnow()))


@get("/v1/forms/{form_id:str}", opt=READ, sync_to_thread=True, summary="One form", tags=TAGS)
def get_form(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], form_id: FromPath[str]
) -> Form:
    return cast(Form, catalogue.get_form(hub.con(), actor, form_id))


@get(
    "/v1/forms/{form_id:str}/consent",
    opt=READ,
    sync_to_thread=True,
    summary="Every consent text the form has shown, by version, with the buyers it named",
    tags=TAGS,
)
def form_consent(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], form_id: FromPath[str]
) -> ConsentVersionPage:
    return cast(ConsentVersionPage, catalogue.consent_versions(hub.con(), actor, form_id))


@patch(
    "/v1/forms/{form_id:str}",
    opt=WRITE,
    sync_to_thread=True,
    summary="Change a form (a new consent text or named buyers: a new consent version)",
    tags=TAGS,
)
def update_form(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    form_id: FromPath[str],
    data: FormUpdate,
) -> Form:
    return cast(Form, catalogue.update_form(hub.con(), actor, form_id, json_object(data), utcnow()))


@delete(
    "/v1/forms/{form_id:str}",
    opt=WRITE,
    sync_to_thread=True,
    status_code=200,
    summary="Archive a form (active false; never deleted)",
    tags=TAGS,
)
def archive_form(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], form_id: FromPath[str]
) -> Form:
    return cast(Form, catalogue.archive_form(hub.con(), actor, form_id, utcnow()))


# origins


@get(
    "/v1/accounts/{account_id:str}/origins",
    opt=READ,
    sync_to_thread=True,
    summary="Origins allowed to send tracking events for an account (paginated, with total)",
    tags=TAGS,
)
def list_origins(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromPath[str],
) -> Origins:
    return cast(
        Origins, catalogue.list_origins(hub.con(), actor, account_id, page.offset, page.limit)
    )


@post(
    "/v1/accounts/{account_id:str}/origins",
    opt=WRITE,
    sync_to_thread=True,
    summary="Allow an origin (http(s)://host[:port], no path)",
    tags=TAGS,
)
def add_origin(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    account_id: FromPath[str],
    data: OriginCreate,
) -> Origins:
    return cast(
        Origins, catalogue.add_origin(hub.con(), actor, account_id, json_object(data), utcnow())
    )


@delete(
    "/v1/accounts/{account_id:str}/origins",
    opt=WRITE,
    sync_to_thread=True,
    status_code=200,
    summary="Stop allowing an origin (?origin=https://host)",
    tags=TAGS,
)
def remove_origin(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    account_id: FromPath[str],
    origin: FromQuery[str | None] = None,
) -> Origins:
    return cast(Origins, catalogue.remove_origin(hub.con(), actor, account_id, origin, utcnow()))


routes: list[HTTPRouteHandler] = [
    list_lps,
    create_lp,
    get_lp,
    update_lp,
    archive_lp,
    duplicate_lp,
    lp_brief,
    list_forms,
    create_form,
    get_form,
    form_consent,
    update_form,
    archive_form,
    list_origins,
    add_origin,
    remove_origin,
]
