from __future__ import annotations

import pytest
import structlog

from hub.logs import configure_logging


@pytest.mark.parametrize("json", [False, True])
def test_tracebacks_never_carry_local_variables(
    json: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(json=json)
    log = structlog.get_logger("t")

    def intake() -> None:
        phone = "+33612345679"  # a local a rich traceback would print
        raise ValueError(f"bad input of length {len(phone)}")

    try:
        intake()
    except ValueError:
        log.exception("intake.failed")
    err = capsys.readouterr().err
    assert "intake.failed" in err and "ValueError" in err
    assert "+33612345679" not in err
    structlog.reset_defaults()


def test_logging_follows_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """A logger configured while stderr was another stream must not keep the old one."""
    import io
    import sys

    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging()
    structlog.get_logger("t").info("one")
    first.close()  # e.g. a captured stream that ended with its test
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    structlog.get_logger("t").info("two")
    assert "two" in second.getvalue()
    structlog.reset_defaults()
