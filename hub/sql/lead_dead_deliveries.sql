-- The dead deliveries of one lead (lead ops requeue them).
SELECT id FROM deliveries WHERE lead_id = :lead_id AND status = 'dead';
