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
