-- The account a lead belongs to (no row: no such lead).
SELECT account_id FROM leads WHERE id = :lead_id;
