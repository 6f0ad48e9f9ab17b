"""Dagster definitions of the warehouse, loaded by ``pipelines/definitions.py``."""
