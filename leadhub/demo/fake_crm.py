"""A real HTTP buyer CRM for demos and tests (``leadhub fake-crm``).

POST to any path but ``/_fake/*`` records a lead; a replay of an ``Idempotency-Key`` gets the
first answer again and is counted, not stored twice. ``GET /_fake/received`` lists what it
holds, ``POST /_fake/script`` queues forced responses (``status``, ``retry_after``,
``delay``, ``drop``: accept, record, then close without answering; ``body``: the answer's
text, e.g. a CRM saying "doublon"), ``POST /_fake/reset``. ``POST /_fake/down`` (``{"status":
503}`` by default) makes it answer every lead with that status, keeping nothing, until ``POST
/_fake/up``: a buyer that is down, then fixed. JSON and form bodies are read.
With ``dedupe=False`` it behaves like a CRM that ignores ``Idempotency-Key``: every request
that reaches it is a new lead. Given a secret, it checks signatures as a buyer would, with the
``standardwebhooks`` package (not the router's signer): a bad one gets ``401``, nothing kept.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class CrmState:
    def __init__(self, secret: str | None, record: Path | None, dedupe: bool = True) -> None:
        self.secret = secret
        self.record = record
        self.dedupe = dedupe
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.leads: list[dict[str, Any]] = []
        self.answers: dict[str, tuple[int, bytes]] = {}
        self.script: deque[dict[str, Any]] = deque()
        self.replays = 0
        self.requests = 0
        self.down: int | None = None  # while set: every lead answered with this status

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "leads": list(self.leads),
                "replays": self.replays,
                "requests": self.requests,
                "down": self.down,
            }

    def next_script(self) -> dict[str, Any]:
        with self.lock:
            self.requests += 1
            if self.down is not None:
                return {"status": self.down}
            return self.script.popleft() if self.script else {}

    def store(self, entry: dict[str, Any], answer: tuple[int, bytes]) -> tuple[int, bytes]:
        """Keep a new lead, or count a replay; returns the answer to give."""
        key = entry["idempotency_key"]
        with self.lock:
            if self.dedupe and key and key in self.answers:
                self.replays += 1
                return self.answers[key]
            self.leads.append(entry)
            if key:
                self.answers[key] = answer
            if self.record is not None:
                with self.record.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            return answer


class _Handler(BaseHTTPRequestHandler):
    server: FakeCrmServer
    protocol_version = "HTTP/1.1"
    # One write per answer, sent at once: headers and body in separate small writes meet the
    # peer's delayed ACK (Nagle) and cost ~40 ms per keep-alive request.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode())

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/_fake/received":
            self._json(200, self.server.state.snapshot())
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        raw = self._body()
        path = self.path.split("?")[0]
        state = self.server.state
        if path == "/_fake/reset":
            with state.lock:
                state.reset()
            self._json(200, {"reset": True})
        elif path == "/_fake/script":
            try:
                responses = list(json.loads(raw or b"{}")["responses"])
            except (ValueError, KeyError, TypeError):
                self._json(400, {"error": 'expected {"responses": [...]}'})
                return
            with state.lock:
                state.script.extend(dict(r) for r in responses)
            self._json(200, {"queued": len(responses)})
        elif path == "/_fake/down":
            try:
                status = int(json.loads(raw or b"{}").get("status", 503))
            except (ValueError, TypeError, AttributeError):
                status = 0
            if not 400 <= status <= 599:
                self._json(400, {"error": 'expected {"status": 4xx or 5xx}'})
                return
            with state.lock:
                state.down = status
            self._json(200, {"down": status})
        elif path == "/_fake/up":
            with state.lock:
                state.down = None
            self._json(200, {"down": None})
        elif path.startswith("/_fake/"):
            self._json(404, {"error": "not found"})
        else:
            self._lead(raw, state)

    def _lead(self, raw: bytes, state: CrmState) -> None:
        forced = state.next_script()
        status = int(forced.get("status", 200))
        drop = bool(forced.get("drop", False))
        if not drop and not 200 <= status < 300:  # a failing CRM keeps nothing
            headers = {}
            if "retry_after" in forced:
                headers["Retry-After"] = str(forced["retry_after"])
            time.sleep(float(forced.get("delay", 0)))
            answer = forced.get("body", json.dumps({"error": f"forced {status}"}))
            self._send(status, str(answer).encode(), headers)
            return
        text = raw.decode("utf-8", errors="replace")
        body = _parse(text, self.headers.get("Content-Type", ""))
        if body is None:
            self._json(400, {"error": "body is neither JSON nor a form"})
            return
        headers = {k: v for k, v in self.headers.items()}
        valid = _signed(state.secret, raw, headers) if state.secret else None
        if valid is False:
            self._json(401, {"error": "invalid webhook signature"})
            return
        entry = {
            "path": self.path,
            "headers": headers,
            "body": body,
            "raw_body": text,
            "idempotency_key": self.headers.get("Idempotency-Key"),
            "signature_valid": valid,
            "received_at": datetime.now(UTC).isoformat(),
        }
        crm_id = "crm_" + uuid.uuid4().hex[:12]
        reply = forced.get("body", json.dumps({"id": crm_id}))
        answer = state.store(entry, (status, str(reply).encode()))
        time.sleep(float(forced.get("delay", 0)))
        if drop:
            self.close_connection = True
            return
        self._send(*answer)


def _signed(secret: str, raw: bytes, headers: dict[str, str]) -> bool:
    try:
        Webhook(secret).verify(raw, headers, json_parse=False)
    except (WebhookVerificationError, ValueError):
        return False
    return True


def _parse(text: str, content_type: str) -> Any:
    if content_type.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(text, keep_blank_values=True))
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


class FakeCrmServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        host: str,
        port: int,
        secret: str | None,
        record: Path | None = None,
        *,
        dedupe: bool = True,
    ) -> None:
        super().__init__((host, port), _Handler)
        self.state = CrmState(secret, record, dedupe)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> threading.Thread:
        """Serve on a daemon thread (tests); stop with ``shutdown()`` then ``server_close()``."""
        thread = threading.Thread(target=self.serve_forever, name="fake-crm", daemon=True)
        thread.start()
        return thread


def serve(host: str, port: int, secret: str | None, record: Path | None = None) -> None:
    """Run the fake CRM in the foreground until interrupted."""
    server = FakeCrmServer(host, port, secret, record)
    print(
        f"fake CRM listening on {server.url} (signatures {'checked' if secret else 'not checked'})",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
