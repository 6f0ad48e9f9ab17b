-- Archive a product (kept: what refers to it stays); a second archive changes nothing.
UPDATE products SET archived_at = :now WHERE code = :code AND archived_at IS NULL;
