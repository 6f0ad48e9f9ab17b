-- The Paris dates and tracker sessions (the tracker's session id, else 'event:<id>') whose
-- funnel rows the touched events change: the touched events' own, and every event of their
-- sessions within 8 days (a session's attribution reads all its events, so a new first event
-- changes its rows of every day).
SELECT DISTINCT date, coalesce(session_id, 'event:' || event_id) AS key
FROM touched_events
UNION
SELECT DISTINCT e.date, coalesce(e.session_id, 'event:' || e.event_id) AS key
FROM events AS e
WHERE e.date BETWEEN CAST($touched_from AS DATE) - 8 AND CAST($touched_to AS DATE) + 8
  AND coalesce(e.session_id, 'event:' || e.event_id)
    IN (SELECT coalesce(session_id, 'event:' || event_id) FROM touched_events)
