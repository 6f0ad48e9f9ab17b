-- The demo world described: its landing pages.
SELECT key, url, account_id, product_code FROM landing_pages ORDER BY created_at, key;
