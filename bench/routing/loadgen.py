"""A lean load generator for ``POST /v1/leads``: pre-encoded HTTP/1.1 requests on keep-alive
connections, answers read by their ``Content-Length``.

httpx's async client spent ~2.2 ms of CPU a lead in this bench, as much as the collector itself:
on 2 cores the client took half the machine. This one spends a few tens of µs (like ``wrk``
for the collector bench), so the bench measures the server. Every answer is still read and
checked: a lead the bench counts is a ``201`` with status ``new``.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


def encode(host: str, path: str, body: dict[str, Any]) -> bytes:
    payload = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


@dataclass
class Posted:
    sent: dict[str, float] = field(default_factory=dict)  # lead_id: submit time (epoch s)
    ms: list[float] = field(default_factory=list)  # each request's answer time


async def post_leads(url: str, bodies: list[dict[str, Any]], concurrency: int) -> Posted:
    """POST every body over ``concurrency`` connections: the leads queued for routing and each
    request's time (anything but a 201 ``new`` stops the bench)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    requests = [encode(parts.netloc, parts.path, body) for body in bodies]
    requests.reverse()
    posted = Posted()

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while requests:
                request = requests.pop()
                t, t0 = time.time(), time.perf_counter()
                writer.write(request)
                status, body = await _answer(reader)
                posted.ms.append((time.perf_counter() - t0) * 1000)
                answer = json.loads(body)
                if status != 201 or answer["status"] != "new":
                    raise RuntimeError(f"intake answered {status}: {body[:200]!r}")
                posted.sent[answer["lead_id"]] = t
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return posted
