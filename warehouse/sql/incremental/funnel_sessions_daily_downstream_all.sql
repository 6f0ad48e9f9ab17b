-- funnel_sessions_daily was rebuilt whole (or whole days of it): funnel_events_daily, which adds
-- up its rows, is rebuilt whole at its next build (its stored version is forgotten).
DELETE FROM model_versions WHERE model = 'funnel_events_daily'
