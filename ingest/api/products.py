"""API v1 products (list, get, create, change, archive and unarchive; never deleted) and their
intercompany transfer prices per pair of entities (list, set, delete). The work is done by
:mod:`hub.services.products` and :mod:`hub.services.transfer_prices`, shared with the
``leadhub`` CLI.
"""

from __future__ import annotations

from typing import cast

from litestar import delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services import products, transfer_prices
from hub.services.actor import Actor
from ingest.api.bodies import PriceSet, ProductCreate, ProductUpdate
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.buyers import (
    Product,
    ProductPage,
    TransferPrice,
    TransferPriceDeleted,
    TransferPricePage,
)

TAGS = ["API v1: buyers, products, prices"]


@get(
    "/v1/products",
    opt={"permission": "prices.read"},
    sync_to_thread=True,
    summary="Products, with the aides they qualify for (paginated; filter: archived)",
    tags=TAGS,
)
def list_products(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    archived: FromQuery[str | None] = None,
) -> ProductPage:
    return cast(
        ProductPage,
        products.list_products(
            hub.con(), actor, page.offset, page.limit, archived=bool_param("archived", archived)
        ),
    )


@get(
    "/v1/products/{code:str}",
    opt={"permission": "prices.read"},
    sync_to_thread=True,
    summary="One product",
    tags=TAGS,
)
def get_product(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], code: FromPath[str]
) -> Product:
    return cast(Product, products.get_product(hub.con(), actor, code))


@delete(
    "/v1/products/{code:str}",
    opt={"permission": "products.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Archive a product (kept; refused for new LPs, forms and commandes)",
    tags=TAGS,
)
def archive_product(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], code: FromPath[str]
) -> Product:
    return cast(Product, products.archive_product(hub.con(), actor, code, utcnow()))


@post(
    "/v1/products/{code:str}/unarchive",
    opt={"permission": "products.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Open an archived product for new uses again",
    tags=TAGS,
)
def unarchive_product(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], code: FromPath[str]
) -> Product:
    return cast(Product, products.unarchive_product(hub.con(), actor, code, utcnow()))


@post(
    "/v1/products",
    opt={"permission": "products.write"},
    sync_to_thread=True,
    summary="Create a product (409 when the code is taken)",
    description="Fields: code ([A-Z][A-Z0-9_]{1,15}), label, aides (a list of strings).",
    tags=TAGS,
)
def create_product(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: ProductCreate
) -> Product:
    return cast(Product, products.create_product(hub.con(), actor, json_object(data), utcnow()))


@patch(
    "/v1/products/{code:str}",
    opt={"permission": "products.write"},
    sync_to_thread=True,
    summary="Change a product's label or aides",
    tags=TAGS,
)
def update_product(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    code: FromPath[str],
    data: ProductUpdate,
) -> Product:
    return cast(
        Product, products.update_product(hub.con(), actor, code, json_object(data), utcnow())
    )


@get(
    "/v1/transfer-prices",
    opt={"permission": "prices.read"},
    sync_to_thread=True,
    summary="Intercompany transfer prices (cents): each product's default and the pairs of"
    " entities you see (paginated; filter: product)",
    tags=TAGS,
)
def list_prices(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    product: FromQuery[str | None] = None,
) -> TransferPricePage:
    prices = transfer_prices.list_prices(
        hub.con(), actor, page.offset, page.limit, product=product or None
    )
    return cast(TransferPricePage, prices)


@put(
    "/v1/transfer-prices/{code:str}",
    opt={"permission": "prices.write"},
    sync_to_thread=True,
    summary="Set a product's transfer price, its default or a pair's (logged before → after)",
    description="Fields: price_cents (an integer, 0 or more); from_entity (the producing"
    " entity, which bills) and to_entity (the selling entity, which is billed), each an entity"
    " id or null (any); neither: the product's default.",
    tags=TAGS,
)
def set_price(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    code: FromPath[str],
    data: PriceSet,
) -> TransferPrice:
    price = transfer_prices.set_price(hub.con(), actor, code, json_object(data), utcnow())
    return cast(TransferPrice, price)


@delete(
    "/v1/transfer-prices/{code:str}",
    opt={"permission": "prices.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Delete a pair's transfer price (its sales then use a less specific one; a default"
    " is never deleted)",
    tags=TAGS,
)
def delete_price(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    code: FromPath[str],
    from_entity: FromQuery[str | None] = None,
    to_entity: FromQuery[str | None] = None,
) -> TransferPriceDeleted:
    pair = {"from_entity": from_entity or None, "to_entity": to_entity or None}
    gone = transfer_prices.delete_price(hub.con(), actor, code, pair, utcnow())
    return cast(TransferPriceDeleted, gone)


routes: list[HTTPRouteHandler] = [
    list_products,
    get_product,
    create_product,
    update_product,
    archive_product,
    unarchive_product,
    list_prices,
    set_price,
    delete_price,
]
