-- The Paris dates received whose funnel rows the touched events change: their own, and those
-- of every event of their sessions within 8 days (a session's attribution reads its events).
SELECT DISTINCT date FROM touched_events
UNION
SELECT DISTINCT e.date
FROM events AS e
WHERE e.date BETWEEN CAST($touched_from AS DATE) - 8 AND CAST($touched_to AS DATE) + 8
  AND coalesce(e.session_id, 'event:' || e.event_id)
    IN (SELECT coalesce(session_id, 'event:' || event_id) FROM touched_events)
