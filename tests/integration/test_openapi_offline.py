"""The OpenAPI page works offline: every script, stylesheet and icon it loads is served by the
collector itself (``/schema/assets/``, from the pinned ``openapi-ui-bundles`` package), and the
document describes the one error shape for every operation."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app

pytestmark = pytest.mark.integration


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_the_page_loads_only_same_origin_assets_and_each_is_served(
    client: TestClient[Litestar],
) -> None:
    page = client.get("/schema")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parser = _Urls()
    parser.feed(page.text)
    assert len(parser.urls) == 4, parser.urls  # icon, CSS, bundle, standalone preset
    kinds = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    for url in parser.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and url.startswith("/schema/assets/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert asset.headers["content-type"].startswith(kinds[suffix]), (url, asset.headers)
        assert len(asset.content) > 500, url
    bundle = client.get("/schema/assets/swagger-ui-bundle.js").text
    assert "SwaggerUIBundle" in bundle and "cdn.jsdelivr.net" not in page.text


def test_an_unknown_asset_is_a_404_in_the_error_shape(client: TestClient[Litestar]) -> None:
    missing = client.get("/schema/assets/nope.js")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    escape = client.get("/schema/assets/../../../etc/passwd")
    assert escape.status_code == 404


def test_every_operation_documents_the_error_shape(client: TestClient[Litestar]) -> None:
    spec = client.get("/schema/openapi.json").json()
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert set(error["properties"]["error"]["required"]) == {
        "code",
        "message",
        "retryable",
        "fields",
    }
    ref = {"$ref": "#/components/schemas/Error"}
    operations = [op for item in spec["paths"].values() for op in item.values()]
    assert len(operations) > 90
    for op in operations:
        assert op["responses"]["default"]["content"]["application/json"]["schema"] == ref
        for status, answer in op["responses"].items():
            json_body = answer.get("content", {}).get("application/json")
            if status.isdigit() and int(status) >= 400 and json_body:
                assert json_body["schema"] == ref, (op["operationId"], status)
    pixel = spec["paths"]["/v1/p.gif"]["get"]["responses"]
    assert set(pixel["200"]["content"]) == set(pixel["422"]["content"]) == {"image/gif"}
    brief = spec["paths"]["/v1/landing-pages/{lp_id}/brief"]["get"]["responses"]["200"]
    assert set(brief["content"]) == {"text/markdown", "text/html"}
