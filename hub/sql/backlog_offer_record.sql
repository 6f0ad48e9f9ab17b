-- Remember when a lead was last offered as backlog (at most one offer a day, see backlog_due).
INSERT INTO backlog_offers (lead_id, offered_at) VALUES (:lead_id, :now)
ON CONFLICT (lead_id) DO UPDATE SET offered_at = excluded.offered_at;
