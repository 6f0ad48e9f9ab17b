-- A new lead waits in the outbox to be routed (lead_id, available_at, created_at).
INSERT INTO outbox (kind, ref_id, available_at, created_at) VALUES ('route', ?, ?, ?)
