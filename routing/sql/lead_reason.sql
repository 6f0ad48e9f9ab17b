-- Say on the lead why it waits or what became of its delivery (its status is unchanged).
UPDATE leads SET status_reason = :reason, updated_at = :now WHERE id = :lead_id;
