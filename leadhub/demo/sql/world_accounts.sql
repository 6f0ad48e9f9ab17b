-- The demo world described: its accounts.
SELECT id, name, kind FROM accounts;
