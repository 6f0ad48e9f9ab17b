-- Change an account's name and legal identity (kind and parent never change).
UPDATE accounts
SET name = :name, legal_name = :legal_name, siren = :siren, vat_number = :vat_number,
    address = :address
WHERE id = :id;
