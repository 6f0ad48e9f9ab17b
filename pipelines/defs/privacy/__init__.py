"""The privacy domain: the ``retention_job`` and its schedule (built in
``pipelines/definitions.py`` from the settings). Decision 0052."""
