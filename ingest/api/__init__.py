"""API v1 for servers (``Authorization: Token <key>``): one module per resource.

Shared dependencies (hub, principal, account scope, pagination) are in :mod:`.deps`, query and
body checks answering the one error shape in :mod:`.params`; :mod:`.routes` lists the handlers.
"""
