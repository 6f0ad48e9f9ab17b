-- The buyer did not take the lead: a routed lead is unrouted again (changes() = 0: it was not
-- routed, e.g. another sale of it stands).
UPDATE leads SET status = 'unrouted', status_reason = :reason, updated_at = :now
WHERE id = :lead_id AND status = 'routed';
