"""The one SQL loader: named statements in ``.sql`` files, loaded by name, read once.

Every part keeps its SQL beside its code, in ``<package>/sql/`` (subfolders allowed), and
makes one loader for it at import time (cheap: nothing is read until a name is asked for)::

    q = Queries("routing")          # routing/sql/
    con.execute(q("claim"), params)  # routing/sql/claim.sql
    q("marts/funnel_daily")          # a subfolder

A name is a relative path without ``.sql``; one that leaves the folder is refused.
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from pathlib import Path
from threading import Lock


class Queries:
    """Named SQL of one package (``<package>/sql/NAME.sql``), cached after the first read."""

    def __init__(self, package: str, folder: str = "sql") -> None:
        self.package = package
        self.folder = folder
        self._texts: dict[str, str] = {}
        self._lock = Lock()

    @cached_property
    def root(self) -> Path:
        return Path(str(resources.files(self.package).joinpath(self.folder))).resolve()

    def path(self, name: str) -> Path:
        path = (self.root / f"{name}.sql").resolve()
        if self.root not in path.parents:
            raise ValueError(f"SQL name outside {self.package}/{self.folder}: {name!r}")
        return path

    def __call__(self, name: str) -> str:
        text = self._texts.get(name)
        if text is None:
            text = self.path(name).read_text(encoding="utf-8")
            with self._lock:
                self._texts[name] = text
        return text

    def names(self, subfolder: str = "") -> list[str]:
        """Every statement name under ``subfolder`` (sorted), e.g. the models of ``marts``."""
        base = self.root / subfolder if subfolder else self.root
        return sorted(str(p.relative_to(self.root).with_suffix("")) for p in base.rglob("*.sql"))
