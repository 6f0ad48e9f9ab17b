SELECT id, key, account_id, name, url, product_code, active, variants, created_at FROM landing_pages
