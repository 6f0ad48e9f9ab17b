"""``leadhub dashboard``: run ``streamlit run dashboard/app.py`` with the given settings.

The settings travel to the app as ``LEADHUB_*`` environment variables; the app rebuilds
them with ``hub.settings.load_settings()`` at run time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hub.settings import Settings, settings_env

APP = Path(__file__).resolve().parent / "app.py"


def command(settings: Settings) -> list[str]:
    """The ``streamlit run`` command line, via ``dashboard.server``, on host:dashboard_port."""
    return [
        sys.executable,
        "-m",
        "dashboard.server",  # Streamlit, after importing the chart stack once
        "run",
        str(APP),
        "--server.headless",
        "true",
        "--server.address",
        settings.host,
        "--server.port",
        str(settings.dashboard_port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--client.toolbarMode",
        "viewer",
        # Users see the exception type only, never a traceback (it goes to the log).
        "--client.showErrorDetails",
        "type",
    ]


def environment(settings: Settings, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) plus the settings and the import path."""
    env = dict(os.environ if base is None else base)
    env.update(settings_env(settings))
    root = str(APP.parent.parent)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([root, *[p for p in paths if p != root]])
    return env


def serve(settings: Settings) -> None:
    """Replace this process with Streamlit, so a supervisor's signals reach it directly."""
    argv = command(settings)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, environment(settings))  # noqa: S606 (fixed argv, no shell)
