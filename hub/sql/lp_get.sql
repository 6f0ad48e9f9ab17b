-- One landing page.
SELECT id, key, account_id, name, url, product_code, active, created_at
FROM landing_pages
WHERE id = :id;
