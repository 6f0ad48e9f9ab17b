"""A fake captcha verification server (the ``siteverify`` protocol of reCAPTCHA, hCaptcha and
Turnstile), a real HTTP server on a loopback port.

``POST /siteverify`` with form fields ``secret``, ``response`` (the token) and ``remoteip``
answers ``{"success": true}`` for a token starting with ``ok``, else ``{"success": false,
"error-codes": [...]}``; a wrong secret gets ``invalid-input-secret``. ``mode`` makes it
misbehave: ``"hang"`` (holds the request without answering until stopped), ``"error"``
(503), ``"garbage"`` (200 with a body that is not JSON). Every request is recorded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

SECRET = "captcha-test-secret"


@dataclass
class CaptchaState:
    secret: str = SECRET
    mode: str = "normal"  # normal | hang | error | garbage
    requests: list[dict[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        with state.lock:
            state.requests.append(form)
            mode = state.mode
        if mode == "hang":
            state.release.wait(30)
            return
        if mode == "error":
            self._answer(503, b'{"error": "unavailable"}')
            return
        if mode == "garbage":
            self._answer(200, b"<html>maintenance</html>")
            return
        if form.get("secret") != state.secret:
            body: dict[str, Any] = {"success": False, "error-codes": ["invalid-input-secret"]}
        elif form.get("response", "").startswith("ok"):
            body = {"success": True, "hostname": "127.0.0.1"}
        else:
            body = {"success": False, "error-codes": ["invalid-input-response"]}
        self._answer(200, json.dumps(body).encode())

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: CaptchaState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


@dataclass
class FakeCaptcha:
    state: CaptchaState
    url: str

    def set_mode(self, mode: str) -> None:
        with self.state.lock:
            self.state.mode = mode

    def requests(self) -> list[dict[str, str]]:
        with self.state.lock:
            return list(self.state.requests)


@contextmanager
def fake_captcha() -> Iterator[FakeCaptcha]:
    state = CaptchaState()
    server = _Server(state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield FakeCaptcha(state, f"http://127.0.0.1:{server.server_address[1]}/siteverify")
    finally:
        state.release.set()  # let hanging requests end
        server.shutdown()
        server.server_close()
