-- The rows of the dirty sessions (`model_keys`) on the dirty dates (`model_scope`).
DELETE FROM funnel_sessions_daily
WHERE date IN (SELECT date FROM model_scope)
  AND tracker_session_id IN (SELECT key FROM model_keys)
