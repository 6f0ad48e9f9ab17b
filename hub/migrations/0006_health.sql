-- leadhub hub schema: tracking health. Alerts are activity_log rows (actor 'health', action
-- 'tracking.*'); the alert check reads the latest ones per subject at every tick.
CREATE INDEX IF NOT EXISTS activity_log_action_created ON activity_log(action, created_at);
