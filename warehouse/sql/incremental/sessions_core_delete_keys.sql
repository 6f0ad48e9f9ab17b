-- The sessions of the dirty keys (`model_keys`) on the dirty dates (`model_scope`). A session's
-- key is its visitor id, else its tracker session id, else 'event:<id>' of its one event (its
-- session_id is then the hash sessions_core gives it: 'ses_' || md5(key || '|' || event id)).
DELETE FROM sessions_core
WHERE date IN (SELECT date FROM model_scope)
  AND (coalesce(visitor_id, tracker_session_id) IN (SELECT key FROM model_keys)
       OR (visitor_id IS NULL AND tracker_session_id IS NULL
           AND session_id IN (
               SELECT 'ses_' || substr(md5(key || '|' || substr(key, 7)), 1, 20)
               FROM model_keys WHERE starts_with(key, 'event:')
           )))
