"""The lake domain: events loaded from the raw lake, one daily partition at a time."""
