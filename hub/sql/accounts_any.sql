-- Whether the hub is initialised (holds any account).
SELECT 1 FROM accounts LIMIT 1;
