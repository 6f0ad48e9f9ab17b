-- A buyer's identity as its documents print it.
SELECT id, name, legal_name, siren, vat_number, address, payment_days, billing_cycle
FROM buyers WHERE id = :id;
