-- funnel_events_daily adds up funnel_sessions_daily's rows by day: the days whose sessions were
-- counted again (`model_scope`) are added up again.
INSERT OR IGNORE INTO model_dirty_dates
SELECT 'funnel_events_daily', date FROM model_scope
