-- Rename a key or change its role (its secret, account and dates stay).
UPDATE api_keys SET name = :name, role = :role WHERE id = :id;
