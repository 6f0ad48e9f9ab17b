-- Does the lead have a route job not done yet (leased or not)?
SELECT 1 FROM outbox WHERE kind = 'route' AND ref_id = :lead_id AND done_at IS NULL;
