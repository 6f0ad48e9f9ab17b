"""API v1 redirect links: the tracked links (``GET /r/{link_key}``) of the LPs that cannot run
our script: list, create, read, change, archive (the link still redirects; its clicks are
quarantined as ``key:inactive``).

Scoped to the key's account and its sub-accounts (another tenant's link is a 404); the work is
done by :mod:`hub.services.catalogue.links`, shared with the ``leadhub`` CLI and the dashboard.
"""

from __future__ import annotations

from typing import cast

from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services.actor import Actor
from hub.services.catalogue import links
from ingest.api.bodies_catalogue import LinkCreate, LinkUpdate
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.catalogue import RedirectLink, RedirectLinkPage

TAGS = ["API v1: landing pages, forms, origins"]
READ = {"permission": "catalogue.read"}
WRITE = {"permission": "catalogue.write"}


@get(
    "/v1/redirect-links",
    opt=READ,
    sync_to_thread=True,
    summary="Redirect links (filters: account_id, lp_id, active)",
    tags=TAGS,
)
def list_links(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    lp_id: FromQuery[str | None] = None,
    active: FromQuery[str | None] = None,
) -> RedirectLinkPage:
    return cast(
        RedirectLinkPage,
        links.list_links(
            hub.con(),
            actor,
            page.offset,
            page.limit,
            account_id,
            lp_id,
            bool_param("active", active),
        ),
    )


@post(
    "/v1/redirect-links",
    opt=WRITE,
    sync_to_thread=True,
    summary="Create a redirect link of an LP (its key is generated)",
    description="Fields: lp_id, name (required), target_url (http/https; default: the form's "
    "URL), form_id (a form of that LP).",
    tags=TAGS,
)
def create_link(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: LinkCreate
) -> RedirectLink:
    return cast(RedirectLink, links.create_link(hub.con(), actor, json_object(data), utcnow()))


@get(
    "/v1/redirect-links/{link_key:str}",
    opt=READ,
    sync_to_thread=True,
    summary="One redirect link",
    tags=TAGS,
)
def get_link(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], link_key: FromPath[str]
) -> RedirectLink:
    return cast(RedirectLink, links.get_link(hub.con(), actor, link_key))


@patch(
    "/v1/redirect-links/{link_key:str}",
    opt=WRITE,
    sync_to_thread=True,
    summary="Change a redirect link",
    description="Fields: name, target_url, form_id, active.",
    tags=TAGS,
)
def update_link(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    link_key: FromPath[str],
    data: LinkUpdate,
) -> RedirectLink:
    return cast(
        RedirectLink, links.update_link(hub.con(), actor, link_key, json_object(data), utcnow())
    )


@delete(
    "/v1/redirect-links/{link_key:str}",
    opt=WRITE,
    sync_to_thread=True,
    status_code=200,
    summary="Archive a redirect link (it still redirects; its clicks are quarantined)",
    tags=TAGS,
)
def archive_link(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], link_key: FromPath[str]
) -> RedirectLink:
    return cast(RedirectLink, links.archive_link(hub.con(), actor, link_key, utcnow()))


routes: list[HTTPRouteHandler] = [list_links, create_link, get_link, update_link, archive_link]
