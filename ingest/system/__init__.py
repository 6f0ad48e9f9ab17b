"""System routes for operators: ``/health`` and ``/metrics`` (and the metrics files)."""
