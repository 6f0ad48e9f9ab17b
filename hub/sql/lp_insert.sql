-- A new landing page.
INSERT INTO landing_pages (id, key, account_id, name, url, product_code, active, created_at)
VALUES (:id, :key, :account_id, :name, :url, :product_code, 1, :created_at);
