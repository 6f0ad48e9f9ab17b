-- Change a landing page (its key, account and creation date never change).
UPDATE landing_pages
SET name = :name, url = :url, product_code = :product_code, variants = :variants,
    active = :active
WHERE id = :id;
