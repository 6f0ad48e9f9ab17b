"""The backup domain: the ``backup_job`` and its schedule (built in ``pipelines/definitions.py``
from the settings)."""
