"""Reading a request and sending an answer in a Litestar ASGI route handler (decision 0064)."""

from __future__ import annotations

from litestar.exceptions import ClientException
from litestar.types import HTTPResponseBodyEvent, HTTPResponseStartEvent, Receive, Send


async def read_body(receive: Receive, limit: int) -> bytes:
    """The request body; 413 past ``limit`` bytes, 400 when the client is gone."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientException("Client disconnected", status_code=400)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise ClientException("Request Entity Too Large", status_code=413)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def send_answer(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    """A whole answer: ``headers`` and its content length, then ``body``."""
    length = (b"content-length", str(len(body)).encode())
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": [*headers, length],
    }
    await send(start)
    await send(HTTPResponseBodyEvent(type="http.response.body", body=body, more_body=False))
