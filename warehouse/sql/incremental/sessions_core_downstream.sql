-- After a keyed build (and before its delete): lead_attribution redoes the leads of the touched
-- visitors and of the tracker sessions their sessions of the dirty dates hold.
INSERT OR IGNORE INTO model_dirty_rows
SELECT DISTINCT 'lead_attribution', 'id', key FROM model_keys
UNION
SELECT DISTINCT 'lead_attribution', 'id', tracker_session_id
FROM sessions_core
WHERE date IN (SELECT date FROM model_scope)
  AND visitor_id IN (SELECT key FROM model_keys) AND tracker_session_id IS NOT NULL
