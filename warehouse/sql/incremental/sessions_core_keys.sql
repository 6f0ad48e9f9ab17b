-- The visitors (sessions_core's key: visitor id, else tracker session id, else the event) and
-- Paris dates whose sessions the touched events change: only those are cut again.
SELECT DISTINCT
    paris_date(event_time(ts, sent_at, received_at)) AS date,
    coalesce(visitor_id, session_id, 'event:' || event_id) AS key
FROM touched_events
