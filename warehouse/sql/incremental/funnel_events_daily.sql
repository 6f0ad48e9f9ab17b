-- The Paris dates received whose funnel rows the touched events change: their own, and those
-- of every event of their sessions (a session's attribution is read from all its events).
SELECT DISTINCT date FROM touched_events
UNION
SELECT DISTINCT e.date
FROM events AS e
WHERE coalesce(e.session_id, 'event:' || e.event_id)
    IN (SELECT coalesce(session_id, 'event:' || event_id) FROM touched_events)
