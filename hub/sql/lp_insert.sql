-- A new landing page.
INSERT INTO landing_pages (id, key, account_id, name, url, product_code, variants, active,
                           created_at)
VALUES (:id, :key, :account_id, :name, :url, :product_code, :variants, 1, :created_at);
