-- check: Every delivery's lead is in leads.
SELECT count(*) FROM deliveries AS d WHERE NOT EXISTS (SELECT 1 FROM leads AS l WHERE l.id = d.lead_id)
