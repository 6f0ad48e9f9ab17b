-- Lead ops reroute the lead: it is unrouted again, until the router takes it.
UPDATE leads SET status = 'unrouted', status_reason = 'rerouted by lead ops', updated_at = :now
WHERE id = :lead_id;
