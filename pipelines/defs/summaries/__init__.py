"""The daily and weekly summary e-mails: a job (``jobs.py``) and its two schedules
(``schedules.py``, built by ``pipelines/definitions.py`` from the settings' hours)."""
