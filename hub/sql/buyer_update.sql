-- A buyer's editable fields (every value given).
UPDATE buyers
SET name = :name, contact_email = :contact_email, webhook_url = :webhook_url,
    dedupes = :dedupes, return_window_days = :return_window_days, legal_name = :legal_name,
    siren = :siren, vat_number = :vat_number, address = :address,
    billing_cycle = :billing_cycle, payment_days = :payment_days, is_test = :is_test,
    active = :active
WHERE id = :id;
