"""Logging for every process: structlog, one line per event, tracebacks without local variables.

structlog's default development renderer prints rich tracebacks *with local variables*, which
would put request bodies (names, phones, e-mails) and secrets into the logs. Never that.
"""

from __future__ import annotations

import logging
import sys

import structlog


def _stderr_logger(*_args: object) -> structlog.PrintLogger:
    # Resolve sys.stderr at each call: a stream captured at configuration time may be closed
    # later (a test's capture, a daemonised process), and writing to it would raise.
    return structlog.PrintLogger(sys.stderr)


def configure_logging(level: str = "INFO", *, json: bool = False) -> None:
    """Configure structlog once per process (idempotent)."""
    renderer: structlog.types.Processor
    if json:
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    if json:
        processors.append(structlog.processors.format_exc_info)
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )
