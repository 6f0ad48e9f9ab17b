"""Public lead intake: ``POST /v1/leads`` (browsers and servers) and form configurations.

Validation rules in :mod:`.validate`, spam defences in :mod:`.spam`, storage in :mod:`.store`,
API-key callers (accounts and providers) in :mod:`.callers`, the flow in :mod:`.flow`.
"""
