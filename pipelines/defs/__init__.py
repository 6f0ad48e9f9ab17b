"""Dagster definitions of the warehouse, one folder per domain (``lake``, ``hub_copy``,
``models``, ``tracking_health``, ``publish``) plus shared modules; loaded whole by
``pipelines/definitions.py``. See README.md here."""
