-- The demo world described: its forms.
SELECT key, url, thank_you_url, account_id, product_code FROM forms ORDER BY created_at, key;
