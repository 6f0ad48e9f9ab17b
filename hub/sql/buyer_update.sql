-- A buyer's name, contact, URL, dedupes, return window and active flag (every value given).
UPDATE buyers
SET name = :name, contact_email = :contact_email, webhook_url = :webhook_url,
    dedupes = :dedupes, return_window_days = :return_window_days, active = :active
WHERE id = :id;
