-- Set a lead's status and the reason for it.
UPDATE leads SET status = :status, status_reason = :reason, updated_at = :now WHERE id = :lead_id;
