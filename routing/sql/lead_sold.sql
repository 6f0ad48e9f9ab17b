-- A delivery of the lead was accepted: the lead is sold.
UPDATE leads SET status = 'sold', status_reason = NULL, updated_at = :now WHERE id = :lead_id;
