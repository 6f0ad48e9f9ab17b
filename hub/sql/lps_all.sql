-- Every landing page (the service keeps those the actor sees and filters them).
SELECT id, key, account_id, name, url, product_code, variants, active, created_at
FROM landing_pages
ORDER BY created_at, id;
