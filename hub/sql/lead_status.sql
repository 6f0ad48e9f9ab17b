-- The status of one lead (no row: no such lead).
SELECT status FROM leads WHERE id = :lead_id;
