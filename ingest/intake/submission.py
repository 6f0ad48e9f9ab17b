"""The body of ``POST /v1/leads`` as a mapping: JSON (any ``+json`` or ``text/plain`` too) or
an HTML form post (urlencoded or multipart); a body that cannot be read carries its error."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from hub.errors import ApiError

_JSON_TYPES = {"", "application/json", "text/plain"}
_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


@dataclass(frozen=True, slots=True)
class Submission:
    """The request body as a mapping; ``error`` when it could not be read as one."""

    data: dict[str, Any] = field(default_factory=dict)
    is_form: bool = False
    error: ApiError | None = None
    raw: str = ""


async def read_submission(request: Request[Any, Any, Any]) -> Submission:
    content_type = request.content_type[0]
    if content_type in _FORM_TYPES:
        data: dict[str, Any] = {}
        for name, value in (await request.form()).multi_items():
            text = f"file:{value.filename}" if isinstance(value, UploadFile) else value
            data[name] = [*_as_list(data[name]), text] if name in data else text
        return Submission(data, is_form=True)
    if content_type not in _JSON_TYPES and not content_type.endswith("+json"):
        return Submission(
            error=ApiError(
                415,
                "unsupported_media_type",
                "Send application/json or application/x-www-form-urlencoded.",
            )
        )
    body = await request.body()
    try:
        value = json.loads(body)
    except ValueError:
        return Submission(
            raw=body[:65536].decode(errors="replace"),
            error=ApiError(400, "invalid_json", "The body is not valid JSON."),
        )
    if not isinstance(value, dict):
        return Submission(
            raw=body[:65536].decode(errors="replace"),
            error=ApiError(400, "invalid_body", "The body must be a JSON object of fields."),
        )
    return Submission(value)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
