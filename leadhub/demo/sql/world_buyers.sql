-- The demo world described: its buyers.
SELECT id, name, webhook_url FROM buyers ORDER BY id;
