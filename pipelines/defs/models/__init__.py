"""The models domain: the marts rebuilt from events and the hub copies."""
