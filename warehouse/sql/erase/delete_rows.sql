-- Template: remove a person's rows (events, sessions) from one table; {table} and {where} are
-- filled by warehouse/erase.py from tables.sql (identifiers checked), values are parameters.
DELETE FROM "{table}" WHERE {where};
