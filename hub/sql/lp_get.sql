-- One landing page.
SELECT id, key, account_id, name, url, product_code, variants, active, created_at
FROM landing_pages
WHERE id = :id;
