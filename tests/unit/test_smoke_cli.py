"""``leadhub smoke`` as a command: a key is required (exit 2, nothing sent); an unreachable URL
is a ✘ on the first step naming the fix, exit 1."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from leadhub.cli import app


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_key_is_required() -> None:
    result = CliRunner().invoke(app, ["smoke", "http://127.0.0.1:9"], env={"LEADHUB_API_KEY": ""})
    assert result.exit_code == 2
    assert "LEADHUB_API_KEY" in result.output


def test_an_unreachable_url_fails_the_first_step() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    result = CliRunner().invoke(app, ["--key", "lh_x", "smoke", url, "--timeout", "0"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "✘ LP et formulaire / LP and form: GET /v1/landing-pages: Connect"
    )
    assert "is the collector reachable at this URL?" in result.output
