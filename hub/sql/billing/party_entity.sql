-- An issuing entity's identity as its documents print it, with its invoice number prefix.
SELECT id, name, legal_name, siren, vat_number, address, invoice_prefix
FROM accounts WHERE id = :id;
