-- Set an entity's invoice number prefix.
UPDATE accounts SET invoice_prefix = :prefix WHERE id = :id;
