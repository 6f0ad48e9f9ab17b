-- Products are archived, never deleted (leads, commandes and invoices refer to them): an archived
-- product keeps what already uses it and is refused for new LPs, forms and commandes.
ALTER TABLE products ADD COLUMN archived_at TEXT;
