"""The typed answers of API v1, so that ``/schema/openapi.json`` documents every field.

One module per resource group; each answer is a ``TypedDict`` (Litestar turns it into a JSON
schema) that a handler declares as its return type. The hub services still return plain
dicts: a handler ``cast``s the service's answer to its type, the JSON on the wire is
unchanged, and the schemathesis test checks every answer against these types (decision 0061).

These modules do NOT use ``from __future__ import annotations``: with string annotations
Python 3.11's ``TypedDict`` cannot see ``NotRequired`` and Litestar would mark those keys
required.
"""
