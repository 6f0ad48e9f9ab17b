"""``leadhub smoke``: a deployment check through the public URL only (see :mod:`.run`)."""
