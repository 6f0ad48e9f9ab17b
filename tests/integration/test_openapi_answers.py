"""Every API v1 answer is documented field by field in ``/schema/openapi.json`` (decision 0061):
each 2xx JSON answer of a ``/v1/`` path is an object with ``properties`` (or an array of such
objects), directly or through a ``$ref``; never a free-form object. File downloads (PDF, CSV,
Markdown, HTML, the pixel) are not JSON and are left out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

import pytest
from litestar.testing import TestClient

from hub.services.actor import ROLES
from hub.settings import Settings
from ingest.api.responses.common import Role
from ingest.app import create_app

pytestmark = pytest.mark.integration


@pytest.fixture
def spec(settings: Settings) -> Iterator[dict[str, Any]]:
    with TestClient(create_app(settings)) as client:
        yield client.get("/schema/openapi.json").json()


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _free_form(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    schema = _resolve(spec, schema)
    if schema.get("type") == "array":
        return _free_form(spec, schema.get("items", {}))
    return not schema.get("properties")


def _json_answers(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for status, answer in op["responses"].items():
                json_body = answer.get("content", {}).get("application/json")
                if path.startswith("/v1/") and status.startswith("2") and json_body:
                    yield f"{method.upper()} {path} {status}", json_body["schema"]


def test_every_v1_json_answer_lists_its_fields(spec: dict[str, Any]) -> None:
    answers = dict(_json_answers(spec))
    assert len(answers) > 90, "the schema lost answers"
    free = sorted(label for label, schema in answers.items() if _free_form(spec, schema))
    assert not free, f"free-form answers: {free}"


def test_the_walk_sees_a_free_form_answer() -> None:
    """The check itself: a free-form object, or an array of them, is caught; a ``$ref`` to an
    object with properties passes."""
    spec = {
        "components": {
            "schemas": {
                "Buyer": {"type": "object", "properties": {"id": {"type": "string"}}},
                "Loose": {"type": "object", "additionalProperties": {}},
            }
        }
    }
    assert _free_form(spec, {"type": "object", "additionalProperties": {}})
    assert _free_form(spec, {})
    assert _free_form(spec, {"$ref": "#/components/schemas/Loose"})
    assert _free_form(spec, {"type": "array", "items": {"type": "object"}})
    assert not _free_form(spec, {"$ref": "#/components/schemas/Buyer"})
    assert not _free_form(spec, {"type": "array", "items": {"$ref": "#/components/schemas/Buyer"}})


@pytest.mark.parametrize(
    ("label", "required"),
    [
        ("GET /v1/buyers/{buyer_id} 200", {"id", "account_id", "has_secret", "webhook_url"}),
        ("GET /v1/buyers 200", {"items", "total", "offset", "limit"}),
        ("POST /v1/api-keys 201", {"id", "prefix", "key"}),
        ("GET /v1/leads/{lead_id} 200", {"id", "consent", "deliveries", "timeline"}),
        ("POST /v1/leads 201", {"lead_id", "status"}),
        ("POST /v1/events 202", {"accepted", "rejected"}),
    ],
)
def test_answers_name_their_required_fields(
    spec: dict[str, Any], label: str, required: set[str]
) -> None:
    schema = _resolve(spec, dict(_json_answers(spec))[label])
    assert required <= set(schema["required"]), schema["required"]


@pytest.mark.parametrize(
    ("label", "conditional"),
    [
        ("POST /v1/buyers 201", "secret"),  # only when generated
        ("POST /v1/users 201", "password"),  # only when generated
    ],
)
def test_a_conditional_field_is_documented_but_not_required(
    spec: dict[str, Any], label: str, conditional: str
) -> None:
    schema = _resolve(spec, dict(_json_answers(spec))[label])
    assert conditional in schema["properties"]
    assert conditional not in schema["required"]


def test_the_documented_roles_are_the_permission_table_s() -> None:
    assert get_args(Role) == ROLES
