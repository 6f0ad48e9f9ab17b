"""One pooled HTTP client per buyer endpoint (decision 0058), against real loopback servers:
deliveries to one endpoint reuse a kept-alive connection, endpoints never share a pool, and
shutdown closes every client."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from routing.clients import EndpointClients

pytestmark = pytest.mark.integration


class Peers(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.peer_ports: list[int] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Peers

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.peer_ports.append(self.client_address[1])
        self.send_response(201)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def server() -> Iterator[Peers]:
    srv = Peers()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def test_deliveries_to_one_endpoint_reuse_one_connection() -> None:
    clients = EndpointClients(5.0)
    with server() as a, server() as b:
        for i in range(5):
            path = f"/leads/{i}"  # another path of the same endpoint: the same client
            assert (
                clients.for_url(a.url + path).post(a.url + path, content=b"{}").status_code == 201
            )
        clients.for_url(b.url + "/x").post(b.url + "/x", content=b"{}")
        assert len(set(a.peer_ports)) == 1  # kept alive from one lead to the next
        assert len(a.peer_ports) == 5
        assert clients.for_url(a.url + "/y") is clients.for_url(a.url.upper() + "/z")
        assert clients.for_url(a.url) is not clients.for_url(b.url)
        assert clients.endpoints() == sorted(
            [f"http://127.0.0.1:{a.server_address[1]}", f"http://127.0.0.1:{b.server_address[1]}"]
        )
        held = [clients.for_url(a.url), clients.for_url(b.url)]
        clients.close()
        assert all(c.is_closed for c in held)
        assert clients.endpoints() == []
