-- The lead page reads one lead's activity log entries and credits: index them by lead.
CREATE INDEX IF NOT EXISTS activity_log_subject ON activity_log(subject, id);
CREATE INDEX IF NOT EXISTS credits_lead ON credits(lead_id) WHERE lead_id IS NOT NULL;
