"""``python -m leadhub.cli``: the launcher starts its processes this way."""

from leadhub.cli import app

app()
