"""One pooled HTTP client per buyer endpoint, kept for the life of the router (decision 0058).

Each endpoint (``scheme://host:port``, the key of its circuit breaker) gets its own
``httpx.Client``: its keep-alive connections are reused from one lead to the next, a slow or
failing buyer can only fill its own pool (never the connections another buyer's deliveries
need), and a request only looks through its own endpoint's connections. The clients are made
on first use, shared by the router's threads (an ``httpx.Client`` is thread-safe) and closed on
shutdown. Redirects are not followed and the environment's proxies are ignored, as before.
"""

from __future__ import annotations

import threading

import httpx

from hub.rules.endpoint import http_endpoint

USER_AGENT = "leadhub-router/1"


class EndpointClients:
    def __init__(
        self, timeout_seconds: float, *, max_connections: int = 16, keepalive: int = 8
    ) -> None:
        self.timeout = httpx.Timeout(timeout_seconds)
        self.limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=keepalive
        )
        self._lock = threading.Lock()
        self._clients: dict[str, httpx.Client] = {}

    def for_url(self, url: str) -> httpx.Client:
        """The client of this URL's endpoint (made on first use)."""
        endpoint = http_endpoint(url)
        client = self._clients.get(endpoint)
        if client is not None:
            return client
        with self._lock:
            client = self._clients.get(endpoint)
            if client is None:
                client = self._clients[endpoint] = httpx.Client(
                    timeout=self.timeout,
                    follow_redirects=False,
                    trust_env=False,
                    headers={"User-Agent": USER_AGENT},
                    limits=self.limits,
                )
            return client

    def endpoints(self) -> list[str]:
        with self._lock:
            return sorted(self._clients)

    def close(self) -> None:
        """Close every client (shutdown); a later call makes a new one."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()
