"""The hub copy domain: the hub's tables copied into the warehouse, one consistent read."""
