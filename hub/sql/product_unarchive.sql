-- Open an archived product for new LPs, forms and commandes again.
UPDATE products SET archived_at = NULL WHERE code = :code AND archived_at IS NOT NULL;
