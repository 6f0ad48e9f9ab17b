"""Named SQL under ``warehouse/sql/``, through the one loader (``hub.queries``):

- ``schema``, ``snapshot_info``: the work DB's kept tables and macros, the publishing stamp;
- ``staging/NAME``: loading the lake's events and casting the hub copies (DuckDB);
- ``marts/NAME``: the models, each declaring what it reads (``warehouse/models.py``);
- ``checks/TABLE/NAME``: data checks, offending rows (``warehouse/checks.py``);
- ``hub/NAME``: the reads of the hub (SQLite);
- ``ab/NAME``: reading and filling ``ab_tests`` around ``warehouse/ab.py``.
"""

from __future__ import annotations

from hub.queries import Queries

load = Queries("warehouse")
