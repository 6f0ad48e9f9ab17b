-- One account.
SELECT id, name, kind, parent_id, legal_name, siren, vat_number, address, created_at,
       archived_at
FROM accounts WHERE id = :id;
